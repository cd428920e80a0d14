"""The search index, one per language.

Material's search plugin writes one index of every page, and every page loads it as it starts:
the main thread fetches and parses it, then hands it to the search worker. With three languages
that is three times what a reader can find, and parsing it was the
longest task of a page load (``benchmarks/lighthouse.py``). So each language gets its own index
in its folder, ``<lang>/search/search_index.json``, and its pages search from that folder
(``hooks/site.py`` gives them their language's folder as Material's search base). The whole
index stays where Material puts it, for the pages outside the languages (the 404 page).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .i18n import HANS, LANGS
from .model import Library

FOLDER = "search"
INDEX = "search_index.json"
OFFLINE_INDEX = "search_index.js"  # what Material's offline search loads from file:// URLs


def split_by_language(index: dict[str, Any], codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each language's share of a search index, its locations relative to the language's folder
    (``en/seller/x/#tree`` becomes ``seller/x/#tree`` in ``en``'s index)."""
    shares: dict[str, dict[str, Any]] = {code: {**index, "docs": []} for code in codes}
    for doc in index["docs"]:
        code, slash, location = doc["location"].partition("/")
        if slash and code in shares:
            shares[code]["docs"].append({**doc, "location": location})
    return shares


def dumps(index: dict[str, Any]) -> str:
    """Compact UTF-8 JSON: Material writes every CJK character as a six-byte escape."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def write_indexes(site_dir: Path, codes: Iterable[str], *, offline: bool) -> None:
    """Rewrite the site's index as UTF-8 and write each language's index beside its pages (and,
    for the offline copy, the script form of it that works from file:// URLs)."""
    whole = site_dir / FOLDER / INDEX
    if not whole.exists():
        return
    index = json.loads(whole.read_text(encoding="utf-8"))
    whole.write_text(dumps(index), encoding="utf-8")
    for code, share in split_by_language(index, codes).items():
        folder = site_dir / code / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        text = dumps(share)
        (folder / INDEX).write_text(text, encoding="utf-8")
        if offline:
            (folder / OFFLINE_INDEX).write_text(f"var __index = {text}", encoding="utf-8")


def teach(lib: Library) -> None:
    """Give jieba the site's own terms, so Material's search segments them as words; quietly:
    a build prints MkDocs' log lines, not jieba's dictionary messages."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for term in lib.glossary:
        for lang in (LANGS[0], HANS):
            for word in term.names(lang):
                jieba.add_word(word, freq=20000)

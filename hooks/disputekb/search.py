"""The search index, one per language.

Material's search plugin writes one index of every page, and every page loads it as it starts:
the main thread fetches and parses it, then hands it to the search worker. With three languages
that is three times what a reader can find, and parsing it was the
longest task of a page load (``benchmarks/lighthouse.py``). So each language gets its own index
in its folder, ``<lang>/search/search_index.json``, and its pages search from that folder
(``hooks/site.py`` gives them their language's folder as Material's search base). The whole
index stays where Material puts it, for the pages outside the languages (the 404 page).

A generated page's own entry (the one without ``#``) also carries what the page's
:attr:`~disputekb.pages.Generated.search_fields` say: ``tags``, shown with the result (the
page's role and kind: 買家 · 指南, 清單 · 打包發貨), and ``summary``, a field of its own that
weighs as much as the title (``fields`` of the search plugin in ``mkdocs.yml``), which is then
also the text the result shows. Checklist sheets weigh less than playbooks (their page meta
``search.boost``).
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
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


# Runs of Han characters, which Material's search plugin segments into words with jieba.
HAN = re.compile(
    "[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
)


def segment(text: str) -> str:
    """Chinese words apart, as Material's plugin writes them (zero-width spaces around and
    between jieba's words), so that added fields match the queries its search makes."""
    import jieba

    return HAN.sub(lambda m: "\u200b" + "\u200b".join(jieba.cut(m.group(0))) + "\u200b", text).strip("\u200b")


def enrich(index: dict[str, Any], extras: Mapping[str, Mapping[str, Any]]) -> None:
    """Add each page's extra fields (location -> fields, as the page URL) to its own entry."""
    for doc in index["docs"]:
        extra = extras.get(doc["location"])
        if extra:
            doc.update(extra)
            for name in ("summary", "text"):
                if name in extra:
                    doc[name] = segment(extra[name])


def write_indexes(
    site_dir: Path, codes: Iterable[str], *, offline: bool, extras: Mapping[str, Mapping[str, Any]] | None = None
) -> None:
    """Rewrite the site's index as UTF-8, with the pages' extra fields, and write each language's
    index beside its pages (and, for the offline copy, the script form of it that works from
    file:// URLs)."""
    whole = site_dir / FOLDER / INDEX
    if not whole.exists():
        return
    index = json.loads(whole.read_text(encoding="utf-8"))
    enrich(index, extras or {})
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
    a build prints MkDocs' log lines, not jieba's dictionary messages. Then have jieba remember
    the words of each run it cuts, for this build (``remembering``)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cut = getattr(jieba.cut, "forgetful", jieba.cut)
    for term in lib.glossary:
        for lang in (LANGS[0], HANS):
            for word in term.names(lang):
                jieba.add_word(word, freq=20000)
    jieba.cut = remembering(cut)


REMEMBERED = 1 << 16  # runs of Han characters (a few MB)


def remembering(cut: Callable[..., Iterator[str]]) -> Callable[..., Iterator[str]]:
    """``cut`` (jieba's), remembering the words of the runs it cut last. A site says the same
    things on many pages (a playbook's texts in its guide, its drill, the worksheet and the answer
    key; the interface on every page), and Material's search plugin has jieba cut every run of
    Han characters of every page: two runs in three come again (benchmarks/README.md)."""

    @functools.lru_cache(maxsize=REMEMBERED)
    def words(sentence: str | bytes, *options: Any) -> tuple[str, ...]:
        return tuple(cut(sentence, *options))

    def remembered(sentence: str | bytes, *options: Any, **named: Any) -> Iterator[str]:
        return cut(sentence, *options, **named) if named else iter(words(sentence, *options))

    remembered.forgetful = cut  # type: ignore[attr-defined]
    return remembered

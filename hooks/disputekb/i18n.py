"""The three languages of the site and the texts in each.

zh-Hant and en are authored; zh-Hans is derived from zh-Hant (see :mod:`disputekb.chinese`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .chinese import to_hans


@dataclass(frozen=True)
class Lang:
    """A site language: ``code`` in URLs, ``tag`` in ``<html lang>``, ``source`` the authored text it uses."""

    code: str
    tag: str
    source: str
    name: str


LANGS = (
    Lang("zh-hant", "zh-Hant", "zh-Hant", "繁體中文"),
    Lang("zh-hans", "zh-Hans", "zh-Hant", "简体中文"),
    Lang("en", "en", "en", "English"),
)
BY_CODE = {lang.code: lang for lang in LANGS}


@cache
def _strings() -> dict[str, dict[str, str]]:
    return yaml.load((Path(__file__).parent / "strings.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


class Texts:
    """Texts of one language: playbook pairs (``tr``) and interface strings (``ui``)."""

    def __init__(self, lang: Lang, overrides: dict[str, str] | None = None) -> None:
        self.lang = lang
        self._overrides = dict(overrides or {})
        self._cache: dict[str, str] = {}

    def tr(self, pair: dict[str, Any] | None) -> str:
        """The text of ``pair`` ({zh-Hant, en}) in this language; '' for None."""
        if pair is None:
            return ""
        text = pair[self.lang.source]
        if self.lang.tag != "zh-Hans":
            return text
        converted = self._cache.get(text)
        if converted is None:
            converted = self._cache[text] = to_hans(text, self._overrides)
        return converted

    def ui(self, key: str, **values: str) -> str:
        """An interface string, with ``{name}`` placeholders filled from ``values``."""
        text = self.tr(_strings()[key])
        return text.format(**values) if values else text

    def convert(self, text: str) -> str:
        """Convert a whole authored zh-Hant document for this language (identity except zh-Hans)."""
        return to_hans(text, self._overrides) if self.lang.tag == "zh-Hans" else text


def ui_keys(prefix: str) -> list[str]:
    """Interface string keys starting with ``prefix`` (e.g. all widget strings)."""
    return [key for key in _strings() if key.startswith(prefix)]

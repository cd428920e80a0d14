"""Simplified Chinese, derived from the authored Traditional Chinese.

OpenCC's ``tw2sp`` (Taiwan to mainland, with phrases) converts the text; the phrases of the
override table (``playbooks/zh-hans-overrides.yml``) are put in first, as placeholders, so the
converter cannot touch them. Corner quotes become the mainland's curly quotes.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("tw2sp")


@cache
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def to_hans(text: str, overrides: dict[str, str] | None = None) -> str:
    """Convert zh-Hant ``text`` to zh-Hans, applying ``overrides`` (zh-Hant phrase -> zh-Hans)."""
    overrides = overrides or {}
    pattern = _pattern(tuple(overrides))
    if pattern is None:
        return _converter().convert(text).translate(QUOTES)
    # Private-use characters mark the phrases; OpenCC leaves them alone.
    kept: list[str] = []

    def hold(match: re.Match[str]) -> str:
        kept.append(overrides[match.group(0)])
        return chr(0xE000 + len(kept) - 1)

    converted = _converter().convert(pattern.sub(hold, text)).translate(QUOTES)
    return re.sub("[\ue000-\uf8ff]", lambda m: kept[ord(m.group(0)) - 0xE000], converted)


class Converter:
    """zh-Hant -> zh-Hans with one library's overrides, each distinct text converted once."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self._done: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self._done.get(text)
        if found is None:
            found = self._done[text] = to_hans(text, self.overrides)
        return found

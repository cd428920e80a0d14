"""The site's languages, declared once, and its interface strings.

Every other place reads the languages from here: the hooks give them to the theme as
``extra.languages`` (the language menu, ``<html lang>``), the pages hand them and their UI strings
to the browser code, and the tests import them. zh-Hant and en are authored; zh-Hans is derived
from zh-Hant (see :mod:`disputekb.chinese`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Lang:
    """A site language.

    ``code`` is its URL folder, ``tag`` its BCP 47 tag (``<html lang>``), ``source`` the authored
    text it is made from, ``attr`` the :class:`~disputekb.model.Text` field that holds it,
    ``theme`` the theme's own translation file for it, ``name`` its name in itself.
    """

    code: str
    tag: str
    source: str
    attr: str
    theme: str
    name: str

    @property
    def is_chinese(self) -> bool:
        return self.tag.startswith("zh")


LANGS = (
    Lang("zh-hant", "zh-Hant", "zh-Hant", "zh_hant", "zh-Hant", "繁體中文"),
    Lang("zh-hans", "zh-Hans", "zh-Hant", "zh_hans", "zh", "简体中文"),
    Lang("en", "en", "en", "en", "en", "English"),
)
BY_CODE = {lang.code: lang for lang in LANGS}
BY_TAG = {lang.tag: lang for lang in LANGS}
DEFAULT = LANGS[0]
HANS = BY_CODE["zh-hans"]
# The languages a text is authored in (the keys of a text in the YAML files).
AUTHORED = ("zh-Hant", "en")


def theme_languages() -> list[dict[str, str]]:
    """The languages as the theme's partials read them (``config.extra.languages``)."""
    return [{"code": lang.code, "tag": lang.tag, "name": lang.name, "theme": lang.theme} for lang in LANGS]


@cache
def strings_data() -> dict[str, dict[str, str]]:
    """``strings.yml``: the interface strings as authored, key -> {zh-Hant, en}."""
    path = Path(__file__).parent / "strings.yml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

"""How a model becomes markup: one Jinja environment, and the texts of one page.

Every generated page, sheet and picture is a template in ``templates/`` rendered through
:func:`render`; Python hands the templates model objects and a :class:`PageText` that writes
each text in the page's language. Every text is plain text: it is escaped on output, and only
the two things this module adds become markup: glossary terms (``<abbr title>``) and
cross-references (``{playbook:id}`` and the like, see ``playbooks/README.md``) as links.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import urls
from .i18n import HANS, Lang, strings_data
from .model import Library, Playbook, Text
from .urls import Urls

REF = re.compile(r"\{(playbook|node|checklist):([a-z0-9-]+)(?:#([a-z0-9-]+))?\}")


@cache
def environment() -> Environment:
    """The one template environment: autoescape on, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["json_script"] = json_script
    env.filters["n"] = number
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def json_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def number(value: float) -> str:
    """A coordinate for SVG: at most one decimal, no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class Strings:
    """The interface strings (``strings.yml``) of one language."""

    def __init__(self, lang: Lang, convert: Callable[[str], str]) -> None:
        self.lang = lang
        source = lang.source
        self._table = {
            key: convert(pair[source]) if lang is HANS else pair[source] for key, pair in strings_data().items()
        }

    def __call__(self, key: str, **values: str) -> str:
        text = self._table[key]
        return text.format(**values) if values else text

    def startingwith(self, prefix: str) -> dict[str, str]:
        return {key: text for key, text in self._table.items() if key.startswith(prefix)}


class Glossary:
    """Marks glossary terms in a page's texts as ``<abbr title>``, the first time on each page."""

    def __init__(self, lib: Library, lang: Lang) -> None:
        self.title: dict[str, str] = {}
        for term in lib.glossary:
            for name in term.names(lang):
                self.title.setdefault(name.lower(), term.definition[lang])
        names = sorted(self.title, key=len, reverse=True)
        body = "|".join(re.escape(n) for n in names)
        if not names:
            self.pattern = None
        elif lang.is_chinese:
            self.pattern = re.compile(body)
        else:
            self.pattern = re.compile(rf"\b({body})\b", re.IGNORECASE)

    def mark(self, escaped: str, used: set[str]) -> str:
        if self.pattern is None:
            return escaped

        def wrap(match: re.Match[str]) -> str:
            key = match.group(0).lower()
            if key in used:
                return match.group(0)
            used.add(key)
            return f'<abbr title="{escape(self.title[key])}">{match.group(0)}</abbr>'

        return self.pattern.sub(wrap, escaped)


class Site:
    """What the pages of one build share: the library, its URLs, and per language the strings
    and the glossary."""

    def __init__(self, lib: Library, url_rules: Urls, convert: Callable[[str], str]) -> None:
        self.lib = lib
        self.urls = url_rules
        self._strings: dict[str, Strings] = {}
        self._glossary: dict[str, Glossary] = {}
        self._convert = convert

    def strings(self, lang: Lang) -> Strings:
        if lang.code not in self._strings:
            self._strings[lang.code] = Strings(lang, self._convert)
        return self._strings[lang.code]

    def glossary(self, lang: Lang) -> Glossary:
        if lang.code not in self._glossary:
            self._glossary[lang.code] = Glossary(self.lib, lang)
        return self._glossary[lang.code]

    def page(self, lang: Lang, src: str, owner: Playbook | None = None) -> PageText:
        return PageText(self, lang, src, owner)


class PageText:
    """The texts of one page: each in the page's language, escaped, with its references.

    ``t(text)`` is plain (a reference becomes its target's title); ``t.rich(text)`` marks
    glossary terms (the first time on the page) and makes references links. ``owner`` is the
    playbook whose ``{node:...}`` references the page's texts make.
    """

    def __init__(self, site: Site, lang: Lang, src: str, owner: Playbook | None) -> None:
        self.site = site
        self.lang = lang
        self.src = src
        self.owner = owner
        self.ui = site.strings(lang)
        self._used: set[str] = set()

    def __call__(self, text: Text | None) -> str:
        if text is None:
            return ""
        return REF.sub(lambda m: self._target(m)[0], text[self.lang])

    def rich(self, text: Text | None) -> Markup:
        if text is None:
            return Markup("")
        raw = text[self.lang]
        out, end = [], 0
        for match in REF.finditer(raw):
            out.append(self._marked(raw[end : match.start()]))
            title, href = self._target(match)
            out.append(f'<a class="kb-ref" href="{escape(href)}">{escape(title)}</a>')
            end = match.end()
        out.append(self._marked(raw[end:]))
        return Markup("".join(out))

    def begin(self) -> None:
        """A new drawing of the page: each glossary term is marked again where it first appears."""
        self._used = set()

    def _marked(self, plain: str) -> str:
        return self.site.glossary(self.lang).mark(str(escape(plain)), self._used)

    def link(self, src: str) -> str:
        return self.site.urls.link(src, self.src)

    def _target(self, match: re.Match[str]) -> tuple[str, str]:
        """A reference's title in this language, and its link from this page."""
        kind, target, node_id = match.groups()
        lib, lang = self.site.lib, self.lang
        if kind == "checklist":
            _, checklist = lib.checklist(target)
            return checklist.title[lang], self.link(urls.checklist(lang, target))
        if kind == "node":
            pb, node_id = self.owner, target
            assert pb is not None, f"{{node:{target}}} in a text that belongs to no playbook"
        else:
            pb = lib.playbooks[target]
        page = urls.playbook(lang, pb.role, pb.id)
        if node_id is None:
            return pb.title[lang], self.link(page)
        node = pb.node(node_id)
        title = (node.text if node.kind == "question" else node.title)[lang]
        href = f"#{node_id}" if page == self.src else self.link(f"{page}#{node_id}")
        return title, href


class Toc:
    """The table of contents of a page, recorded as its template writes the headings.

    ``toc.h(2, "map", "Map")`` returns the heading's markup and notes it, so the contents and the
    page come from the same call and never drift. :meth:`tokens` gives MkDocs' nested form.
    """

    def __init__(self) -> None:
        self.flat: list[dict[str, Any]] = []

    def h(self, level: int, anchor: str, title: str, **attrs: str) -> Markup:
        # MkDocs takes a token's name as markup, as Markdown's toc extension makes it: <, > and &
        # escaped (the theme prints it as it is in the table of contents; so does the search).
        name = html.escape(title, quote=False)
        self.flat.append({"level": level, "id": anchor, "name": name, "html": name, "children": []})
        extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
        return Markup(f'<h{level} id="{escape(anchor)}"{extra}>{escape(title)}</h{level}>')

    def tokens(self) -> list[dict[str, Any]]:
        """Headings nested by level, as Markdown's toc extension hands them to MkDocs."""
        root: list[dict[str, Any]] = []
        stack: list[dict[str, Any]] = []
        for token in self.flat:
            item = {**token, "children": []}
            while stack and stack[-1]["level"] >= item["level"]:
                stack.pop()
            (stack[-1]["children"] if stack else root).append(item)
            stack.append(item)
        return root

"""Render the validated library into the site's pages and JSON.

Playbook pages, nearly all of a large site, are written as HTML (front matter, then the body):
MkDocs' Markdown step is skipped for them (see :func:`html_pages`). The few other pages are
Markdown with HTML blocks.

Python gathers plain data; the Jinja templates in ``templates/`` write the markup. Every text
from a playbook is escaped on output: a ``<`` in a playbook is a character on the page.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown.extensions.toc import nest_toc_tokens, strip_tags
from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from .i18n import BY_CODE, LANGS, Lang, Texts, ui_keys
from .library import ROLES, Library, Playbook, is_question
from .treemap import render_map

CATEGORIES = ("prevention", "delivery", "goods", "returns", "reviews", "complaints", "fraud", "service")
PHASES = ("before-claim", "claim-open", "intervention", "decision")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>-])")


@cache
def templates() -> Environment:
    """The Jinja environment of the page templates: autoescape on, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        # `{#id}` is Markdown's attribute list, so Jinja comments are written {## ... ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md_escape
    env.filters["json_script"] = json_script
    env.filters["front"] = front_matter
    return env


def render(template: str, t: Texts, **context: Any) -> str:
    """A page template rendered in the language of ``t``, which gives it ``lang`` and ``ui``."""
    return templates().get_template(template).render(lang=t.lang, ui=t.ui, **context)


def md_escape(text: str) -> Markup:
    """Escape plain text for a Markdown heading: HTML first, then Markdown's specials."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\\&", "&").replace("\\#", "&#35;"))


def front_matter(text: str) -> Markup:
    """A front-matter value (title, description): the theme prints these unescaped, so escape here."""
    return Markup(json.dumps(str(escape(text)), ensure_ascii=False))


def json_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def src_playbook(lang: Lang, pb: Playbook) -> str:
    return f"{lang.code}/{pb.role}/{pb.id}.md"


def src_checklist(lang: Lang, checklist_id: str) -> str:
    return f"{lang.code}/checklists/{checklist_id}.md"


@dataclass
class Site:
    """What every page renderer needs: the library, how URLs look, where sources are edited."""

    lib: Library
    use_directory_urls: bool = True
    edit_base: str | None = None  # e.g. https://host/org/repo/edit/main/ ; None: link the YAML copy in the site
    overrides: dict[str, str] = field(default_factory=dict)
    _texts: dict[str, Texts] = field(default_factory=dict, repr=False)

    @cached_property
    def incoming(self) -> dict[str, list[Playbook]]:
        """Playbook id -> the playbooks with an option that continues in it."""
        found: dict[str, list[Playbook]] = {}
        for pb in self.lib.playbooks.values():
            targets = {o["playbook"] for node in pb.nodes.values() for o in node.get("options", []) if "playbook" in o}
            for target in sorted(targets):
                found.setdefault(target, []).append(pb)
        return found

    def texts(self, lang: Lang) -> Texts:
        """The texts of a language, one instance a build, so each text is converted once."""
        found = self._texts.get(lang.code)
        if found is None:
            found = self._texts[lang.code] = Texts(lang, self.overrides)
        return found

    def url(self, src: str) -> str:
        """The site-relative URL of a source path, as MkDocs would make it."""
        if not src.endswith(".md"):
            return src
        stem = src[:-3]
        if stem.endswith("index"):
            stem = stem[: -len("index")]
            return stem if self.use_directory_urls else stem + "index.html"
        return stem + "/" if self.use_directory_urls else stem + ".html"

    def link(self, src: str, from_src: str) -> str:
        return get_relative_url(self.url(src), self.url(from_src))

    def edit_link(self, pb: Playbook, from_src: str) -> str:
        if self.edit_base:
            return self.edit_base + pb.file
        return get_relative_url(pb.file, self.url(from_src))


class Glossary:
    """Marks glossary terms in a page's texts as ``<abbr title=...>``, the first time on each page."""

    def __init__(self, lib: Library, t: Texts) -> None:
        self.title: dict[str, str] = {}
        for term in lib.glossary:
            definition = t.tr(term["definition"])
            if t.lang.source == "en":
                names = [term["en"], *term.get("aliases", {}).get("en", [])]
            else:
                names = [
                    t.convert(term["zh-Hant"]),
                    *(t.convert(a) for a in term.get("aliases", {}).get("zh-Hant", [])),
                ]
            for name in names:
                self.title.setdefault(name.lower(), definition)
        names = sorted(self.title, key=len, reverse=True)
        if t.lang.source == "en":
            body = "|".join(re.escape(n) for n in names)
            self.pattern = re.compile(rf"\b({body})\b", re.IGNORECASE) if names else None
        else:
            self.pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None
        self.used: set[str] = set()

    def mark(self, text: str) -> Markup:
        """Escape ``text`` and mark the terms not yet marked on this page."""
        escaped = str(escape(text))
        if self.pattern is None:
            return Markup(escaped)

        def wrap(match: re.Match[str]) -> str:
            key = match.group(0).lower()
            if key in self.used:
                return match.group(0)
            self.used.add(key)
            return f'<abbr title="{escape(self.title[key])}">{match.group(0)}</abbr>'

        return Markup(self.pattern.sub(wrap, escaped))


def _source_view(site: Site, t: Texts, source: dict[str, Any]) -> dict[str, Any]:
    if "seed" in source:
        return {
            "seed": True,
            "label": t.ui("label.seed_section", section=source["seed"]),
            "url": None,
            "unverified": False,
            "note": t.tr(source.get("note")),
        }
    rule = site.lib.sources["rules"][source["rule"]]
    label = t.tr(rule["title"]) + (f" · {source['article']}" if source.get("article") else "")
    return {
        "seed": False,
        "label": label,
        "url": rule["url"],
        "unverified": rule["confidence"] == "L",
        "note": t.tr(source.get("note")),
    }


def playbook_data(site: Site, pb: Playbook, lang: Lang, from_src: str | None = None) -> dict[str, Any]:
    """One playbook in one language as plain data: the widget's input and the JSON export's entry.

    Links are relative to ``from_src`` when given, else site-relative.
    """
    t = site.texts(lang)
    owners = site.lib.checklist_owner()

    def href(src: str) -> str:
        return site.link(src, from_src) if from_src else site.url(src)

    nodes: dict[str, Any] = {}
    for node_id in pb.ordered_nodes():
        node = pb.nodes[node_id]
        if is_question(node):
            options = []
            for option in node["options"]:
                entry: dict[str, Any] = {"label": t.tr(option["label"])}
                if "next" in option:
                    entry["next"] = option["next"]
                else:
                    target = site.lib.playbooks[option["playbook"]]
                    entry |= {
                        "playbook": target.id,
                        "title": t.tr(target.data["title"]),
                        "href": href(src_playbook(lang, target)),
                    }
                options.append(entry)
            nodes[node_id] = {
                "kind": "question",
                "text": t.tr(node["question"]),
                "help": t.tr(node.get("help")),
                "options": options,
            }
        else:
            checklist = None
            if "checklist" in node:
                cid = node["checklist"]
                found = next(c for c in owners[cid].checklists if c["id"] == cid)
                checklist = {"id": cid, "title": t.tr(found["title"]), "href": href(src_checklist(lang, cid))}
            nodes[node_id] = {
                "kind": "action",
                "title": t.tr(node["action"]),
                "phase": node.get("phase"),
                "summary": t.tr(node.get("summary")),
                "steps": [t.tr(s) for s in node["steps"]],
                "evidence": [t.tr(s) for s in node.get("evidence") or []],
                "templates": [
                    {"label": t.tr(m["label"]), "to": m.get("to"), "text": t.tr(m["text"])}
                    for m in node.get("templates") or []
                ],
                "escalate": t.tr(node.get("escalate")),
                "avoid": [t.tr(s) for s in node.get("avoid") or []],
                "checklist": checklist,
                "sources": [_source_view(site, t, s) for s in node.get("sources") or []],
            }
    data = pb.data
    return {
        "id": pb.id,
        "role": pb.role,
        "lang": lang.tag,
        "category": data["category"],
        "phases": data["phases"],
        "last_reviewed": data["last_reviewed"],
        "title": t.tr(data["title"]),
        "summary": t.tr(data["summary"]),
        "audience": t.tr(data["audience"]),
        "sources": [_source_view(site, t, s) for s in data["sources"]],
        "related": list(data.get("related") or []),
        "start": data["start"],
        "nodes": nodes,
        # Where a reader may come from: the widget's "you came from" link, with no fetch.
        "incoming": {
            src.id: {"title": t.tr(src.data["title"]), "href": href(src_playbook(lang, src))}
            for src in site.incoming.get(pb.id, [])
        },
    }


def _widget_strings(t: Texts) -> dict[str, str]:
    keys = [
        *ui_keys("widget."),
        "label.copy",
        "label.copied",
        "label.steps",
        "label.evidence",
        "label.templates",
        "label.escalate",
        "label.avoid",
        "label.checklist",
        "label.sources",
        "label.from_seed",
        "label.check_rule",
    ]
    keys += [f"label.to.{who}" for who in ("buyer", "seller", "taobao", "courier")]
    return {key: t.ui(key) for key in keys}


def render_playbook(site: Site, pb: Playbook, lang: Lang) -> str:
    src = src_playbook(lang, pb)
    t = site.texts(lang)
    data = playbook_data(site, pb, lang, from_src=src)
    incoming: dict[str, list[tuple[str, str]]] = {}
    for node_id, node in data["nodes"].items():
        for option in node.get("options", []):
            if "next" in option:
                incoming.setdefault(option["next"], []).append((node_id, option["label"]))
    owners = site.lib.checklist_owner()
    checklists = [
        {
            "id": c["id"],
            "title": t.tr(c["title"]),
            "pause_point": t.tr(c["pause_point"]),
            "kind": c["kind"],
            "sections": [
                {"title": t.tr(s.get("title")), "items": [t.tr(i) for i in s["items"]]} for s in c["sections"]
            ],
            "href": site.link(src_checklist(lang, c["id"]), src),
        }
        for c in pb.checklists
    ]
    related = [site.lib.playbooks[r] for r in data["related"]]
    widget = {**data, "strings": _widget_strings(t)}
    return render(
        "playbook.html.j2",
        t,
        pb=data,
        gloss=Glossary(site.lib, t).mark,
        incoming=incoming,
        checklists=checklists,
        owners=owners,
        related=[{"title": t.tr(r.data["title"]), "href": site.link(src_playbook(lang, r), src)} for r in related],
        widget=widget,
        treemap=Markup(
            render_map(
                pb, lang.source, text=t.tr, playbook_title=lambda pid: t.tr(site.lib.playbooks[pid].data["title"])
            )
        ),
        edit_href=site.edit_link(pb, src),
        map_start=Markup(MAP_START),
        map_end=Markup(MAP_END),
        hub_href=site.link(f"{lang.code}/{pb.role}/index.md", src),
    )


def _playbook_cards(site: Site, t: Texts, playbooks: list[Playbook], from_src: str) -> list[dict[str, Any]]:
    return [
        {
            "id": pb.id,
            "title": t.tr(pb.data["title"]),
            "summary": t.tr(pb.data["summary"]),
            "phases": pb.data["phases"],
            "href": site.link(src_playbook(t.lang, pb), from_src),
        }
        for pb in sorted(playbooks, key=lambda pb: (CATEGORIES.index(pb.data["category"]), pb.data["title"]["en"]))
    ]


def render_hub(site: Site, role: str, lang: Lang) -> str:
    src = f"{lang.code}/{role}/index.md"
    t = site.texts(lang)
    playbooks = site.lib.by_role(role)
    groups = [
        {"category": c, "cards": _playbook_cards(site, t, [pb for pb in playbooks if pb.data["category"] == c], src)}
        for c in CATEGORIES
    ]
    phases = [
        {"phase": p, "cards": _playbook_cards(site, t, [pb for pb in playbooks if p in pb.data["phases"]], src)}
        for p in PHASES
    ]
    return render(
        "hub.md.j2",
        t,
        role=role,
        groups=[g for g in groups if g["cards"]],
        phases=[p for p in phases if p["cards"]],
    )


def render_home(site: Site, lang: Lang) -> str:
    src = f"{lang.code}/index.md"
    t = site.texts(lang)
    roles = [
        {
            "role": role,
            "href": site.link(f"{lang.code}/{role}/index.md", src),
            "cards": _playbook_cards(site, t, site.lib.by_role(role), src),
        }
        for role in ROLES
    ]
    return render(
        "home.md.j2",
        t,
        roles=roles,
        checklists_href=site.link(f"{lang.code}/checklists/index.md", src),
        glossary_href=site.link(f"{lang.code}/glossary.md", src),
    )


def render_glossary(site: Site, lang: Lang) -> str:
    t = site.texts(lang)
    hans = site.texts(LANGS[1])
    terms = [
        {
            "id": term["id"],
            "zh_hant": term["zh-Hant"],
            "zh_hans": hans.convert(term["zh-Hant"]),
            "en": term["en"],
            "definition": t.tr(term["definition"]),
        }
        for term in site.lib.glossary
    ]
    key: Callable[[dict[str, Any]], str] = (
        (lambda x: x["en"].lower()) if lang.source == "en" else (lambda x: x["zh_hant"])
    )
    return render("glossary.md.j2", t, terms=sorted(terms, key=key))


EXPORT_HEAD = {"format": "taobao-dispute-playbooks", "version": 1}


def export(site: Site) -> dict[str, Any]:
    """All playbooks in all languages, for other tools (documented in the about page)."""
    return {
        **EXPORT_HEAD,
        "languages": {
            lang.tag: [playbook_data(site, pb, lang) for pb in site.lib.playbooks.values()] for lang in LANGS
        },
    }


def export_json(site: Site) -> str:
    """:func:`export` as JSON text, one playbook a line, written a playbook at a time: at 1,000
    playbooks the whole export as Python data cost the build 200 MB of memory at its peak."""

    def dump(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    head = dump(EXPORT_HEAD)[:-1]
    languages = ",\n".join(
        f"{dump(lang.tag)}:[\n"
        + ",\n".join(dump(playbook_data(site, pb, lang)) for pb in site.lib.playbooks.values())
        + "\n]"
        for lang in LANGS
    )
    return f'{head},"languages":{{\n{languages}\n}}}}\n'


# Past this many playbook pages, they are rendered on every core (MkDocs itself uses one).
PARALLEL_FROM = 300
_forked: Site | None = None  # the site a forked worker renders (inherited, never pickled)


def _render_job(job: tuple[str, str]) -> str:
    assert _forked is not None
    code, pid = job
    return render_playbook(_forked, _forked.lib.playbooks[pid], BY_CODE[code])


def _playbook_pages(site: Site) -> dict[str, str]:
    global _forked  # noqa: PLW0603 - handed to forked workers, which inherit it
    jobs = [(lang.code, pid) for lang in LANGS for pid in site.lib.playbooks]
    workers = min(os.cpu_count() or 1, 4)
    srcs = [src_playbook(BY_CODE[code], site.lib.playbooks[pid]) for code, pid in jobs]
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return {
            src: render_playbook(site, site.lib.playbooks[pid], BY_CODE[code])
            for src, (code, pid) in zip(srcs, jobs, strict=True)
        }
    _forked = site
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return dict(
                zip(srcs, pool.map(_render_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))), strict=True)
            )
    finally:
        _forked = None


# The tree map is marked so the build can hold it back from the search plugin's HTML parser
# (a third of a page's elements, excluded from the index anyway) and put it back afterwards.
MAP_START, MAP_END = "<!--kb-map-->", "<!--/kb-map-->"


def take_map(body: str) -> tuple[str, str]:
    """``body`` with its tree map taken out (the start marker stays), and the map."""
    start = body.find(MAP_START)
    end = body.find(MAP_END, start)
    if start < 0 or end < 0:
        return body, ""
    return body[: start + len(MAP_START)] + body[end + len(MAP_END) :], body[start + len(MAP_START) : end]


def put_map(page: str, tree_map: str) -> str:
    """The page with its tree map back in place (see :func:`take_map`)."""
    return page.replace(MAP_START, tree_map, 1)


def html_pages(site: Site) -> set[str]:
    """The generated pages whose body is HTML already: MkDocs must not run Markdown on them."""
    return {src_playbook(lang, pb) for lang in LANGS for pb in site.lib.playbooks.values()}


_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)


def toc_tokens(body: str) -> list[dict[str, Any]]:
    """The table of contents of an HTML body, as Markdown's toc extension gives it to MkDocs:
    every heading with an id (written ``<hN id="...">`` by our templates), nested by level."""
    flat = [
        {
            "level": int(level),
            "id": html.unescape(anchor),
            "name": strip_tags(inner),
        }
        for level, anchor, inner in _HEADING.findall(body)
    ]
    return nest_toc_tokens(flat)


_ID = re.compile(r'\sid="([^"]+)"')


def anchor_ids(body: str) -> set[str]:
    """The ids an HTML body defines, which links from other pages may point at."""
    return {html.unescape(anchor) for anchor in _ID.findall(body)}


def all_pages(site: Site) -> dict[str, str]:
    """Every generated page: source path -> Markdown (or HTML, for :func:`html_pages`)."""
    pages: dict[str, str] = {}
    for lang in LANGS:
        pages[f"{lang.code}/index.md"] = render_home(site, lang)
        pages[f"{lang.code}/glossary.md"] = render_glossary(site, lang)
        for role in ROLES:
            pages[f"{lang.code}/{role}/index.md"] = render_hub(site, role, lang)
    pages.update(_playbook_pages(site))
    return pages

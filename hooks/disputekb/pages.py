"""The generated pages: home, hubs, playbooks and glossary in every language, and the export.

Each page is rendered once, to HTML, by a template in ``templates/``; MkDocs wraps it in the
theme without running Markdown on it (``build.py``, HtmlPage). A :class:`Generated` page carries
what MkDocs would otherwise read from front matter and Markdown: its title, description and table
of contents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from . import urls
from .i18n import BY_CODE, HANS, LANGS, Lang
from .model import CATEGORIES, ROLES, Action, Playbook, Question
from .render import PageText, Site, Toc, render


@dataclass(frozen=True)
class Body:
    """A generated page's body: its HTML, and its table of contents as MkDocs' toc tokens."""

    html: str
    toc: list[dict[str, Any]]


@dataclass
class Generated:
    """A page the hooks add to the site: what the theme needs to know about it, and its body,
    rendered when ``render()`` is called (``build.py`` does when MkDocs builds the page, and lets
    go of it once the page is written: the bodies of a large library are never all held at once)."""

    src: str
    title: str
    render: Callable[[], Body]
    description: str | None = None
    hide: tuple[str, ...] = ()  # Material's hide: toc, navigation
    search_exclude: bool = False
    search_boost: float | None = None  # the page's weight in search (Material's meta search.boost)
    # Search (hooks/disputekb/search.py adds these to the page's own entry in the index): labels
    # shown with the page in the results, its role and kind; and a summary that weighs as much as
    # the title.
    search_tags: tuple[str, ...] = ()
    search_summary: str | None = None
    # The same page in another language, where it is not at the same path (language code -> URL).
    alternates: dict[str, str] = field(default_factory=dict)

    @property
    def meta(self) -> dict[str, Any]:
        """As MkDocs would read front matter. The theme prints the title and description as they
        are, so they are escaped here (a playbook's text is plain text)."""
        meta: dict[str, Any] = {"title": str(escape(self.title))}
        if self.description:
            meta["description"] = str(escape(self.description))
        if self.hide:
            meta["hide"] = list(self.hide)
        if self.search_exclude:
            meta["search"] = {"exclude": True}
        elif self.search_boost is not None:
            meta["search"] = {"boost": self.search_boost}
        if self.alternates:
            meta["kb_alternates"] = self.alternates
        return meta

    @property
    def search_fields(self) -> dict[str, Any]:
        """What the search index adds to the page's own entry, as HTML (the theme shows a result's
        fields as markup)."""
        found: dict[str, Any] = {}
        if self.search_tags:
            found["tags"] = [str(escape(tag)) for tag in self.search_tags]
        if self.search_summary:
            # The summary is what the page's own result shows (not the page's first lines,
            # which are its audience, phases and review date); and it weighs as much as the title.
            found["summary"] = str(escape(self.search_summary))
            found["text"] = f"<p>{found['summary']}</p>"
        return found


def page(template: str, t: PageText, page_title: str, view: Callable[[], dict[str, Any]]) -> Generated:
    """The page of ``t``, whose body ``template`` renders from what ``view()`` returns; its
    headings make the table of contents. Neither the view nor the HTML is made before the body
    is asked for."""

    def draw() -> Body:
        t.begin()
        toc = Toc()
        html = render(template, t=t, ui=t.ui, lang=t.lang, toc=toc, **view())
        return Body(html, toc.tokens())

    return Generated(t.src, page_title, draw)


def sorted_playbooks(playbooks: list[Playbook]) -> list[Playbook]:
    """By situation, then by English title: the same order in every language."""
    return sorted(playbooks, key=lambda pb: (CATEGORIES.index(pb.category), pb.title.en, pb.id))


# --- playbook pages ------------------------------------------------------------------------------


def widget_data(site: Site, pb: Playbook, t: PageText) -> dict[str, Any]:
    """What the decision widget needs beside the page's own markup: the routes between nodes, the
    pages an option continues in and the pages a reader may come from. Every text it shows is
    the page's (the static tree), so none is repeated here."""
    lang = t.lang
    nodes: dict[str, Any] = {}
    for node in pb.nodes.values():
        if isinstance(node, Question):
            nodes[node.id] = {
                "options": [
                    {"next": o.next}
                    if o.next is not None
                    else {
                        "playbook": o.playbook,
                        "title": t(site.lib.playbooks[o.playbook].title),
                        "href": t.link(urls.playbook(lang, site.lib.playbooks[o.playbook].role, o.playbook)),
                    }
                    for o in node.options
                ]
            }
        else:
            nodes[node.id] = {}
    return {
        "id": pb.id,
        "role": pb.role,
        "start": pb.start,
        "nodes": nodes,
        "incoming": {
            src.id: {"title": t(src.title), "href": t.link(urls.playbook(lang, src.role, src.id))}
            for src in site.lib.incoming.get(pb.id, [])
        },
    }


def source_views(site: Site, t: PageText, sources: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Citations as a reader sees them: the seed by its public name, a rule by title and article."""
    out = []
    for source in sources:
        if source.seed is not None:
            out.append(
                {
                    "seed": True,
                    "label": t.ui("label.seed_section", section=source.seed),
                    "url": t.link(urls.about(t.lang)) + "#seed",
                    "unverified": False,
                    "note": t(source.note),
                    "summary": "",
                }
            )
            continue
        rule = site.lib.rules[source.rule]
        label = t(rule.title)
        summary = ""
        if source.article:
            label += " · " + article_label(source.article, t.lang)
            summary = t(rule.articles[source.article]) if source.article in rule.articles else ""
        out.append(
            {
                "seed": False,
                "label": label,
                "url": rule.url,
                "unverified": rule.confidence == "L",
                "note": t(source.note),
                "summary": summary,
            }
        )
    return out


def article_label(article: str, lang: Lang) -> str:
    """'Art 36-38' as a reader of ``lang`` writes it: 第36–38條 (第36–38条), or Art. 36–38."""
    numbers = article.removeprefix("Art ").replace("-", "–")
    if lang.is_chinese:
        return f"第{numbers}{'条' if lang.code == 'zh-hans' else '條'}"
    return f"Art. {numbers}"


# Message templates are sent on Taobao, in Chinese: on each page's language, the Chinese a
# template is sent in (what its copy button copies) and the others offered beside it. An English
# reader writes to a mainland seller or service desk: Simplified. A zh-Hant reader may write to one.
SEND_IN: dict[str, tuple[Lang, ...]] = {"zh-hant": (BY_CODE["zh-hant"], HANS), "zh-hans": (HANS,), "en": (HANS,)}


def render_playbook(site: Site, pb: Playbook, lang: Lang) -> Generated:
    from .treemap import render_map

    src = urls.playbook(lang, pb.role, pb.id)
    t = site.page(lang, src, pb)

    def view() -> dict[str, Any]:
        # The page's texts in another language (a template's Chinese on an English page).
        in_lang = {other.code: t if other is lang else site.page(other, src, pb) for other in LANGS}
        return {
            "pb": pb,
            "playbook_title": lambda pid: site.lib.playbooks[pid].title,
            "incoming": pb.incoming(),
            "checklists": [(c, t.link(urls.checklist(lang, c.id))) for c in pb.checklists],
            "checklist_of": lambda cid: (site.lib.checklist(cid)[1], t.link(urls.checklist(lang, cid))),
            "sources": lambda sources: source_views(site, t, sources),
            "related": [
                (t(site.lib.playbooks[r].title), t.link(urls.playbook(lang, site.lib.playbooks[r].role, r)))
                for r in pb.related
            ],
            "widget": widget_data(site, pb, t),
            # Markup made by its own autoescaped template (treemap.svg.j2), not a text to escape again.
            "treemap": Markup(render_map(pb, t, playbook_title=lambda pid: t(site.lib.playbooks[pid].title))),
            "edit_href": site.urls.edit(pb.file, src),
            "hub_href": t.link(urls.hub(lang, pb.role)),
            "drill_href": t.link(urls.drill(lang, pb.id)),
            "send_in": SEND_IN[lang.code],
            "t_in": lambda other: in_lang[other.code],
        }

    result = page("playbook.html.j2", t, t(pb.title), view)
    result.description = result.search_summary = t(pb.summary)
    result.search_tags = (t.ui(f"role.{pb.role}"), t.ui("label.playbook"))
    return result


# --- hubs, home, glossary ---------------------------------------------------------------------------


def _cards(t: PageText, playbooks: list[Playbook]) -> list[dict[str, Any]]:
    return [
        {
            "id": pb.id,
            "title": t(pb.title),
            "summary": t(pb.summary),
            "phases": pb.phases,
            "href": t.link(urls.playbook(t.lang, pb.role, pb.id)),
        }
        for pb in sorted_playbooks(playbooks)
    ]


def render_hub(site: Site, role: str, lang: Lang) -> Generated:
    t = site.page(lang, urls.hub(lang, role))
    playbooks = site.lib.by_role(role)
    groups = [(c, _cards(t, [pb for pb in playbooks if pb.category == c])) for c in CATEGORIES]
    # No view by phase: nearly every playbook covers the first three phases (in each of them a
    # hub listed 14 to 20 of its 21 or 22 playbooks), so it only repeated the list; each card
    # shows its phases instead.
    result = page(
        "hub.html.j2",
        t,
        t.ui(f"role.{role}"),
        lambda: {"role": role, "groups": [(c, cards) for c, cards in groups if cards]},
    )
    result.search_tags = (t.ui(f"role.{role}"),)
    return result


def render_home(site: Site, lang: Lang) -> Generated:
    t = site.page(lang, urls.home(lang))
    roles = [
        {"role": role, "href": t.link(urls.hub(lang, role)), "cards": _cards(t, site.lib.by_role(role))}
        for role in ROLES
    ]
    result = page(
        "home.html.j2",
        t,
        t.ui("label.home"),
        lambda: {
            "roles": roles,
            "checklists_href": t.link(urls.checklists(lang)),
            "glossary_href": t.link(urls.glossary(lang)),
        },
    )
    result.description = t.ui("site_tagline")
    return result


def render_glossary(site: Site, lang: Lang) -> Generated:
    t = site.page(lang, urls.glossary(lang))
    zh_hant, zh_hans, en = LANGS[0], LANGS[1], LANGS[2]
    terms = sorted(
        site.lib.glossary,
        key=(lambda term: term.name.zh_hant) if lang.is_chinese else (lambda term: term.name.en.lower()),
    )
    result = page(
        "glossary.html.j2", t, t.ui("label.glossary"), lambda: {"terms": terms, "columns": (zh_hant, zh_hans, en)}
    )
    result.search_tags = (t.ui("label.glossary"),)
    return result


# --- the export ----------------------------------------------------------------------------------------

EXPORT_HEAD = {"format": "taobao-dispute-playbooks", "version": 1}


def export_entry(site: Site, pb: Playbook, lang: Lang) -> dict[str, Any]:
    """One playbook in one language as plain data; links are site-relative."""
    t = site.page(lang, urls.EXPORT, pb)

    def page_of(pid: str) -> str:
        return site.urls.url(urls.playbook(lang, site.lib.playbooks[pid].role, pid))

    def option(o: Any) -> dict[str, Any]:
        if o.next is not None:
            return {"label": t(o.label), "next": o.next}
        return {
            "label": t(o.label),
            "playbook": o.playbook,
            "title": t(site.lib.playbooks[o.playbook].title),
            "href": page_of(o.playbook),
        }

    def checklist(cid: str | None) -> dict[str, str] | None:
        if cid is None:
            return None
        return {
            "id": cid,
            "title": t(site.lib.checklist(cid)[1].title),
            "href": site.urls.url(urls.checklist(lang, cid)),
        }

    def node_data(node: Question | Action) -> dict[str, Any]:
        if isinstance(node, Question):
            return {
                "kind": "question",
                "text": t(node.text),
                "help": t(node.help),
                "options": [option(o) for o in node.options],
            }
        return {
            "kind": "action",
            "title": t(node.title),
            "phase": node.phase,
            "summary": t(node.summary),
            "steps": [t(s) for s in node.steps],
            "evidence": [t(s) for s in node.evidence],
            "templates": [{"label": t(m.label), "to": m.to, "text": t(m.text)} for m in node.templates],
            "escalate": t(node.escalate),
            "avoid": [t(s) for s in node.avoid],
            "checklist": checklist(node.checklist),
            "sources": source_views(site, t, node.sources),
        }

    return {
        "id": pb.id,
        "role": pb.role,
        "lang": lang.tag,
        "category": pb.category,
        "phases": list(pb.phases),
        "last_reviewed": pb.last_reviewed,
        "title": t(pb.title),
        "summary": t(pb.summary),
        "audience": t(pb.audience),
        "url": page_of(pb.id),
        "sources": source_views(site, t, pb.sources),
        "related": list(pb.related),
        "start": pb.start,
        "nodes": {node.id: node_data(node) for node in pb.nodes.values()},
        "incoming": {
            src.id: {"title": t(src.title), "href": page_of(src.id)} for src in site.lib.incoming.get(pb.id, [])
        },
        "cases": [
            {"id": c.id, "story": t(c.story), "answers": dict(c.answers), "expect": c.expect, "lesson": t(c.lesson)}
            for c in pb.cases
        ],
    }


def export_json(site: Site) -> str:
    """Every playbook in every language for other tools (the format is on the About page), one
    playbook a line."""

    def dump(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    head = dump(EXPORT_HEAD)[:-1]
    languages = ",\n".join(
        f"{dump(lang.tag)}:[\n"
        + ",\n".join(dump(export_entry(site, pb, lang)) for pb in site.lib.playbooks.values())
        + "\n]"
        for lang in LANGS
    )
    return f'{head},"languages":{{\n{languages}\n}}}}\n'


def all_pages(site: Site) -> list[Generated]:
    """Home, hubs, glossary and playbooks in every language."""
    pages: list[Generated] = []
    for lang in LANGS:
        pages.append(render_home(site, lang))
        pages.append(render_glossary(site, lang))
        pages.extend(render_hub(site, role, lang) for role in ROLES)
        pages.extend(render_playbook(site, pb, lang) for pb in site.lib.playbooks.values())
    return pages

"""Checklist pages: one A4 sheet per checklist, bilingual sheets, a booklet per role, the index.

Every sheet is rendered from the same view: each text is a list of ``{"lang", "text"}`` parts,
one part on a single-language sheet, two on a bilingual one (the page's language first). Python
builds the views; ``templates/checklist-*.j2`` write the markup; ``docs/assets/css/checklist.css``
lays a sheet out on exactly one A4 page. Where each page lives: :mod:`disputekb.urls`.
"""

from __future__ import annotations

from typing import Any

from . import urls
from .i18n import BY_CODE, LANGS, Lang
from .model import CATEGORIES, ROLES, Checklist, Playbook, Text
from .pages import Generated, page, sorted_playbooks
from .render import PageText, Site

Parts = list[dict[str, str]]
# Above this many checklists, a booklet's contents page leaves out the pause points to stay one page.
BOOKLET_CONTENTS_DETAILED = 18


def pairings(lang: Lang) -> list[Lang]:
    """The languages a sheet in ``lang`` is printed beside: English beside each Chinese,
    Chinese beside English (zh-Hant first, the default ``bilingual`` page)."""
    if lang.is_chinese:
        return [BY_CODE["en"]]
    return [lang for lang in LANGS if lang.is_chinese]


def bilingual_src(lang: Lang, checklist_id: str, other: Lang) -> str:
    """The first pairing is ``bilingual``; others are named by their language."""
    default = pairings(lang)[0]
    return urls.bilingual(lang, checklist_id, None if other == default else other)


class _Parts:
    """Turns texts into parts: one per language of the sheet."""

    def __init__(self, texts: list[PageText]) -> None:
        self.texts = texts

    def tr(self, text: Text | None) -> Parts:
        if text is None:
            return []
        return [{"lang": t.lang.tag, "text": t(text)} for t in self.texts]

    def ui(self, key: str) -> Parts:
        return [{"lang": t.lang.tag, "text": t.ui(key)} for t in self.texts]


def sheet_view(
    site: Site, lang: Lang, checklist_id: str, *, other: Lang | None = None, from_src: str | None = None
) -> dict[str, Any]:
    """One checklist as the sheet template draws it. Links are relative to ``from_src``, by
    default the sheet's own page; the short link printed in the footer is the sheet's address."""
    pb, checklist = site.lib.checklist(checklist_id)
    src = bilingual_src(lang, checklist_id, other) if other else urls.checklist(lang, checklist_id)
    here = from_src or src
    texts = [site.page(lang, here, pb)] + ([site.page(other, here, pb)] if other else [])
    p = _Parts(texts)
    number = 0
    sections = []
    for section in checklist.sections:
        items = []
        for item in section.items:
            items.append({"n": number, "text": p.tr(item)})
            number += 1
        sections.append({"title": p.tr(section.title), "items": items})
    return {
        "id": checklist_id,
        "kind": checklist.kind,
        "bilingual": other is not None,
        "title": p.tr(checklist.title),
        "pause_point": p.tr(checklist.pause_point),
        "kind_label": p.ui("label.read_do" if checklist.kind == "read-do" else "label.do_confirm"),
        "kind_explain": p.ui(f"checklist.kind.{checklist.kind}"),
        "fields": [{"name": name, "label": p.ui(f"checklist.field.{name}")} for name in checklist.fields],
        "sections": sections,
        "labels": {
            "pause_point": p.ui("label.pause_point"),
            "notes": p.ui("checklist.notes"),
            "playbook": p.ui("checklist.playbook"),
            "last_reviewed": p.ui("label.last_reviewed"),
        },
        "playbook": {"title": p.tr(pb.title), "href": site.urls.link(urls.playbook(lang, pb.role, pb.id), here)},
        "last_reviewed": pb.last_reviewed,
        "short_link": "/" + site.urls.url(src),
        "sheet_of": None,
    }


def render_sheet(site: Site, lang: Lang, checklist_id: str, other: Lang | None = None) -> Generated:
    """A sheet in the page's language, or beside ``other``."""
    src = bilingual_src(lang, checklist_id, other) if other else urls.checklist(lang, checklist_id)
    t = site.page(lang, src)
    view = sheet_view(site, lang, checklist_id, other=other)
    versions = [(None, t.link(urls.checklist(lang, checklist_id)), t.ui("checklist.single"))] + [
        (pair, t.link(bilingual_src(lang, checklist_id, pair)), f"{t.ui('checklist.bilingual_short')} · {pair.name}")
        for pair in pairings(lang)
    ]
    result = page(
        "checklist.html.j2",
        t,
        " · ".join(part["text"] for part in view["title"]),
        view=view,
        versions=[(label, href) for pair, href, label in versions if pair != other],
        index_href=t.link(urls.checklists(lang)),
    )
    result.hide = ("toc",)
    result.search_exclude = other is not None  # the single-language sheet is the one to find
    if other is not None and other != pairings(lang)[0]:
        # Only English pairs with zh-Hans: the other languages' version is their bilingual sheet.
        result.alternates = {
            code.code: site.urls.url(bilingual_src(code, checklist_id, pairings(code)[0]))
            for code in LANGS
            if code != lang
        }
    return result


def ordered(site: Site, role: str) -> list[tuple[str, Playbook, Checklist]]:
    """A role's checklists by situation, then playbook title (English, stable across languages)."""
    return [(pb.category, pb, c) for pb in sorted_playbooks(site.lib.by_role(role)) for c in pb.checklists]


def render_booklet(site: Site, lang: Lang, role: str, *, bilingual: bool = False) -> Generated:
    """A role's checklists: a contents page, then one sheet per A4 page."""
    src = urls.booklet(lang, role, bilingual=bilingual)
    t = site.page(lang, src)
    entries = ordered(site, role)
    sheets = []
    contents: list[dict[str, Any]] = []
    for number, (category, _pb, checklist) in enumerate(entries, start=1):
        view = sheet_view(site, lang, checklist.id, other=pairings(lang)[0] if bilingual else None, from_src=src)
        view["sheet_of"] = t.ui("checklist.sheet_of", n=str(number), total=str(len(entries)))
        sheets.append(view)
        if not contents or contents[-1]["category"] != category:
            contents.append({"category": category, "entries": []})
        contents[-1]["entries"].append(
            {
                "id": checklist.id,
                "number": number,
                "title": " / ".join(part["text"] for part in view["title"]),
                "pause_point": t(checklist.pause_point),
                "kind": checklist.kind,
            }
        )
    title = t.ui(f"checklist.booklet.{role}")
    if bilingual:
        title = f"{title} · {t.ui('checklist.bilingual_short')}"
    result = page(
        "booklet.html.j2",
        t,
        title,
        role=role,
        title=title,
        other_href=t.link(urls.booklet(lang, role, bilingual=not bilingual)),
        bilingual=bilingual,
        contents=contents,
        long=len(entries) > BOOKLET_CONTENTS_DETAILED,
        sheets=sheets,
        short_link="/" + site.urls.url(src),
        index_href=t.link(urls.checklists(lang)),
    )
    result.hide = ("toc",)
    result.search_exclude = True  # each sheet is found on its own page
    return result


def render_index(site: Site, lang: Lang) -> Generated:
    """Every checklist, grouped by role and situation, with each role's booklet."""
    t = site.page(lang, urls.checklists(lang))
    roles = []
    for role in ROLES:
        entries = ordered(site, role)
        groups: list[dict[str, Any]] = []
        for category, pb, checklist in entries:
            if not groups or groups[-1]["category"] != category:
                groups.append({"category": category, "items": []})
            groups[-1]["items"].append(
                {
                    "id": checklist.id,
                    "title": t(checklist.title),
                    "pause_point": t(checklist.pause_point),
                    "kind": checklist.kind,
                    "href": t.link(urls.checklist(lang, checklist.id)),
                    "bilingual_href": t.link(bilingual_src(lang, checklist.id, pairings(lang)[0])),
                    "playbook": t(pb.title),
                    "playbook_href": t.link(urls.playbook(lang, pb.role, pb.id)),
                }
            )
        roles.append(
            {
                "role": role,
                "groups": groups,
                "count": len(entries),
                "booklet_href": t.link(urls.booklet(lang, role)) if entries else None,
                "bilingual_booklet_href": t.link(urls.booklet(lang, role, bilingual=True)) if entries else None,
            }
        )
    return page("checklists.html.j2", t, t.ui("label.checklists"), roles=roles, categories=CATEGORIES)


def all_pages(site: Site) -> list[Generated]:
    """Every checklist page in every language."""
    pages = []
    for lang in LANGS:
        pages.append(render_index(site, lang))
        for role in ROLES:
            if any(pb.checklists for pb in site.lib.by_role(role)):
                pages.append(render_booklet(site, lang, role))
                pages.append(render_booklet(site, lang, role, bilingual=True))
        for _pb, checklist in site.lib.checklists():
            pages.append(render_sheet(site, lang, checklist.id))
            pages.extend(render_sheet(site, lang, checklist.id, other) for other in pairings(lang))
    return pages

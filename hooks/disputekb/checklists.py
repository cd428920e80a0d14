"""Checklist pages: one A4 sheet per checklist, bilingual sheets, a booklet per role, the index
(sheets grouped by the desk where they are used) and the desk pack (the sheets a reader picks,
printed together).

Every sheet is rendered from the same view: each text is a list of ``{"lang", "text"}`` parts,
one part on a single-language sheet, two on a bilingual one (the page's language first). Python
builds the views; ``templates/checklist-*.j2`` write the markup; ``docs/assets/css/checklist.css``
lays a sheet out on exactly one A4 page. Where each page lives: :mod:`disputekb.urls`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import urls
from .i18n import BY_CODE, LANGS, Lang
from .model import DESKS, ROLES, Checklist, Playbook, Text
from .pages import Generated, page, sorted_playbooks
from .render import PageText, Site

Parts = list[dict[str, str]]
# Above this many checklists, a booklet's contents page leaves out the pause points to stay one page.
BOOKLET_CONTENTS_DETAILED = 18
# A sheet's weight in search, against a playbook's 1: a search for 簽收 (signing) finds the
# playbooks first, then the sheets (benchmarks/search_ranking.py measures it).
SHEET_SEARCH_BOOST = 0.3


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


def pack_src(lang: Lang, other: Lang | None = None) -> str:
    """The desk pack in ``lang``, or beside ``other`` (named like the bilingual sheets)."""
    if other is None:
        return urls.desk_pack(lang)
    return urls.desk_pack(lang, bilingual=True, with_lang=None if other == pairings(lang)[0] else other)


def _other_languages(site: Site, page_of: Callable[[Lang, Lang], str], lang: Lang) -> dict[str, str]:
    """Only English pairs with zh-Hans: the other languages' version of such a page is their
    default pairing (language code -> URL, for the language menu)."""
    return {code.code: site.urls.url(page_of(code, pairings(code)[0])) for code in LANGS if code != lang}


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
        lambda: {
            "view": view,
            "versions": [(label, href) for pair, href, label in versions if pair != other],
            "index_href": t.link(urls.checklists(lang)),
        },
    )
    result.hide = ("toc",)
    result.search_exclude = other is not None  # the single-language sheet is the one to find
    # Found after the playbooks: a sheet is one step of a playbook, which says when to take it out.
    result.search_boost = SHEET_SEARCH_BOOST
    result.search_tags = (t.ui("label.checklist"), t.ui(f"desk.{site.lib.checklist(checklist_id)[1].desk}"))
    if other is not None and other != pairings(lang)[0]:
        result.alternates = _other_languages(site, lambda code, pair: bilingual_src(code, checklist_id, pair), lang)
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
        lambda: {
            "role": role,
            "title": title,
            "other_href": t.link(urls.booklet(lang, role, bilingual=not bilingual)),
            "bilingual": bilingual,
            "contents": contents,
            "long": len(entries) > BOOKLET_CONTENTS_DETAILED,
            "sheets": sheets,
            "short_link": "/" + site.urls.url(src),
            "index_href": t.link(urls.checklists(lang)),
        },
    )
    result.hide = ("toc",)
    result.search_exclude = True  # each sheet is found on its own page
    return result


def by_desk(site: Site) -> list[tuple[str, list[tuple[Playbook, Checklist]]]]:
    """Every checklist under the desk where it is used (DESKS order; desks without one left
    out), each desk's sheets by situation and playbook, as in the booklets."""
    entries = [(pb, c) for role in ROLES for _category, pb, c in ordered(site, role)]
    groups = [(desk, [(pb, c) for pb, c in entries if c.desk == desk]) for desk in DESKS]
    return [(desk, found) for desk, found in groups if found]


def render_index(site: Site, lang: Lang) -> Generated:
    """Every checklist, grouped by desk, with both pairings of its bilingual sheet; each role's
    booklet; and the desk pack: tick sheets, print them together."""
    t = site.page(lang, urls.checklists(lang))

    def item(pb: Playbook, checklist: Checklist) -> dict[str, Any]:
        return {
            "id": checklist.id,
            "title": t(checklist.title),
            "pause_point": t(checklist.pause_point),
            "kind": checklist.kind,
            "href": t.link(urls.checklist(lang, checklist.id)),
            "bilingual": [
                (f"{t.ui('checklist.bilingual_short')} · {pair.name}", t.link(bilingual_src(lang, checklist.id, pair)))
                for pair in pairings(lang)
            ],
            "playbook": t(pb.title),
            "playbook_href": t.link(urls.playbook(lang, pb.role, pb.id)),
        }

    desks = [{"desk": desk, "items": [item(pb, c) for pb, c in found]} for desk, found in by_desk(site)]
    booklets = [
        {
            "role": role,
            "count": count,
            "href": t.link(urls.booklet(lang, role)),
            "bilingual_href": t.link(urls.booklet(lang, role, bilingual=True)),
        }
        for role in ROLES
        if (count := sum(len(pb.checklists) for pb in site.lib.by_role(role)))
    ]
    pack = {
        "href": t.link(pack_src(lang)),
        "pairings": [
            (f"{t.ui('checklist.bilingual_short')} · {pair.name}", t.link(pack_src(lang, pair)))
            for pair in pairings(lang)
        ],
    }
    return page(
        "checklists.html.j2", t, t.ui("label.checklists"), lambda: {"desks": desks, "booklets": booklets, "pack": pack}
    )


def render_pack(site: Site, lang: Lang, other: Lang | None = None) -> Generated:
    """The desk pack: every sheet, hidden; docs/assets/desk-pack.js shows the ones the address
    names (``?sheet=<id>&sheet=<id>``, as the checklists page sends them), one A4 page each."""
    src = pack_src(lang, other)
    t = site.page(lang, src)
    sheets = [
        sheet_view(site, lang, c.id, other=other, from_src=src) for _desk, found in by_desk(site) for _pb, c in found
    ]
    title = t.ui("pack.title")
    if other is not None:
        title = f"{title} · {t.ui('checklist.bilingual_short')} · {other.name}"
    versions = [(t.ui("checklist.single"), t.link(pack_src(lang)))] + [
        (f"{t.ui('checklist.bilingual_short')} · {pair.name}", t.link(pack_src(lang, pair))) for pair in pairings(lang)
    ]
    here = t.link(src)
    result = page(
        "desk-pack.html.j2",
        t,
        title,
        lambda: {
            "title": title,
            "sheets": sheets,
            "versions": [(label, href) for label, href in versions if href != here],
            "index_href": t.link(urls.checklists(lang)),
        },
    )
    result.hide = ("toc",)
    result.search_exclude = True  # each sheet is found on its own page
    if other is not None and other != pairings(lang)[0]:
        result.alternates = _other_languages(site, pack_src, lang)
    return result


def all_pages(site: Site) -> list[Generated]:
    """Every checklist page in every language."""
    pages = []
    for lang in LANGS:
        pages.append(render_index(site, lang))
        for role in ROLES:
            if any(pb.checklists for pb in site.lib.by_role(role)):
                pages.append(render_booklet(site, lang, role))
                pages.append(render_booklet(site, lang, role, bilingual=True))
        pages.append(render_pack(site, lang))
        pages.extend(render_pack(site, lang, other) for other in pairings(lang))
        for _pb, checklist in site.lib.checklists():
            pages.append(render_sheet(site, lang, checklist.id))
            pages.extend(render_sheet(site, lang, checklist.id, other) for other in pairings(lang))
    return pages

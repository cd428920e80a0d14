"""Checklist pages: one A4 sheet per checklist, a bilingual sheet, a booklet per role, the index.

Every sheet is rendered from the same view: each text is a list of ``{"lang", "text"}`` parts,
one part on a single-language sheet, two (Chinese, then English, or the other way round on the
English site) on a bilingual one. Python builds the views; ``templates/checklist-*.j2`` write
the markup; ``docs/assets/css/checklist.css`` lays a sheet out on exactly one A4 page.

Page paths (``<lang>`` is zh-hant, zh-hans or en; checklist ids are lowercase-kebab):

- ``<lang>/checklists/index.md``: every checklist, grouped by role and situation;
- ``<lang>/checklists/<id>.md``: the sheet in the page's language;
- ``<lang>/checklists/<id>/bilingual.md``: Chinese and English side by side;
- ``<lang>/checklist-booklets/<role>.md``: a contents page, then one sheet per A4 page;
- ``<lang>/checklist-booklets/<role>-bilingual.md``: the same with bilingual sheets.

A sheet's folder holds only ``bilingual``, and the booklets live outside ``checklists/``, so no
checklist id can collide with another page; only ``index`` is refused.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from .i18n import BY_CODE, LANGS, Lang, Texts
from .library import ROLES, Playbook
from .pages import CATEGORIES, Site, render, src_checklist, src_playbook

Parts = list[dict[str, str]]
RESERVED_IDS = frozenset({"index"})
# Above this many checklists, a booklet's contents page leaves out the pause points to stay one page.
BOOKLET_CONTENTS_DETAILED = 18


def src_index(lang: Lang) -> str:
    return f"{lang.code}/checklists/index.md"


def src_bilingual(lang: Lang, checklist_id: str) -> str:
    return f"{lang.code}/checklists/{checklist_id}/bilingual.md"


def src_booklet(lang: Lang, role: str, *, bilingual: bool = False) -> str:
    return f"{lang.code}/checklist-booklets/{role}{'-bilingual' if bilingual else ''}.md"


def _sheet_texts(site: Site, lang: Lang, *, bilingual: bool) -> list[Texts]:
    """The languages printed on a sheet, the page's own first."""
    own = site.texts(lang)
    if not bilingual:
        return [own]
    other = BY_CODE["zh-hant"] if lang.source == "en" else BY_CODE["en"]
    return [own, site.texts(other)]


class _Parts:
    """Turns texts into parts: one per language of the sheet."""

    def __init__(self, texts: list[Texts]) -> None:
        self.texts = texts

    def tr(self, pair: dict[str, Any] | None) -> Parts:
        if pair is None:
            return []
        return [{"lang": t.lang.tag, "text": t.tr(pair)} for t in self.texts]

    def ui(self, key: str) -> Parts:
        return [{"lang": t.lang.tag, "text": t.ui(key)} for t in self.texts]


def _find(site: Site, checklist_id: str) -> tuple[Playbook, dict[str, Any]]:
    pb = site.lib.checklist_owner()[checklist_id]
    return pb, next(c for c in pb.checklists if c["id"] == checklist_id)


def sheet_view(
    site: Site, lang: Lang, checklist_id: str, *, bilingual: bool = False, from_src: str | None = None
) -> dict[str, Any]:
    """One checklist as the sheet template draws it (see the module docstring for parts).

    Links are relative to ``from_src``, by default the sheet's own page; the short link printed
    in the footer is always the sheet's own address.
    """
    pb, checklist = _find(site, checklist_id)
    p = _Parts(_sheet_texts(site, lang, bilingual=bilingual))
    src = src_bilingual(lang, checklist_id) if bilingual else src_checklist(lang, checklist_id)
    number = 0
    sections = []
    for section in checklist["sections"]:
        items = []
        for item in section["items"]:
            items.append({"n": number, "text": p.tr(item)})
            number += 1
        sections.append({"title": p.tr(section.get("title")), "items": items})
    kind = checklist["kind"]
    return {
        "id": checklist_id,
        "kind": kind,
        "bilingual": bilingual,
        "title": p.tr(checklist["title"]),
        "pause_point": p.tr(checklist["pause_point"]),
        "kind_label": p.ui("label.read_do" if kind == "read-do" else "label.do_confirm"),
        "kind_explain": p.ui(f"checklist.kind.{kind}"),
        "fields": [{"name": name, "label": p.ui(f"checklist.field.{name}")} for name in checklist.get("fields") or []],
        "sections": sections,
        "labels": {
            "pause_point": p.ui("label.pause_point"),
            "notes": p.ui("checklist.notes"),
            "playbook": p.ui("checklist.playbook"),
            "last_reviewed": p.ui("label.last_reviewed"),
        },
        "playbook": {"title": p.tr(pb.data["title"]), "href": site.link(src_playbook(lang, pb), from_src or src)},
        "last_reviewed": pb.data["last_reviewed"],
        "short_link": "/" + site.url(src),
        "sheet_of": None,
    }


def _render_sheet_page(site: Site, lang: Lang, checklist_id: str, *, bilingual: bool) -> str:
    src = src_bilingual(lang, checklist_id) if bilingual else src_checklist(lang, checklist_id)
    t = site.texts(lang)
    view = sheet_view(site, lang, checklist_id, bilingual=bilingual)
    return render(
        "checklist.md.j2",
        t,
        view=view,
        page_title=" · ".join(part["text"] for part in view["title"]),
        other_href=site.link(
            src_checklist(lang, checklist_id) if bilingual else src_bilingual(lang, checklist_id), src
        ),
        index_href=site.link(src_index(lang), src),
    )


def render_checklist(site: Site, lang: Lang, checklist_id: str) -> str:
    """The sheet in the page's language."""
    return _render_sheet_page(site, lang, checklist_id, bilingual=False)


def render_bilingual(site: Site, lang: Lang, checklist_id: str) -> str:
    """The sheet with Chinese and English side by side, the page's language first."""
    return _render_sheet_page(site, lang, checklist_id, bilingual=True)


def _ordered(site: Site, role: str) -> list[tuple[str, Playbook, dict[str, Any]]]:
    """A role's checklists by situation, then playbook title (English, stable across languages)."""
    out = []
    for category in CATEGORIES:
        playbooks = sorted(
            (pb for pb in site.lib.by_role(role) if pb.data["category"] == category),
            key=lambda pb: (pb.data["title"]["en"], pb.id),
        )
        out += [(category, pb, c) for pb in playbooks for c in pb.checklists]
    return out


def render_booklet(site: Site, lang: Lang, role: str, *, bilingual: bool = False) -> str:
    """A role's checklists: a contents page, then one sheet per A4 page."""
    src = src_booklet(lang, role, bilingual=bilingual)
    t = site.texts(lang)
    ordered = _ordered(site, role)
    sheets = []
    contents: list[dict[str, Any]] = []
    for number, (category, _pb, checklist) in enumerate(ordered, start=1):
        view = sheet_view(site, lang, checklist["id"], bilingual=bilingual, from_src=src)
        view["sheet_of"] = t.ui("checklist.sheet_of", n=str(number), total=str(len(ordered)))
        sheets.append(view)
        if not contents or contents[-1]["category"] != category:
            contents.append({"category": category, "entries": []})
        contents[-1]["entries"].append(
            {
                "id": checklist["id"],
                "number": number,
                "title": " / ".join(part["text"] for part in view["title"]),
                "pause_point": t.tr(checklist["pause_point"]),
                "kind": checklist["kind"],
            }
        )
    title = t.ui(f"checklist.booklet.{role}")
    return render(
        "booklet.md.j2",
        t,
        role=role,
        title=f"{title} · {t.ui('checklist.bilingual_short')}" if bilingual else title,
        other_href=site.link(src_booklet(lang, role, bilingual=not bilingual), src),
        bilingual=bilingual,
        contents=contents,
        long=len(ordered) > BOOKLET_CONTENTS_DETAILED,
        sheets=sheets,
        short_link="/" + site.url(src),
        index_href=site.link(src_index(lang), src),
    )


def render_index(site: Site, lang: Lang) -> str:
    """Every checklist, grouped by role and situation, with each role's booklet."""
    src = src_index(lang)
    t = site.texts(lang)
    roles = []
    for role in ROLES:
        ordered = _ordered(site, role)
        groups: list[dict[str, Any]] = []
        for category, pb, checklist in ordered:
            if not groups or groups[-1]["category"] != category:
                groups.append({"category": category, "items": []})
            groups[-1]["items"].append(
                {
                    "id": checklist["id"],
                    "title": t.tr(checklist["title"]),
                    "pause_point": t.tr(checklist["pause_point"]),
                    "kind": checklist["kind"],
                    "href": site.link(src_checklist(lang, checklist["id"]), src),
                    "bilingual_href": site.link(src_bilingual(lang, checklist["id"]), src),
                    "playbook": t.tr(pb.data["title"]),
                    "playbook_href": site.link(src_playbook(lang, pb), src),
                }
            )
        roles.append(
            {
                "role": role,
                "groups": groups,
                "count": len(ordered),
                "booklet_href": site.link(src_booklet(lang, role), src) if ordered else None,
                "bilingual_booklet_href": site.link(src_booklet(lang, role, bilingual=True), src) if ordered else None,
            }
        )
    return render("checklists.md.j2", t, roles=roles)


def all_pages(site: Site) -> dict[str, str]:
    """Every checklist page in every language: source path -> Markdown."""
    owners = site.lib.checklist_owner()
    for checklist_id, pb in owners.items():
        if checklist_id in RESERVED_IDS:
            raise PluginError(
                f"{pb.file}: the checklist id '{checklist_id}' is reserved for the list of checklists; "
                "choose another id"
            )
    pages = {}
    for lang in LANGS:
        pages[src_index(lang)] = render_index(site, lang)
        for role in ROLES:
            if any(pb.checklists for pb in site.lib.by_role(role)):
                pages[src_booklet(lang, role)] = render_booklet(site, lang, role)
                pages[src_booklet(lang, role, bilingual=True)] = render_booklet(site, lang, role, bilingual=True)
        for checklist_id in owners:
            pages[src_checklist(lang, checklist_id)] = render_checklist(site, lang, checklist_id)
            pages[src_bilingual(lang, checklist_id)] = render_bilingual(site, lang, checklist_id)
    return pages

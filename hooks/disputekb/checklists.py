"""Checklist pages: one printable A4 sheet per checklist, and the list of all of them."""

from __future__ import annotations

from typing import Any

from .i18n import LANGS, Lang, Texts
from .library import ROLES
from .pages import CATEGORIES, Site, _env, src_checklist, src_playbook


def checklist_view(site: Site, t: Texts, checklist: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": checklist["id"],
        "title": t.tr(checklist["title"]),
        "pause_point": t.tr(checklist["pause_point"]),
        "kind": checklist["kind"],
        "fields": checklist.get("fields") or [],
        "sections": [
            {"title": t.tr(s.get("title")), "items": [t.tr(i) for i in s["items"]]} for s in checklist["sections"]
        ],
    }


def render_checklist(site: Site, lang: Lang, checklist_id: str) -> str:
    src = src_checklist(lang, checklist_id)
    t = Texts(lang, site.overrides)
    pb = site.lib.checklist_owner()[checklist_id]
    checklist = next(c for c in pb.checklists if c["id"] == checklist_id)
    return (
        _env()
        .get_template("checklist.md.j2")
        .render(
            lang=lang,
            ui=t.ui,
            c=checklist_view(site, t, checklist),
            playbook={
                "title": t.tr(pb.data["title"]),
                "href": site.link(src_playbook(lang, pb), src),
                "last_reviewed": pb.data["last_reviewed"],
            },
            short_link="/" + site.url(src),
        )
    )


def render_index(site: Site, lang: Lang) -> str:
    src = f"{lang.code}/checklists/index.md"
    t = Texts(lang, site.overrides)
    roles = []
    for role in ROLES:
        groups = []
        for category in CATEGORIES:
            items = [
                {
                    "title": t.tr(c["title"]),
                    "pause_point": t.tr(c["pause_point"]),
                    "href": site.link(src_checklist(lang, c["id"]), src),
                    "playbook": t.tr(pb.data["title"]),
                }
                for pb in site.lib.by_role(role)
                if pb.data["category"] == category
                for c in pb.checklists
            ]
            if items:
                groups.append({"category": category, "items": items})
        roles.append({"role": role, "groups": groups})
    return _env().get_template("checklists.md.j2").render(lang=lang, ui=t.ui, roles=roles)


def all_pages(site: Site) -> dict[str, str]:
    pages = {}
    for lang in LANGS:
        pages[f"{lang.code}/checklists/index.md"] = render_index(site, lang)
        for checklist_id in site.lib.checklist_owner():
            pages[src_checklist(lang, checklist_id)] = render_checklist(site, lang, checklist_id)
    return pages

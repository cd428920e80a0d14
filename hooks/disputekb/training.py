"""Training pages: a drill per playbook, the curriculum, worksheets, answer keys and the record.

The cases live in the playbooks (``cases:``, :class:`~disputekb.model.Case`), checked by the
validator to walk to the action they expect; these pages only present them.

- **Drill** (``urls.drill``): the playbook's cases in file order, a fixed order a trainer can
  refer to ("case 3"). Without JavaScript a readable list: each story, then its answers in a
  disclosure. ``docs/assets/drill.js`` turns it into one case at a time: the story, then the
  playbook's questions one by one, a verdict at the action, the score at the end. The question
  texts and option labels are written once, in a ``<template>`` the script reads; the routes and
  each case's answers come as JSON (node ids only, like the decision widget's data). After the
  cases, **quick checks**, one per path of the tree (:meth:`Playbook.paths`): its facts, then
  the path's action among at most four actions of the playbook (:func:`quick_check_choices`).
- **Curriculum** (``urls.training``): each role's playbooks in :func:`learning_order`.
  Progress is kept by the browser alone (drill.js; ``localStorage``, never sent).
- **Paper**: per role a worksheet (stories and answer lines) and an answer key (path, action,
  lesson), and a one-page training record, all A4 (``docs/assets/css/training.css``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from . import urls
from .i18n import LANGS, Lang
from .model import CATEGORIES, ROLES, Action, Case, Playbook, Question, Step
from .pages import Generated, page, widget_data
from .render import PageText, Site

# The learning order of situations: the everyday first (preventing a dispute, delivery, the
# goods, returns), then after-sales and reviews, then the weightier and rarer complaints,
# appeals and fraud. Every category of the model has its place.
LEARNING_CATEGORIES = ("prevention", "delivery", "goods", "returns", "service", "reviews", "complaints", "fraud")
assert sorted(LEARNING_CATEGORIES) == sorted(CATEGORIES), "LEARNING_CATEGORIES must order every category"
# A quick check offers the path's action and at most this many other actions.
OTHER_CHOICES = 3


def cites_seed(pb: Playbook) -> bool:
    """Whether the playbook as a whole draws on the seed (the Q&A of everyday disputes)."""
    return any(source.seed for source in pb.sources)


def learning_order(playbooks: list[Playbook]) -> list[Playbook]:
    """The order a new hire learns a role's playbooks in, the one place it is decided:

    1. playbooks that draw on the seed, the collection of everyday disputes the site grew from,
       before those it does not cover (routes outside Taobao, price errors);
    2. then by situation, everyday to rare (:data:`LEARNING_CATEGORIES`);
    3. then the smaller tree first (fewer paths from the start to an end);
    4. then by English title, so every language has the same order.
    """
    return sorted(
        playbooks,
        key=lambda pb: (
            not cites_seed(pb),
            LEARNING_CATEGORIES.index(pb.category),
            len(pb.paths()),
            pb.title.en,
            pb.id,
        ),
    )


def _rank(*parts: str) -> str:
    """A stable pseudo-random rank: the same in every build, language and Python."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def path_key(path: list[Step]) -> str:
    """A path as node ids and option numbers: ``q1.0,q2.1,end``."""
    return ",".join(node if index is None else f"{node}.{index}" for node, index in path)


def path_end(pb: Playbook, path: list[Step]) -> str:
    """What a path ends in: an action id, or ``playbook:<id>`` where it continues elsewhere."""
    node_id, index = path[-1]
    if index is None:
        return node_id
    option = pb.node(node_id).options[index]  # type: ignore[union-attr]
    return option.target


def quick_check_choices(pb: Playbook, path: list[Step]) -> list[str]:
    """The path's end and up to :data:`OTHER_CHOICES` other actions of the playbook, both the
    others and the order picked by a hash of the ids: stable, and not always first."""
    right = path_end(pb, path)
    key = path_key(path)
    others = sorted((a.id for a in pb.actions if a.id != right), key=lambda aid: _rank(pb.id, key, aid))
    return sorted([right, *others[:OTHER_CHOICES]], key=lambda node: _rank(pb.id, key, "order", node))


def colon(lang: Lang) -> str:
    """A label's colon as the language writes it: full width in Chinese, with no space after."""
    return "：" if lang.is_chinese else ": "


def cases_of(pb: Playbook) -> list[tuple[int, Case]]:
    """The cases numbered from 1, in the order of the file."""
    return list(enumerate(pb.cases, start=1))


# --- shared views ----------------------------------------------------------------------------------


def _node_title(t: PageText, node: Question | Action) -> str:
    return t(node.text) if isinstance(node, Question) else t(node.title)


def _steps(site: Site, t: PageText, pb: Playbook, path: list[Step], guide: str) -> list[dict[str, Any]]:
    """The questions of a path with the option chosen, each linked to its step in the guide."""
    out = []
    for node_id, index in path:
        node = pb.node(node_id)
        if index is None or not isinstance(node, Question):
            continue
        option = node.options[index]
        answer = t(option.label)
        out.append(
            {
                "node": node_id,
                "question": t(node.text),
                "answer": answer,
                "next": option.target,
                "href": t.link(f"{guide}#{node_id}"),
            }
        )
    return out


def _end_view(site: Site, t: PageText, pb: Playbook, end: str) -> dict[str, str]:
    """An end of a path as a reader sees it: the action's title, or "continue in" a playbook."""
    lang = t.lang
    if end.startswith("playbook:"):
        other = site.lib.playbooks[end.removeprefix("playbook:")]
        return {
            "node": end,
            "title": f"{t.ui('label.continue_in')}{colon(lang)}{t(other.title)}",
            "href": t.link(urls.playbook(lang, other.role, other.id)),
        }
    return {
        "node": end,
        "title": t(pb.node(end).title),  # type: ignore[union-attr]
        "href": t.link(f"{urls.playbook(lang, pb.role, pb.id)}#{end}"),
    }


def case_view(site: Site, t: PageText, pb: Playbook, number: int, case: Case) -> dict[str, Any]:
    guide = urls.playbook(t.lang, pb.role, pb.id)
    path = pb.follow(dict(case.answers))
    return {
        "id": case.id,
        "n": number,
        "story": t(case.story),
        "steps": _steps(site, t, pb, path, guide),
        "expect": _end_view(site, t, pb, case.expect),
        "lesson": t.rich(case.lesson),
        "path": [node for node, _ in path],
    }


def _module(site: Site, t: PageText, pb: Playbook, number: int) -> dict[str, Any]:
    lang = t.lang
    return {
        "n": number,
        "id": pb.id,
        "title": t(pb.title),
        "category": pb.category,
        "cases": [c.id for c in pb.cases],
        "drill_href": t.link(urls.drill(lang, pb.id)),
        "guide_href": t.link(urls.playbook(lang, pb.role, pb.id)),
        "drill_link": "/" + site.urls.url(urls.drill(lang, pb.id)),
        "guide_link": "/" + site.urls.url(urls.playbook(lang, pb.role, pb.id)),
        "last_reviewed": pb.last_reviewed,
    }


def modules(site: Site, t: PageText, role: str) -> list[dict[str, Any]]:
    """A role's playbooks in learning order, numbered from 1."""
    return [_module(site, t, pb, n) for n, pb in enumerate(learning_order(site.lib.by_role(role)), start=1)]


# --- the drill -----------------------------------------------------------------------------------------


def quick_checks(site: Site, t: PageText, pb: Playbook) -> list[dict[str, Any]]:
    guide = urls.playbook(t.lang, pb.role, pb.id)
    out = []
    for number, path in enumerate(pb.paths(), start=1):
        end = path_end(pb, path)
        out.append(
            {
                "n": number,
                "key": path_key(path),
                "facts": _steps(site, t, pb, path, guide),
                "expected": _end_view(site, t, pb, end),
                "choices": [_end_view(site, t, pb, node) for node in quick_check_choices(pb, path)],
            }
        )
    return out


def drill_data(site: Site, pb: Playbook, t: PageText) -> dict[str, Any]:
    """What drill.js needs beside the page's texts: the routes (as the decision widget gets them),
    the guide page, and each case's answers and expected action, by node ids."""
    routes = widget_data(site, pb, t)
    return {
        "id": pb.id,
        "role": pb.role,
        "start": pb.start,
        "nodes": routes["nodes"],
        "guide": t.link(urls.playbook(t.lang, pb.role, pb.id)),
        "cases": [{"id": c.id, "answers": dict(c.answers), "expect": c.expect} for c in pb.cases],
    }


def render_drill(site: Site, pb: Playbook, lang: Lang) -> Generated:
    src = urls.drill(lang, pb.id)
    t = site.page(lang, src, pb)
    title = t.ui("training.drill_title", title=t(pb.title))
    result = page(
        "training-drill.html.j2",
        t,
        title,
        lambda: {
            "pb": pb,
            "title": title,
            "colon": colon(lang),
            "cases": [case_view(site, t, pb, n, case) for n, case in cases_of(pb)],
            "checks": quick_checks(site, t, pb),
            "questions": pb.questions,
            "actions": pb.actions,
            "data": drill_data(site, pb, t),
            "guide_href": t.link(urls.playbook(lang, pb.role, pb.id)),
            "training_href": t.link(urls.training(lang)),
            "worksheet_href": t.link(urls.worksheet(lang, pb.role)),
        },
    )
    result.description = t(pb.summary)
    result.hide = ("toc",)
    result.search_exclude = True  # the stories would answer searches meant for the playbooks
    return result


# --- the curriculum ------------------------------------------------------------------------------------


def render_curriculum(site: Site, lang: Lang) -> Generated:
    t = site.page(lang, urls.training(lang))
    roles = [
        {
            "role": role,
            "modules": modules(site, t, role),
            "worksheet_href": t.link(urls.worksheet(lang, role)),
            "key_href": t.link(urls.answer_key(lang, role)),
        }
        for role in ROLES
        if site.lib.by_role(role)
    ]
    result = page(
        "training-index.html.j2",
        t,
        t.ui("training.title"),
        lambda: {
            "roles": roles,
            "record_href": t.link(urls.training_record(lang)),
        },
    )
    result.description = t.ui("training.lead")
    return result


# --- paper ---------------------------------------------------------------------------------------------


def render_cases_paper(site: Site, lang: Lang, role: str, *, key: bool) -> Generated:
    """A role's cases on paper: the worksheet (stories, lines to write on) or the answer key."""
    src = urls.answer_key(lang, role) if key else urls.worksheet(lang, role)
    t = site.page(lang, src)

    def playbooks() -> list[dict[str, Any]]:
        found = []
        for module, pb in zip(modules(site, t, role), learning_order(site.lib.by_role(role)), strict=True):
            pt = site.page(lang, src, pb)
            found.append({**module, "cases": [case_view(site, pt, pb, n, case) for n, case in cases_of(pb)]})
        return found

    kind = "answer_key" if key else "worksheet"
    title = t.ui(f"training.{kind}.{role}")
    result = page(
        "training-cases.html.j2",
        t,
        title,
        lambda: {
            "role": role,
            "title": title,
            "key": key,
            "colon": colon(lang),
            "playbooks": playbooks(),
            "other_href": t.link(urls.worksheet(lang, role) if key else urls.answer_key(lang, role)),
            "training_href": t.link(urls.training(lang)),
            "short_link": "/" + site.urls.url(src),
        },
    )
    result.hide = ("toc",)
    result.search_exclude = True
    return result


def render_record(site: Site, lang: Lang) -> Generated:
    """One A4 page: the trainee's scores per playbook (filled in by drill.js), signature lines."""
    src = urls.training_record(lang)
    t = site.page(lang, src)
    roles = [{"role": role, "modules": modules(site, t, role)} for role in ROLES if site.lib.by_role(role)]
    result = page(
        "training-record.html.j2",
        t,
        t.ui("training.record"),
        lambda: {
            "roles": roles,
            "training_href": t.link(urls.training(lang)),
            "short_link": "/" + site.urls.url(src),
        },
    )
    result.hide = ("toc",)
    result.search_exclude = True
    return result


def all_pages(site: Site) -> list[Generated]:
    """Every training page in every language."""
    out: list[Generated] = []
    for lang in LANGS:
        out.append(render_curriculum(site, lang))
        out.append(render_record(site, lang))
        for role in ROLES:
            if site.lib.by_role(role):
                out.append(render_cases_paper(site, lang, role, key=False))
                out.append(render_cases_paper(site, lang, role, key=True))
        out.extend(render_drill(site, pb, lang) for pb in site.lib.playbooks.values())
    return out

"""Single pages rendered in Python (fast tier): escaping, cross-references, glossary marks, the
table of contents and the widget's data, from the model."""

from __future__ import annotations

import html
import json
import os
import re
import time
from collections.abc import Callable

import pytest

from conftest import repo_library
from disputekb import pages
from disputekb.bodies import Bodies
from disputekb.chinese import Converter
from disputekb.i18n import BY_CODE, LANGS
from disputekb.library import ModelBuilder
from disputekb.model import Library, Text
from disputekb.render import Site, Toc
from disputekb.urls import Urls

LIB = repo_library()


def site_with(lib: Library) -> Site:
    return Site(lib, Urls(), Converter(lib.overrides))


def test_a_heading_name_is_escaped_for_the_contents() -> None:
    toc = Toc()
    html = toc.h(2, "x", "<img src=x onerror=alert(1)>")
    assert "<img" not in html and "&lt;img" in html
    assert toc.tokens()[0]["name"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_contents_nest_by_level() -> None:
    toc = Toc()
    for level, anchor in [(1, "top"), (2, "a"), (3, "a1"), (3, "a2"), (2, "b")]:
        toc.h(level, anchor, anchor)
    (top,) = toc.tokens()
    assert [c["id"] for c in top["children"]] == ["a", "b"]
    assert [c["id"] for c in top["children"][0]["children"]] == ["a1", "a2"]


def test_a_playbook_page_lists_its_sections_and_every_node_in_its_contents() -> None:
    pb = LIB.playbooks["parcel-never-arrived"]
    page = pages.render_playbook(site_with(LIB), pb, BY_CODE["en"]).render()
    (top,) = page.toc
    ids = [c["id"] for c in top["children"]]
    assert ids[:2] == ["map", "tree"] and "sources" in ids
    tree = next(c for c in top["children"] if c["id"] == "tree")
    assert [c["id"] for c in tree["children"]] == list(pb.nodes)


def test_the_widget_data_carries_routes_not_texts() -> None:
    pb = LIB.playbooks["parcel-never-arrived"]
    page = pages.render_playbook(site_with(LIB), pb, BY_CODE["zh-hant"]).render()
    data = json.loads(re.search(r'data-decision-tree-data="[^"]+">(.*?)</script>', page.html, re.S)[1])
    assert set(data["nodes"]) == set(pb.nodes)
    for node in pb.questions:
        assert [o.get("next") or o.get("playbook") for o in data["nodes"][node.id]["options"]] == [
            o.next or o.playbook for o in node.options
        ]
    # No question text, label or action text of this page is repeated in its JSON.
    for node in pb.nodes.values():
        text = node.text if node.kind == "question" else node.title
        assert text.zh_hant not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("code", ["zh-hant", "zh-hans", "en"])
def test_every_step_is_on_its_playbook_page(code: str) -> None:
    """Every step of every action is in the page's HTML (the widget shows those, cloned)."""
    lang = BY_CODE[code]
    pb = LIB.playbooks["parcel-never-arrived"]
    page = pages.render_playbook(site_with(LIB), pb, lang).render()
    for action in pb.actions:
        for step in action.steps:
            plain = re.sub(r"\{[a-z]+:[^}]*\}", "", step[lang])[:12]
            if plain.strip():
                assert html.unescape(re.sub(r"<[^>]+>", "", page.html)).count(plain) >= 1, (action.id, plain)


def _tiny(steps: list[dict[str, str]]) -> Library:
    make = ModelBuilder(Converter())
    base = {
        "id": "tiny",
        "role": "seller",
        "category": "delivery",
        "phases": ["before-claim"],
        "title": {"zh-Hant": "小指南", "en": "Tiny <b>"},
        "summary": {"zh-Hant": "摘要", "en": "Summary"},
        "audience": {"zh-Hant": "對象", "en": "Audience"},
        "sources": [{"seed": "1.一"}],
        "last_reviewed": "2026-11-30",
        "start": "q",
        "nodes": {
            "q": {
                "question": {"zh-Hant": "問", "en": "Ask"},
                "options": [
                    {"label": {"zh-Hant": "甲", "en": "A"}, "next": "done"},
                    {"label": {"zh-Hant": "乙", "en": "B"}, "next": "done"},
                ],
            },
            "done": {"action": {"zh-Hant": "做完", "en": "Done"}, "steps": steps},
        },
    }
    pb = make.playbook(base, "playbooks/seller/tiny.yml")
    return Library(playbooks={"tiny": pb}, glossary=LIB.glossary, rules=LIB.rules)


def test_a_reference_is_a_link_with_the_target_title_in_the_page_language() -> None:
    lib = _tiny([{"zh-Hant": "見{node:q}", "en": "See {node:q} & <i>"}])
    en = pages.render_playbook(site_with(lib), lib.playbooks["tiny"], BY_CODE["en"]).render().html
    assert '<a class="kb-ref" href="#q">Ask</a>' in en
    assert "&amp; &lt;i&gt;" in en and "<i>" not in en
    hant = pages.render_playbook(site_with(lib), lib.playbooks["tiny"], BY_CODE["zh-hant"]).render().html
    assert '<a class="kb-ref" href="#q">問</a>' in hant


def test_a_glossary_term_is_marked_once_a_page() -> None:
    term = LIB.glossary[0]
    name = term.name.en
    lib = _tiny([{"zh-Hant": "步驟", "en": f"{name} and {name}"}, {"zh-Hant": "步驟", "en": f"again {name}"}])
    html = pages.render_playbook(site_with(lib), lib.playbooks["tiny"], BY_CODE["en"]).render().html
    assert html.count("<abbr title=") == 1


def test_text_in_three_languages() -> None:
    text = Text("簽收", "签收", "signed")
    assert [text[BY_CODE[c]] for c in ("zh-hant", "zh-hans", "en")] == ["簽收", "签收", "signed"]


# --- bodies drawn as MkDocs builds the pages -----------------------------------------------------------


def test_a_page_body_is_drawn_only_when_asked_for() -> None:
    drawn = []
    page = pages.page(
        "glossary.html.j2",
        site_with(LIB).page(BY_CODE["en"], "en/x.md"),
        "X",
        lambda: drawn.append(1) or {"terms": [], "columns": ()},
    )
    assert page.title == "X" and page.meta["title"] == "X" and not drawn
    page.render()
    assert drawn == [1]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="a second process is only started on two cores or more")
def test_bodies_drawn_by_a_second_process_are_the_ones_drawn_here() -> None:
    """In the build's order, out of it, and past the pages drawn ahead: the same bodies."""
    site = site_with(LIB)
    generated = [pages.render_playbook(site, pb, lang) for pb in list(LIB.playbooks.values())[:6] for lang in LANGS]
    expected = {page.src: page.render() for page in generated}
    for order in (generated, generated[::-1], generated[5:] + generated[:5]):
        bodies = Bodies(generated, ahead_from=1)
        try:
            assert bodies.pool is not None
            assert {page.src: bodies.draw(page.src) for page in order} == expected
        finally:
            bodies.close()
        assert bodies.pool is None and not bodies.pending


def test_a_small_library_draws_its_bodies_in_the_build_process() -> None:
    site = site_with(LIB)
    generated = [pages.render_playbook(site, pb, BY_CODE["en"]) for pb in list(LIB.playbooks.values())[:3]]
    bodies = Bodies(generated)
    assert bodies.pool is None
    assert bodies.draw(generated[1].src) == generated[1].render()


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="a second process is only started on two cores or more")
def test_when_the_second_process_dies_the_bodies_are_drawn_here() -> None:
    def slow(n: int) -> Callable[[], pages.Body]:
        def draw() -> pages.Body:
            time.sleep(0.2)  # still drawing when the second process is killed
            return pages.Body(f"<p>{n}</p>", [])

        return draw

    generated = [pages.Generated(f"en/{n}.md", str(n), slow(n)) for n in range(3)]
    bodies = Bodies(generated, ahead_from=1)
    try:
        for process in list(bodies.pool._processes.values()):  # type: ignore[union-attr]
            process.kill()
        assert [bodies.draw(page.src).html for page in generated] == ["<p>0</p>", "<p>1</p>", "<p>2</p>"]
        assert bodies.pool is None
    finally:
        bodies.close()

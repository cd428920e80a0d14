"""The decision-tree widget (docs/assets/decision-tree.js) in real Chromium, on built sites.

Assertions use the documented test hooks and node ids, never the wording of a playbook:
root ``[data-decision-tree][data-playbook]``; the current question ``[data-step][data-node]`` with
``button[data-option][data-next]``; an action ``[data-outcome][data-node]``; controls
``[data-action=back|restart|change]``. State lives in the query string: ``?a=<q>.<next>,...``,
``&at=<q>``, ``&from=<role>/<playbook>``, ``&fa=<answers there>``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import Tabs, build, make_project, serve, watched_page
from disputekb.model import Library, Playbook

pytestmark = pytest.mark.browser

ROOT = "[data-decision-tree]"
STEP = f"{ROOT} [data-step]"
OUTCOME = f"{ROOT} [data-outcome]"
OPTION = f"{STEP} button[data-option]"
# Real journeys in the browser: a buyer's and a seller's playbook, every path (the fast tier walks
# every path of every playbook in Python: tests/test_paths.py).
PLAYBOOK_FILES = ["buyer/parcel-never-arrived", "seller/negative-review"]
INJECT_1 = "<img src=x onerror=alert(1)>"
INJECT_2 = "</script><script>alert(2)</script>"
# The Chinese of the test playbooks: no Latin words there (the editorial rules), so markup is
# tried with one-letter tags, and words are translated.
ZH_INJECT = {INJECT_1: "<b>粗</b>", INJECT_2: "</p><i>斜</i>"}
ZH_WORDS = {"First": "第一", "Second": "第二", "Third": "第三", "On": "繼續", "Stop": "停止", "End": "結束", "Do": "做"}
ZH_WORDS |= {"Widget": "小工具", "test": "測試"}


def _zh(text: str) -> str:
    """The zh-Hant of a test text."""
    for en, zh in ZH_INJECT.items():
        text = text.replace(en, zh)
    text = re.sub(r"[A-Za-z]+", lambda m: ZH_WORDS.get(m.group(0), m.group(0)), text)
    assert not re.search(r"[A-Za-z]{3,}", text), text
    return text


def _pair(zh: str, en: str) -> str:
    return "{zh-Hant: " + json.dumps(zh, ensure_ascii=False) + ", en: " + json.dumps(en) + "}"


def _both(text: str) -> str:
    return _pair(_zh(text), text)


def _playbook(pid: str, nodes: list[str], cases: dict[str, dict[str, str]], *, title: str = "Widget test") -> str:
    head = [
        f"id: {pid}",
        "role: seller",
        "category: delivery",
        "phases: [before-claim]",
        f"title: {_pair(_zh(title) + '（測試）', title)}",
        f"summary: {_pair('測試用的指南。', 'A playbook for tests.')}",
        f"audience: {_pair('測試。', 'Tests.')}",
        "sources:",
        '  - seed: "1.一"',
        'last_reviewed: "2026-11-27"',
        "start: q1",
        "nodes:",
    ]
    # A training case for every action (the validator asks for one).
    tail = ["cases:"]
    for end, answers in cases.items():
        tail += [
            f"  - id: case-{end}",
            f"    story: {_pair('測試的情況。', 'A test case.')}",
            "    answers: {" + ", ".join(f"{q}: {n}" for q, n in answers.items()) + "}",
            f"    expect: {end}",
            f"    lesson: {_pair('測試。', 'A test.')}",
        ]
    return "\n".join(head + nodes + tail) + "\n"


def _question(nid: str, text: str, options: list[tuple[str, str]], help_text: str | None = None) -> str:
    lines = [f"  {nid}:", f"    question: {_both(text)}"]
    if help_text:
        lines.append(f"    help: {_both(help_text)}")
    lines.append("    options:")
    lines += [f"      - label: {_both(label)}\n        next: {nxt}" for label, nxt in options]
    return "\n".join(lines)


def _action(nid: str, title: str, text: str) -> str:
    return "\n".join(
        [
            f"  {nid}:",
            f"    action: {_both(title)}",
            "    steps:",
            f"      - {_both(text)}",
            "    templates:",
            f"      - label: {_both(text)}",
            "        to: buyer",
            f"        text: {_both(text)}",
            f"    escalate: {_both(text)}",
            "    sources:",
            '      - seed: "1.一"',
        ]
    )


# Routes that join: q1 -A-> q2, q1 -B-> q3, q1 -C-> q3 (two options to one node), q3 -> q2 | end-b.
CONVERGING = _playbook(
    "widget-converging",
    [
        _question("q1", "First", [("A", "q2"), ("B", "q3"), ("C", "q3")]),
        _question("q3", "Third", [("On", "q2"), ("Stop", "end-b")]),
        _question("q2", "Second", [("X", "end-a"), ("Y", "end-b")]),
        _action("end-a", "End A", "Do A."),
        _action("end-b", "End B", "Do B."),
    ],
    {"end-a": {"q1": "q2", "q2": "end-a"}, "end-b": {"q1": "q2", "q2": "end-b"}},
)
# Markup in every kind of text a reader sees.
HOSTILE = _playbook(
    "widget-hostile",
    [
        _question("q1", f"Q {INJECT_1} {INJECT_2}", [(f"O {INJECT_1}", "end"), (f"P {INJECT_2}", "end")], INJECT_2),
        _action("end", f"T {INJECT_1} {INJECT_2}", f"S {INJECT_1} {INJECT_2}"),
    ],
    {"end": {"q1": "end"}},
    title=f"H {INJECT_1}",
)


@pytest.fixture(scope="module")
def own_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of two playbooks made for these tests, served on localhost."""
    tmp = tmp_path_factory.mktemp("widget")
    project = make_project(
        tmp, {"seller/widget-converging.yml": CONVERGING, "seller/widget-hostile.yml": HOSTILE}, keep=False
    )
    result = build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    url, stop = serve(tmp / "site")
    yield url
    stop()


@pytest.fixture
def own(tabs: Tabs, own_url: str) -> Iterator[Any]:
    """A new tab for the tests' own site, like conftest's ``page``."""
    with watched_page(tabs, own_url) as page:
        yield page


def _url(base: str, lang: str, pb: Playbook | str, query: str = "") -> str:
    role, pid = (pb.role, pb.id) if isinstance(pb, Playbook) else ("seller", pb)
    return f"{base}/{lang}/{role}/{pid}/{query}"


def _node(page: Any) -> str:
    """The id of the question or action the widget shows; exactly one of them is shown."""
    current = page.locator(f"{STEP}, {OUTCOME}")
    expect(current).to_have_count(1)
    return current.get_attribute("data-node")


def _answer(page: Any, *labels_or_indexes: int) -> None:
    for index in labels_or_indexes:
        page.locator(OPTION).nth(index).click()


def _clean(page: Any) -> None:
    assert page.watch.console_errors == []
    assert page.watch.outside_requests == []


# Every path of every playbook, by clicking, in both authored languages --------------------------

# What the widget shows, in one round trip; with an option index, that option scrolled into view
# and the point to click it. Walking 360 paths this way takes a fraction of locator clicks' time.
_LOOK = """(index) => {
  const root = document.querySelector("[data-decision-tree]");
  const shown = root.querySelectorAll("[data-step], [data-outcome]");
  const step = root.querySelector("[data-step]");
  const options = step ? [...step.querySelectorAll("button[data-option]")] : [];
  const look = {
    shown: shown.length,
    step: step && step.getAttribute("data-node"),
    outcome: shown.length && shown[0].matches("[data-outcome]") ? shown[0].getAttribute("data-node") : null,
    nexts: options.map((b) => b.getAttribute("data-next")),
    restart: !!root.querySelector("[data-action=restart]"),
  };
  const target = index === "restart" ? root.querySelector("[data-action=restart]") : options[index];
  if (target) {
    target.scrollIntoView({ block: "center" });
    const box = target.getBoundingClientRect();
    look.at = [box.x + box.width / 2, box.y + box.height / 2];
  }
  return look;
}"""


def _look(page: Any, index: int | str | None = None) -> dict[str, Any]:
    return page.evaluate(_LOOK, index)


def _tap(page: Any, look: dict[str, Any]) -> None:
    """A real mouse click where ``_look`` found the target."""
    page.mouse.click(*look["at"])


@pytest.mark.parametrize("lang", ["zh-hant", "en"])
@pytest.mark.parametrize("file", PLAYBOOK_FILES)
def test_every_path_ends_in_an_action_or_another_playbook(
    page: Any, base_url: str, lib: Library, lang: str, file: str
) -> None:
    pb = next(p for p in lib.playbooks.values() if Path(p.file).with_suffix("").as_posix().endswith(file))
    home = _url(base_url, lang, pb)
    page.goto(home, wait_until="domcontentloaded")  # the widget is drawn by then
    expect(page.locator(ROOT)).to_have_attribute("data-playbook", pb.id)
    for path in pb.paths():
        if page.url.split("?")[0] != home:
            page.go_back(wait_until="domcontentloaded")  # from the other playbook
            expect(page.locator(ROOT)).to_have_attribute("data-playbook", pb.id)
        look = _look(page, "restart")
        if look["restart"]:
            _tap(page, look)
        for node_id, index in path:
            look = _look(page, index)
            assert look["shown"] == 1, (path, look)
            if index is None:
                assert look["outcome"] == node_id, (path, look)
                continue
            assert look["step"] == node_id, (path, look)
            assert look["nexts"] == [o.target for o in pb.nodes[node_id].options]
            _tap(page, look)
        if path[-1][1] is not None:
            # Continued in another playbook: its page, at its start, knows where the reader came from.
            target = lib.playbooks[pb.nodes[path[-1][0]].options[path[-1][1]].playbook]
            there = re.compile(rf"/{lang}/{target.role}/{target.id}/\?from={pb.role}/{pb.id}")
            page.wait_for_url(there, wait_until="domcontentloaded")
            expect(page.locator(ROOT)).to_have_attribute("data-playbook", target.id)
            assert _look(page)["step"] == target.start
            back = page.locator(f"{ROOT} .kb-dt__from a")
            # The link may be relative: check where it leads.
            assert re.search(rf"/{pb.role}/{pb.id}/(\?a=|$)", back.evaluate("a => a.href")), back.evaluate(
                "a => a.href"
            )
    _clean(page)


def test_a_link_into_another_playbook_leads_back_to_the_step_left(page: Any, base_url: str, lib: Library) -> None:
    pb, path = next(
        (pb, path) for pb in lib.playbooks.values() for path in pb.paths() if len(path) > 1 and path[-1][1] is not None
    )
    page.goto(_url(base_url, "en", pb))
    _answer(page, *(index for _, index in path))
    page.wait_for_url(re.compile(r"\?from="))
    page.locator(f"{ROOT} .kb-dt__from a").click()
    page.wait_for_url(re.compile(rf"/{pb.id}/\?a="))
    assert _node(page) == path[-1][0]
    expect(page.locator(f"{ROOT} [data-action=change]")).to_have_count(len(path) - 1)
    _clean(page)


# Every state is a link -----------------------------------------------------------------------


def test_a_deep_link_restores_the_node_the_answers_and_the_map(own: Any, own_url: str) -> None:
    own.goto(_url(own_url, "en", "widget-converging", "?a=q1.q3.2,q3.q2"))
    assert _node(own) == "q2"
    expect(own.locator(f"{ROOT} [data-action=change]")).to_have_count(2)
    # The second of two options into q3 was chosen: the answers list names that one.
    expect(own.locator(f"{ROOT} .kb-dt__choice").first).to_have_text("C")
    current = own.locator("[data-tree-map] .kb-map__node--current")
    expect(current).to_have_count(3)
    assert {current.nth(i).get_attribute("data-map-node") for i in range(3)} == {"q1", "q3", "q2"}
    taken = own.locator("[data-tree-map] .kb-map__edge--taken")
    assert {taken.nth(i).get_attribute("data-map-edge") for i in range(taken.count())} == {"q1:2", "q3:0"}
    _clean(own)


def test_each_step_is_in_the_url_and_back_steps_back(own: Any, own_url: str) -> None:
    home = _url(own_url, "en", "widget-converging")
    own.goto(home)
    _answer(own, 1)  # B -> q3
    assert own.url == home + "?a=q1.q3"
    _answer(own, 0)  # On -> q2
    _answer(own, 1)  # Y -> end-b
    assert own.url == home + "?a=q1.q3,q3.q2,q2.end-b"
    assert _node(own) == "end-b"
    # The widget's back: the previous question, its answer marked, later answers kept.
    own.locator(f"{ROOT} [data-action=back]").click()
    assert _node(own) == "q2"
    expect(own.locator(f"{OPTION}[aria-current=true]")).to_have_attribute("data-next", "end-b")
    assert own.url == home + "?a=q1.q3,q3.q2,q2.end-b&at=q2"
    # The browser's back: the state before.
    own.go_back()
    assert _node(own) == "end-b"
    own.go_back()
    assert _node(own) == "q2"
    assert own.url == home + "?a=q1.q3,q3.q2"
    own.go_back()
    own.go_back()
    assert _node(own) == "q1"
    expect(own.locator(f"{ROOT} [data-action=back]")).to_have_count(0)
    own.go_forward()
    assert _node(own) == "q3"
    _clean(own)


def test_changing_an_early_answer_keeps_the_later_ones_that_apply(own: Any, own_url: str) -> None:
    own.goto(_url(own_url, "en", "widget-converging", "?a=q1.q2,q2.end-b"))
    assert _node(own) == "end-b"
    own.locator(f"{ROOT} [data-action=change]").first.click()
    assert _node(own) == "q1"
    assert own.url.endswith("?a=q1.q2,q2.end-b&at=q1")
    _answer(own, 1)  # B: q3 was never answered, so it is asked
    assert _node(own) == "q3"
    _answer(own, 0)  # On -> q2, answered before (Y): kept, straight to its action
    assert _node(own) == "end-b"
    assert own.url.endswith("?a=q1.q3,q3.q2,q2.end-b")
    expect(own.locator(f"{ROOT} [data-action=change]")).to_have_count(3)
    # An answer whose route no longer passes a later question leaves that answer off the list
    # (it stays in the link, and applies again if the route comes back to its question).
    own.locator(f"{ROOT} [data-action=change]").nth(1).click()
    _answer(own, 1)  # Stop -> end-b, q2 is no longer on the route
    assert own.url.endswith("?a=q1.q3,q3.end-b,q2.end-b")
    expect(own.locator(f"{ROOT} [data-action=change]")).to_have_count(2)
    own.locator(f"{ROOT} [data-action=back]").click()
    _answer(own, 0)  # On -> q2 again: its answer applies again
    assert _node(own) == "end-b"
    expect(own.locator(f"{ROOT} [data-action=change]")).to_have_count(3)
    _clean(own)


def test_start_again_keeps_nothing(own: Any, own_url: str) -> None:
    home = _url(own_url, "en", "widget-converging")
    own.goto(home + "?a=q1.q2,q2.end-a")
    own.locator(f"{ROOT} [data-action=restart]").click()
    assert own.url == home
    assert _node(own) == "q1"
    expect(own.locator(f"{ROOT} [data-action=change]")).to_have_count(0)
    expect(own.locator("[data-tree-map] .kb-map__edge--taken")).to_have_count(0)


@pytest.mark.parametrize(
    "query",
    [
        "?a=q1.gone",  # a node that no longer exists
        "?a=q1.q2,q1.q3",  # two answers to one question
        "?a=q1.q2,end-a.q1",  # an answer to an action
        "?a=q1.q2,q2.end-a,end-a.q1",  # an answer past an action
        "?a=q1.q3.3",  # a third option into q3 that does not exist
        "?a=q1.q2&at=q3",  # changing a question that was never asked
        "?a=<b>x</b>",  # not even ids
    ],
)
def test_an_invalid_state_restarts_with_a_notice(own: Any, own_url: str, query: str) -> None:
    home = _url(own_url, "en", "widget-converging")
    own.goto(home + query)
    assert _node(own) == "q1"
    expect(own.locator(f"{ROOT} .kb-dt__notice")).to_be_visible()
    assert own.url == home
    _answer(own, 0)
    expect(own.locator(f"{ROOT} .kb-dt__notice")).to_have_count(0)
    _clean(own)


def test_switching_language_keeps_the_node_and_the_answers(page: Any, base_url: str, lib: Library) -> None:
    pb, path = next((pb, p) for pb in lib.playbooks.values() for p in pb.paths() if len(p) >= 3)
    page.goto(_url(base_url, "zh-hant", pb))
    _answer(page, path[0][1], path[1][1])
    query = page.url.split("?")[1]
    node = _node(page)
    for code, tag in (("en", "en"), ("zh-hans", "zh-Hans"), ("zh-hant", "zh-Hant")):
        link = page.locator(f"a[data-kb-lang-link={code}]")
        expect(link).to_have_attribute("href", re.compile(re.escape(f"/{pb.id}/?{query}") + "$"))
        page.locator(".md-header__option .md-select").hover()  # the menu opens on hover
        link.click()
        page.wait_for_url(re.compile(rf"/{code}/{pb.role}/{pb.id}/\?"))
        assert page.evaluate("document.documentElement.lang") == tag
        assert page.url.split("?")[1] == query
        assert _node(page) == node
        expect(page.locator(f"{ROOT} [data-action=change]")).to_have_count(2)
    _clean(page)


# Keyboard, focus, announcements, accessibility -------------------------------------------------


def test_keyboard_enter_and_space_answer_and_focus_moves_to_the_new_heading(own: Any, own_url: str) -> None:
    own.goto(_url(own_url, "en", "widget-converging"))
    own.locator(OPTION).nth(1).focus()
    own.keyboard.press("Enter")
    assert _node(own) == "q3"
    focused = "(() => { const e = document.activeElement; return [/^H[1-6]$/.test(e.tagName), !!e.closest('[data-step], [data-outcome]'), !!e.closest('[data-decision-tree]')]; })()"
    assert own.evaluate(focused) == [True, True, True]
    own.keyboard.press("Tab")  # from the heading to the first option
    assert own.evaluate("document.activeElement.matches('[data-step] button[data-option]')")
    own.keyboard.press("Space")
    assert _node(own) == "q2"
    assert own.evaluate(focused) == [True, True, True]
    own.keyboard.press("Tab")
    own.keyboard.press("Tab")
    own.keyboard.press("Enter")
    assert _node(own) == "end-b"
    assert own.evaluate(focused) == [True, True, True]
    # Each step is announced politely.
    live = own.locator("[aria-live=polite][data-decision-tree-live]")
    expect(live).to_have_count(1)
    expect(live).not_to_have_text("")
    _clean(own)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?a=q1.q3.2,q3.q2",
        "?a=q1.q2,q2.end-a",
        "?a=q1.q2,q2.end-a&at=q2",
        "?a=q1.gone",  # the restart notice
        "?from=seller/widget-hostile&fa=q1.end",  # "you came from"
    ],
)
def test_axe_finds_no_violation_in_the_widget(own: Any, own_url: str, query: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    own.goto(_url(own_url, "en", "widget-converging", query))
    results = Axe().run(own, context=ROOT)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_violation_in_a_real_chinese_outcome(page: Any, base_url: str, lib: Library) -> None:
    from axe_playwright_python.sync_playwright import Axe

    pb = next(iter(lib.playbooks.values()))
    path = next(p for p in pb.paths() if p[-1][1] is None)
    page.goto(_url(base_url, "zh-hant", pb))
    _answer(page, *(index for _, index in path[:-1]))
    assert _node(page) == path[-1][0]
    results = Axe().run(page, context=ROOT)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [390, 640])
def test_usable_on_a_phone_and_at_200_percent_zoom(own: Any, own_url: str, width: int) -> None:
    # 640 CSS pixels wide is a 1280-pixel screen at 200% zoom.
    own.set_viewport_size({"width": width, "height": 800})
    own.goto(_url(own_url, "en", "widget-converging", "?a=q1.q2,q2.end-a"))
    # Nothing sticks out: no sideways scrolling, every control inside the screen.
    assert own.evaluate("document.documentElement.scrollWidth <= innerWidth")
    rights = "[...document.querySelectorAll('[data-decision-tree] :is(a, button, h3, li)')].map(e => e.getBoundingClientRect().right)"
    assert max(own.evaluate(rights)) <= width
    own.locator(f"{ROOT} [data-action=back]").click()
    box = own.locator(OPTION).first.bounding_box()
    assert box["height"] >= 40  # a comfortable target
    _answer(own, 1)
    assert _node(own) == "end-b"


# Copy buttons, print, lifecycle ---------------------------------------------------------------


def test_copy_buttons_copy_the_message_and_say_so(own: Any, own_url: str) -> None:
    own.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=own_url)
    own.goto(_url(own_url, "en", "widget-converging", "?a=q1.q2,q2.end-a"))
    strings = json.loads(own.locator("script[data-kb-strings]").text_content())
    # The static tree's buttons are revealed too (in its disclosure, opened).
    own.locator("[data-tree-details] > summary").click()
    expect(own.locator("[data-static-node] [data-template] button[data-copy]").first).to_be_visible()
    template = own.locator(f"{OUTCOME} [data-template]").first
    template.locator("button[data-copy]").first.click()
    expect(own.locator("[data-decision-tree-live]")).to_contain_text(strings["label.copied"])
    copied = own.evaluate("navigator.clipboard.readText()")
    # What is sent on Taobao: the Chinese, on an English page too.
    assert copied == template.locator("[data-copy-text]").first.text_content().strip() == _zh("Do A.")
    # "Link to this step" copies the address of this very state.
    own.locator(f"{ROOT} button[data-action=link]").click()
    expect(own.locator(f"{ROOT} button[data-action=link]")).to_have_text(strings["label.copied"])
    assert own.evaluate("navigator.clipboard.readText()") == own.url
    _clean(own)


def _template_outcome(lib: Library, differs: bool = False) -> tuple[Playbook, list[tuple[str, int | None]], Any]:
    """A real route to an action with a message template (whose Simplified text differs from
    its Traditional one, with ``differs``), and that template."""
    for pb in lib.playbooks.values():
        for path in pb.paths():
            node = pb.nodes[path[-1][0]]
            if path[-1][1] is not None or not node.templates:
                continue
            m = node.templates[0]
            if "{" not in m.text.en and (not differs or m.text.zh_hans != m.text.zh_hant):
                return pb, path, m
    raise AssertionError("no template to test")


def _route(pb: Playbook, path: list[tuple[str, int | None]]) -> str:
    return "?a=" + ",".join(f"{q}.{pb.nodes[q].options[i].next}" for q, i in path if i is not None)


def test_on_english_pages_the_copy_button_copies_the_chinese_with_the_english_beside_it(
    page: Any, base_url: str, lib: Library
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    pb, path, m = _template_outcome(lib)
    page.goto(_url(base_url, "en", pb, _route(pb, path)))
    template = page.locator(f"{OUTCOME} [data-template]").first
    send = template.locator("[data-copy-text]").first
    expect(send).to_have_attribute("lang", "zh-Hans")
    expect(send).to_have_text(m.text.zh_hans)
    # The English beside it, as a gloss: shown, not copied.
    gloss = template.locator("[data-template-gloss]")
    expect(gloss).to_be_visible()
    expect(gloss).to_contain_text(m.text.en)
    expect(gloss.locator("[data-copy-text]")).to_have_count(0)
    buttons = template.locator("button[data-copy]")
    expect(buttons).to_have_count(1)
    buttons.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == m.text.zh_hans.strip()
    assert re.search(r"[\u4e00-\u9fff]", copied)
    _clean(page)


def test_on_zh_hant_pages_a_reader_can_copy_the_simplified_version(page: Any, base_url: str, lib: Library) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    pb, path, m = _template_outcome(lib, differs=True)
    page.goto(_url(base_url, "zh-hant", pb, _route(pb, path)))
    template = page.locator(f"{OUTCOME} [data-template]").first
    expect(template.locator("[data-template-gloss]")).to_have_count(0)
    template.locator("button[data-copy='zh-Hant']").click()
    assert page.evaluate("navigator.clipboard.readText()") == m.text.zh_hant.strip()
    simplified = template.locator("button[data-copy='zh-Hans']")
    expect(simplified).to_be_visible()
    simplified.click()
    assert page.evaluate("navigator.clipboard.readText()") == m.text.zh_hans.strip()
    # The Simplified text is there to read too, behind its labelled disclosure.
    other = template.locator("[data-copy-text='zh-Hans']")
    expect(other).to_be_hidden()
    template.locator("details summary").click()
    expect(other).to_be_visible()
    expect(other).to_have_attribute("lang", "zh-Hans")
    expect(other).to_have_text(m.text.zh_hans)
    _clean(page)


def test_print_a_journey_as_a_case_note_and_no_journey_as_the_whole_tree(own: Any, own_url: str) -> None:
    home = _url(own_url, "en", "widget-converging")
    own.goto(home)
    own.emulate_media(media="print")
    expect(own.locator(ROOT)).to_be_hidden()
    expect(own.locator("[data-static-node]").first).to_be_visible()
    expect(own.locator("[data-tree-map]")).to_be_visible()
    own.emulate_media(media="screen")
    _answer(own, 0, 0)
    own.emulate_media(media="print")
    expect(own.locator(OUTCOME)).to_be_visible()
    expect(own.locator(f"{ROOT} .kb-dt__answer")).to_have_count(2)
    expect(own.locator(f"{ROOT} .kb-dt__stamp")).to_be_visible()
    # Printed on: the local date and time, 2026-11-27 14:05.
    expect(own.locator(f"{ROOT} .kb-dt__stamp span")).to_have_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"))
    expect(own.locator(f"{ROOT} .kb-dt__stamp a")).to_have_attribute("href", home + "?a=q1.q2,q2.end-a")
    expect(own.locator(f"{ROOT} .kb-dt__stamp a")).to_have_text(home + "?a=q1.q2,q2.end-a")
    for hidden in ("[data-static-node]", "[data-tree-map]", f"{ROOT} [data-action]", f"{ROOT} button"):
        expect(own.locator(hidden).first).to_be_hidden()
    pdf = own.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_restored_from_the_back_forward_cache_it_shows_the_url_state(own: Any, own_url: str) -> None:
    own.goto(_url(own_url, "en", "widget-converging", "?a=q1.q2"))
    own.evaluate(
        "history.replaceState(null, '', '?a=q1.q3'); window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))"
    )
    assert _node(own) == "q3"
    expect(own.locator("a[data-kb-lang-link=en]")).to_have_attribute("href", re.compile(r"\?a=q1\.q3$"))


def test_a_second_initialisation_changes_nothing(own: Any, own_url: str) -> None:
    own.goto(_url(own_url, "en", "widget-converging"))
    own.add_script_tag(url=f"{own_url}/assets/decision-tree.js")
    expect(own.locator(STEP)).to_have_count(1)
    before = own.evaluate("history.length")
    _answer(own, 0)
    assert own.evaluate("history.length") == before + 1
    expect(own.locator("[data-decision-tree-live]")).to_have_count(1)
    _clean(own)


def test_a_failing_widget_leaves_the_static_page(own: Any, own_url: str) -> None:
    url = _url(own_url, "en", "widget-converging")

    def broken(route: Any) -> None:
        body = route.fetch().text()
        route.fulfill(body=re.sub(r'(data-decision-tree-data="[^"]+">)\{', r"\1{{", body), content_type="text/html")

    own.route(url, broken)
    own.goto(url)
    expect(own.locator(ROOT)).to_be_hidden()
    # The whole tree, in no disclosure: the page as without JavaScript.
    expect(own.locator("[data-tree-details]")).to_have_count(0)
    expect(own.locator("[data-static-node]").first).to_be_visible()
    # kb.js reports the failing component, and nothing else fails.
    assert own.watch.console_errors
    assert all(error.startswith("decision-tree:") for error in own.watch.console_errors), own.watch.console_errors


# Safety and the page without JavaScript --------------------------------------------------------


def test_playbook_text_is_shown_as_text_and_runs_nothing(own: Any, own_url: str) -> None:
    dialogs: list[str] = []
    own.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for lang in ("en", "zh-hant"):
        text = (lambda x: x) if lang == "en" else _zh
        own.goto(_url(own_url, lang, "widget-hostile"))
        heading = own.locator(f"{STEP} h1, {STEP} h2, {STEP} h3")
        expect(heading).to_have_text(text(f"Q {INJECT_1} {INJECT_2}"))
        expect(own.locator(OPTION).first).to_have_text(text(f"O {INJECT_1}"))
        _answer(own, 1)
        expect(own.locator(OUTCOME)).to_contain_text(text(f"T {INJECT_1} {INJECT_2}"))
        expect(own.locator(OUTCOME)).to_contain_text(text(f"S {INJECT_1} {INJECT_2}"))
        expect(own.locator(f"{ROOT} .kb-dt__choice")).to_have_text(text(f"P {INJECT_2}"))
        # The message to send is the Chinese, in every language.
        expect(own.locator(f"{OUTCOME} [data-copy-text]").first).to_have_text(_zh(f"S {INJECT_1} {INJECT_2}"))
        assert own.locator("img[src=x], article script:not([type='application/json'])").count() == 0
        assert own.locator("article :is(b, i)").count() == 0
    own.wait_for_timeout(100)
    assert dialogs == []
    _clean(own)


def test_without_javascript_the_static_tree_is_the_page(tabs: Tabs, own_url: str) -> None:
    with tabs.open(own_url, java_script_enabled=False) as page:
        page.goto(_url(own_url, "en", "widget-converging", "?a=q1.q2"))
        expect(page.locator(ROOT)).to_be_hidden()
        expect(page.locator("[data-static-node]")).to_have_count(5)
        for i in range(5):
            expect(page.locator("[data-static-node]").nth(i)).to_be_visible()
        expect(page.locator("[data-template] button[data-copy]").first).to_be_hidden()
        expect(page.locator("[data-tree-map]")).to_be_visible()
        expect(page.locator("details[data-tree-details], [data-map-open]")).to_have_count(0)

"""Training: drills, quick checks, the curriculum, worksheets, answer keys and the record.

The fast tier renders the real library's training pages in Python and reads their contract
(data-* hooks); the browser tier (``-m browser``) runs drills in Chromium on the built site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import LANG_CODES, REPO, PageWatch, Tabs, axe_violations, watched_page
from disputekb import training
from disputekb.chinese import Converter
from disputekb.i18n import BY_CODE, LANGS, strings_data
from disputekb.library import RESERVED_PLAYBOOK_IDS
from disputekb.model import CATEGORIES, ROLES, Library
from disputekb.pages import Generated
from disputekb.render import Site
from disputekb.urls import Urls

# --- reading the pages -----------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every element's tag and attributes, with its text content (scripts included: the drill
    data is JSON in one), and what the page shows outside <template> and <script>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []
        self._hidden = 0
        self.shown: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = {"tag": tag, "attrs": dict(attrs), "text": [], "children": []}
        if self._open:
            self._open[-1]["children"].append(el)
        self.all.append(el)
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self._open.append(el)
            if tag in ("template", "script"):
                self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                for el in self._open[i:]:
                    if el["tag"] in ("template", "script"):
                        self._hidden -= 1
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for el in self._open:
            el["text"].append(data)
        if not self._hidden:
            self.shown.append(data)

    def having(self, attr: str, value: str | None = None) -> list[dict[str, Any]]:
        return [e for e in self.all if attr in e["attrs"] and (value is None or e["attrs"][attr] == value)]

    @staticmethod
    def text(el: dict[str, Any]) -> str:
        return re.sub(r"\s+", " ", "".join(el["text"])).strip()

    @staticmethod
    def inside(el: dict[str, Any], attr: str) -> list[dict[str, Any]]:
        found = []
        for child in el["children"]:
            if attr in child["attrs"]:
                found.append(child)
            found += Elements.inside(child, attr)
        return found


@pytest.fixture(scope="module")
def kb(lib: Library) -> Site:
    """The library as the hooks render it (not the built site: conftest's ``site``)."""
    return Site(lib, Urls(), Converter(lib.overrides))


@pytest.fixture(scope="module")
def pages(kb: Site) -> dict[str, Generated]:
    return {page.src: page for page in training.all_pages(kb)}


@pytest.fixture(scope="module")
def docs(pages: dict[str, Generated]) -> dict[str, Elements]:
    return {src: Elements(page.render().html) for src, page in pages.items()}


# --- the pages -------------------------------------------------------------------------------------


def test_every_playbook_has_a_drill_in_every_language_and_each_role_its_paper(
    lib: Library, pages: dict[str, Generated]
) -> None:
    expected = set()
    for code in LANG_CODES:
        expected |= {f"{code}/training/index.md", f"{code}/training/record.md"}
        expected |= {f"{code}/training/{pid}.md" for pid in lib.playbooks}
        expected |= {f"{code}/training/{role}/{kind}.md" for role in ROLES for kind in ("worksheet", "answer-key")}
    assert set(pages) == expected
    # Stories would answer searches meant for the playbooks: only the curriculum is searched.
    assert {src for src, page in pages.items() if not page.search_exclude} == {
        f"{code}/training/index.md" for code in LANG_CODES
    }


def _drill(docs: dict[str, Elements], code: str, pid: str) -> Elements:
    return docs[f"{code}/training/{pid}.md"]


def test_drill_pages_carry_the_contract_and_every_case(lib: Library, docs: dict[str, Elements]) -> None:
    for code in LANG_CODES:
        for pb in lib.playbooks.values():
            doc = _drill(docs, code, pb.id)
            (root,) = doc.having("data-drill")
            assert root["attrs"]["data-playbook"] == pb.id and root["attrs"]["data-module"] == "drill"
            # Without JavaScript: every case in file order, its story, its answer in a disclosure.
            static = Elements.inside(root, "data-static-case")
            assert [e["attrs"]["data-static-case"] for e in static] == [c.id for c in pb.cases]
            for el, case in zip(static, pb.cases, strict=True):
                (story,) = Elements.inside(el, "data-static-story")
                assert Elements.text(story) == re.sub(r"\s+", " ", case.story[BY_CODE[code]]).strip()
                assert any(child["tag"] == "details" for child in el["children"])
            # The routes and answers as node ids; the texts once, in the template.
            (script,) = doc.having("data-drill-data", pb.id)
            data = json.loads("".join(script["text"]))
            assert data["start"] == pb.start
            assert data["cases"] == [{"id": c.id, "answers": dict(c.answers), "expect": c.expect} for c in pb.cases]
            assert data["guide"] == f"../../{pb.role}/{pb.id}/"
            (bank,) = doc.having("data-drill-bank", pb.id)
            questions = {e["attrs"]["data-bank-question"]: e for e in Elements.inside(bank, "data-bank-question")}
            assert set(questions) == {q.id for q in pb.questions}
            for q in pb.questions:
                assert len(Elements.inside(questions[q.id], "data-option-label")) == len(q.options)
            actions = {e["attrs"]["data-bank-action"] for e in Elements.inside(bank, "data-bank-action")}
            assert actions == {a.id for a in pb.actions}


def test_no_action_is_shown_before_the_end_except_in_the_answers(lib: Library, docs: dict[str, Elements]) -> None:
    """The case list shows stories; actions appear only in the closed answers, the bank and the
    quick checks' choices."""
    pb = lib.playbooks["parcel-not-received"]
    doc = _drill(docs, "en", pb.id)
    (root,) = doc.having("data-drill")
    for case in Elements.inside(root, "data-static-case"):
        outside_answer = [c for c in case["children"] if c["tag"] != "details"]
        text = " ".join(Elements.text(c) for c in outside_answer)
        assert not any(a.title.en in text for a in pb.actions), text


def test_quick_checks_one_per_path_with_its_action_among_at_most_four(
    lib: Library, docs: dict[str, Elements], kb: Site
) -> None:
    firsts = total = 0
    for code in LANG_CODES:
        for pb in lib.playbooks.values():
            checks = _drill(docs, code, pb.id).having("data-quick-check")
            paths = pb.paths()
            assert len(checks) == len(paths), pb.id
            for check, path in zip(checks, paths, strict=True):
                right = training.path_end(pb, path)
                assert check["attrs"]["data-expected"] == right
                choices = [b["attrs"]["data-node"] for b in Elements.inside(check, "data-choice")]
                assert all(b["tag"] == "button" for b in Elements.inside(check, "data-choice"))
                assert right in choices and len(choices) == len(set(choices)) <= 4
                assert len(choices) == min(4, 1 + len([a for a in pb.actions if a.id != right]))
                assert all(c.startswith("playbook:") or c in {a.id for a in pb.actions} for c in choices)
                # The same order in every language and build.
                assert choices == training.quick_check_choices(pb, path)
                # The facts: each question on the path with its answer.
                facts = [Elements.text(li) for li in check["children"][1]["children"]]
                assert len(facts) == len([i for _, i in path if i is not None])
                firsts += choices[0] == right
                total += 1
    # Not always the first choice (4 choices: about a quarter of the time).
    assert firsts < total / 2
    # Rendered again, the same.
    again = Elements(training.render_drill(kb, lib.playbooks["seven-day-return"], LANGS[0]).render().html)
    assert [b["attrs"]["data-node"] for b in again.having("data-choice")] == [
        b["attrs"]["data-node"] for b in _drill(docs, "zh-hant", "seven-day-return").having("data-choice")
    ]


def test_learning_order_puts_the_seed_first_and_rare_situations_last(lib: Library) -> None:
    assert sorted(training.LEARNING_CATEGORIES) == sorted(CATEGORIES)
    for role in ROLES:
        order = training.learning_order(lib.by_role(role))
        assert sorted(pb.id for pb in order) == sorted(pb.id for pb in lib.by_role(role))
        seeded = [training.cites_seed(pb) for pb in order]
        assert seeded == sorted(seeded, reverse=True)
        ranks = [training.LEARNING_CATEGORIES.index(pb.category) for pb in order if training.cites_seed(pb)]
        assert ranks == sorted(ranks)


def test_curriculum_lists_every_playbook_in_learning_order_in_every_language(
    lib: Library, docs: dict[str, Elements]
) -> None:
    for code in LANG_CODES:
        doc = docs[f"{code}/training/index.md"]
        modules = doc.having("data-training-module")
        expected = [pb for role in ROLES for pb in training.learning_order(lib.by_role(role))]
        assert [m["attrs"]["data-module"] for m in modules] == [pb.id for pb in expected]
        for module, pb in zip(modules, expected, strict=True):
            assert module["attrs"]["data-cases"].split() == [c.id for c in pb.cases]
            (link,) = [a for a in module["children"] if a["tag"] == "a"]
            assert link["attrs"]["href"] == f"{pb.id}/"
        assert len(doc.having("data-action", "reset-progress")) == 1
        assert doc.having("data-module", "curriculum")


def _lessons_and_actions(lib: Library, role: str, code: str) -> tuple[list[str], list[str]]:
    lang = BY_CODE[code]
    lessons = [c.lesson[lang] for pb in lib.by_role(role) for c in pb.cases]
    actions = [a.title[lang] for pb in lib.by_role(role) for a in pb.actions]
    return lessons, actions


def test_worksheet_has_every_story_and_no_answers(lib: Library, docs: dict[str, Elements]) -> None:
    for code in LANG_CODES:
        for role in ROLES:
            doc = docs[f"{code}/training/{role}/worksheet.md"]
            shown = " ".join(doc.shown)
            cases = [e["attrs"]["data-paper-case"] for e in doc.having("data-paper-case")]
            order = training.learning_order(lib.by_role(role))
            assert cases == [c.id for pb in order for c in pb.cases]
            lessons, actions = _lessons_and_actions(lib, role, code)
            stories = " ".join(c.story[BY_CODE[code]] for pb in order for c in pb.cases)
            assert not [lesson for lesson in lessons if lesson[:30] in shown]
            # An action's title, unless a story happens to use the same words.
            assert not [a for a in actions if a in shown and a not in stories]
            assert not doc.having("data-expect") and not doc.having("data-path")
            # Links and version, per playbook.
            for pb in order:
                (section,) = doc.having("data-paper-playbook", pb.id)
                text = Elements.text(section)
                assert f"/{code}/training/{pb.id}/" in text and f"/{code}/{role}/{pb.id}/" in text
                assert pb.last_reviewed in text


def test_answer_key_gives_each_case_its_path_action_and_lesson(lib: Library, docs: dict[str, Elements]) -> None:
    for code in LANG_CODES:
        lang = BY_CODE[code]
        for role in ROLES:
            doc = docs[f"{code}/training/{role}/answer-key.md"]
            keyed = {e["attrs"]["data-paper-case"]: e for e in doc.having("data-paper-case")}
            for pb in lib.by_role(role):
                for case in pb.cases:
                    el = keyed[case.id]
                    path = pb.follow(dict(case.answers))
                    assert el["attrs"]["data-path"].split() == [node for node, _ in path]
                    assert el["attrs"]["data-expect"] == case.expect == path[-1][0]
                    text = Elements.text(el)
                    assert pb.node(case.expect).title[lang] in text
                    for node, index in path[:-1]:
                        assert pb.node(node).options[index].label[lang] in text


def test_record_has_a_line_for_every_playbook(lib: Library, docs: dict[str, Elements]) -> None:
    for code in LANG_CODES:
        doc = docs[f"{code}/training/record.md"]
        rows = {e["attrs"]["data-record-playbook"]: e for e in doc.having("data-record-playbook")}
        assert set(rows) == set(lib.playbooks)
        for pid, row in rows.items():
            assert lib.playbooks[pid].last_reviewed in Elements.text(row)
            assert Elements.inside(row, "data-record-score")
        assert doc.having("data-record-date")


def test_browser_strings_come_from_strings_yml() -> None:
    """Every string drill.js asks for exists, in both authored languages; none is written in it."""
    script = (REPO / "docs" / "assets" / "drill.js").read_text(encoding="utf-8")
    keys = set(re.findall(r"""["']((?:drill|widget)\.[a-z_]+)["']""", script))
    strings = strings_data()
    assert len(keys) > 20 and not [k for k in keys if k not in strings]
    # No Chinese and no English sentence in the script's strings.
    assert not re.search(r"[\u4e00-\u9fff]", script)


def test_a_playbook_may_not_take_the_name_of_a_training_page(tmp_path: Path) -> None:
    from test_checklists import _checklist, _problems_in, _section, playbook_yaml

    assert "record" in RESERVED_PLAYBOOK_IDS and "index" in RESERVED_PLAYBOOK_IDS
    text = playbook_yaml("record", "seller", [_checklist("record-sheet", [_section(1, 2)])])
    problems = _problems_in(tmp_path, {"seller/record.yml": text})
    assert any("record.yml" in p and "'record'" in p for p in problems), problems


def test_playbook_pages_link_their_drill(lib: Library, kb: Site) -> None:
    from disputekb.pages import render_playbook

    pb = lib.playbooks["negative-review"]
    html = render_playbook(kb, pb, LANGS[2]).render().html
    assert 'href="../../training/negative-review/" data-drill-link' in html


# --- in Chromium -----------------------------------------------------------------------------------

DRILL = "[data-drill]"


def _drill_url(base: str, code: str, pid: str) -> str:
    return f"{base}/{code}/training/{pid}/"


def _answer_case(page: Any, answers: dict[str, str]) -> None:
    """Click through the current case: at each question, the option leading where ``answers`` say."""
    while page.locator(f"{DRILL} [data-step]").count():
        node = page.get_attribute(f"{DRILL} [data-step]", "data-node")
        page.locator(f'{DRILL} [data-step] button[data-option][data-next="{answers[node]}"]').first.click()


def _answer_wrong(page: Any, right_first: str) -> None:
    """Leave the right path at the first question, then take the first option to the end."""
    page.locator(f'{DRILL} [data-step] button[data-option]:not([data-next="{right_first}"])').first.click()
    while page.locator(f"{DRILL} [data-step]").count():
        page.locator(f"{DRILL} [data-step] button[data-option]").first.click()


@pytest.fixture
def tpage(tabs: Tabs, base_url: str) -> Iterator[Any]:
    with watched_page(tabs, base_url) as page:
        yield page


@pytest.mark.browser
def test_a_drill_answered_right_scores_right_and_the_curriculum_marks_it_done(
    tpage: Any, base_url: str, lib: Library
) -> None:
    pb = lib.playbooks["price-error"]
    page = tpage
    page.goto(_drill_url(base_url, "en", pb.id))
    assert page.locator("[data-drill-static]").is_hidden()
    for n, case in enumerate(pb.cases):
        assert page.get_attribute(f"{DRILL} [data-case]", "data-case") == case.id
        story = page.text_content(f"{DRILL} [data-case] [data-case-story]")
        assert case.story.en.split(" - ")[0][:40] in story
        # The questions one at a time: no action named before the end.
        assert page.locator(f"{DRILL} [data-drill-result]").count() == 0
        _answer_case(page, dict(case.answers))
        result = page.locator(f"{DRILL} [data-drill-result]")
        assert result.get_attribute("data-correct") == "true"
        assert result.get_attribute("data-expected") == case.expect
        assert page.evaluate("document.activeElement.closest('[data-drill-result]') !== null")
        assert page.locator(f"{DRILL} [data-action=try-again]").count() == 0
        page.click(f"{DRILL} [data-action=next-case]")
        if n + 1 < len(pb.cases):
            assert page.evaluate("document.activeElement.textContent").startswith(f"Case {n + 2} of")
    score = page.locator("[data-drill-score]")
    assert score.get_attribute("data-right") == score.get_attribute("data-total") == str(len(pb.cases))
    page.goto(f"{base_url}/en/training/")
    module = page.locator(f'[data-module="{pb.id}"]')
    assert module.get_attribute("data-done") is not None
    assert page.locator("[data-training-module][data-done]").count() == 1
    page.goto(f"{base_url}/en/training/record/")
    row = page.locator(f'[data-record-playbook="{pb.id}"]')
    assert row.locator("[data-record-score]").text_content() == str(len(pb.cases))
    assert row.locator("[data-record-done]").text_content().strip() == "✓"
    assert page.watch.console_errors == [] and page.watch.outside_requests == []


@pytest.mark.browser
def test_a_wrong_answer_shows_where_it_left_the_path_the_action_and_the_lesson(
    tabs: Tabs, base_url: str, lib: Library
) -> None:
    pb = lib.playbooks["parcel-not-received"]
    case = pb.cases[0]
    answers = dict(case.answers)
    with tabs.open(base_url, viewport={"width": 390, "height": 844}) as page:
        watch = page.watch
        page.goto(_drill_url(base_url, "zh-hant", pb.id))
        _answer_wrong(page, answers[pb.start])
        result = page.locator(f"{DRILL} [data-drill-result]")
        assert result.get_attribute("data-correct") == "false"
        assert result.get_attribute("data-expected") == case.expect
        assert result.get_attribute("data-reached") != case.expect
        # The first answer that left the right path, the right option, the action, the lesson.
        assert page.get_attribute(f"{DRILL} [data-divergence]", "data-divergence") == pb.start
        right = next(o for o in pb.node(pb.start).options if o.next == answers[pb.start])
        assert page.text_content("[data-right-option]") == right.label.zh_hant
        assert page.text_content("[data-expected-title]") == pb.node(case.expect).title.zh_hant
        assert case.lesson.zh_hant in page.text_content("[data-lesson]")
        href = page.get_attribute("[data-guide-step]", "href")
        assert href == f"../../{pb.role}/{pb.id}/#{pb.start}"
        # The verdict is spoken.
        assert "沒答對" in page.text_content("[data-drill-live]")
        # On a phone, nothing sticks out.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        # Try again, right this time: the case counts as answered right, the score does not.
        page.click(f"{DRILL} [data-action=try-again]")
        _answer_case(page, answers)
        assert result.get_attribute("data-correct") == "true"
        page.goto(f"{base_url}/zh-hant/training/")
        progress = page.text_content(f'[data-module="{pb.id}"] [data-module-progress]')
        assert f"1／{len(pb.cases)}" in progress
        assert watch.console_errors == [] and watch.outside_requests == []


BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


@pytest.mark.browser
def test_progress_survives_a_reload_and_a_blocked_storage(
    tpage: Any, browser: Any, base_url: str, lib: Library
) -> None:
    pb = lib.playbooks["negative-review"]
    first, second = pb.cases[0], pb.cases[1]
    page = tpage
    page.goto(_drill_url(base_url, "en", pb.id))
    _answer_case(page, dict(first.answers))
    page.click(f"{DRILL} [data-action=next-case]")
    page.reload()
    assert page.get_attribute(f"{DRILL} [data-case]", "data-case") == second.id
    # A trainer can point at a case.
    page.goto(_drill_url(base_url, "en", pb.id) + f"#case-{pb.cases[3].id}")
    assert page.get_attribute(f"{DRILL} [data-case]", "data-case") == pb.cases[3].id
    # Reset from the curriculum forgets it.
    page.goto(f"{base_url}/en/training/")
    assert "1 of" in page.text_content(f'[data-module="{pb.id}"] [data-module-progress]')
    page.click("[data-action=reset-ask]")
    page.click("[data-action=reset-progress]")
    assert page.text_content(f'[data-module="{pb.id}"] [data-module-progress]') == ""
    page.goto(_drill_url(base_url, "en", pb.id))
    assert page.get_attribute(f"{DRILL} [data-case]", "data-case") == first.id
    assert page.watch.console_errors == []

    context = browser.new_context()
    context.add_init_script(BLOCK_STORAGE)
    blocked = context.new_page()
    watch = PageWatch(blocked, base_url)
    try:
        blocked.goto(_drill_url(base_url, "en", pb.id), wait_until="networkidle")
        assert blocked.locator(f"{DRILL} [role=note]").is_visible()
        _answer_case(blocked, dict(first.answers))
        assert blocked.get_attribute(f"{DRILL} [data-drill-result]", "data-correct") == "true"
        blocked.click(f"{DRILL} [data-action=next-case]")
        assert blocked.get_attribute(f"{DRILL} [data-case]", "data-case") == second.id
        blocked.goto(f"{base_url}/en/training/", wait_until="networkidle")
        assert blocked.locator("[data-training-notice]").is_visible()
        blocked.wait_for_timeout(200)
        assert watch.console_errors == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("code", LANG_CODES)
def test_the_record_prints_on_one_a4_page(tpage: Any, base_url: str, code: str, tmp_path: Path) -> None:
    from test_checklists import print_pdf, squash

    pages = print_pdf(tpage, f"{base_url}/{code}/training/record/", tmp_path / "record.pdf")
    assert len(pages) == 1
    printed = squash(pages[0])
    assert squash(tpage.text_content(".kb-record h1")) in printed
    assert f"/{code}/training/record/" in printed
    assert squash(tpage.text_content(".md-tabs__link >> nth=0")) not in printed


@pytest.mark.browser
def test_axe_finds_no_violation_in_the_training_pages(tpage: Any, base_url: str, lib: Library) -> None:
    pb = lib.playbooks["parcel-not-received"]
    found = {}

    def check(name: str) -> None:
        found[name] = axe_violations(tpage, context=".md-content")

    tpage.goto(_drill_url(base_url, "zh-hant", pb.id))
    check("question")
    _answer_wrong(tpage, dict(pb.cases[0].answers)[pb.start])
    tpage.click("[data-quick-check] button[data-choice] >> nth=0")
    check("verdict")
    for path in (
        "en/training/",
        "en/training/record/",
        "en/training/seller/worksheet/",
        "zh-hans/training/buyer/answer-key/",
    ):
        tpage.goto(f"{base_url}/{path}")
        check(path)
    assert {name: v for name, v in found.items() if v} == {}

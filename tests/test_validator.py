"""The validator: one test per rule, each asserting the message names file, path and line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PLAYBOOKS, build, make_project
from disputekb.cli import main as cli_main
from disputekb.library import SUPPORT_FILES, load_library
from disputekb.model import Action, Library, Playbook
from disputekb.problems import PlaybookError, Problem

GOOD = textwrap.dedent(
    """\
    # yaml-language-server: $schema=../schema.json
    id: tiny
    role: seller
    category: delivery
    phases: [before-claim]
    title: {zh-Hant: 小指南, en: A tiny playbook}
    summary: {zh-Hant: 摘要, en: Summary}
    audience: {zh-Hant: 對象, en: Audience}
    sources:
      - seed: "1.一"
    last_reviewed: "2026-11-27"
    start: shipped
    nodes:
      shipped:
        question: {zh-Hant: 發貨了嗎？, en: Shipped?}
        options:
          - label: {zh-Hant: 是, en: "Yes"}
            next: done
          - label: {zh-Hant: 否, en: "No"}
            next: refund
      done:
        action: {zh-Hant: 上傳底單, en: Upload the slip}
        steps:
          - {zh-Hant: 上傳, en: Upload it}
      refund:
        action: {zh-Hant: 退款, en: Refund}
        steps:
          - {zh-Hant: 退款, en: Refund the buyer}
    cases:
      - id: shipped-on-monday
        story: {zh-Hant: 買家問包裹在哪，我們週一已經發貨。, en: "The buyer asks where the parcel is; we shipped it on Monday."}
        answers: {shipped: done}
        expect: done
        lesson: {zh-Hant: 先查底單。, en: Check the slip first.}
      - id: forgot-to-ship
        story: {zh-Hant: 倉庫漏發了這一單。, en: The warehouse missed this order.}
        answers: {shipped: refund}
        expect: refund
        lesson: {zh-Hant: 漏發就早點退款。, en: "If it was missed, refund early."}
    """
)


def with_nodes(extra: str) -> str:
    """GOOD with ``extra`` at the end of its nodes."""
    return GOOD.replace("cases:\n", extra + "cases:\n", 1)


def library_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A playbooks folder with the repository's schema, sources and glossary, and ``files``."""
    root = tmp_path / "playbooks"
    root.mkdir()
    for name in SUPPORT_FILES:
        if (PLAYBOOKS / name).exists():
            shutil.copy(PLAYBOOKS / name, root / name)
    for role in ("buyer", "seller"):
        (root / role).mkdir()
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[Problem]:
    with pytest.raises(PlaybookError) as caught:
        load_library(library_with(tmp_path, files))
    return caught.value.problems


def only(problems: list[Problem], path: str) -> Problem:
    found = [p for p in problems if p.path == path]
    assert found, f"no problem at {path}: {problems}"
    return found[0]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def test_the_good_fixture_is_valid(tmp_path: Path) -> None:
    lib = load_library(library_with(tmp_path, {"seller/tiny.yml": GOOD}))
    assert list(lib.playbooks) == ["tiny"]


def test_target_that_does_not_exist(tmp_path: Path) -> None:
    text = GOOD.replace("next: refund", "next: refnd")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "nodes.shipped.options[1].next")
    assert problem.file == "playbooks/seller/tiny.yml"
    assert problem.line == line_of(text, "next: refnd")
    assert "refnd" in problem.found


def test_missing_start(tmp_path: Path) -> None:
    text = GOOD.replace("start: shipped", "start: begin")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "start")
    assert problem.line == line_of(text, "start: begin")


def test_start_key_absent(tmp_path: Path) -> None:
    text = GOOD.replace("start: shipped\n", "")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "(top level)")
    assert "start" in problem.found


def test_unreachable_node(tmp_path: Path) -> None:
    text = with_nodes(
        "  orphan:\n    action: {zh-Hant: 孤兒, en: Orphan}\n    steps:\n      - {zh-Hant: 無, en: Nothing}\n"
    )
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "nodes.orphan")
    assert problem.line == line_of(text, "orphan:")


def test_cycle(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  done:\n    action: {zh-Hant: 上傳底單, en: Upload the slip}\n    steps:\n      - {zh-Hant: 上傳, en: Upload it}\n",
        "  done:\n    question: {zh-Hant: 再問, en: Again?}\n    options:\n      - label: {zh-Hant: 回, en: Back}\n        next: shipped\n      - label: {zh-Hant: 退, en: Refund}\n        next: refund\n",
    )
    problems = problems_of(tmp_path, {"seller/tiny.yml": text})
    problem = only(problems, "nodes.done.options[0].next")
    assert "loop" in problem.found and "shipped" in problem.found
    assert problem.line == line_of(text, "next: shipped")


@pytest.mark.parametrize("node_id", ["map", "sources", "checklist-x"])
def test_node_id_taken_by_the_page(tmp_path: Path, node_id: str) -> None:
    text = GOOD.replace("refund", node_id)
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), f"nodes.{node_id}")
    assert problem.file == "playbooks/seller/tiny.yml"
    assert problem.line == text.splitlines().index(f"  {node_id}:") + 1
    assert node_id in problem.found
    assert all(anchor in problem.expected for anchor in ("top", "map", "tree", "checklist-"))


def test_question_with_one_option(tmp_path: Path) -> None:
    text = GOOD.replace('      - label: {zh-Hant: 否, en: "No"}\n        next: refund\n', "")
    problems = problems_of(tmp_path, {"seller/tiny.yml": text})
    problem = only(problems, "nodes.shipped.options")
    assert "1 item" in problem.found and "at least 2" in problem.expected


def test_branch_without_an_action(tmp_path: Path) -> None:
    # A node that is neither a question nor an action cannot end a branch.
    text = GOOD.replace(
        "    action: {zh-Hant: 退款, en: Refund}\n    steps:\n      - {zh-Hant: 退款, en: Refund the buyer}\n",
        "    note: {zh-Hant: 空, en: Empty}\n",
    )
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "nodes.refund")
    assert problem.line == line_of(text, "refund:")
    assert "question" in problem.expected and "action" in problem.expected


def test_missing_language(tmp_path: Path) -> None:
    text = GOOD.replace("title: {zh-Hant: 小指南, en: A tiny playbook}", "title: {zh-Hant: 小指南}")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "title")
    assert "en" in problem.found
    assert problem.line == line_of(text, "title:")


# "\x1c" is space to Python's re, not to Rust's: the fast schema check must agree all the same.
@pytest.mark.parametrize("blank", ['""', '"   "', "", '"\\x1c"', '"\u3000"'])
def test_blank_text(tmp_path: Path, blank: str) -> None:
    text = GOOD.replace("summary: {zh-Hant: 摘要, en: Summary}", f"summary:\n  zh-Hant: 摘要\n  en: {blank}")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "summary.en")
    assert problem.line == line_of(text, "  en: " + blank if blank else "  en:")


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = with_nodes("  done:\n    action: {zh-Hant: 重複, en: Twice}\n    steps:\n      - {zh-Hant: 無, en: None}\n")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "nodes.done")
    assert problem.line == line_of(text, "  done:", 2)
    assert f"line {line_of(text, '  done:')}" in problem.found


def test_duplicate_playbook_id(tmp_path: Path) -> None:
    other = GOOD.replace("id: tiny", "id: tiny").replace("role: seller", "role: buyer")
    problems = problems_of(tmp_path, {"seller/tiny.yml": GOOD, "buyer/tiny.yml": other})
    problem = only(problems, "id")
    assert "already used" in problem.found


def test_id_must_match_file_name(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {"seller/small.yml": GOOD}), "id")
    assert problem.file == "playbooks/seller/small.yml" and problem.line == 2


def test_role_must_match_folder(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, {"buyer/tiny.yml": GOOD}), "role")
    assert problem.line == line_of(GOOD, "role:")


@pytest.mark.parametrize("bad_id", ["Tiny", "tiny_one", "tiny--one", "-tiny", "淘寶"])
def test_ids_are_url_safe(tmp_path: Path, bad_id: str) -> None:
    text = GOOD.replace("  done:", f"  {bad_id}:").replace("next: done", f"next: {bad_id}")
    problems = problems_of(tmp_path, {"seller/tiny.yml": text})
    assert any(bad_id in p.found for p in problems), problems


def test_unknown_key(tmp_path: Path) -> None:
    text = GOOD.replace("last_reviewed:", "reviewed_by: me\nlast_reviewed:")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "(top level)")
    assert "reviewed_by" in problem.found


def test_unknown_other_playbook_and_checklist(tmp_path: Path) -> None:
    text = GOOD.replace("        next: refund", "        playbook: nowhere").replace(
        "    steps:\n      - {zh-Hant: 上傳, en: Upload it}",
        "    checklist: no-such-list\n    steps:\n      - {zh-Hant: 上傳, en: Upload it}",
    )
    text += "related: [elsewhere]\n"
    problems = problems_of(tmp_path, {"seller/tiny.yml": text})
    assert "nowhere" in only(problems, "nodes.shipped.options[1].playbook").found
    assert "no-such-list" in only(problems, "nodes.done.checklist").found
    assert only(problems, "related[0]").line == line_of(text, "related:")


def test_unknown_rule_source(tmp_path: Path) -> None:
    text = GOOD.replace('  - seed: "1.一"', "  - rule: made-up-rules\n    article: Art 1")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "sources[0].rule")
    assert problem.line == line_of(text, "rule: made-up-rules")


def test_loop_between_playbooks(tmp_path: Path) -> None:
    a = GOOD.replace("        next: refund", "        playbook: other")
    b = GOOD.replace("id: tiny", "id: other").replace("        next: refund", "        playbook: tiny")
    problems = problems_of(tmp_path, {"seller/tiny.yml": a, "seller/other.yml": b})
    assert any("loop between playbooks" in p.found for p in problems), problems


CHECKLIST = """checklists:
  - id: list-one
    title: {zh-Hant: 清單, en: List}
    pause_point: {zh-Hant: 之前, en: Before}
    kind: read-do
    sections:
"""


def test_checklist_section_of_ten_items(tmp_path: Path) -> None:
    items = "".join(f"          - {{zh-Hant: 項{i}, en: Item {i}}}\n" for i in range(10))
    text = GOOD + CHECKLIST + "      - items:\n" + items
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "checklists[0].sections[0].items")
    assert "at most 9" in problem.expected


def test_checklist_too_long_for_a_page(tmp_path: Path) -> None:
    section = "      - items:\n" + "".join(f"          - {{zh-Hant: 項{i}, en: Item {i}}}\n" for i in range(6))
    text = GOOD + CHECKLIST + section * 3
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "checklists[0].sections")
    assert "A4" in problem.expected


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    text = GOOD.replace("title: {zh-Hant: 小指南, en: A tiny playbook}", "title: {zh-Hant: 小指南, en: What now?: no}")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "(YAML syntax)")
    assert problem.line == line_of(text, "What now?")


def test_not_utf8(tmp_path: Path) -> None:
    raw = GOOD.encode("utf-8").replace("小指南".encode(), "小指南".encode("big5"))
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": raw}), "(file)")
    assert problem.line == line_of(GOOD, "小指南")
    assert "UTF-8" in problem.expected


@pytest.mark.parametrize(
    ("content", "found"),
    [("", "empty"), ("# only a comment\n", "empty"), ("- a\n- b\n", "list"), ("just text\n", "text")],
)
def test_not_a_mapping(tmp_path: Path, content: str, found: str) -> None:
    problem = problems_of(tmp_path, {"seller/tiny.yml": content})[0]
    assert found in problem.found and problem.file == "playbooks/seller/tiny.yml"


def test_too_large(tmp_path: Path) -> None:
    text = GOOD + "#" + "x" * (1024 * 1024) + "\n"
    problem = problems_of(tmp_path, {"seller/tiny.yml": text})[0]
    assert "1 MiB" in problem.expected


def test_aliases_are_refused_without_expanding(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'
    problems = problems_of(tmp_path, {"seller/tiny.yml": GOOD.replace("start: shipped", "start: shipped\n" + bomb)})
    assert any("alias" in p.found for p in problems)


def test_yes_and_no_stay_text(tmp_path: Path) -> None:
    text = GOOD.replace('en: "Yes"', "en: yes").replace('en: "No"', "en: no")
    lib = load_library(library_with(tmp_path, {"seller/tiny.yml": text}))
    assert lib.playbooks["tiny"].nodes["shipped"].options[0].label.en == "yes"


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    broken = GOOD.replace("next: refund", "next: nowhere").replace(
        "title: {zh-Hant: 小指南, en: A tiny playbook}", "title: {zh-Hant: 小指南}"
    )
    other = GOOD.replace("id: tiny", "id: other").replace("start: shipped", "start: none")
    problems = problems_of(tmp_path, {"seller/tiny.yml": broken, "seller/other.yml": other})
    assert {p.file for p in problems} == {"playbooks/seller/tiny.yml", "playbooks/seller/other.yml"}


def test_cli_prints_the_problems_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = library_with(tmp_path, {"seller/tiny.yml": GOOD.replace("next: refund", "next: refnd")})
    assert cli_main(["check", str(root)]) == 1
    err = capsys.readouterr().err
    assert "tiny.yml:" in err and "nodes.shipped.options[1].next" in err and "Traceback" not in err


def test_cli_lists_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = library_with(tmp_path, {"seller/tiny.yml": GOOD})
    assert cli_main(["check", "--paths", "--lang", "en", str(root / "seller" / "tiny.yml")]) == 0
    out = capsys.readouterr().out
    assert "(2 paths)" in out and "[done]" in out and "[refund]" in out


@pytest.mark.build
def test_build_fails_with_the_message_and_writes_no_page(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"seller/tiny.yml": GOOD.replace("next: refund", "next: refnd")}, keep=False)
    out = tmp_path / "out"
    result = build(project, out)
    assert result.returncode == 1
    assert "playbooks/seller/tiny.yml" in result.stderr and "nodes.shipped.options[1].next" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(out.rglob("tiny*"))


# --- training cases ------------------------------------------------------------------------------


def test_a_case_through_an_option_that_does_not_exist(tmp_path: Path) -> None:
    text = GOOD.replace("answers: {shipped: done}", "answers: {shipped: nowhere}")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "cases[0].answers.shipped")
    assert problem.line == line_of(text, "answers: {shipped: nowhere}")
    assert "'shipped: nowhere'" in problem.found and "done, refund" in problem.expected


def test_a_case_that_stops_before_an_action(tmp_path: Path) -> None:
    text = GOOD.replace("answers: {shipped: done}", "answers: {}")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "cases[0].answers")
    assert problem.line == line_of(text, "answers: {}")
    assert "no answer for the question 'shipped'" in problem.found


def test_a_case_that_ends_in_another_action(tmp_path: Path) -> None:
    text = GOOD.replace("answers: {shipped: done}", "answers: {shipped: refund}")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "cases[0].expect")
    assert problem.line == line_of(text, "expect: done")
    assert "ends in 'refund', not in the expected 'done'" in problem.found


def test_a_case_expecting_a_question(tmp_path: Path) -> None:
    text = GOOD.replace("expect: done", "expect: shipped")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "cases[0].expect")
    assert "not an action" in problem.found and "done, refund" in problem.expected


def test_a_case_answering_off_its_path(tmp_path: Path) -> None:
    text = GOOD.replace("answers: {shipped: done}", "answers: {shipped: done, other: done}")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "cases[0].answers")
    assert "not on the path (other)" in problem.found


def test_case_ids_are_unique(tmp_path: Path) -> None:
    text = GOOD.replace("id: forgot-to-ship", "id: shipped-on-monday")
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "cases[1].id")
    assert "again" in problem.found


# --- cross-references ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "found"),
    [
        ("{node:nowhere}", "not a node of this playbook"),
        ("{playbook:nowhere}", "not a playbook"),
        ("{playbook:tiny#nowhere}", "has no node 'nowhere'"),
        ("{checklist:nowhere}", "not a checklist"),
        ("{link:done}", "not a reference"),
    ],
)
def test_a_dangling_reference_is_an_error_with_its_line(tmp_path: Path, reference: str, found: str) -> None:
    text = GOOD.replace(
        "- {zh-Hant: 上傳, en: Upload it}", f'- {{zh-Hant: "上傳，見{reference}", en: "Upload it: see {reference}"}}'
    )
    problems = problems_of(tmp_path, {"seller/tiny.yml": text})
    problem = only(problems, "nodes.done.steps[0].zh-Hant")
    assert found in problem.found and problem.line == line_of(text, reference)


def test_references_that_resolve_pass(tmp_path: Path) -> None:
    text = GOOD.replace(
        "- {zh-Hant: 上傳, en: Upload it}",
        '- {zh-Hant: "上傳，見{node:refund}和{playbook:tiny#done}", en: "Upload it: see {node:refund} and {playbook:tiny#done}"}',
    )
    assert load_library(library_with(tmp_path, {"seller/tiny.yml": text})).playbooks["tiny"]


def test_both_languages_carry_the_same_references(tmp_path: Path) -> None:
    text = GOOD.replace("- {zh-Hant: 上傳, en: Upload it}", '- {zh-Hant: "上傳，見{node:refund}", en: "Upload it"}')
    problem = only(problems_of(tmp_path, {"seller/tiny.yml": text}), "nodes.done.steps[0].en")
    assert "in en but" in problem.found


# --- every playbook in the repository -------------------------------------------------------


def test_every_playbook_in_the_repository_validates(lib: Library) -> None:
    assert lib.playbooks


def test_every_path_of_every_playbook_ends_in_an_action(lib: Library) -> None:
    for pb in lib.playbooks.values():
        for path in pb.paths():
            last_node, option = path[-1]
            node = pb.nodes[last_node]
            if option is None:
                assert isinstance(node, Action), (pb.id, path)
            else:
                target = node.options[option].playbook
                assert target in lib.playbooks, (pb.id, path)


# --- property test: the validator against a simple oracle ------------------------------------


def oracle_every_branch_ends_in_an_action(start: str, nodes: dict[str, list[str] | None]) -> bool:
    """Independent and naive: explore every path with a visited trail; `None` marks an action."""

    def ends(node: str, trail: frozenset[str]) -> bool:
        if node not in nodes or node in trail:
            return False
        targets = nodes[node]
        if targets is None:
            return True
        return len(targets) >= 2 and all(ends(t, trail | {node}) for t in targets)

    reachable, todo = set(), [start]
    while todo:
        n = todo.pop()
        if n in reachable or n not in nodes:
            continue
        reachable.add(n)
        todo.extend(nodes[n] or [])
    return ends(start, frozenset()) and reachable == set(nodes)


graphs = st.integers(min_value=1, max_value=7).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.one_of(st.none(), st.lists(st.integers(min_value=0, max_value=n), min_size=1, max_size=3)),
            min_size=n,
            max_size=n,
        ),
    )
)


def to_yaml(nodes: dict[str, list[str] | None]) -> str:
    out = GOOD.split("nodes:\n")[0].replace("start: shipped", "start: n0") + "nodes:\n"
    for name, targets in nodes.items():
        if targets is None:
            out += f"  {name}:\n    action: {{zh-Hant: 做, en: Do}}\n    steps:\n      - {{zh-Hant: 做, en: Do it}}\n"
        else:
            out += f"  {name}:\n    question: {{zh-Hant: 問, en: Ask}}\n    options:\n"
            out += "".join(f"      - label: {{zh-Hant: 選, en: Pick}}\n        next: {t}\n" for t in targets)
    return out + cases_yaml(nodes)


def cases_yaml(nodes: dict[str, list[str] | None]) -> str:
    """A training case for every action the start reaches (by the first path found to it)."""
    routes: dict[str, list[tuple[str, str]]] = {"n0": []}
    todo = ["n0"]
    while todo:
        node = todo.pop(0)
        for target in nodes.get(node) or []:
            if target in nodes and target not in routes:
                routes[target] = [*routes[node], (node, target)]
                todo.append(target)
    out = "cases:\n"
    for name, route in routes.items():
        if nodes[name] is None:
            answers = ", ".join(f"{q}: {t}" for q, t in route)
            out += f"  - id: to-{name}\n    story: {{zh-Hant: 故事, en: A story}}\n    answers: {{{answers}}}\n"
            out += f"    expect: {name}\n    lesson: {{zh-Hant: 要點, en: The point}}\n"
    return out


@settings(max_examples=150, deadline=None)
@given(graphs)
def test_validator_agrees_with_an_oracle(
    tmp_path_factory: pytest.TempPathFactory, graph: tuple[int, list[list[int] | None]]
) -> None:
    _, shape = graph
    # Target index n is one past the last node: a dangling reference.
    nodes = {f"n{i}": (None if targets is None else [f"n{t}" for t in targets]) for i, targets in enumerate(shape)}
    tmp = tmp_path_factory.mktemp("prop")
    root = library_with(tmp, {"seller/tiny.yml": to_yaml(nodes)})
    try:
        lib = load_library(root)
        verdict = True
    except PlaybookError:
        verdict = False
    assert verdict == oracle_every_branch_ends_in_an_action("n0", nodes)
    if verdict:
        pb: Playbook = lib.playbooks["tiny"]
        assert all(isinstance(pb.nodes[path[-1][0]], Action) for path in pb.paths())


# --- the fast path and the careful path agree ---------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_fast_and_careful_paths_agree(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    """fast_load + jsonschema-rs must accept exactly what load_yaml + jsonschema accepts."""
    from disputekb import schema
    from disputekb.yamlfile import fast_load, load_yaml

    lines = (GOOD + CHECKLIST + "      - items:\n          - {zh-Hant: 項, en: Item}\n").splitlines()
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        i = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
        edit = data.draw(st.sampled_from(["drop", "repeat", "blank", "yes", "alias", "indent", "number"]))
        line = lines[i]
        key, sep, _ = line.partition(": ")
        if edit == "drop":
            del lines[i]
        elif edit == "repeat":
            lines.insert(i, line)
        elif edit == "blank" and sep:
            lines[i] = key + ":"
        elif edit == "yes" and sep:
            lines[i] = key + ": yes"
        elif edit == "alias" and sep:
            lines[i] = key + ": &a x"
            lines.append("extra: *a")
        elif edit == "indent":
            lines[i] = "  " + line
        elif edit == "number" and sep:
            lines[i] = key + ": 12"
    text = "\n".join(lines) + "\n"
    schema_file = PLAYBOOKS / "schema.json"
    path = tmp_path_factory.mktemp("agree") / "x.yml"
    path.write_text(text, encoding="utf-8")
    fast = fast_load(text)
    fast_ok = isinstance(fast, dict) and schema.is_valid(fast, schema_file)
    careful = load_yaml(path, "x.yml")
    careful_ok = not careful.problems and careful.data is not None and not schema.check(careful, schema_file)
    assert fast_ok == careful_ok, text
    if fast_ok:
        assert fast == careful.data


def test_every_playbook_names_its_schema_for_editors() -> None:
    """The first line lets editors (yaml-language-server) complete and check the fields."""
    files = sorted(PLAYBOOKS.glob("*/*.yml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema.json", path


# --- the project's settings ---------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("playbook_edit_base: not-an-address", "'extra.playbook_edit_base': expected an address ending in '/'"),
        ("playbooks_dir: nowhere", "'extra.playbooks_dir': 'nowhere'"),
    ],
)
def test_a_wrong_setting_stops_the_build_naming_the_key(tmp_path: Path, setting: str, message: str) -> None:
    project = make_project(tmp_path, {"seller/tiny.yml": GOOD}, keep=False)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("extra:\n", f"extra:\n  {setting}\n", 1), encoding="utf-8"
    )
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert message in result.stderr and "Example:" in result.stderr and "Traceback" not in result.stderr

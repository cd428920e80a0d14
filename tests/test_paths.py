"""Every path of every playbook, walked in Python (fast, no browser), the way Smart Answers tests
its flows node by node: each ends in an action or continues in another playbook at its start,
and every training case walks, answer by answer, to the action it expects."""

from __future__ import annotations

import pytest

from conftest import repo_library
from disputekb.model import Action, Library, Question

LIB = repo_library()
IDS = sorted(LIB.playbooks)


@pytest.mark.parametrize("pid", IDS)
def test_every_path_ends_in_an_action_or_another_playbook(lib: Library, pid: str) -> None:
    pb = lib.playbooks[pid]
    paths = pb.paths()
    assert paths
    reached = set()
    for path in paths:
        for node_id, option in path[:-1]:
            node = pb.node(node_id)
            assert isinstance(node, Question) and option is not None
            assert node.options[option].next == path[path.index((node_id, option)) + 1][0]
        last, option = path[-1]
        node = pb.node(last)
        if option is None:
            assert isinstance(node, Action), (pid, path)
            reached.add(last)
        else:
            target = node.options[option].playbook
            assert target in lib.playbooks and target != pid, (pid, path)
    # Every action is the end of some path: none is unreachable.
    assert reached == {a.id for a in pb.actions}


@pytest.mark.parametrize("pid", IDS)
def test_every_case_walks_to_its_expected_action(lib: Library, pid: str) -> None:
    pb = lib.playbooks[pid]
    for case in pb.cases:
        path = pb.follow(dict(case.answers))
        assert path, case.id
        assert path[-1] == (case.expect, None), (case.id, path)
        assert {q for q, _ in path[:-1]} == {q for q, _ in case.answers}, case.id

"""Walking a validated playbook's tree."""

from __future__ import annotations

from .library import Playbook

# A path is the list of (node id, chosen option index) from the start; the last entry is
# (action id, None), or a question whose chosen option continues in another playbook.
Step = tuple[str, int | None]


def all_paths(pb: Playbook) -> list[list[Step]]:
    """Every path from the start to an action or into another playbook, in reading order."""
    paths: list[list[Step]] = []

    def walk(node_id: str, trail: list[Step]) -> None:
        node = pb.nodes[node_id]
        if "options" not in node:
            paths.append([*trail, (node_id, None)])
            return
        for i, option in enumerate(node["options"]):
            if "next" in option:
                walk(option["next"], [*trail, (node_id, i)])
            else:
                paths.append([*trail, (node_id, i)])

    walk(pb.data["start"], [])
    return paths

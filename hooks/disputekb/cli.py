"""Command line: ``python -m disputekb check [--paths] [PATH ...]``.

``check`` validates the whole library the given paths belong to (links between playbooks
make a partial check meaningless), prints every problem and exits 1 if there is any.
``--paths`` also prints every path from the start to an action of the named playbooks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import editorial
from .i18n import BY_TAG
from .library import load_library
from .model import Action, Library, Question
from .problems import PlaybookError

DEFAULT_ROOT = Path("playbooks")


def _root_of(path: Path) -> Path:
    path = path.resolve()
    for candidate in [path, *path.parents]:
        if (candidate / "schema.json").is_file() and (candidate / "sources.yml").is_file():
            return candidate
    raise SystemExit(f"error: {path} is not inside a playbooks folder (one with schema.json and sources.yml)")


def _print_paths(lib: Library, ids: list[str], tag: str) -> None:
    lang = BY_TAG[tag]
    for pid in ids:
        pb = lib.playbooks[pid]
        paths = pb.paths()
        print(f"{pb.file}: {pb.title[lang]} ({len(paths)} paths)")
        for n, path in enumerate(paths, 1):
            steps = []
            for node_id, option in path:
                node = pb.node(node_id)
                if isinstance(node, Action):
                    steps.append(f"=> [{node_id}] {node.title[lang]}")
                elif isinstance(node, Question) and option is not None:
                    choice = node.options[option]
                    steps.append(f"{node.text[lang]} -> {choice.label[lang]}")
                    if choice.playbook:
                        steps.append(f"=> continue in playbook '{choice.playbook}'")
            print(f"  {n}. " + "\n     ".join(steps))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m disputekb", description="Check Taobao dispute playbooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the playbooks and print every problem")
    check.add_argument(
        "paths", nargs="*", type=Path, help="playbook files or the playbooks folder (default: playbooks/)"
    )
    check.add_argument(
        "--paths",
        dest="show_paths",
        action="store_true",
        help="print every start-to-action path of the named playbooks (all when none is named)",
    )
    check.add_argument(
        "--lang", choices=["zh-Hant", "en"], default="zh-Hant", help="language of --paths (default: zh-Hant)"
    )
    args = parser.parse_args(argv)

    targets = args.paths or [DEFAULT_ROOT]
    roots = {_root_of(p) for p in targets}
    if len(roots) != 1:
        print("error: the paths belong to different playbooks folders", file=sys.stderr)
        return 2
    root = roots.pop()
    try:
        lib = load_library(root)
    except PlaybookError as err:
        print(err.report(), file=sys.stderr)
        return 1
    unused = editorial.unused_overrides(lib)
    for phrase in unused:
        print(
            f"warning: zh-hans-overrides.yml: overrides.{phrase}: a correction no text uses any more; remove it",
            file=sys.stderr,
        )
    named = {p.resolve() for p in targets if p.is_file()}
    ids = [pid for pid, pb in lib.playbooks.items() if not named or (root.parent / pb.file).resolve() in named]
    if args.show_paths:
        _print_paths(lib, ids, args.lang)
    checklists = sum(len(pb.checklists) for pb in lib.playbooks.values())
    cases = sum(len(pb.cases) for pb in lib.playbooks.values())
    print(
        f"ok: {len(lib.playbooks)} playbooks, {checklists} checklists, {cases} training cases,"
        f" {len(lib.glossary)} glossary terms" + (f", {len(unused)} warnings" if unused else "")
    )
    return 0

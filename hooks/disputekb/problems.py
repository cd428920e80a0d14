"""Problems found in authored files, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render a path inside a document the way authors read it: ``nodes.a.options[1].next``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top level)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where it is, what was found, what is expected."""

    file: str
    line: int
    path: str
    found: str
    expected: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.found}; expected {self.expected}"


class PlaybookError(Exception):
    """Raised when authored files have problems; carries all of them, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the playbooks:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

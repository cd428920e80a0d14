"""Read one authored YAML file safely, keeping the line of every value.

Every scalar loads as text, exactly as written: ``yes``, ``no``, ``null``, dates and numbers
stay text, and an empty value is ``''``. Duplicate keys, anchors and aliases, files that are
too large, not UTF-8 or not a mapping are problems, never exceptions.

Two ways in, tried in turn by :func:`read_file` in ``library.py``:

1. :func:`fast_load`: libyaml composes the document (in C), and the nodes become plain data,
   every scalar as text; duplicate keys and aliases are refused (it then returns ``None``).
2. :func:`load_yaml`, the careful path: PyYAML composing nodes, recording the line of every
   value for messages. It is the authority: the fast path only ever returns the same data
   (``tests/test_validator.py`` checks this on random and on tricky texts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from .problems import Path, Problem, format_path

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _Suspect(Exception):
    """Raised by the fast path on anything that needs the careful path's judgement."""


_SCALAR, _SEQUENCE = yaml.ScalarNode, yaml.SequenceNode


class _Composer(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's composer without tag resolution: every scalar is text here anyway."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return ""


def _plain(node: yaml.Node, seen: set[int], depth: int) -> Any:
    """A composed node as plain data, every scalar as text; refuses what the careful path must
    explain: aliases, duplicate or non-text keys, too deep a nesting."""
    if node.__class__ is _SCALAR:
        return node.value
    if id(node) in seen or depth > MAX_DEPTH:
        raise _Suspect
    seen.add(id(node))
    if node.__class__ is _SEQUENCE:
        return [_plain(child, seen, depth + 1) for child in node.value]
    out: dict[str, Any] = {}
    for key, value in node.value:
        if key.__class__ is not _SCALAR or key.value in out:
            raise _Suspect
        out[key.value] = _plain(value, seen, depth + 1)
    return out


def fast_load(text: str) -> Any:
    """The data of a good file, quickly (libyaml composes it, in C); ``None`` when the careful
    path must explain something."""
    try:
        node = yaml.compose(text, Loader=_Composer)
        return None if node is None else _plain(node, set(), 0)
    except (_Suspect, yaml.YAMLError, RecursionError):
        return None


def read_text(path: FsPath, display: str) -> tuple[str | None, YamlDoc]:
    """The file's text, or a document holding the reason it cannot be read as text."""
    doc = YamlDoc(display)
    try:
        raw = path.read_bytes()
    except OSError as err:
        doc.problems.append(doc.problem((), f"the file cannot be read ({err.strerror})", "a readable file"))
        return None, doc
    if len(raw) > MAX_BYTES:
        doc.problems.append(doc.problem((), f"the file is {len(raw):,} bytes", f"at most {MAX_BYTES:,} bytes (1 MiB)"))
        return None, doc
    try:
        return raw.decode("utf-8-sig"), doc
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        doc.problems.append(
            Problem(
                doc.file, line, "(file)", f"a byte that is not UTF-8 (0x{raw[err.start]:02x})", "a file saved as UTF-8"
            )
        )
        return None, doc


@dataclass
class YamlDoc:
    """A loaded document: its data, the line of every path in it, and its problems.

    A document read by the fast path has no lines yet; they are found (by reading ``source``
    again, carefully) the first time a message needs one.
    """

    file: str
    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    source: FsPath | None = None  # set by the fast path: where to find lines later
    path: FsPath | None = None  # the file read

    def line(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        if not self.lines and self.source is not None:
            self.lines = load_yaml(self.source, self.file).lines
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: Path, found: str, expected: str) -> Problem:
        return Problem(self.file, self.line(path), format_path(path), found, expected)


def load_yaml(path: FsPath, display: str | None = None, text: str | None = None) -> YamlDoc:
    """Load ``path`` recording lines; ``display`` is the file name used in messages."""
    if text is None:
        text, doc = read_text(path, display or str(path))
        if text is None:
            return doc
    doc = YamlDoc(display or str(path))
    top: Path = ()
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [err.context, err.problem]))
        doc.problems.append(
            Problem(
                doc.file,
                line,
                "(YAML syntax)",
                f"invalid YAML: {what}",
                "valid YAML (check indentation, and quote texts that contain ': ' or start with a special character)",
            )
        )
        return doc
    except yaml.YAMLError as err:
        doc.problems.append(Problem(doc.file, 1, "(YAML syntax)", f"invalid YAML: {err}", "valid YAML"))
        return doc
    if node is None:
        doc.problems.append(doc.problem(top, "an empty file", "a mapping of keys to values"))
        return doc
    if not isinstance(node, yaml.MappingNode):
        doc.problems.append(
            Problem(
                doc.file, node.start_mark.line + 1, "(top level)", f"a {_kind(node)}", "a mapping of keys to values"
            )
        )
        return doc
    doc.data = _Builder(doc).build(node, top, 0)
    return doc


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return f"text ({node.value!r})"


class _Builder:
    """Turn a composed node tree into plain dicts, lists and strings, recording lines."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        doc = self.doc
        doc.lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in self.seen:
            doc.problems.append(
                doc.problem(
                    path,
                    "a YAML alias (*name) repeating an anchor (&name)",
                    "the value written out in full; anchors and aliases are not allowed",
                )
            )
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            doc.problems.append(
                doc.problem(path, f"values nested more than {MAX_DEPTH} levels deep", "a flatter structure")
            )
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    doc.problems.append(
                        Problem(
                            doc.file,
                            key_node.start_mark.line + 1,
                            format_path(path),
                            f"a {_kind(key_node)} used as a key",
                            "plain text keys",
                        )
                    )
                    continue
                key = key_node.value
                sub = (*path, key)
                line = key_node.start_mark.line + 1
                if key in out:
                    doc.problems.append(
                        Problem(
                            doc.file,
                            line,
                            format_path(sub),
                            f"the key '{key}' a second time (first on line {doc.lines[sub]})",
                            "each key once in a mapping",
                        )
                    )
                    continue
                doc.lines[sub] = line
                out[key] = self.build(value_node, sub, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return node.value

"""Load every authored file, validate it, and build the model the renderers use.

``load_library(root)`` either returns a :class:`~disputekb.model.Library` in which every rule
holds, or raises :class:`PlaybookError` with every problem of every file at once. The checks
here read the files' data as loaded; :func:`build` then turns it into the typed model, the only
form the rest of the package sees.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path as FsPath
from typing import Any

from . import editorial, schema
from .chinese import Converter
from .i18n import AUTHORED as LANGS
from .model import (
    ROLES,
    SELLER_DESKS,
    Action,
    Case,
    Checklist,
    Library,
    Names,
    Option,
    Playbook,
    Question,
    Rule,
    Section,
    Source,
    Template,
    Term,
    Text,
    default_desk,
)
from .problems import Path, PlaybookError, Problem
from .yamlfile import YamlDoc, fast_load, load_yaml, read_text

# What a playbooks folder holds beside the playbooks: the schemas, the sources, the glossary and
# the zh-Hans corrections (tests and benchmarks copy these to make libraries of their own).
SUPPORT_FILES = (
    "schema.json",
    "glossary.schema.json",
    "sources.schema.json",
    "zh-hans-overrides.schema.json",
    "sources.yml",
    "glossary.yml",
    "zh-hans-overrides.yml",
)
# One A4 sheet holds at most this many checklist lines, counting a section heading as one.
CHECKLIST_MAX_SECTIONS = 4
CHECKLIST_MAX_LINES = 14
# Checklist ids that would name another page (urls.checklists: <lang>/checklists/index).
RESERVED_CHECKLIST_IDS = ("index",)
# Playbook ids that would name another page: a role's hub (urls.hub) and the training pages
# (urls.training, urls.training_record).
RESERVED_PLAYBOOK_IDS = ("index", "record")


def is_question(node: dict[str, Any]) -> bool:
    return "question" in node


def load_library(root: FsPath, files: list[FsPath] | None = None) -> Library:
    """Load and validate the playbooks under ``root`` (the ``playbooks/`` folder).

    ``files`` limits which playbook files are read (all of ``root/<role>/*.yml`` by default);
    the glossary and sources are always read. Raises PlaybookError listing every problem.
    """
    with _no_cycle_collection():
        return _load_library(root, files)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading makes millions of small dicts, lists and model objects and frees none of them:
    Python's cycle collector would walk the growing heap again and again and find nothing (the
    data has no reference cycles). It is paused while loading (benchmarks/README.md: what it
    gains)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_library(root: FsPath, files: list[FsPath] | None) -> Library:
    root = root.resolve()
    base = root.parent
    problems: list[Problem] = []

    def read(path: FsPath, schema_name: str) -> YamlDoc:
        doc = read_file(path, _display(path, base), root / schema_name)
        problems.extend(doc.problems)
        return doc

    sources = read(root / "sources.yml", "sources.schema.json")
    overrides: dict[str, str] = {}
    overrides_file = root / "zh-hans-overrides.yml"
    if overrides_file.exists():
        overrides = (read(overrides_file, "zh-hans-overrides.schema.json").data or {}).get("overrides") or {}
    convert = Converter(overrides)
    glossary = read(root / "glossary.yml", "glossary.schema.json")
    terms: list[dict[str, Any]] = []
    if not glossary.problems:
        terms = glossary.data["terms"]
        problems.extend(_check_glossary(glossary, convert))

    paths = sorted(files) if files is not None else sorted(p for role in ROLES for p in (root / role).glob("*.y*ml"))
    docs: list[YamlDoc] = []  # well-formed files, also checked against each other
    fixed = editorial.fixed_terms(terms)
    for doc, found in _read_all([(p, _display(p, base), root / "schema.json", fixed) for p in paths]):
        problems.extend(doc.problems)
        problems.extend(found)
        if not doc.problems:
            docs.append(doc)
    rules = (sources.data or {}).get("rules") or {}
    problems.extend(_check_across(docs, rules))
    if problems:
        raise PlaybookError(problems)
    return build(docs, terms, sources.data, convert)


Job = tuple[FsPath, str, FsPath, Any]


def read_playbook(path: FsPath, display: str, schema_file: FsPath, fixed: Any) -> tuple[YamlDoc, list[Problem]]:
    """One playbook file read, checked against the schema and then on its own: its place, its
    graph, its checklists, its cases and the editorial rules. (What it says of other files is
    checked once all are read.)"""
    doc = read_file(path, display, schema_file)
    if doc.problems:
        return doc, []
    found = _check_file_place(doc, path)
    graph = _check_graph(doc)
    found += graph
    found += _check_checklists(doc)
    if not graph:  # cases walk the graph: only a sound one
        found += _check_cases(doc)
    found += editorial.check_playbook(doc, fixed)
    return doc, found


# Reading and checking each file is most of a large library's check: past this many files a
# second process takes half of them (benchmarks/README.md: what it gains).
PARALLEL_FROM = 200


def _read_all(jobs: list[Job]) -> list[tuple[YamlDoc, list[Problem]]]:
    if len(jobs) < PARALLEL_FROM or len(os.sched_getaffinity(0)) < 2:
        return _read_jobs(jobs)
    half = len(jobs) // 2
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        theirs = pool.submit(_read_jobs, jobs[half:])
        mine = _read_jobs(jobs[:half])
        return mine + theirs.result()


def _read_jobs(jobs: list[Job]) -> list[tuple[YamlDoc, list[Problem]]]:
    return [read_playbook(*job) for job in jobs]


def _display(path: FsPath, base: FsPath) -> str:
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)


def read_file(path: FsPath, display: str, schema_file: FsPath) -> YamlDoc:
    """Read and check one file against its schema: quickly when it is good, carefully when not."""
    text, doc = read_text(path, display)
    if text is None:
        return doc
    data = fast_load(text)
    if isinstance(data, dict) and schema.is_valid(data, schema_file):
        return YamlDoc(display, data, source=path, path=path)
    doc = load_yaml(path, display, text)
    doc.path = path
    if doc.data is not None and not doc.problems:
        doc.problems.extend(schema.check(doc, schema_file))
    return doc


def _check_file_place(doc: YamlDoc, path: FsPath) -> list[Problem]:
    data, out = doc.data, []
    if data["id"] != path.stem:
        out.append(
            doc.problem(
                ("id",),
                f"the id '{data['id']}' in a file named {path.name}",
                f"the id to equal the file name ('{path.stem}')",
            )
        )
    if path.parent.name in ROLES and data["role"] != path.parent.name:
        out.append(
            doc.problem(
                ("role",),
                f"role '{data['role']}' in the folder {path.parent.name}/",
                f"role '{path.parent.name}', or the file moved to {data['role']}/",
            )
        )
    return out


# The ids of a playbook page's own headings (templates/playbook.html.j2); a node's id is the
# anchor of its heading on the same page, so it must not take one of these.
PAGE_ANCHORS = ("top", "map", "tree", "checklists", "sources", "related")


def _check_graph(doc: YamlDoc) -> list[Problem]:
    """Start, targets, reachability, cycles: every branch must end in an action."""
    data, out = doc.data, []
    nodes: dict[str, Any] = data["nodes"]
    known = ", ".join(nodes)
    for node_id in nodes:
        if node_id in PAGE_ANCHORS or node_id.startswith("checklist-"):
            out.append(
                doc.problem(
                    ("nodes", node_id),
                    f"the node id '{node_id}', which the page uses for its own headings",
                    f"another id: not {', '.join(PAGE_ANCHORS)}, nor one starting with 'checklist-'",
                )
            )
    if data["start"] not in nodes:
        out.append(
            doc.problem(
                ("start",),
                f"'{data['start']}', which is not a node",
                f"the id of a node of this playbook (one of: {known})",
            )
        )
    for node_id, node in nodes.items():
        for i, option in enumerate(node.get("options", [])):
            target = option.get("next")
            if target is not None and target not in nodes:
                out.append(
                    doc.problem(
                        ("nodes", node_id, "options", i, "next"),
                        f"'{target}', which is not a node",
                        f"the id of a node of this playbook (one of: {known})",
                    )
                )
    if out:
        return out
    # Depth-first walk from the start; a grey node met again is a cycle.
    state: dict[str, str] = {}
    trail: list[str] = []

    def visit(node_id: str) -> None:
        state[node_id] = "grey"
        trail.append(node_id)
        for i, option in enumerate(nodes[node_id].get("options", [])):
            target = option.get("next")
            if target is None:
                continue
            if state.get(target) == "grey":
                loop = " -> ".join([*trail[trail.index(target) :], target])
                out.append(
                    doc.problem(
                        ("nodes", node_id, "options", i, "next"),
                        f"a loop back to '{target}' ({loop})",
                        "every path to move on and end in an action; no loops",
                    )
                )
            elif target not in state:
                visit(target)
        trail.pop()
        state[node_id] = "black"

    visit(data["start"])
    for node_id in nodes:
        if node_id not in state:
            out.append(
                doc.problem(
                    ("nodes", node_id),
                    f"the node '{node_id}', which no path from the start reaches",
                    f"every node reachable from the start ('{data['start']}'), or the node removed",
                )
            )
    return out


def _check_checklists(doc: YamlDoc) -> list[Problem]:
    out = []
    for i, checklist in enumerate(doc.data.get("checklists") or []):
        sections = checklist["sections"]
        lines = len(sections) + sum(len(s["items"]) for s in sections)
        if len(sections) > CHECKLIST_MAX_SECTIONS or lines > CHECKLIST_MAX_LINES:
            out.append(
                doc.problem(
                    ("checklists", i, "sections"),
                    f"{len(sections)} sections and {lines} items + sections",
                    f"a checklist that fits one A4 sheet: at most {CHECKLIST_MAX_SECTIONS} sections and {CHECKLIST_MAX_LINES} items + sections; split it at a pause point",
                )
            )
        desk = checklist.get("desk")
        buyer = doc.data["role"] == "buyer"
        if desk is not None and (desk == "buyer") != buyer:
            out.append(
                doc.problem(
                    ("checklists", i, "desk"),
                    f"the desk '{desk}' in a {doc.data['role']} playbook",
                    f"'{default_desk('buyer')}' (or no desk) in a buyer playbook"
                    if buyer
                    else f"a seller's desk: {', '.join(SELLER_DESKS)}",
                )
            )
    return out


def _check_across(docs: list[YamlDoc], rules: dict[str, Any]) -> list[Problem]:
    """Rules between files: unique ids, links to other playbooks and checklists, sources."""
    out: list[Problem] = []
    first_playbook: dict[str, YamlDoc] = {}
    first_checklist: dict[str, YamlDoc] = {}
    for doc in docs:
        pid = doc.data["id"]
        if pid in first_playbook:
            out.append(
                doc.problem(
                    ("id",),
                    f"the playbook id '{pid}', already used by {first_playbook[pid].file}",
                    "an id used by one playbook only",
                )
            )
        first_playbook.setdefault(pid, doc)
        if pid in RESERVED_PLAYBOOK_IDS:
            out.append(
                doc.problem(("id",), f"the playbook id '{pid}', which names another page of the site", "another id")
            )
        for i, checklist in enumerate(doc.data.get("checklists") or []):
            cid = checklist["id"]
            if cid in RESERVED_CHECKLIST_IDS:
                out.append(
                    doc.problem(
                        ("checklists", i, "id"),
                        f"the checklist id '{cid}', which names the list of all checklists",
                        "another id",
                    )
                )
            if cid in first_checklist:
                out.append(
                    doc.problem(
                        ("checklists", i, "id"),
                        f"the checklist id '{cid}', already used by {first_checklist[cid].file}",
                        "a checklist id used once across all playbooks",
                    )
                )
            first_checklist.setdefault(cid, doc)
    jumps: dict[str, list[tuple[str, Path]]] = {}
    for doc in docs:
        data = doc.data
        for i, related in enumerate(data.get("related") or []):
            if related not in first_playbook or related == data["id"]:
                out.append(
                    doc.problem(
                        ("related", i), f"'{related}', which is not another playbook", "the id of another playbook"
                    )
                )
        for node_id, node in data["nodes"].items():
            for i, option in enumerate(node.get("options", [])):
                target = option.get("playbook")
                if target is None:
                    continue
                where = ("nodes", node_id, "options", i, "playbook")
                if target not in first_playbook or target == data["id"]:
                    out.append(
                        doc.problem(where, f"'{target}', which is not another playbook", "the id of another playbook")
                    )
                else:
                    jumps.setdefault(data["id"], []).append((target, where))
            if "checklist" in node and node["checklist"] not in first_checklist:
                out.append(
                    doc.problem(
                        ("nodes", node_id, "checklist"),
                        f"'{node['checklist']}', which is not a checklist",
                        "the id of a checklist in any playbook",
                    )
                )
        for path, source in _sources(data):
            if "rule" not in source:
                continue
            rule = rules.get(source["rule"])
            if rule is None:
                out.append(
                    doc.problem(
                        (*path, "rule"),
                        f"'{source['rule']}', which is not in playbooks/sources.yml",
                        "one of: " + ", ".join(rules),
                    )
                )
            elif "article" in source and source["article"] not in (rule.get("articles") or {}):
                out.append(
                    doc.problem(
                        (*path, "article"),
                        f"'{source['article']}', which playbooks/sources.yml does not summarise for '{source['rule']}'",
                        f"an article listed under rules.{source['rule']}.articles (add it there with a one-line summary)",
                    )
                )
        out.extend(_check_refs(doc, first_playbook, first_checklist))
    out.extend(_check_jump_cycles(jumps, first_playbook))
    return out


# A cross-reference inside a text: {playbook:<id>}, {playbook:<id>#<node id>}, {node:<node id>}
# (a node of the same playbook) or {checklist:<id>}. It renders as a link with the target's title.
REF = re.compile(r"\{([a-z]+):([^{}]*)\}")
REF_TARGET = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(#[a-z0-9]+(-[a-z0-9]+)*)?$")
REF_KINDS = ("playbook", "node", "checklist")


def _check_refs(doc: YamlDoc, playbooks: dict[str, YamlDoc], checklists: dict[str, YamlDoc]) -> list[Problem]:
    """Cross-references name something that exists, and both languages name the same targets."""
    out: list[Problem] = []
    nodes = doc.data["nodes"]
    for path, text in editorial.texts(doc.data):
        found: dict[str, list[str]] = {}
        for lang in LANGS:
            refs = found[lang] = []
            for match in REF.finditer(text[lang]):
                kind, target = match.groups()
                where = (*path, lang)
                refs.append(match.group(0))
                if kind not in REF_KINDS or not REF_TARGET.match(target):
                    out.append(
                        doc.problem(
                            where,
                            f"'{match.group(0)}', which is not a reference",
                            "{playbook:<id>}, {playbook:<id>#<node id>}, {node:<node id>} or {checklist:<id>}",
                        )
                    )
                    continue
                pid, _, node_id = target.partition("#")
                if kind == "node":
                    if node_id or pid not in nodes:
                        out.append(
                            doc.problem(
                                where,
                                f"'{match.group(0)}', which is not a node of this playbook",
                                "{node:<id of a node of this playbook>}; for another playbook's node, {playbook:<id>#<node id>}",
                            )
                        )
                elif kind == "checklist":
                    if node_id or pid not in checklists:
                        out.append(
                            doc.problem(
                                where,
                                f"'{match.group(0)}', which is not a checklist",
                                "the id of a checklist in any playbook",
                            )
                        )
                elif pid not in playbooks:
                    out.append(
                        doc.problem(where, f"'{match.group(0)}', which is not a playbook", "the id of a playbook")
                    )
                elif node_id and node_id not in playbooks[pid].data["nodes"]:
                    out.append(
                        doc.problem(
                            where,
                            f"'{match.group(0)}': '{pid}' has no node '{node_id}'",
                            f"the id of a node of '{pid}'",
                        )
                    )
        if sorted(found["zh-Hant"]) != sorted(found["en"]):
            out.append(
                doc.problem(
                    (*path, "en"),
                    f"references {sorted(found['en']) or 'none'} in en but {sorted(found['zh-Hant']) or 'none'} in zh-Hant",
                    "the same references in both languages",
                )
            )
    return out


def _check_cases(doc: YamlDoc) -> list[Problem]:
    """Each training case walks from the start, by its answers, to the action it expects; every
    action is the expected end of at least one case."""
    data, out = doc.data, []
    nodes = data["nodes"]
    seen: dict[str, int] = {}
    expected: set[str] = set()
    for i, case in enumerate(data.get("cases") or []):
        where = ("cases", i)
        if case["id"] in seen:
            out.append(
                doc.problem(
                    (*where, "id"),
                    f"the case id '{case['id']}' again (first at cases[{seen[case['id']]}])",
                    "each case id once in a playbook",
                )
            )
        seen.setdefault(case["id"], i)
        expect = case["expect"]
        if expect not in nodes or is_question(nodes[expect]):
            actions = ", ".join(k for k, n in nodes.items() if not is_question(n))
            out.append(
                doc.problem(
                    (*where, "expect"), f"'{expect}', which is not an action of this playbook", f"one of: {actions}"
                )
            )
            continue
        expected.add(expect)
        answers: dict[str, str] = case["answers"]
        node_id, used, problem = data["start"], set(), None
        while is_question(nodes[node_id]):
            if node_id not in answers:
                problem = doc.problem(
                    (*where, "answers"),
                    f"no answer for the question '{node_id}', so the case stops before an action",
                    f"an answer '{node_id}: <next node id>' (its options lead to: "
                    + ", ".join(o.get("next") or f"playbook {o['playbook']}" for o in nodes[node_id]["options"])
                    + ")",
                )
                break
            used.add(node_id)
            target = answers[node_id]
            if not any(o.get("next") == target for o in nodes[node_id]["options"]):
                problem = doc.problem(
                    (*where, "answers", node_id),
                    f"'{node_id}: {target}', but no option of '{node_id}' leads to '{target}'",
                    "the node one of its options leads to: "
                    + ", ".join(
                        o.get("next") or f"playbook {o['playbook']} (not an end of this playbook)"
                        for o in nodes[node_id]["options"]
                    ),
                )
                break
            node_id = target
        else:
            if node_id != expect:
                problem = doc.problem(
                    (*where, "expect"),
                    f"a path that ends in '{node_id}', not in the expected '{expect}'",
                    "answers that lead to the expected action, or the expected action corrected",
                )
            elif set(answers) - used:
                extra = ", ".join(sorted(set(answers) - used))
                problem = doc.problem(
                    (*where, "answers"),
                    f"answers for questions that are not on the path ({extra})",
                    "only the questions the path passes through",
                )
        if problem is not None:
            out.append(problem)
    for node_id, node in nodes.items():
        if not is_question(node) and node_id not in expected:
            out.append(
                doc.problem(
                    ("nodes", node_id),
                    f"the action '{node_id}', which no training case expects",
                    f"at least one case under cases: with expect: {node_id}",
                )
            )
    return out


def _sources(data: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]]:
    found: list[tuple[Path, dict[str, Any]]] = [(("sources", i), s) for i, s in enumerate(data["sources"])]
    for node_id, node in data["nodes"].items():
        found += [(("nodes", node_id, "sources", i), s) for i, s in enumerate(node.get("sources") or [])]
    for c, checklist in enumerate(data.get("checklists") or []):
        found += [(("checklists", c, "sources", i), s) for i, s in enumerate(checklist.get("sources") or [])]
    return found


def _check_jump_cycles(jumps: dict[str, list[tuple[str, Path]]], docs: dict[str, YamlDoc]) -> list[Problem]:
    """Options that continue in another playbook must not lead back round in a loop."""
    out: list[Problem] = []
    state: dict[str, str] = {}
    trail: list[str] = []

    def visit(pid: str) -> None:
        state[pid] = "grey"
        trail.append(pid)
        for target, where in jumps.get(pid, []):
            if state.get(target) == "grey":
                loop = " -> ".join([*trail[trail.index(target) :], target])
                out.append(
                    docs[pid].problem(
                        where, f"a loop between playbooks ({loop})", "links into other playbooks that never lead back"
                    )
                )
            elif target not in state:
                visit(target)
        trail.pop()
        state[pid] = "black"

    for pid in sorted(jumps):
        if pid not in state:
            visit(pid)
    return out


def _check_glossary(doc: YamlDoc, convert: Converter) -> list[Problem]:
    """Unique term ids; the derived Simplified form equals the one the glossary expects."""
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for i, term in enumerate(doc.data["terms"]):
        if term["id"] in seen:
            out.append(
                doc.problem(
                    ("terms", i, "id"),
                    f"the term id '{term['id']}' again (first at terms[{seen[term['id']]}])",
                    "each term once",
                )
            )
        seen.setdefault(term["id"], i)
        expected = term.get("zh-Hans")
        derived = convert(term["zh-Hant"])
        if expected is not None and derived != expected:
            out.append(
                doc.problem(
                    ("terms", i, "zh-Hans"),
                    f"'{expected}', but the conversion of '{term['zh-Hant']}' gives '{derived}'",
                    "an entry in playbooks/zh-hans-overrides.yml that makes the conversion right, or the expected form corrected",
                )
            )
    return out


# --- the model -------------------------------------------------------------------------------


class ModelBuilder:
    """Turns validated data into the model, every text in its three languages."""

    def __init__(self, convert: Converter) -> None:
        self.convert = convert

    def text(self, pair: dict[str, str] | None) -> Text | None:
        if pair is None:
            return None
        return Text(pair["zh-Hant"], self.convert(pair["zh-Hant"]), pair["en"])

    def texts(self, pairs: list[dict[str, str]] | None) -> tuple[Text, ...]:
        return tuple(Text(p["zh-Hant"], self.convert(p["zh-Hant"]), p["en"]) for p in pairs or ())

    def source(self, data: dict[str, Any]) -> Source:
        return Source(data.get("seed"), data.get("rule"), data.get("article"), self.text(data.get("note")))

    def node(self, node_id: str, data: dict[str, Any]) -> Question | Action:
        text = self.text
        if is_question(data):
            options = tuple(Option(text(o["label"]), o.get("next"), o.get("playbook")) for o in data["options"])
            return Question(node_id, text(data["question"]), text(data.get("help")), options)
        return Action(
            id=node_id,
            title=text(data["action"]),
            phase=data.get("phase"),
            summary=text(data.get("summary")),
            steps=self.texts(data["steps"]),
            evidence=self.texts(data.get("evidence")),
            templates=tuple(
                Template(text(m["label"]), m.get("to"), text(m["text"])) for m in data.get("templates") or ()
            ),
            escalate=text(data.get("escalate")),
            avoid=self.texts(data.get("avoid")),
            checklist=data.get("checklist"),
            sources=tuple(self.source(s) for s in data.get("sources") or ()),
        )

    def playbook(self, data: dict[str, Any], file: str) -> Playbook:
        text, texts = self.text, self.texts
        raw = data["nodes"]
        return Playbook(
            id=data["id"],
            file=file,
            role=data["role"],
            category=data["category"],
            phases=tuple(data["phases"]),
            title=text(data["title"]),
            summary=text(data["summary"]),
            audience=text(data["audience"]),
            sources=tuple(self.source(s) for s in data["sources"]),
            last_reviewed=data["last_reviewed"],
            related=tuple(data.get("related") or ()),
            start=data["start"],
            nodes={node_id: self.node(node_id, raw[node_id]) for node_id in _reading_order(data["start"], raw)},
            checklists=tuple(
                Checklist(
                    id=c["id"],
                    title=text(c["title"]),
                    pause_point=text(c["pause_point"]),
                    kind=c["kind"],
                    fields=tuple(c.get("fields") or ()),
                    sections=tuple(Section(text(s.get("title")), texts(s["items"])) for s in c["sections"]),
                    desk=c.get("desk") or default_desk(data["role"]),
                )
                for c in data.get("checklists") or ()
            ),
            cases=tuple(
                Case(c["id"], text(c["story"]), tuple(c["answers"].items()), c["expect"], text(c["lesson"]))
                for c in data.get("cases") or ()
            ),
        )

    def term(self, data: dict[str, Any]) -> Term:
        aliases = data.get("aliases") or {}
        return Term(
            id=data["id"],
            name=Text(data["zh-Hant"], self.convert(data["zh-Hant"]), data["en"]),
            aliases=Names(
                tuple(aliases.get("zh-Hant") or ()),
                tuple(self.convert(a) for a in aliases.get("zh-Hant") or ()),
                tuple(aliases.get("en") or ()),
            ),
            definition=self.text(data["definition"]),
        )

    def rule(self, rule_id: str, data: dict[str, Any]) -> Rule:
        articles = {article: self.text(summary) for article, summary in (data.get("articles") or {}).items()}
        return Rule(rule_id, self.text(data["title"]), data["url"], data["confidence"], articles)


def build(docs: list[YamlDoc], terms: list[dict[str, Any]], sources: dict[str, Any], convert: Converter) -> Library:
    """The typed model of validated documents."""
    make = ModelBuilder(convert)
    return Library(
        playbooks={doc.data["id"]: make.playbook(doc.data, doc.file) for doc in docs},
        glossary=tuple(make.term(t) for t in terms),
        rules={rule_id: make.rule(rule_id, r) for rule_id, r in (sources.get("rules") or {}).items()},
        overrides=convert.overrides,
    )


def _reading_order(start: str, nodes: dict[str, Any]) -> list[str]:
    """Node ids depth first from the start, each once: the order pages show them in."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [start]
    while stack:
        node_id = stack.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        order.append(node_id)
        stack.extend(reversed([o["next"] for o in nodes[node_id].get("options", []) if "next" in o]))
    return order

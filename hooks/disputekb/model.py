"""The library as typed data: what every renderer, the command line and the export read.

Built once by :func:`disputekb.library.load_library` from files that passed validation, so every
reference in it resolves. Nothing outside the loader reads the YAML's keys. Every text knows its
three languages: zh-Hans is derived from zh-Hant once, when the model is built.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from .i18n import Lang

ROLES = ("buyer", "seller")
CATEGORIES = ("prevention", "delivery", "goods", "returns", "reviews", "complaints", "fraud", "service")
PHASES = ("before-claim", "claim-open", "intervention", "decision")
# Where a checklist is used (the checklists page groups sheets by desk): the packing and shipping
# desk, after-sales, returns, the shop owner; buyers apart. A buyer's checklists are at the buyer
# desk; a seller's checklist without a desk of its own is an after-sales one.
DESKS = ("packing", "after-sales", "returns", "owner", "buyer")
SELLER_DESKS = DESKS[:-1]


def default_desk(role: str) -> str:
    return "buyer" if role == "buyer" else "after-sales"


@dataclass(frozen=True, slots=True)
class Text:
    """One text in the site's three languages; ``text[lang]`` picks one."""

    zh_hant: str
    zh_hans: str
    en: str

    def __getitem__(self, lang: Lang) -> str:
        return getattr(self, lang.attr)


@dataclass(frozen=True, slots=True)
class Names:
    """A list of names in the site's three languages (glossary aliases); ``names[lang]``."""

    zh_hant: tuple[str, ...]
    zh_hans: tuple[str, ...]
    en: tuple[str, ...]

    def __getitem__(self, lang: Lang) -> tuple[str, ...]:
        return getattr(self, lang.attr)


@dataclass(frozen=True, slots=True)
class Option:
    label: Text
    next: str | None = None  # a node of this playbook
    playbook: str | None = None  # or another playbook, continued at its start

    @property
    def target(self) -> str:
        """The node id it leads to, or ``playbook:<id>``."""
        return self.next if self.next is not None else f"playbook:{self.playbook}"


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: Text
    help: Text | None
    options: tuple[Option, ...]
    kind = "question"


@dataclass(frozen=True, slots=True)
class Template:
    label: Text
    to: str | None  # buyer, seller, taobao, courier
    text: Text


@dataclass(frozen=True, slots=True)
class Source:
    """A citation: a seed section, or a rule of ``sources.yml`` (with an article)."""

    seed: str | None = None
    rule: str | None = None
    article: str | None = None
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    title: Text
    phase: str | None
    summary: Text | None
    steps: tuple[Text, ...]
    evidence: tuple[Text, ...]
    templates: tuple[Template, ...]
    escalate: Text | None
    avoid: tuple[Text, ...]
    checklist: str | None
    sources: tuple[Source, ...]
    kind = "action"


Node = Question | Action


@dataclass(frozen=True, slots=True)
class Section:
    title: Text | None
    items: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    title: Text
    pause_point: Text
    kind: str  # read-do or do-confirm
    fields: tuple[str, ...]
    sections: tuple[Section, ...]
    desk: str = "after-sales"  # one of DESKS; the loader fills in the role's default


@dataclass(frozen=True, slots=True)
class Case:
    """A training case: a story, the answers a correct handler gives, the action it ends in."""

    id: str
    story: Text
    answers: tuple[tuple[str, str], ...]  # (question id, the node its chosen option leads to)
    expect: str
    lesson: Text


# A path from the start: (node id, chosen option index), ending with (action id, None) or with a
# question whose chosen option continues in another playbook.
Step = tuple[str, int | None]


@dataclass(frozen=True)
class Playbook:
    id: str
    file: str  # relative to the repository, as in messages and "edit" links
    role: str
    category: str
    phases: tuple[str, ...]
    title: Text
    summary: Text
    audience: Text
    sources: tuple[Source, ...]
    last_reviewed: str
    related: tuple[str, ...]
    start: str
    nodes: dict[str, Node]  # in reading order: depth first from the start
    checklists: tuple[Checklist, ...] = ()
    cases: tuple[Case, ...] = ()

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @property
    def actions(self) -> list[Action]:
        return [n for n in self.nodes.values() if isinstance(n, Action)]

    @property
    def questions(self) -> list[Question]:
        return [n for n in self.nodes.values() if isinstance(n, Question)]

    def paths(self) -> list[list[Step]]:
        """Every path from the start to an action or into another playbook, in reading order."""
        paths: list[list[Step]] = []

        def walk(node_id: str, trail: list[Step]) -> None:
            node = self.nodes[node_id]
            if isinstance(node, Action):
                paths.append([*trail, (node_id, None)])
                return
            for i, option in enumerate(node.options):
                if option.next is not None:
                    walk(option.next, [*trail, (node_id, i)])
                else:
                    paths.append([*trail, (node_id, i)])

        walk(self.start, [])
        return paths

    def follow(self, answers: dict[str, str]) -> list[Step]:
        """The path that ``answers`` (question id -> next node) take from the start, as far as
        they lead: it ends at an action, or at the first question they do not answer."""
        path: list[Step] = []
        node_id = self.start
        while isinstance(node := self.nodes[node_id], Question) and node_id in answers:
            index = next((i for i, o in enumerate(node.options) if o.next == answers[node_id]), None)
            if index is None:
                break
            path.append((node_id, index))
            node_id = answers[node_id]
        if isinstance(self.nodes[node_id], Action):
            path.append((node_id, None))
        return path

    def incoming(self) -> dict[str, list[tuple[str, Option]]]:
        """Node id -> the (question id, option) pairs that lead to it."""
        found: dict[str, list[tuple[str, Option]]] = {}
        for question in self.questions:
            for option in question.options:
                if option.next is not None:
                    found.setdefault(option.next, []).append((question.id, option))
        return found


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: Text
    url: str
    confidence: str  # H, M or L
    articles: dict[str, Text]


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    name: Text
    aliases: Names
    definition: Text

    def names(self, lang: Lang) -> list[str]:
        """The term and its aliases as a page in ``lang`` writes them."""
        return [self.name[lang], *self.aliases[lang]]


@dataclass(frozen=True)
class Library:
    """Everything the site is made of."""

    playbooks: dict[str, Playbook] = field(default_factory=dict)
    glossary: tuple[Term, ...] = ()
    rules: dict[str, Rule] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)  # zh-Hant phrase -> zh-Hans, for derived texts

    def by_role(self, role: str) -> list[Playbook]:
        return [pb for pb in self.playbooks.values() if pb.role == role]

    @cached_property
    def _checklists(self) -> dict[str, tuple[Playbook, Checklist]]:
        return {c.id: (pb, c) for pb in self.playbooks.values() for c in pb.checklists}

    def checklist(self, checklist_id: str) -> tuple[Playbook, Checklist]:
        """A checklist and the playbook that defines it."""
        return self._checklists[checklist_id]

    def checklists(self) -> Iterator[tuple[Playbook, Checklist]]:
        return iter(self._checklists.values())

    @cached_property
    def incoming(self) -> dict[str, list[Playbook]]:
        """Playbook id -> the playbooks with an option that continues in it."""
        found: dict[str, list[Playbook]] = {}
        for pb in self.playbooks.values():
            targets = {o.playbook for q in pb.questions for o in q.options if o.playbook}
            for target in sorted(targets):
                found.setdefault(target, []).append(pb)
        return found

"""A playbook's "map of the tree": a layered flowchart of its nodes, rendered as inline SVG."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from markupsafe import Markup

from .model import Question, Text
from .render import number as _n
from .render import render

if TYPE_CHECKING:
    from .model import Playbook

TextOf = Callable[[Text], str]
TitleOf = Callable[[str], str]

# Geometry, in SVG user units (CSS pixels at natural size). The SVG scales down to fit its column.
NODE_WIDTH = 150  # when most of the text is CJK
NODE_WIDTH_LATIN = 164  # otherwise: English needs more room for the same content
NODE_FONT = 13
NODE_LINE = 17
NODE_PAD_X = 8
NODE_PAD_Y = 8
NODE_MAX_LINES = 6
JUMP_WIDTH = 130
JUMP_FONT = 12
JUMP_LINE = 16
JUMP_MAX_LINES = 2
LABEL_FONT = 12
LABEL_LINE = 15
LABEL_PAD_X = 5
LABEL_PAD_Y = 3
LABEL_MAX_EM = 10
LABEL_MAX_LINES = 3
DUMMY_WIDTH = 8
GAP_BOXES = 14  # horizontal space between two node boxes
GAP_SMALL = 10  # horizontal space next to an edge label or a passing edge
GAP_TO_LABELS = 22  # vertical space between a row of nodes and the row of labels below it
GAP_TO_NODES = 30  # vertical space between a row of labels and the row of nodes below it
MARGIN = 4
ARROW = 7
PLACEMENT_ROUNDS = 2  # down-and-up passes of the horizontal placement
ELLIPSIS = "…"
# Characters that must not start a line (they stay with the character before) or end one.
_NO_LINE_START = set("，。、；：？！）」』】〉》,.;:?!)]}%…─-")
_NO_LINE_END = set("（「『【〈《([{→")


@dataclass
class Rect:
    """An axis-aligned box: top-left corner and size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass
class MapBox:
    """A node's box, or a terminal box for an option that continues in another playbook."""

    key: str  # the node id, or "playbook:<playbook id>" for a terminal
    kind: str  # "question", "action" or "playbook"
    layer: int  # longest distance from the start
    rect: Rect
    text: str  # the full text (shown on hover)
    lines: list[str]  # the wrapped (and maybe truncated) text
    font: float
    line_height: float

    def rows(self) -> list[tuple[float, str]]:
        """(baseline y, line) for each line, centred vertically in the box."""
        return _rows(self.rect, self.lines, self.font, self.line_height)


@dataclass
class MapEdge:
    """One option: from its question to the next node or to a terminal, with its label."""

    source: str
    index: int  # the option's index in the question's options
    target: str  # a node id, or "playbook:<playbook id>"
    label: str  # the full label (shown on hover)
    label_lines: list[str]
    label_rect: Rect
    path: str  # SVG path data of the line
    arrow: str  # SVG path data of the arrowhead

    def rows(self) -> list[tuple[float, str]]:
        return _rows(self.label_rect, self.label_lines, LABEL_FONT, LABEL_LINE)


@dataclass
class MapLayout:
    """A laid-out map: the boxes and edges, inside a (0, 0, width, height) view box."""

    width: float
    height: float
    boxes: list[MapBox] = field(default_factory=list)
    edges: list[MapEdge] = field(default_factory=list)

    def box(self, key: str) -> MapBox:
        return next(b for b in self.boxes if b.key == key)


# --- text ---------------------------------------------------------------------------------


def char_em(ch: str) -> float:
    """Estimated advance of a character in em: wide (CJK) characters 1, others about 0.55."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55


def text_em(text: str) -> float:
    if text.isascii():
        return 0.55 * len(text)
    return sum(char_em(ch) for ch in text)


def _mostly_wide(text: str) -> bool:
    letters = [ch for ch in text if ch.isalnum()]
    return sum(char_em(ch) == 1.0 for ch in letters) * 2 > len(letters)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Unbreakable pieces of ``text``, each with whether a space comes before it.

    A line may break at a space, after a hyphen and before or after a wide (CJK) character, but
    not inside a word, not before closing punctuation and not after opening punctuation or "→".
    """
    pieces: list[tuple[str, bool]] = []
    space = False
    prev = ""
    for ch in text:
        if ch.isspace():
            space = True
            continue
        if pieces and (ch in _NO_LINE_START or prev in _NO_LINE_END):
            pieces[-1] = (pieces[-1][0] + (" " if space else "") + ch, pieces[-1][1])
        elif pieces and not space and char_em(prev) == char_em(ch) < 1 and not (prev == "-" and ch.isalnum()):
            pieces[-1] = (pieces[-1][0] + ch, pieces[-1][1])
        else:
            pieces.append((ch, space))
        prev, space = ch, False
    return pieces


def wrap(text: str, max_em: float, max_lines: int) -> list[str]:
    """Wrap ``text`` into at most ``max_lines`` lines of at most ``max_em`` em, ending with an ellipsis if cut.

    Lines are balanced: as many as greedy wrapping needs, each as short as that allows, so a
    last line is never left with a single word or character.
    """
    pieces = [(piece, space, text_em(piece)) for piece, space in _tokens(text)]
    lines, widest = _greedy(pieces, max_em, max_lines + 1)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        last = last[: _fit(last, max_em - char_em(ELLIPSIS))].rstrip(" ,，、;；:：")
        return [*lines[: max_lines - 1], last + ELLIPSIS]
    if len(lines) > 1:
        high = widest
        low = min(high, max(high / 2, *(em for _, _, em in pieces)))  # never cut a word to balance
        for _ in range(8):
            middle = (low + high) / 2
            if len(_greedy(pieces, middle, len(lines) + 1)[0]) == len(lines):
                high = middle
            else:
                low = middle
        balanced = _greedy(pieces, high, len(lines) + 1)[0]
        # A word longer than a line is cut where the width says: at a narrower width it may take
        # one line more, and then the unbalanced lines stay.
        if len(balanced) == len(lines):
            lines = balanced
    return lines or [""]


def _greedy(pieces: list[tuple[str, bool, float]], max_em: float, limit: int) -> tuple[list[str], float]:
    """Fill each line as far as it goes; stop once there are ``limit`` lines. Also the widest line's width."""
    lines: list[str] = []
    line, used, widest = "", 0.0, 0.0
    space_em = char_em(" ")
    for piece, space, em in pieces:
        gap = space_em if space and line else 0.0
        if used + gap + em <= max_em:
            line, used = (line + " " + piece if gap else line + piece), used + gap + em
            continue
        if line:
            lines.append(line)
            widest = max(widest, used)
        rest, used = piece, em
        while used > max_em:  # a word longer than a line: cut it
            cut = _fit(rest, max_em)
            while cut > 1 and rest[cut] in _NO_LINE_START:
                cut -= 1
            lines.append(rest[:cut])
            widest = max(widest, text_em(rest[:cut]))
            rest = rest[cut:]
            used = text_em(rest)
        line = rest
        if len(lines) >= limit:
            return lines[:limit], widest
    if line:
        lines.append(line)
        widest = max(widest, used)
    return lines[:limit], widest


def _fit(text: str, max_em: float) -> int:
    """How many leading characters of ``text`` fit in ``max_em`` (at least one)."""
    used = 0.0
    for i, ch in enumerate(text):
        used += char_em(ch)
        if used > max_em:
            return max(i, 1)
    return len(text)


def _rows(rect: Rect, lines: list[str], font: float, line_height: float) -> list[tuple[float, str]]:
    top = rect.y + (rect.height - line_height * len(lines)) / 2
    return [(top + line_height * (i + 0.5) + font * 0.35, line) for i, line in enumerate(lines)]


# --- layout -------------------------------------------------------------------------------


@dataclass
class _Item:
    """A vertex of the layered graph: a box, an edge label, or a point an edge passes."""

    kind: str  # "node", "label" or "dummy"
    rank: int  # 2 * layer for boxes; labels and passing points also sit in the odd ranks between
    width: float
    height: float
    preds: list[int] = field(default_factory=list)
    succs: list[int] = field(default_factory=list)
    x: float = 0.0


def layout(pb: Playbook, text_of: TextOf, playbook_title: TitleOf | None = None) -> MapLayout:
    """Lay out ``pb``'s tree top-down: layer = longest distance from the start, so every edge goes down.

    Each edge gets its label in the row just below its question (like Graphviz's dot), and a
    passing point in every row it crosses, so boxes, labels and lines never overlap.
    """
    title_of: TitleOf = playbook_title or (lambda pid: pid)
    nodes = pb.nodes
    order = list(nodes)  # reading order

    edges: list[tuple[str, int, str]] = []
    for node_id in order:
        node = nodes[node_id]
        if isinstance(node, Question):
            edges.extend((node_id, i, option.target) for i, option in enumerate(node.options))
    keys = order + list(dict.fromkeys(t for _, _, t in edges if t.startswith("playbook:")))
    texts = {key: text_of(node.text if isinstance(node, Question) else node.title) for key, node in nodes.items()}
    node_width = NODE_WIDTH if _mostly_wide("".join(texts.values())) else NODE_WIDTH_LATIN
    layer = _layers(keys, edges)
    items: list[_Item] = []
    boxes: dict[str, int] = {}
    box_text: dict[str, tuple[str, str, list[str]]] = {}
    for key in keys:
        if key.startswith("playbook:"):
            kind, full = "playbook", "→ " + title_of(key.removeprefix("playbook:"))
            lines = wrap(full, (JUMP_WIDTH - 2 * NODE_PAD_X) / JUMP_FONT, JUMP_MAX_LINES)
            size = (JUMP_WIDTH, len(lines) * JUMP_LINE + 2 * NODE_PAD_Y)
        else:
            kind, full = nodes[key].kind, texts[key]
            lines = wrap(full, (node_width - 2 * NODE_PAD_X) / NODE_FONT, NODE_MAX_LINES)
            size = (node_width, len(lines) * NODE_LINE + 2 * NODE_PAD_Y)
        boxes[key] = len(items)
        box_text[key] = (kind, full, lines)
        items.append(_Item("node", 2 * layer[key], *size))

    chains: dict[tuple[str, int], list[int]] = {}
    labels: dict[tuple[str, int], tuple[str, list[str]]] = {}
    for source, i, target in edges:
        question = nodes[source]
        assert isinstance(question, Question)
        full = text_of(question.options[i].label)
        lines = wrap(full, LABEL_MAX_EM, LABEL_MAX_LINES)
        labels[source, i] = (full, lines)
        width = max(text_em(line) for line in lines) * LABEL_FONT + 2 * LABEL_PAD_X
        chain = [len(items)]
        items.append(_Item("label", 2 * layer[source] + 1, width, len(lines) * LABEL_LINE + 2 * LABEL_PAD_Y))
        for rank in range(2 * layer[source] + 2, 2 * layer[target]):
            chain.append(len(items))
            items.append(_Item("dummy", rank, DUMMY_WIDTH, 0))
        chains[source, i] = chain
        path = [boxes[source], *chain, boxes[target]]
        for a, b in pairwise(path):
            items[a].succs.append(b)
            items[b].preds.append(a)

    ranks = _initial_order(order, edges, boxes, chains, items)
    ranks = _reduce_crossings(ranks, items)
    _assign_x(ranks, items)
    tops, heights = _assign_y(ranks, items)

    left = min(it.x - it.width / 2 for it in items)
    shift = MARGIN - left
    for it in items:
        it.x += shift
    width = max(it.x + it.width / 2 for it in items) + MARGIN
    height = tops[-1] + heights[-1] + MARGIN

    result = MapLayout(width=width, height=height)
    for key in keys:
        it = items[boxes[key]]
        kind, full, lines = box_text[key]
        font, line_height = (JUMP_FONT, JUMP_LINE) if kind == "playbook" else (NODE_FONT, NODE_LINE)
        rect = Rect(it.x - it.width / 2, tops[it.rank], it.width, it.height)
        result.boxes.append(MapBox(key, kind, layer[key], rect, full, lines, font, line_height))

    ports = _entry_ports(edges, chains, boxes, items)
    for source, i, target in edges:
        full, lines = labels[source, i]
        chain = chains[source, i]
        label = items[chain[0]]
        label_top = tops[label.rank] + (heights[label.rank] - label.height) / 2
        label_rect = Rect(label.x - label.width / 2, label_top, label.width, label.height)
        src = items[boxes[source]]
        entry_y = tops[items[boxes[target]].rank]
        columns = [(src.x, tops[src.rank] + src.height, tops[src.rank] + heights[src.rank])]
        columns += [(items[c].x, tops[items[c].rank], tops[items[c].rank] + heights[items[c].rank]) for c in chain]
        columns.append((ports[source, i], entry_y - ARROW, entry_y - ARROW))
        result.edges.append(
            MapEdge(source, i, target, full, lines, label_rect, _path(columns), _arrow(ports[source, i], entry_y))
        )
    return result


def _layers(keys: list[str], edges: list[tuple[str, int, str]]) -> dict[str, int]:
    """Longest distance from a source (the start), in topological order (Kahn's algorithm)."""
    out: dict[str, list[str]] = {k: [] for k in keys}
    indegree = dict.fromkeys(keys, 0)
    for source, _, target in edges:
        out[source].append(target)
        indegree[target] += 1
    layer = dict.fromkeys(keys, 0)
    ready = [k for k in keys if indegree[k] == 0]
    done = 0
    while ready:
        key = ready.pop()
        done += 1
        for target in out[key]:
            layer[target] = max(layer[target], layer[key] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    if done != len(keys):
        raise ValueError("the playbook's tree has a loop; a map needs a tree without loops")
    return layer


def _initial_order(
    order: list[str],
    edges: list[tuple[str, int, str]],
    boxes: dict[str, int],
    chains: dict[tuple[str, int], list[int]],
    items: list[_Item],
) -> list[list[int]]:
    """Each rank in order of first appearance, walking depth first from the start like ``ordered_nodes``."""
    targets: dict[str, list[tuple[int, str]]] = {}
    for source, i, target in edges:
        targets.setdefault(source, []).append((i, target))
    sequence: list[int] = []
    emitted: set[str] = set()
    for root in order:
        if root in emitted:
            continue
        emitted.add(root)
        sequence.append(boxes[root])
        stack = [(root, 0)]
        while stack:
            node_id, n = stack[-1]
            options = targets.get(node_id, [])
            if n == len(options):
                stack.pop()
                continue
            stack[-1] = (node_id, n + 1)
            i, target = options[n]
            sequence.extend(chains[node_id, i])
            if target not in emitted:
                emitted.add(target)
                sequence.append(boxes[target])
                stack.append((target, 0))
    ranks: list[list[int]] = [[] for _ in range(max(it.rank for it in items) + 1)]
    for index in sequence:
        ranks[items[index].rank].append(index)
    return ranks


def _reduce_crossings(ranks: list[list[int]], items: list[_Item]) -> list[list[int]]:
    """Barycentre sweeps down and up; keep the order with the fewest crossings."""
    succs = [it.succs for it in items]
    best, best_count = [list(r) for r in ranks], _crossings(ranks, succs)
    current = [list(r) for r in ranks]
    for _ in range(2):
        for downward in (True, False):
            links = [it.preds for it in items] if downward else succs
            sequence = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
            for r in sequence:
                pos = {index: p for p, index in enumerate(current[r - 1] if downward else current[r + 1])}
                keys = []
                for p, index in enumerate(current[r]):
                    near = links[index]
                    if len(near) == 1:
                        keys.append((pos[near[0]], p, index))
                    else:
                        keys.append((sum(pos[n] for n in near) / len(near) if near else p, p, index))
                keys.sort()
                current[r] = [index for _, _, index in keys]
            count = _crossings(current, succs)
            if count < best_count:
                best, best_count = [list(r) for r in current], count
    return best


def _crossings(ranks: list[list[int]], succs: list[list[int]]) -> int:
    """Number of edge crossings between adjacent ranks (inversions counted with a Fenwick tree)."""
    total = 0
    for upper, lower in pairwise(ranks):
        pos = {index: p for p, index in enumerate(lower)}
        ends = sorted((p, pos[s]) for p, index in enumerate(upper) for s in succs[index])
        size = len(lower)
        tree = [0] * (size + 1)
        for seen, (_, q) in enumerate(ends):
            # pairs met before this one whose lower end is right of q cross it
            i, smaller_or_equal = q + 1, 0
            while i > 0:
                smaller_or_equal += tree[i]
                i -= i & -i
            total += seen - smaller_or_equal
            i = q + 1
            while i <= size:
                tree[i] += 1
                i += i & -i
    return total


def _separation(a: _Item, b: _Item) -> float:
    gap = GAP_BOXES if a.kind == b.kind == "node" else GAP_SMALL
    return (a.width + b.width) / 2 + gap


def _assign_x(ranks: list[list[int]], items: list[_Item]) -> None:
    """Centre each item under/over its neighbours as far as the order and spacing allow.

    Each rank is placed by isotonic regression (pool adjacent violators): the positions closest,
    in least squares, to the wished ones that keep the order and the minimum spacing.
    """
    xs = [0.0] * len(items)
    offsets: list[list[float]] = []  # the least distance of each item from the first of its rank
    for rank in ranks:
        row = [0.0]
        for a, b in pairwise(rank):
            row.append(row[-1] + _separation(items[a], items[b]))
        offsets.append(row)
        for index, o in zip(rank, row, strict=True):
            xs[index] = o - row[-1] / 2
    weights = [[4.0 if items[index].kind == "dummy" else 1.0 for index in rank] for rank in ranks]
    preds = [it.preds for it in items]
    succs = [it.succs for it in items]
    both = [it.preds + it.succs for it in items]

    def place(r: int, links: list[list[int]]) -> None:
        wished = []
        for index in ranks[r]:
            near = links[index]
            if len(near) == 1:
                wished.append(xs[near[0]])
            else:
                wished.append(sum(xs[n] for n in near) / len(near) if near else xs[index])
        for index, x in zip(ranks[r], _isotonic(wished, weights[r], offsets[r]), strict=True):
            xs[index] = x

    for _ in range(PLACEMENT_ROUNDS):
        for r in range(1, len(ranks)):
            place(r, preds)
        for r in range(len(ranks) - 2, -1, -1):
            place(r, succs)
    for r in range(len(ranks)):
        place(r, both)
    for it, x in zip(items, xs, strict=True):
        it.x = x


def _isotonic(wished: list[float], weights: list[float], offsets: list[float]) -> list[float]:
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for w, x, o in zip(weights, wished, offsets, strict=True):
        blocks.append([w * (x - o), w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, weight, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += weight
            blocks[-1][2] += count
    values = [b[0] / b[1] for b in blocks for _ in range(int(b[2]))]
    return [v + o for v, o in zip(values, offsets, strict=True)]


def _assign_y(ranks: list[list[int]], items: list[_Item]) -> tuple[list[float], list[float]]:
    """Top and height of each rank; node boxes are top-aligned in their rank, labels centred."""
    tops, heights = [], []
    y = float(MARGIN)
    for r, rank in enumerate(ranks):
        if r:
            y += GAP_TO_LABELS if r % 2 else GAP_TO_NODES
        tops.append(y)
        heights.append(max((items[i].height for i in rank), default=0.0))
        y += heights[-1]
    return tops, heights


def _entry_ports(
    edges: list[tuple[str, int, str]],
    chains: dict[tuple[str, int], list[int]],
    boxes: dict[str, int],
    items: list[_Item],
) -> dict[tuple[str, int], float]:
    """Where each edge meets the top of its target: spread out when several arrive."""
    arriving: dict[str, list[tuple[float, str, int]]] = {}
    for source, i, target in edges:
        arriving.setdefault(target, []).append((items[chains[source, i][-1]].x, source, i))
    ports: dict[tuple[str, int], float] = {}
    for target, ins in arriving.items():
        box = items[boxes[target]]
        ins.sort()
        spread = min(box.width * 0.5, 14.0 * (len(ins) - 1))
        for n, (_, source, i) in enumerate(ins):
            ports[source, i] = box.x - spread / 2 + (spread * n / (len(ins) - 1) if len(ins) > 1 else 0)
    return ports


def _path(columns: list[tuple[float, float, float]]) -> str:
    """Straight down through each row (x, y in, y out), an S-curve across each gap between rows."""
    x, y_in, y_out = columns[0]
    parts = [f"M{_n(x)} {_n(y_in)}"]
    if y_out != y_in:
        parts.append(f"V{_n(y_out)}")
    for nx, n_in, n_out in columns[1:]:
        mid = (y_out + n_in) / 2
        if abs(nx - x) < 0.05:
            parts.append(f"V{_n(n_in)}")
        else:
            parts.append(f"C{_n(x)} {_n(mid)} {_n(nx)} {_n(mid)} {_n(nx)} {_n(n_in)}")
        if n_out != n_in:
            parts.append(f"V{_n(n_out)}")
        x, y_out = nx, n_out
    return "".join(parts)


def _arrow(x: float, tip: float) -> str:
    half = ARROW * 0.6
    return f"M{_n(x)} {_n(tip)}L{_n(x - half)} {_n(tip - ARROW)}H{_n(x + half)}Z"


# --- rendering ----------------------------------------------------------------------------


def render_map(
    pb: Playbook, text_of: TextOf, *, playbook_title: TitleOf | None = None, id_prefix: str | None = None
) -> Markup:
    """The map of ``pb`` as an inline ``<svg class="kb-map">``, its texts as ``text_of`` gives them.

    ``playbook_title(pid)`` names the playbook an option continues in (default: its id).
    ``id_prefix`` starts every id inside the SVG (default ``kb-map-<playbook id>``); pass another
    one to show the same playbook's map twice on one page.
    """
    return Markup(
        render(
            "treemap.svg.j2",
            map=layout(pb, text_of, playbook_title),
            playbook_id=pb.id,
            title=text_of(pb.title),
            prefix=id_prefix or f"kb-map-{pb.id}",
        )
    )

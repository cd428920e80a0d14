"""The map of a playbook's tree: structure, layout and escaping of the SVG (disputekb.treemap)."""

from __future__ import annotations

import itertools
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from disputekb.chinese import Converter
from disputekb.i18n import BY_TAG
from disputekb.library import ModelBuilder
from disputekb.model import Playbook, Question
from disputekb.treemap import _NO_LINE_START, MapLayout, Rect, TextOf, layout, render_map, text_em, wrap
from disputekb.yamlfile import load_yaml

PLAYBOOKS = Path(__file__).resolve().parent.parent / "playbooks"
REAL_FILES = sorted(PLAYBOOKS.glob("*/*.yml"))
SVG = "{http://www.w3.org/2000/svg}"
CJK = "買家賣家已經發起維權申請退款投訴快遞公司簽收記錄包裹是誰的沒有收到貨物流"
WORDS = [
    "the",
    "buyer",
    "seller",
    "parcel",
    "courier",
    "claim",
    "refund",
    "signed",
    "record",
    "proof",
    "of",
    "delivery",
    "a",
    "has",
]


# --- helpers ------------------------------------------------------------------------------


def pair(zh: str, en: str) -> dict[str, str]:
    return {"zh-Hant": zh, "en": en}


MODEL = ModelBuilder(Converter())


def by(tag: str) -> TextOf:
    """A text in one language, as the map's callers give it."""
    lang = BY_TAG["zh-Hans" if tag == "zh-Hans" else tag]
    return lambda text: text[lang]


def to_model(data: dict[str, Any], file: str) -> Playbook:
    """A playbook's data, with what the map does not read filled in, as the model."""
    defaults = {
        "role": "seller",
        "category": "goods",
        "phases": ["before-claim"],
        "summary": pair("x", "x"),
        "audience": pair("x", "x"),
        "sources": [],
        "last_reviewed": "2026-11-30",
    }
    return MODEL.playbook(defaults | data, file)


def make_playbook(nodes: dict[str, Any], start: str = "q0", pid: str = "test-map", title: str = "A map") -> Playbook:
    """A playbook built in memory: only what the map reads."""
    return to_model(
        {"id": pid, "title": pair(title, title), "start": start, "nodes": nodes}, f"playbooks/seller/{pid}.yml"
    )


def question(text: str, *targets: str) -> dict[str, Any]:
    """A question whose options go to ``targets``; "playbook:x" continues in playbook x."""
    options = []
    for n, target in enumerate(targets):
        option: dict[str, Any] = {"label": pair(f"選項{n}", f"option {n}")}
        if target.startswith("playbook:"):
            option["playbook"] = target.removeprefix("playbook:")
        else:
            option["next"] = target
        options.append(option)
    return {"question": pair(text, text), "options": options}


def action(text: str) -> dict[str, Any]:
    return {"action": pair(text, text), "steps": [pair("做", "do")]}


def random_text(rng: random.Random, lang: str) -> str:
    if lang == "zh-Hant":
        return "".join(rng.choice(CJK) for _ in range(rng.randint(3, 40))) + rng.choice(["？", "。", ""])
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 16)))


def random_playbook(seed: int, size: int, *, tree: bool = False, window: int = 6) -> Playbook:
    """A valid random playbook of ``size`` nodes: each node hangs under an earlier one (so all are
    reachable and there is no loop); unless ``tree``, some options also lead to a later node or
    into another playbook, and a few questions share a target."""
    rng = random.Random(seed)
    children: dict[int, list[str]] = {i: [] for i in range(size)}
    for j in range(1, size):
        children[rng.randrange(max(0, j - window), j)].append(f"n{j}")
    nodes: dict[str, Any] = {}
    for i in range(size):
        targets = children[i]
        if not tree and targets and i + 1 < size and rng.random() < 0.3:
            targets.append(f"n{rng.randrange(i + 1, min(size, i + window + 1))}")
        if not tree and targets and rng.random() < 0.15:
            targets.append(f"playbook:other-{rng.randrange(3)}")
        if len(targets) == 1:  # a terminal is shared by all options into the same playbook: one each in a tree
            targets.append(f"playbook:other-{i}" if tree else f"playbook:other-{rng.randrange(3)}")
        if targets:
            nodes[f"n{i}"] = {
                "question": pair(random_text(rng, "zh-Hant"), random_text(rng, "en")),
                "options": [
                    {"label": pair(random_text(rng, "zh-Hant")[:12], random_text(rng, "en")[:40])}
                    | ({"playbook": t.removeprefix("playbook:")} if t.startswith("playbook:") else {"next": t})
                    for t in targets
                ],
            }
        else:
            nodes[f"n{i}"] = {"action": pair(random_text(rng, "zh-Hant"), random_text(rng, "en")), "steps": []}
    return make_playbook(nodes, start="n0", pid=f"random-{seed}")


def real_playbook(path: Path) -> Playbook:
    doc = load_yaml(path)
    if doc.problems:
        pytest.skip(f"{path.name} does not load: {doc.problems[0]}")
    return to_model(doc.data, str(path))


def targets_of(pb: Playbook) -> dict[str, str]:
    """Each option as "<node id>:<option index>" -> the node id or "playbook:<id>" it leads to."""
    return {
        f"{node.id}:{i}": option.target
        for node in pb.nodes.values()
        if isinstance(node, Question)
        for i, option in enumerate(node.options)
    }


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises unless well-formed XML
    assert root.tag == f"{SVG}svg"
    return root


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def check_structure(pb: Playbook, svg: str) -> None:
    root = parse(svg)
    nodes = groups(root, "kb-map__node")
    keys = [g.get("data-map-node") for g in nodes]
    jumps = {t for t in targets_of(pb).values() if t.startswith("playbook:")}
    assert sorted(keys) == sorted([*pb.nodes, *jumps])  # each node once, each other playbook once
    for g in nodes:
        key = g.get("data-map-node")
        kind = "playbook" if key in jumps else pb.nodes[key].kind
        assert g.get("class") == f"kb-map__node kb-map__node--{kind}"
    edges = groups(root, "kb-map__edge")
    found = {g.get("data-map-edge"): (g.get("data-from"), g.get("data-to")) for g in edges}
    assert len(found) == len(edges)
    assert found == {key: (key.rsplit(":", 1)[0], target) for key, target in targets_of(pb).items()}
    assert set(found.values()) <= {(a, b) for a in keys for b in keys}  # every edge ends at a node group


def check_geometry(pb: Playbook, lay: MapLayout) -> None:
    boxes = {b.key: b for b in lay.boxes}
    parents: dict[str, list[str]] = {}
    for e in lay.edges:
        source, target = boxes[e.source], boxes[e.target]
        assert source.layer < target.layer
        assert source.rect.bottom < e.label_rect.y and e.label_rect.bottom < target.rect.y
        parents.setdefault(e.target, []).append(e.source)
    # layer = longest distance from the start
    assert boxes[pb.start].layer == 0
    for key, sources in parents.items():
        assert boxes[key].layer == max(boxes[s].layer for s in sources) + 1
    rects = [b.rect for b in lay.boxes] + [e.label_rect for e in lay.edges]
    for a, b in itertools.combinations(rects, 2):
        assert not a.overlaps(b), (a, b)
    for r in rects:
        assert r.x >= 0 and r.right <= lay.width and r.y >= 0 and r.bottom <= lay.height


def rect_of(element: ET.Element) -> Rect:
    return Rect(*(float(element.get(a) or "nan") for a in ("x", "y", "width", "height")))


# --- structure ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.stem for p in REAL_FILES])
@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_real_playbooks(path: Path, lang: str) -> None:
    pb = real_playbook(path)
    check_structure(pb, render_map(pb, by(lang)))
    check_geometry(pb, layout(pb, by(lang)))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 40), st.sampled_from(["zh-Hant", "en"]))
def test_random_playbooks(seed: int, size: int, lang: str) -> None:
    pb = random_playbook(seed, size)
    check_structure(pb, render_map(pb, by(lang)))
    check_geometry(pb, layout(pb, by(lang)))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 30))
def test_a_tree_has_no_crossings(seed: int, size: int) -> None:
    pb = random_playbook(seed, size, tree=True)
    lay = layout(pb, by("en"))
    boxes = {b.key: b for b in lay.boxes}
    for e, f in itertools.combinations(lay.edges, 2):
        if boxes[e.source].layer != boxes[f.source].layer:
            continue
        if e.source == f.source:  # the labels of one question are in the order of their targets
            assert (e.label_rect.cx < f.label_rect.cx) == (boxes[e.target].rect.cx < boxes[f.target].rect.cx)
        else:
            left_source = boxes[e.source].rect.cx < boxes[f.source].rect.cx
            assert left_source == (boxes[e.target].rect.cx < boxes[f.target].rect.cx)


def test_two_options_to_the_same_node_and_a_long_edge() -> None:
    pb = make_playbook(
        {
            "q0": question("first", "q1", "q1", "end"),
            "q1": question("second", "q2", "end"),
            "q2": question("third", "end", "playbook:elsewhere"),
            "end": action("the end"),
        }
    )
    lay = layout(pb, by("en"))
    check_structure(pb, render_map(pb, by("en")))
    check_geometry(pb, lay)
    assert lay.box("end").layer == 3
    assert lay.box("playbook:elsewhere").layer == 3


def test_kinds_look_different_and_the_start_is_on_top() -> None:
    pb = make_playbook({"q0": question("ask", "a", "playbook:other"), "a": action("act")})
    root = parse(render_map(pb, by("en")))
    boxes = {g.get("data-map-node"): g.find(f"{SVG}rect") for g in groups(root, "kb-map__node")}
    styles = {
        key: (r.get("rx"), r.get("stroke-width"), r.get("stroke-dasharray"))
        for key, r in boxes.items()
        if r is not None
    }
    assert len(set(styles.values())) == 3
    assert rect_of(boxes["q0"]).bottom < rect_of(boxes["a"]).y
    text = "".join(groups(root, "kb-map__node--playbook")[0].itertext())
    assert "→ other" in text


# --- the SVG element ----------------------------------------------------------------------


def test_root_title_viewbox_and_ids() -> None:
    pb = random_playbook(7, 12)
    svg = render_map(pb, by("en"))
    root = parse(svg)
    assert root.get("class") == "kb-map"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "A map"
    assert root.get("aria-labelledby") == title.get("id") == "kb-map-random-7-title"
    _, _, width, height = (float(v) for v in (root.get("viewBox") or "").split())
    for rect in root.iter(f"{SVG}rect"):
        r = rect_of(rect)
        assert r.x >= 0 and r.right <= width + 0.1 and r.y >= 0 and r.bottom <= height + 0.1
    for path in root.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d") or "")]
        assert numbers and all(-0.1 <= n <= max(width, height) + 0.1 for n in numbers)


def test_ids_are_unique_on_a_page_with_several_maps() -> None:
    a, b = random_playbook(1, 10), random_playbook(2, 10)
    page = (
        "<div>"
        + str(render_map(a, by("en")))
        + str(render_map(b, by("en")))
        + str(render_map(a, by("zh-Hant"), id_prefix="kb-map-x-zh"))
        + "</div>"
    )
    ids = [e.get("id") for e in ET.fromstring(page).iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 3


def test_texts_are_plain_text() -> None:
    nasty = "<script>alert(1)</script> & \"quotes\" 'too' &amp; ]]>"
    pb = make_playbook(
        {
            "q0": {
                "question": pair(nasty, nasty),
                "options": [{"label": pair(nasty, nasty), "next": "a"}, {"label": pair("x", "x"), "playbook": "p"}],
            },
            "a": action(nasty),
        },
        title=nasty,
    )
    svg = render_map(pb, by("en"), playbook_title=lambda pid: f"<b>{pid}</b> & co")
    assert "<script" not in svg and "<b>" not in svg
    root = parse(svg)
    assert not list(root.iter(f"{SVG}script"))
    titles = {"".join(t.itertext()) for t in root.iter(f"{SVG}title")}
    assert nasty in titles  # full texts survive, as text
    assert "→ <b>p</b> & co" in titles
    shown = "".join(root.itertext())
    assert "<script>alert(1)" in shown


def test_text_callable_and_playbook_titles() -> None:
    pb = make_playbook({"q0": question("問題", "a", "playbook:other-book"), "a": action("動作")})
    svg = render_map(pb, lambda p: "简:" + p.zh_hant, playbook_title=lambda pid: f"title of {pid}")
    root = parse(svg)
    titles = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert titles[0] == "简:A map"
    assert "简:問題" in titles and "简:動作" in titles and "简:選項0" in titles
    assert "→ title of other-book" in titles


def test_long_texts_are_cut_with_an_ellipsis() -> None:
    long = "很長的問題" * 200
    pb = make_playbook(
        {
            "q0": {
                "question": pair(long, long),
                "options": [{"label": pair(long, long), "next": "a"}, {"label": pair("b", "b"), "next": "a"}],
            },
            "a": action("x"),
        }
    )
    lay = layout(pb, by("zh-Hant"))
    q0 = lay.box("q0")
    assert q0.text == long and len(q0.lines) <= 6 and q0.lines[-1].endswith("…")
    assert lay.edges[0].label_lines[-1].endswith("…") and len(lay.edges[0].label_lines) <= 3


# --- wrapping -----------------------------------------------------------------------------


PIECES = [*"ab cdef  ghijk 買家已經，。（）「」、?!", "courier", "extraordinarilylongword"]


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.floats(3, 20), st.integers(1, 6))
@example("買aaextraordinarilylongwordextraordinarilylongword買買", 14.5, 3)  # balancing cut a word into a 4th line
def test_wrap_properties(text: str, max_em: float, max_lines: int) -> None:
    # A run of characters that may not start a line (closing punctuation, "?", "-", ...) longer
    # than a line must be cut somewhere inside it; such texts are outside this property.
    closing = "[" + re.escape("".join(sorted(_NO_LINE_START))) + "]"
    assume(not re.search(closing + r"\s*" + closing, text))
    lines = wrap(text, max_em, max_lines)
    assert 1 <= len(lines) <= max_lines
    assert all(text_em(line) <= max_em + 1e-9 for line in lines)
    if not lines[-1].endswith("…") or text.rstrip().endswith("…"):
        assert "".join(lines).replace(" ", "") == "".join(text.split())  # nothing lost or added
    for line in lines[1:]:
        assert line[:1] not in set("，。、）」")  # closing punctuation stays with what it closes


def test_wrap_balances_lines_and_keeps_words() -> None:
    assert wrap("還沒有，買家只是來問", 9, 3) == ["還沒有，買", "家只是來問"]
    assert wrap("Someone else signed for it", 100, 3) == ["Someone else signed for it"]
    lines = wrap("The courier shows it as signed for", 10, 3)
    assert len(lines) == 2
    assert " ".join(lines) == "The courier shows it as signed for"  # broken between words only
    assert wrap("→ counterfeit-claim", 9.5, 2) == ["→ counterfeit-", "claim"]  # the arrow stays with its word


# --- scale --------------------------------------------------------------------------------


def test_a_500_node_playbook_renders() -> None:
    pb = random_playbook(500, 500)
    svg = render_map(pb, by("en"))
    jumps = {t for t in targets_of(pb).values() if t.startswith("playbook:")}
    assert svg.count('class="kb-map__node ') == 500 + len(jumps)

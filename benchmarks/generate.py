"""Generate synthetic, valid playbooks for benchmarks: a balanced tree of questions and actions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from disputekb.library import SUPPORT_FILES

REPO = Path(__file__).resolve().parent.parent
CATEGORIES = ("prevention", "delivery", "goods", "returns", "reviews", "complaints", "fraud", "service")


def pair(zh: str, en: str) -> str:
    """A text pair as a YAML flow mapping; JSON strings are valid YAML and need no thought."""
    return "{zh-Hant: " + json.dumps(zh, ensure_ascii=False) + ", en: " + json.dumps(en) + "}"


def playbook_yaml(pid: str, role: str, n_nodes: int, index: int = 0) -> str:
    """A valid playbook of exactly ``n_nodes`` nodes: binary questions, then actions."""
    questions = (n_nodes - 1) // 2
    lines = [
        "# yaml-language-server: $schema=../schema.json",
        f"id: {pid}",
        f"role: {role}",
        f"category: {CATEGORIES[index % len(CATEGORIES)]}",
        "phases: [before-claim, claim-open]",
        f"title: {pair(f'第{index}號測試指南：買家說沒收到貨', f'Test playbook {index} - the parcel never arrived')}",
        f"summary: {pair('先查發貨底單，再聯繫快遞公司，最後等待淘寶客服介入。', 'Check the shipping slip, ask the courier, then wait for Taobao customer service.')}",
        f"audience: {pair('給賣家和客服。', 'For sellers and their staff.')}",
        "sources:",
        '  - seed: "1.一"',
        'last_reviewed: "2026-11-27"',
        "start: n0",
        "nodes:",
    ]
    for i in range(n_nodes):
        children = [c for c in (2 * i + 1, 2 * i + 2) if c < n_nodes]
        if i == 0 and n_nodes % 2 == 0:
            children.append(n_nodes - 1)  # an even count leaves one node over: the start leads to it too
        if i < questions and len(children) >= 2:
            lines += [
                f"  n{i}:",
                f"    question: {pair(f'第{i}題：包裹有沒有簽收底單？', f'Question {i} - is there a signed delivery receipt?')}",
                "    options:",
                *[f"      - label: {pair(f'選項{c}', f'Option {c}')}\n        next: n{c}" for c in children],
            ]
        else:
            lines += [
                f"  n{i}:",
                f"    action: {pair(f'第{i}步：上傳簽收底單', f'Step {i} - upload the signed receipt')}",
                "    steps:",
                f"      - {pair('繼續保持良好的服務態度，與買家友好溝通。', 'Keep your service friendly and talk to the buyer calmly.')}",
                f"      - {pair('在退款頁面提供簽收底單。', 'Provide the signed receipt on the refund page.')}",
                "    evidence:",
                f"      - {pair('簽收底單', 'The signed delivery receipt')}",
                "    templates:",
                f"      - label: {pair('溝通', 'Message')}",
                "        to: buyer",
                f"        text: {pair('您好，我們已經上傳了簽收底單，請您核對。', 'Hello, we have uploaded the signed receipt for you to check.')}",
                f"    escalate: {pair('協商不成時等待淘寶客服介入。', 'If you cannot agree, wait for Taobao customer service.')}",
            ]
    lines += _cases(n_nodes, questions)
    return "\n".join(lines) + "\n"


def _cases(n_nodes: int, questions: int) -> list[str]:
    """A training case for every action: the answers that lead to it from the start."""
    parent: dict[int, int] = {}
    for i in range(questions):
        for c in (2 * i + 1, 2 * i + 2):
            if c < n_nodes:
                parent.setdefault(c, i)
    if n_nodes % 2 == 0:
        parent.setdefault(n_nodes - 1, 0)
    lines = ["cases:"]
    for action in range(questions, n_nodes):
        chain, node = [], action
        while node in parent:
            chain.append((parent[node], node))
            node = parent[node]
        answers = ", ".join(f"n{q}: n{a}" for q, a in reversed(chain))
        lines += [
            f"  - id: case-{action}",
            f"    story: {pair(f'買家說包裹沒到，這是第{action}種情況。', f'The buyer says the parcel never came: situation {action}.')}",
            f"    answers: {{{answers}}}",
            f"    expect: n{action}",
            f"    lesson: {pair('先查底單。', 'Check the slip first.')}",
        ]
    return lines


def make_library(root: Path, count: int, n_nodes: int = 30) -> Path:
    """A playbooks folder under ``root`` with ``count`` generated playbooks (half buyer, half seller)."""
    folder = root / "playbooks"
    if folder.exists():
        shutil.rmtree(folder)
    for role in ("buyer", "seller"):
        (folder / role).mkdir(parents=True)
    for name in SUPPORT_FILES:
        source = REPO / "playbooks" / name
        if source.exists():
            shutil.copy(source, folder / name)
    for i in range(count):
        role = ("buyer", "seller")[i % 2]
        pid = f"generated-{i:04d}"
        (folder / role / f"{pid}.yml").write_text(playbook_yaml(pid, role, n_nodes, i), encoding="utf-8")
    return folder

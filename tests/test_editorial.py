"""The editorial rules (disputekb/editorial.py): each catches what it looks for, with file and line,
and lets the right text through."""

from __future__ import annotations

from pathlib import Path

import pytest

from disputekb import editorial
from disputekb.yamlfile import load_yaml

HEAD = """id: tiny
role: {role}
category: delivery
phases: [before-claim]
title: {{zh-Hant: 小指南, en: A tiny playbook}}
summary: {{zh-Hant: 摘要, en: Summary}}
audience: {{zh-Hant: 對象, en: Audience}}
sources:
  - seed: "1.一"
last_reviewed: "2026-11-30"
start: shipped
nodes:
  shipped:
    question: {{zh-Hant: 發貨了嗎？, en: Shipped?}}
    options:
      - label: {{zh-Hant: 是, en: "{label}"}}
        next: done
      - label: {{zh-Hant: 否, en: "No"}}
        next: done
  done:
    action: {{zh-Hant: 做, en: Do}}
    steps:
      - zh-Hant: "{zh}"
        en: "{en}"
"""


def findings(
    tmp_path: Path, *, zh: str = "好", en: str = "Fine", role: str = "seller", label: str = "Yes"
) -> list[str]:
    path = tmp_path / "tiny.yml"
    path.write_text(HEAD.format(zh=zh, en=en, role=role, label=label), encoding="utf-8")
    doc = load_yaml(path, "playbooks/seller/tiny.yml")
    assert not doc.problems, doc.problems
    return [str(p) for p in editorial.check_playbook(doc, editorial.fixed_terms([]))]


def test_a_clean_text_passes(tmp_path: Path) -> None:
    assert findings(tmp_path) == []


@pytest.mark.parametrize(
    ("zh", "expected"),
    [
        ("商品有質量瑕疵", "品質"),
        ("錢會默認打給賣家", "預設"),
        ("登入賬號", "帳號"),
        ("安裝軟件", "軟體"),
        ("數碼產品", "數位"),
        ("通過旺旺聯繫", "透過"),
        ("把聊天紀錄截圖", "記錄"),
        ("先激活再退", "啟用"),
        ("回到本指南開頭重新回答", "cross-reference"),
    ],
)
def test_zh_hant_words(tmp_path: Path, zh: str, expected: str) -> None:
    found = findings(tmp_path, zh=zh)
    assert len(found) == 1 and expected in found[0], found
    assert "tiny.yml:23: nodes.done.steps[0].zh-Hant" in found[0]


@pytest.mark.parametrize(
    "zh", ["退款原因選「質量問題」", "審核通過後", "商品品質不好", "預設退貨地址", "先啟用（激活）再說"]
)
def test_zh_hant_right_words_pass(tmp_path: Path, zh: str) -> None:
    assert findings(tmp_path, zh=zh) == []


@pytest.mark.parametrize(
    ("en", "expected"),
    [
        ("Apologize to the buyer", "-ise"),
        ("The order was canceled", "cancelled"),
        ("Pick a color", "colour"),
        ("Start this playbook again and answer no", "cross-reference"),
        ("Open 退款 and wait", "Chinese characters"),
    ],
)
def test_english_words(tmp_path: Path, en: str, expected: str) -> None:
    found = findings(tmp_path, en=en)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("en", ["Apologise for the size of it", "Tap Apply for refund (申请退款)", "Seize the moment"])
def test_english_right_words_pass(tmp_path: Path, en: str) -> None:
    assert findings(tmp_path, en=en) == []


def test_seller_options_speak_as_we(tmp_path: Path) -> None:
    found = findings(tmp_path, label="Yes, you shipped it")
    assert len(found) == 1 and "nodes.shipped.options[0].label.en" in found[0] and "'we'" in found[0]
    assert findings(tmp_path, label="Yes, we shipped it") == []
    assert findings(tmp_path, label="Yes, you shipped it", role="buyer") == []


def test_latin_words_in_chinese(tmp_path: Path) -> None:
    found = findings(tmp_path, zh="上傳 screenshot")
    assert len(found) == 1 and "screenshot" in found[0]
    assert findings(tmp_path, zh="在 App 裡上傳 jpg 檔") == []


def test_a_reference_is_not_read_as_words(tmp_path: Path) -> None:
    assert findings(tmp_path, zh="見{node:shipped}", en="See {node:shipped}") == []


def test_a_cited_rule_is_listed_by_the_playbook(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yml"
    text = HEAD.format(zh="依規則處理", en="Under the rules", role="seller", label="Yes")
    path.write_text(text, encoding="utf-8")
    found = [str(p) for p in editorial.check_playbook(load_yaml(path, "x.yml"), editorial.fixed_terms([]))]
    assert len(found) == 1 and "依規則" in found[0]
    text += "    sources:\n      - rule: taobao-dispute-rules\n        article: Art 7\n"
    path.write_text(text, encoding="utf-8")
    found = [str(p) for p in editorial.check_playbook(load_yaml(path, "x.yml"), editorial.fixed_terms([]))]
    assert len(found) == 1 and "'taobao-dispute-rules' also in the top-level sources" in found[0]

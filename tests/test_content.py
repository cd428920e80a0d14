"""Content checks on the real library: they fail when the playbooks, glossary or sources drift.

The validator (``python -m disputekb check``) guards the format; these tests guard the content:
sources, glossary coverage, one term for one meaning, the right language in each text, checklist
size and the coverage of the seed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import PLAYBOOKS
from disputekb.library import Library, load_library

# Every term of DOMAIN.md section 7, in zh-Hant: the glossary must define each one.
DOMAIN_TERMS = [
    "淘寶",
    "阿里旺旺",
    "旺旺",
    "千牛",
    "支付寶擔保交易",
    "我的淘寶",
    "確認收貨",
    "延長收貨",
    "僅退款",
    "退貨退款",
    "換貨",
    "售後",
    "維權",
    "淘寶客服介入",
    "小二",
    "舉證",
    "投訴",
    "申訴",
    "七天無理由退貨",
    "如實描述",
    "消保",
    "退貨運費險",
    "簽收底單",
    "委託簽收憑證",
    "拒簽",
    "中差評",
    "追評",
    "差評師",
    "物流攔截",
    "質檢報告",
    "經銷憑證",
    "大眾評審",
]

# The other Taobao terms the playbooks use. Whichever of these (or of DOMAIN_TERMS) occurs in a
# playbook's zh-Hant text must be a glossary term or alias. Add a term here when a playbook starts
# using it.
OTHER_TERMS = [
    "天貓",
    "支付寶",
    "已買到的寶貝",
    "寶貝",
    "買家留言",
    "交易快照",
    "淘寶大學",
    "信譽",
    "鑽石",
    "皇冠",
    "刷信譽",
    "秒殺",
    "評價期",
    "返現",
    "發貨底單",
    "攬收",
    "驛站",
    "快遞櫃",
    "面單",
    "到付",
    "包郵",
    "點擊發貨",
    "默認退貨地址",
    "部分退款",
    "運費險",
    "退款頁面",
    "舉報",
    "侵權投訴",
    "進貨憑證",
    "品牌授權書",
    "產品合格證",
    "代購小票",
    "報關單據",
    "執行標準",
]
TAOBAO_TERMS = DOMAIN_TERMS + OTHER_TERMS

# One term, one meaning: words that must not appear in playbook texts, with the term to use.
ZH_VARIANTS = {
    r"品質問題": "質量問題 (Taobao's refund reason)",
    r"維權(管理)?頁面|退款管理頁面|退款詳情頁": "退款頁面",
    r"維權（[^）]*投訴": "維權 is a buyer's claim; a complaint (投訴) is a different thing (rules Art 2-3)",
    r"產品授權書(?!、產品合格證、代購小票)": "品牌授權書 (產品授權書 only in the seed's own list)",
    r"預設": "默認",
    r"紀錄": "記錄",
    r"訂製|定製": "定作 (the national 7-day measures' word)",
    r"智慧財產權": "知識產權",
    r"檢舉": "舉報",
    r"(您|你|買家|顧客)拍下的|再拍下|拍錯": "下單 / 下錯單 (拍下 also means 'photograph')",
}
EN_VARIANTS = {
    r"\bclaim (management )?page\b|\brefund (management|details) page\b": "refund page",
    r"\bdistribution proof\b": "proof of authorised supply",
    r"\bpurchase (papers|records|proofs)\b": "purchase documents",
}
# Glossary terms whose English rendering is fixed: where the zh-Hant text uses the term, the
# English text uses the glossary's English name (or an English alias).
FIXED_RENDERINGS = [
    "proof-of-supply",
    "purchase-proof",
    "brand-authorisation",
    "refund-management",
    "proof-of-authorised-signing",
    "certificate-of-conformity",
    "purchase-receipt",
    "customs-papers",
    "product-standard",
    "inspection-report",
    "trade-snapshot",
    "shipping-slip",
    "return-shipping-insurance",
]

# Latin words of 3 or more letters that may stand in a zh-Hant text.
LATIN_ALLOWED = {"API", "App", "gif", "jpg", "jpeg"}
# The seed sections every library must cite somewhere; "4" stands for 4, 4.一 or 4.二.
SEED_SECTIONS = ["1.一", "1.二", "1.三", "1.四", "1.五", "2", "3", "4", "5", "6", "7", "8", "9"]

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|（[^（）]*）|【[^【】]*】")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(PLAYBOOKS)


def pairs(obj: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Every text pair under ``obj`` as (path, zh-Hant, en)."""
    if isinstance(obj, dict):
        if isinstance(obj.get("zh-Hant"), str) and isinstance(obj.get("en"), str):
            yield path, obj["zh-Hant"], obj["en"]
        for key, value in obj.items():
            yield from pairs(value, f"{path}/{key}")
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from pairs(value, f"{path}[{i}]")


def all_pairs(lib: Library) -> Iterator[tuple[str, str, str]]:
    """Text pairs of every playbook, the glossary and the sources, with a readable place."""
    for pb in lib.playbooks.values():
        for path, zh, en in pairs(pb.data):
            yield f"{pb.file}:{path}", zh, en
    for term in lib.glossary:
        for path, zh, en in pairs(term):
            yield f"glossary {term['id']}:{path}", zh, en
        aliases = term.get("aliases") or {}
        for alias in aliases.get("zh-Hant") or []:
            yield f"glossary {term['id']}:/aliases", alias, ""
        for alias in aliases.get("en") or []:
            yield f"glossary {term['id']}:/aliases", "", alias
    for path, zh, en in pairs(lib.sources):
        yield f"sources.yml:{path}", zh, en


def playbook_pairs(lib: Library) -> Iterator[tuple[str, str, str]]:
    for pb in lib.playbooks.values():
        for path, zh, en in pairs(pb.data):
            yield f"{pb.file}:{path}", zh, en


def glossary_names(lib: Library) -> set[str]:
    names = set()
    for term in lib.glossary:
        names.add(term["zh-Hant"])
        names.update((term.get("aliases") or {}).get("zh-Hant") or [])
    return names


def cited(data: Any) -> Iterator[dict[str, Any]]:
    """Every source cited anywhere in a playbook: its own, its actions' and its checklists'."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list):
                yield from value
            else:
                yield from cited(value)
    elif isinstance(data, list):
        for value in data:
            yield from cited(value)


def strip_brackets(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, BRACKETED.sub("", text)
    return text


def test_library_size(lib: Library) -> None:
    assert len(lib.by_role("seller")) >= 12
    assert len(lib.by_role("buyer")) >= 8
    assert sum(len(pb.checklists) for pb in lib.playbooks.values()) >= 15


def test_every_playbook_cites_a_seed_section_or_a_rule(lib: Library) -> None:
    for pb in lib.playbooks.values():
        sources = pb.data.get("sources") or []
        assert sources, f"{pb.file}: no sources"
        assert any("seed" in s or "rule" in s for s in sources), f"{pb.file}: cites no seed section or rule"


def test_rule_statements_are_backed_by_a_rule(lib: Library) -> None:
    """An action that says 依規則 cites the dispute rules itself; a question, its playbook does."""
    for pb in lib.playbooks.values():
        top = {s.get("rule") for s in pb.data["sources"]}
        for node_id, node in pb.nodes.items():
            text = " ".join(zh for _, zh, _ in pairs({k: v for k, v in node.items() if k != "sources"}))
            own = {s.get("rule") for s in node.get("sources") or []}
            backing = own if "action" in node else top
            if "依規則" in text:
                assert "taobao-dispute-rules" in backing, f"{pb.file}: {node_id} states a rule but cites none"
            if re.search(r"國家(規定|辦法)", text):
                assert "samr-7-day-returns" in backing, (
                    f"{pb.file}: {node_id} cites the national measures without a source"
                )


def test_every_seed_section_is_cited(lib: Library) -> None:
    sections = {s["seed"] for pb in lib.playbooks.values() for s in cited(pb.data) if "seed" in s}
    missing = [
        sec
        for sec in SEED_SECTIONS
        if sec not in sections and not (sec == "4" and any(s.startswith("4") for s in sections))
    ]
    assert not missing, f"seed sections no playbook cites: {missing}"


def test_domain_terms_are_in_the_glossary(lib: Library) -> None:
    names = glossary_names(lib)
    assert [t for t in DOMAIN_TERMS if t not in names] == []


def test_taobao_terms_used_in_playbooks_are_defined(lib: Library) -> None:
    names = glossary_names(lib)
    text = "\n".join(zh for _, zh, _ in playbook_pairs(lib))
    used = [t for t in TAOBAO_TERMS if t in text]
    assert len(used) > len(TAOBAO_TERMS) // 2, "the term list no longer matches the playbooks"
    assert [t for t in used if t not in names] == []


def variants(text: str, table: dict[str, str], flags: int = 0) -> list[str]:
    """The discouraged words in ``text``, each with the term to use instead."""
    return [
        f"{m.group(0)!r} -> {preferred}"
        for pattern, preferred in table.items()
        if (m := re.search(pattern, text, flags))
    ]


def test_one_term_one_meaning_in_chinese(lib: Library) -> None:
    found = [f"{place}: {v}" for place, zh, _ in playbook_pairs(lib) for v in variants(zh, ZH_VARIANTS)]
    assert found == []


def test_one_term_one_meaning_in_english(lib: Library) -> None:
    found = [f"{place}: {v}" for place, _, en in playbook_pairs(lib) for v in variants(en, EN_VARIANTS, re.IGNORECASE)]
    assert found == []


def test_fixed_terms_keep_their_english_rendering(lib: Library) -> None:
    terms = {t["id"]: t for t in lib.glossary}
    wrong = []
    for term_id in FIXED_RENDERINGS:
        term = terms.get(term_id)
        if term is None:
            wrong.append(f"glossary.yml: no term {term_id}")
            continue
        english = [term["en"].lower(), *(a.lower() for a in (term.get("aliases") or {}).get("en") or [])]
        for place, zh, en in playbook_pairs(lib):
            if term["zh-Hant"] in zh and not any(name in en.lower() for name in english):
                wrong.append(f"{place}: {term['zh-Hant']} without {term['en']!r}")
    assert wrong == []


def test_no_han_characters_in_english_texts(lib: Library) -> None:
    found = [f"{place}: {en}" for place, _, en in all_pairs(lib) if HAN.search(strip_brackets(en))]
    assert found == []


def test_no_latin_words_in_chinese_texts(lib: Library) -> None:
    found = [
        f"{place}: {word}"
        for place, zh, _ in all_pairs(lib)
        for word in LATIN_WORD.findall(zh)
        if word not in LATIN_ALLOWED
    ]
    assert found == []


def test_every_checklist_section_has_5_to_9_items(lib: Library) -> None:
    sizes = {
        f"{pb.file}: {c['id']} section {i + 1}": len(section["items"])
        for pb in lib.playbooks.values()
        for c in pb.checklists
        for i, section in enumerate(c["sections"])
    }
    assert sizes
    assert {place: n for place, n in sizes.items() if not 5 <= n <= 9} == {}


def test_the_checks_catch_what_they_look_for() -> None:
    """The patterns themselves: a wrong text is caught, a right one passes."""
    assert HAN.search(strip_brackets("A review extortionist (差評師) is 差評師"))
    assert not HAN.search(strip_brackets("A review extortionist (差評師) [【例】]"))
    assert LATIN_WORD.findall("請上傳 screenshot 和 ID") == ["screenshot"]
    assert variants("準備產品授權書。", ZH_VARIANTS)
    assert not variants("進貨憑證，如產品授權書、產品合格證、代購小票等", ZH_VARIANTS)
    assert variants("買家已經發起維權（申請退款或投訴）了嗎？", ZH_VARIANTS)
    assert variants("您拍下的【商品】斷貨了", ZH_VARIANTS)
    assert not variants("請買家拍下收到的商品，保留原有品質的說明", ZH_VARIANTS)
    assert variants("Upload it on the Claim page", EN_VARIANTS, re.IGNORECASE)
    assert not variants("Upload it on the refund page", EN_VARIANTS, re.IGNORECASE)

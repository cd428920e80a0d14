"""Editorial rules: what the format cannot say but a reader would notice.

One term for one meaning, the right spelling for each readership, the right language in each
text, seller options in one voice, rule statements backed
by a cited rule, no "start again" instructions where a link belongs, and zh-Hans corrections that
still correct something. Each finding is a :class:`~disputekb.problems.Problem` with file and line:
``python -m disputekb check`` prints them, and the build stops on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .model import Library, Text
from .problems import Path, Problem
from .yamlfile import YamlDoc

# zh-Hant, for readers in Taiwan and Hong Kong: a pattern -> the word to use.
ZH_HANT = {
    r"質量(?!問題」)": "品質 (質量 only as the app's refund reason 「質量問題」)",
    r"默認": "預設 or 自動",
    r"賬號|賬戶": "帳號 (帳戶 for a bank account)",
    r"軟件": "軟體",
    r"數碼|數字(?:商品|產品|內容|貨品|化)": "數位",
    r"(?<!審核)(?<!申訴)通過(?!審核|驗證|認證|安全認證|檢驗|檢測|測試|考核|實名)": "透過 (通過 only for 'passed, approved': 審核通過, 通過驗證)",
    r"紀錄": "記錄",
    r"檢舉": "舉報",
    r"智慧財產權": "知識產權",
    r"訂製|定製": "定作 (the national 7-day measures' word)",
    r"(您|你|買家|顧客)拍下的|再拍下|拍錯": "下單 / 下錯單 (拍下 also means 'photograph')",
    r"維權(管理)?頁面|退款管理頁面|退款詳情頁": "退款頁面",
    r"維權（[^）]*投訴": "維權 is a buyer's claim; a complaint (投訴) is a different thing (rules Art 2-3)",
    r"產品授權書(?!、產品合格證、代購小票)": "品牌授權書 (產品授權書 only in the seed's own list)",
    r"回到本指南開頭|重新開始本指南|從頭再看本指南": "a cross-reference such as {node:<id>}",
    r"種子資料": "問答集 (the seed's public name; pages link it to the About page)",
}
# English: one term for one meaning, and British spelling.
EN = {
    r"\bclaim (management )?page\b|\brefund (management|details) page\b": "refund page",
    r"\bdistribution proof\b": "proof of authorised supply",
    r"\bpurchase (papers|records|proofs)\b": "purchase documents",
    r"\bstart (this|the) playbook (again|over)\b": "a cross-reference such as {node:<id>}",
    r"\bthe seed\b": "the Q&A collection (the seed's public name)",
    r"\b(colou?r(?<!colour)|favor|behavior|honor|labor|neighbor)s?\b": "British spelling (colour, favour, behaviour, ...)",
    r"\b(center|meter|theater)s?\b": "British spelling (centre, ...)",
    r"\b(canceled|canceling|traveled|traveling|labeled|labeling|modeled|fulfill|enroll|enrollment)\b": "British spelling (cancelled, labelled, fulfil, ...)",
    r"\b(defense|offense|catalog|gray)\b": "British spelling (defence, offence, catalogue, grey)",
    r"\b(?!(?:size|sized|sizes|seize|seized|seizes|prize|prizes|capsize|baize|maize)\b)[a-z]+i(ze|zes|zed|zing|zation|zations)\b": "British -ise spelling (apologise, authorise, organisation)",
    r"\b(analyze|analyzed|analyzing|paralyze)\b": "British spelling (analyse)",
}
# Seller playbooks: option labels are the seller's own answers, in the "we" voice.
SELLER_OPTION_YOU = re.compile(r"\b(you|your|yours|you're|you've)\b", re.IGNORECASE)
# Latin words of 3 or more letters that may stand in a zh-Hant text.
LATIN_ALLOWED = {"API", "App", "gif", "jpg", "jpeg", "www"}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|（[^（）]*）|【[^【】]*】")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
REFERENCE = re.compile(r"\{[a-z]+:[^{}]*\}")
# Glossary terms whose English rendering is fixed: where a zh-Hant text uses the term, the English
# text uses the glossary's English name (or an English alias).
FIXED_RENDERINGS = (
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
)


class Rules:
    """A table of rules as one pattern: a text is searched once, whatever the number of rules,
    and only when it holds one of the ``keys`` every match needs (most texts hold none)."""

    def __init__(self, table: dict[str, str], keys: str, flags: int = 0) -> None:
        self.uses = list(table.values())
        self.pattern = re.compile("|".join(f"(?P<r{i}>{p})" for i, p in enumerate(table)), flags)
        self.keys = re.compile(keys, flags)

    def find(self, text: str) -> list[tuple[str, str]]:
        """The discouraged words in ``text``: (what was found, what to use), each rule once."""
        if not self.keys.search(text):
            return []
        found: dict[int, str] = {}
        for match in self.pattern.finditer(REFERENCE.sub("", text)):
            found.setdefault(int(match.lastgroup[1:]), match.group(0))
        return [(word, self.uses[i]) for i, word in sorted(found.items())]


# Something every match of the tables above contains: a quick test before the full one.
_ZH = Rules(ZH_HANT, "[質默賬帳軟數通紀檢智訂定拍維產回重從種]")
_EN = Rules(
    EN,
    "iz|seed|claim page|management page|details page|distribution proof|purchase papers|purchase records|purchase proofs"
    "|this playbook|the playbook|color|favor|behavior|honor|labor|neighbor|center|meter|theater|canceled|canceling"
    "|traveled|traveling|labeled|labeling|modeled|fulfill|enroll|defense|offense|catalog|gray|analyz|paralyz",
    re.IGNORECASE,
)


def strip_brackets(text: str) -> str:
    """``text`` without what stands in brackets (an app label, a blank to fill, a gloss)."""
    previous = None
    while previous != text:
        previous, text = text, BRACKETED.sub("", text)
    return text


def texts(value: Any, path: Path = ()) -> Iterator[tuple[Path, dict[str, str]]]:
    """Every {zh-Hant, en} text under ``value``, with its path."""
    if isinstance(value, dict):
        if isinstance(value.get("zh-Hant"), str) and isinstance(value.get("en"), str):
            yield path, value
            return
        for key, sub in value.items():
            yield from texts(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from texts(sub, (*path, i))


def fixed_terms(terms: list[dict[str, Any]]) -> _Terms:
    """The glossary terms whose English rendering is fixed (FIXED_RENDERINGS)."""
    return _Terms([t for t in terms if t["id"] in FIXED_RENDERINGS])


def check_playbook(doc: YamlDoc, fixed: _Terms) -> list[Problem]:
    """Every editorial finding in one playbook."""
    return [*_language(doc, fixed), *_seller_voice(doc), *_rules_backed(doc)]


class _Terms:
    """Finds which of some glossary terms a Chinese text uses, with one search."""

    def __init__(self, terms: list[dict[str, Any]]) -> None:
        self.by_name = {t["zh-Hant"]: t for t in terms}
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def find(self, zh: str) -> list[dict[str, Any]]:
        if self.pattern is None:
            return []
        return [self.by_name[name] for name in dict.fromkeys(self.pattern.findall(zh))]


def _language(doc: YamlDoc, fixed: _Terms) -> Iterator[Problem]:
    for path, text in texts(doc.data):
        zh, en = text["zh-Hant"], text["en"]
        for found, use in _ZH.find(zh):
            yield doc.problem((*path, "zh-Hant"), f"'{found}'", use)
        if "激活" in zh and "啟用" not in zh:
            yield doc.problem((*path, "zh-Hant"), "'激活' alone", "啟用, with the app's 激活 beside it: 啟用（激活）")
        for found, use in _EN.find(en):
            yield doc.problem((*path, "en"), f"'{found}'", use)
        if HAN.search(en) and HAN.search(strip_brackets(en)):
            yield doc.problem(
                (*path, "en"),
                "Chinese characters in the English text",
                "English, with an app label or a Chinese word only in brackets",
            )
        latin = [w for w in LATIN_WORD.findall(zh) if w not in LATIN_ALLOWED] if LATIN_WORD.search(zh) else []
        latin = [w for w in LATIN_WORD.findall(REFERENCE.sub("", zh)) if w not in LATIN_ALLOWED] if latin else []
        if latin:
            yield doc.problem(
                (*path, "zh-Hant"),
                f"the Latin word '{latin[0]}' in the Chinese text",
                "Chinese (allowed: " + ", ".join(sorted(LATIN_ALLOWED)) + ")",
            )
        for term in fixed.find(zh):
            names = [term["en"].lower(), *(a.lower() for a in (term.get("aliases") or {}).get("en") or [])]
            if not any(name in en.lower() for name in names):
                yield doc.problem(
                    (*path, "en"),
                    f"no '{term['en']}' for {term['zh-Hant']}",
                    f"the glossary's English name '{term['en']}' (one term, one meaning)",
                )


def _seller_voice(doc: YamlDoc) -> Iterator[Problem]:
    if doc.data["role"] != "seller":
        return
    for node_id, node in doc.data["nodes"].items():
        for i, option in enumerate(node.get("options") or []):
            match = SELLER_OPTION_YOU.search(option["label"]["en"])
            if match:
                yield doc.problem(
                    ("nodes", node_id, "options", i, "label", "en"),
                    f"'{match.group(0)}' in a seller's answer",
                    "the seller's own voice: 'we', 'our' ('We shipped it')",
                )


def _cited(value: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            if key == "sources" and isinstance(sub, list):
                yield from (((*path, key, i), s) for i, s in enumerate(sub))
            else:
                yield from _cited(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _cited(sub, (*path, i))


def _rules_backed(doc: YamlDoc) -> Iterator[Problem]:
    """The playbook's own sources list every rule its parts cite; a text that says 依規則 (under
    the rules) cites the dispute rules, one that invokes the national measures cites them."""
    data = doc.data
    top = {s.get("rule") for s in data["sources"]}
    for path, source in _cited({k: v for k, v in data.items() if k != "sources"}, ()):
        rule = source.get("rule")
        if rule is not None and rule not in top:
            yield doc.problem(
                path,
                f"the rule '{rule}', which the playbook's own sources do not list",
                f"'{rule}' also in the top-level sources",
            )
    for node_id, node in data["nodes"].items():
        zh = " ".join(t["zh-Hant"] for p, t in texts({k: v for k, v in node.items() if k != "sources"}))
        backing = {s.get("rule") for s in node.get("sources") or []} if "action" in node else top
        if "依規則" in zh and "taobao-dispute-rules" not in backing:
            yield doc.problem(
                ("nodes", node_id),
                "a text that says 依規則 without citing the rules",
                "a source {rule: taobao-dispute-rules, article: ...} on the action",
            )
        if re.search(r"國家(規定|辦法)", zh) and "samr-7-day-returns" not in backing:
            yield doc.problem(
                ("nodes", node_id),
                "a text that invokes the national measures without citing them",
                "a source {rule: samr-7-day-returns} on the action",
            )


def unused_overrides(lib: Library) -> list[str]:
    """The zh-Hans corrections no text of the library needs any more (playbooks, glossary,
    sources): ``python -m disputekb check`` warns of them, and the content tests keep the real
    library free of them. (A library made for a test uses few texts: no build stops for this.)"""
    corpus = "\n".join(zh_texts(lib))
    return [phrase for phrase in lib.overrides if phrase not in corpus]


def zh_texts(value: Any) -> Iterator[str]:
    """Every zh-Hant text in a part of the model (a playbook, a list of them, the library)."""
    if isinstance(value, Text):
        yield value.zh_hant
    elif isinstance(value, tuple | list):
        for item in value:
            yield from zh_texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from zh_texts(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name != "overrides":
                yield from zh_texts(getattr(value, name))

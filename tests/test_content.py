"""Content checks on the real library: they fail when the playbooks or the glossary drift.

The validator (``python -m disputekb check``) guards the format and the editorial rules (one term
for one meaning, spelling, voice, sources; ``disputekb/editorial.py``); these tests guard what only
the whole library can show: its coverage of the seed and of the domain's terms.
"""

from __future__ import annotations

from disputekb import editorial
from disputekb.model import Library

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
    "預設退貨地址",
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
    "刷單",
    "退款原因",
    "延遲發貨",
    "缺貨",
    "假發貨",
    "預售",
    "定金",
    "尾款",
    "定作",
    "集運倉",
    "集運",
    "申請售後",
    "申請客服介入",
    "調包",
    "惡意退款",
    "違規扣分",
    "保證金",
    "假一賠十",
    "12315",
    "市場監管部門",
    "消費者協會",
    "互聯網法院",
    "先行賠付",
    "知假買假",
    "報案回執",
]
TAOBAO_TERMS = DOMAIN_TERMS + OTHER_TERMS
# The seed sections every library must cite somewhere; "4" stands for 4, 4.一 or 4.二.
SEED_SECTIONS = ["1.一", "1.二", "1.三", "1.四", "1.五", "2", "3", "4", "5", "6", "7", "8", "9"]


def test_every_zh_hans_correction_is_still_needed(lib: Library) -> None:
    assert editorial.unused_overrides(lib) == []


def test_library_size(lib: Library) -> None:
    assert len(lib.by_role("seller")) >= 12
    assert len(lib.by_role("buyer")) >= 8
    assert sum(len(pb.checklists) for pb in lib.playbooks.values()) >= 15


def test_every_seed_section_is_cited(lib: Library) -> None:
    sections = set()
    for pb in lib.playbooks.values():
        sections |= {s.seed for s in pb.sources if s.seed}
        sections |= {s.seed for a in pb.actions for s in a.sources if s.seed}
    missing = [
        sec
        for sec in SEED_SECTIONS
        if sec not in sections and not (sec == "4" and any(s.startswith("4") for s in sections))
    ]
    assert not missing, f"seed sections no playbook cites: {missing}"


def test_domain_terms_are_in_the_glossary(lib: Library) -> None:
    names = {name for term in lib.glossary for name in (term.name.zh_hant, *term.aliases.zh_hant)}
    assert [t for t in DOMAIN_TERMS if t not in names] == []


def test_taobao_terms_used_in_playbooks_are_defined(lib: Library) -> None:
    names = {name for term in lib.glossary for name in (term.name.zh_hant, *term.aliases.zh_hant)}
    text = "\n".join(editorial.zh_texts(list(lib.playbooks.values())))
    used = [t for t in TAOBAO_TERMS if t in text]
    assert len(used) > len(TAOBAO_TERMS) // 2, "the term list no longer matches the playbooks"
    assert [t for t in used if t not in names] == []


def test_every_checklist_section_has_5_to_9_items(lib: Library) -> None:
    """A group a reader takes in at once (a house style; the format allows 1 to 9)."""
    sizes = {
        f"{pb.file}: {c.id} section {i + 1}": len(section.items)
        for pb in lib.playbooks.values()
        for c in pb.checklists
        for i, section in enumerate(c.sections)
    }
    assert sizes
    assert {place: n for place, n in sizes.items() if not 5 <= n <= 9} == {}

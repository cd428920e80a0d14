"""Checklists: the budget the validator enforces, the pages, and the A4 sheets in real Chromium.

Printed sheets are checked in PDF form (pdfinfo for the page count, pdftotext for the text):
every sheet of the repository's site in every language, and a calibration site whose
checklists sit at the budget (CHECKLIST_MAX_SECTIONS / CHECKLIST_MAX_LINES) with long items.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import LANG_CODES, PLAYBOOKS, PageWatch, Tabs, build, make_project, serving, watched_page
from disputekb.checklists import all_pages
from disputekb.chinese import Converter
from disputekb.i18n import BY_CODE, LANGS
from disputekb.library import CHECKLIST_MAX_LINES, CHECKLIST_MAX_SECTIONS, load_library
from disputekb.model import DESKS, Checklist, Library
from disputekb.problems import PlaybookError
from disputekb.render import Site
from disputekb.urls import Urls

FIELDS = ["order-number", "buyer-id", "seller-id", "date", "staff", "tracking-number", "amount"]


# --- playbooks for these tests ---------------------------------------------------------------------


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh-Hant": zh, "en": en}


def _long_item(n: int) -> dict[str, str]:
    """An item longer than any written so far, in both languages (about 34 and 120 characters)."""
    return _text(
        f"核對第 {n} 項：訂單編號、買家 ID、快遞單號和退款金額都與聊天截圖完全一致",
        f"Check {n}: the order number, buyer ID, tracking number and refund amount all match the chat screenshots you saved",
    )


def _section(n: int, items: int, *, titled: bool = True) -> dict[str, Any]:
    section: dict[str, Any] = {"items": [_long_item(10 * n + i) for i in range(1, items + 1)]}
    if titled:
        section["title"] = _text(
            f"第 {n} 段：簽收之前一定要先核對的事項", f"Part {n}: what to check before you sign for the parcel"
        )
    return section


def _checklist(
    cid: str, sections: list[dict[str, Any]], *, kind: str = "read-do", fields: list[str] | None = None
) -> dict[str, Any]:
    return {
        "id": cid,
        "title": _text(
            "退貨包裹驗收與同意退款之前的最後核對清單",
            "Return parcel inspection and the last check before you agree to refund the buyer",
        ),
        "pause_point": _text(
            "退貨包裹送到時：在快遞員面前、簽收之前拿出來一次，同意退款之前再拿出來一次",
            "When a return parcel is delivered: take it out in front of the courier before you sign, and again before you agree to the refund",
        ),
        "kind": kind,
        "fields": FIELDS if fields is None else fields,
        "sections": sections,
    }


def playbook_yaml(pid: str, role: str, checklists: list[dict[str, Any]], *, category: str = "returns") -> str:
    """A small valid playbook whose one action links its first checklist."""
    data = {
        "id": pid,
        "role": role,
        "category": category,
        "phases": ["claim-open"],
        "title": _text(f"校準用指南（{len(pid)}）", f"Calibration playbook {pid}"),
        "summary": _text("只用於測試列印。", "Used to test printing only."),
        "audience": _text("測試。", "Tests."),
        "sources": [{"seed": "1"}],
        "last_reviewed": "2026-11-27",
        "start": "ask",
        "nodes": {
            "ask": {
                "question": _text("包裹到了嗎？", "Has the parcel arrived?"),
                "options": [
                    {"label": _text("到了", "It has"), "next": "check"},
                    {"label": _text("還沒", "Not yet"), "next": "check"},
                ],
            },
            "check": {
                "action": _text("拿出清單逐項核對", "Take out the checklist and go through it"),
                "steps": [_text("逐項打勾。", "Tick each item.")],
                "checklist": checklists[0]["id"],
            },
        },
        "checklists": checklists,
        "cases": [
            {
                "id": "parcel-arrived",
                "story": _text("包裹今天到了。", "The parcel came today."),
                "answers": {"ask": "check"},
                "expect": "check",
                "lesson": _text("清單逐項核對。", "Go through the checklist."),
            }
        ],
    }
    head = "# yaml-language-server: $schema=../schema.json\n"
    return head + yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)


class _NoAliases(yaml.SafeDumper):
    """Playbooks may not use anchors and aliases: write repeated values out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# Every shape at the budget: the most sections; the most items (two sections); an untitled first section.
AT_BUDGET = [
    _checklist("max-sections", [_section(1, 3), _section(2, 3), _section(3, 2), _section(4, 2)], kind="do-confirm"),
    _checklist("max-items", [_section(1, 9), _section(2, 3)]),
    _checklist("untitled-first", [_section(1, 9, titled=False), _section(2, 3)], fields=FIELDS[:3]),
]
assert all(
    len(c["sections"]) <= CHECKLIST_MAX_SECTIONS
    and len(c["sections"]) + sum(len(s["items"]) for s in c["sections"]) == CHECKLIST_MAX_LINES
    for c in AT_BUDGET
)
# An id that names a page elsewhere ("bilingual"), and texts that must stay text.
ODD = [
    _checklist("bilingual", [{"items": [_text("短的一項", "A short item")]}], fields=[]),
    _checklist(
        "escaped",
        [
            {
                "title": _text("<b>粗</b> & 【】", "<b>bold</b> & [ ]"),
                "items": [_text("<b>粗</b> & <i>斜</i>", "<script>alert(1)</script> & co")],
            }
        ],
        kind="do-confirm",
        fields=["date"],
    ),
]
CALIBRATION = {
    "seller/calibration.yml": playbook_yaml("calibration", "seller", AT_BUDGET),
    "buyer/odd-ids.yml": playbook_yaml("odd-ids", "buyer", ODD, category="delivery"),
}


# --- the validator ---------------------------------------------------------------------------------


def _library_root(tmp_path: Path, files: dict[str, str]) -> Path:
    """A playbooks folder with the repository's schemas, sources and glossary, and ``files``."""
    root = tmp_path / "playbooks"
    root.mkdir()
    for path in PLAYBOOKS.iterdir():
        if path.is_file() and path.suffix in (".json", ".yml"):
            (root / path.name).write_bytes(path.read_bytes())
    for role in ("buyer", "seller"):
        (root / role).mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _problems_in(tmp_path: Path, files: dict[str, str]) -> list[str]:
    with pytest.raises(PlaybookError) as caught:
        load_library(_library_root(tmp_path, files))
    return [str(p) for p in caught.value.problems]


def _problems(tmp_path: Path, checklist: dict[str, Any]) -> list[str]:
    return _problems_in(tmp_path, {"seller/too-long.yml": playbook_yaml("too-long", "seller", [checklist])})


def test_validator_accepts_checklists_at_the_budget(tmp_path: Path) -> None:
    lib = load_library(_library_root(tmp_path, CALIBRATION))
    assert checklist_ids(lib) == {c["id"] for c in AT_BUDGET + ODD}


def test_validator_rejects_a_section_of_ten_items(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _checklist("ten-items", [_section(1, 10)]))
    assert any("checklists[0].sections[0].items" in p and "too-long.yml" in p for p in problems), problems


def test_validator_rejects_a_checklist_too_long_for_one_page(tmp_path: Path) -> None:
    # 2 sections of 7 items: no section over 9, but 16 lines > CHECKLIST_MAX_LINES.
    problems = _problems(tmp_path, _checklist("too-long", [_section(1, 7), _section(2, 7)]))
    assert any("checklists[0].sections" in p and str(CHECKLIST_MAX_LINES) in p for p in problems), problems


def test_validator_rejects_too_many_sections(tmp_path: Path) -> None:
    sections = [_section(n, 1) for n in range(1, CHECKLIST_MAX_SECTIONS + 2)]
    problems = _problems(tmp_path, _checklist("five-sections", sections))
    assert any("checklists[0].sections" in p for p in problems), problems


@pytest.mark.build
def test_a_too_long_checklist_fails_the_build_with_an_error(tmp_path: Path) -> None:
    bad = playbook_yaml("too-long", "seller", [_checklist("too-long", [_section(1, 8), _section(2, 8)])])
    project = make_project(tmp_path, {"seller/too-long.yml": bad}, keep=False)
    result = build(project, tmp_path / "out")
    assert result.returncode == 1
    assert "ERROR" in result.stderr and "checklists[0].sections" in result.stderr


# --- the pages, without a browser ------------------------------------------------------------------


def checklist_pages(lib: Library) -> dict[str, str]:
    """Every checklist page of ``lib``: source path -> HTML."""
    return {page.src: page.render().html for page in all_pages(Site(lib, Urls(), Converter(lib.overrides)))}


def checklist_ids(lib: Library) -> set[str]:
    return {c.id for _, c in lib.checklists()}


@pytest.fixture(scope="module")
def calibration_lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library(_library_root(tmp_path_factory.mktemp("lib"), CALIBRATION))


def test_every_checklist_has_its_pages_in_every_language(calibration_lib: Library) -> None:
    pages = checklist_pages(calibration_lib)
    ids = checklist_ids(calibration_lib)
    expected = {f"{lang.code}/checklists/index.md" for lang in LANGS}
    expected |= {
        f"{lang.code}/checklist-booklets/{role}{variant}.md"
        for lang in LANGS
        for role in ("buyer", "seller")
        for variant in ("", "-bilingual")
    }
    expected |= {f"{lang.code}/checklists/{cid}.md" for lang in LANGS for cid in ids}
    expected |= {f"{lang.code}/checklists/{cid}/bilingual.md" for lang in LANGS for cid in ids}
    # English sheets pair with Traditional (bilingual) and with Simplified Chinese.
    expected |= {f"en/checklists/{cid}/bilingual-zh-hans.md" for cid in ids}
    # The desk pack, in each pairing a sheet has.
    expected |= {f"{lang.code}/checklist-booklets/desk-pack{v}.md" for lang in LANGS for v in ("", "-bilingual")}
    expected.add("en/checklist-booklets/desk-pack-bilingual-zh-hans.md")
    # The checklist called "bilingual" has a page of its own, distinct from every bilingual sheet.
    assert set(pages) == expected
    assert len(pages) == 3 + 12 + 7 + 7 * len(ids)


def test_checklist_texts_are_escaped(calibration_lib: Library) -> None:
    pages = checklist_pages(calibration_lib)
    for src in ("en/checklists/escaped.md", "en/checklists/escaped/bilingual.md", "en/checklist-booklets/buyer.md"):
        page = pages[src]
        assert "<script>alert" not in page and "<b>bold" not in page, src
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, src


def test_index_links_every_sheet_and_both_booklets(calibration_lib: Library) -> None:
    index = checklist_pages(calibration_lib)["zh-hant/checklists/index.md"]
    for cid in checklist_ids(calibration_lib):
        assert f'href="{cid}/"' in index and f'href="{cid}/bilingual/"' in index, cid
    assert 'href="../checklist-booklets/seller/"' in index
    assert 'href="../checklist-booklets/buyer/"' in index


def test_a_checklist_id_index_is_refused(tmp_path: Path) -> None:
    files = {"seller/x.yml": playbook_yaml("x", "seller", [_checklist("index", [_section(1, 2)])])}
    problems = _problems_in(tmp_path, files)
    assert any("x.yml" in p and "checklists[0].id" in p and "'index'" in p for p in problems), problems


# --- desks -------------------------------------------------------------------------------------


def test_the_schema_knows_the_desks_the_model_knows() -> None:
    schema = json.loads((PLAYBOOKS / "schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["desk"]["enum"]) == DESKS
    assert schema["$defs"]["checklist"]["properties"]["desk"] == {"$ref": "#/$defs/desk"}


def test_a_checklist_without_a_desk_gets_its_roles(calibration_lib: Library) -> None:
    desks = {c.id: (pb.role, c.desk) for pb, c in calibration_lib.checklists()}
    assert {desk for role, desk in desks.values() if role == "buyer"} == {"buyer"}
    assert {desk for role, desk in desks.values() if role == "seller"} == {"after-sales"}


@pytest.mark.parametrize(("role", "desk"), [("seller", "buyer"), ("buyer", "packing"), ("buyer", "nowhere")])
def test_a_desk_of_the_other_role_or_no_desk_is_refused(tmp_path: Path, role: str, desk: str) -> None:
    checklist = {**_checklist("x-sheet", [_section(1, 2)]), "desk": desk}
    problems = _problems_in(tmp_path, {f"{role}/x.yml": playbook_yaml("x", role, [checklist])})
    assert any("x.yml" in p and "checklists[0].desk" in p for p in problems), problems


def _sections(html: str) -> dict[str, list[str]]:
    """The index's desk sections, in order: desk -> the sheets it lists."""
    found = {}
    for desk, body in re.findall(r'<section class="kb-desk" data-desk="([^"]+)"(.*?)</section>', html, re.S):
        found[desk] = re.findall(r'data-pack-item="([^"]+)"', body)
    return found


@pytest.mark.parametrize("code", LANG_CODES)
def test_index_groups_every_sheet_under_its_desk(lib: Library, code: str) -> None:
    index = checklist_pages(lib)[f"{code}/checklists/index.md"]
    sections = _sections(index)
    # Packing and shipping, after-sales, returns, the shop owner; buyers apart.
    assert list(sections) == ["packing", "after-sales", "returns", "owner", "buyer"]
    listed = [cid for ids in sections.values() for cid in ids]
    assert sorted(listed) == sorted(checklist_ids(lib))  # each sheet once
    for pb, checklist in lib.checklists():
        assert checklist.id in sections[checklist.desk]
        assert (checklist.desk == "buyer") == (pb.role == "buyer")
    # Each sheet can be picked for the desk pack, which the form sends to the pack pages.
    for cid in listed:
        assert f'name="sheet" value="{cid}"' in index
    assert 'action="../checklist-booklets/desk-pack/"' in index


def test_english_sheets_reach_both_pairings_from_the_index_and_the_sheet(lib: Library) -> None:
    pages = checklist_pages(lib)
    index = pages["en/checklists/index.md"]
    assert 'formaction="../checklist-booklets/desk-pack-bilingual/"' in index
    assert 'formaction="../checklist-booklets/desk-pack-bilingual-zh-hans/"' in index
    for cid in checklist_ids(lib):
        assert f'href="{cid}/bilingual/"' in index and f'href="{cid}/bilingual-zh-hans/"' in index, cid
        sheet = pages[f"en/checklists/{cid}.md"]
        assert 'href="bilingual/"' in sheet and 'href="bilingual-zh-hans/"' in sheet, cid
        # Each pairing links the other.
        assert 'href="../bilingual-zh-hans/"' in pages[f"en/checklists/{cid}/bilingual.md"]
        assert 'href="../bilingual/"' in pages[f"en/checklists/{cid}/bilingual-zh-hans.md"]
    # The zh-Hans pairing is printed in Simplified characters.
    simplified = pages["en/checklists/packing-desk-outbound/bilingual-zh-hans.md"]
    assert 'lang="zh-Hans">打包台：每个寄出的包裹' in simplified
    # Chinese pages pair with English only.
    assert "bilingual-zh-hans" not in pages["zh-hant/checklists/index.md"]


def test_the_packing_desk_has_its_sheet_for_every_parcel(lib: Library) -> None:
    pb, sheet = lib.checklist("packing-desk-outbound")
    assert pb.role == "seller" and sheet.desk == "packing"
    assert any(a.checklist == sheet.id for a in pb.actions)  # an action links it
    # Within the A4 budget, with room to breathe: 5 to 9 items a section.
    assert len(sheet.sections) <= CHECKLIST_MAX_SECTIONS
    assert len(sheet.sections) + sum(len(s.items) for s in sheet.sections) <= CHECKLIST_MAX_LINES
    assert all(5 <= len(s.items) <= 9 for s in sheet.sections)
    assert {"order-number", "tracking-number"} <= set(sheet.fields)
    # The evidence the seller playbooks rely on: the variant picked, the packing recorded on
    # photo or video, the weight, the tracking number.
    items = " ".join(i.en.lower() for s in sheet.sections for i in s.items)
    for evidence in ("variant", "photo", "video", "weigh", "tracking number"):
        assert evidence in items, evidence


# --- printing, in real Chromium ----------------------------------------------------------------


def squash(text: str) -> str:
    """Text without whitespace, for comparing what the PDF holds with what the page says."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def print_pdf(page: Any, url: str, out: Path) -> list[str]:
    """Print ``url`` like a browser's print dialog on A4; the text of each PDF page."""
    page.goto(url)
    page.emulate_media(media="print")
    page.pdf(path=str(out), format="A4", prefer_css_page_size=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert "A4" in info, info
    text = subprocess.run(
        ["pdftotext", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
        # The text comes from the PDF's own fonts and their Unicode maps; without fontconfig,
        # poppler does not look up a system font for each of them (same text, a quarter of the time).
        env={**os.environ, "FONTCONFIG_FILE": os.devnull},
    ).stdout
    pages = text.split("\f")[:count]
    assert len(pages) == count
    return pages


NAV_SELECTORS = ".md-header__topic, .md-tabs__link, .md-nav__link, .md-footer, .md-search__input"


def nav_labels(page: Any) -> list[str]:
    """What Material's frame says on this page: site name, tabs, navigation, footer."""
    labels = page.eval_on_selector_all(NAV_SELECTORS, "els => els.map(e => e.textContent || e.placeholder || '')")
    return [squash(label) for label in labels if squash(label)]


def assert_one_clean_sheet(page: Any, url: str, out: Path) -> None:
    pages = print_pdf(page, url, out)
    assert len(pages) == 1, f"{url} prints on {len(pages)} pages"
    printed = squash(pages[0])
    sheet = squash(page.eval_on_selector(".kb-sheet", "el => el.textContent"))
    for title in page.eval_on_selector_all(".kb-sheet__title .kb-sheet__l", "els => els.map(e => e.textContent)"):
        assert squash(title) in printed, (url, title)
    for label in nav_labels(page):
        if label not in sheet:
            assert label not in printed, (url, label)


@pytest.fixture(scope="module")
def calibration_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("calibration")
    project = make_project(tmp, CALIBRATION, keep=False)
    out = tmp / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stderr
    with serving(out) as url:
        yield url


@pytest.fixture
def cpage(tabs: Tabs, calibration_url: str) -> Iterator[Any]:
    """A page of the calibration site; ``cpage.watch`` records console errors."""
    with watched_page(tabs, calibration_url) as page:
        yield page


@pytest.mark.browser
@pytest.mark.parametrize("code", LANG_CODES)
def test_the_largest_checklists_print_on_one_page(cpage: Any, calibration_url: str, code: str, tmp_path: Path) -> None:
    for checklist in AT_BUDGET:
        cid = checklist["id"]
        for kind, path in (
            ("sheet", f"/{code}/checklists/{cid}/"),
            ("bilingual", f"/{code}/checklists/{cid}/bilingual/"),
        ):
            assert_one_clean_sheet(cpage, calibration_url + path, tmp_path / f"{cid}-{kind}.pdf")
    assert cpage.watch.console_errors == []


@pytest.mark.browser
def test_print_hides_the_frame_and_the_controls(cpage: Any, calibration_url: str) -> None:
    cpage.goto(f"{calibration_url}/en/checklists/max-items/")
    assert cpage.is_visible("[data-checklist-print]") and cpage.is_visible("[data-checklist-clear]")
    cpage.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".kb-sheet-bar", ".md-search"):
        assert not cpage.is_visible(selector), selector
    assert cpage.is_visible(".kb-sheet")
    # The boxes are borders, so they print without "background graphics".
    box = cpage.eval_on_selector(".kb-tick__box", "el => getComputedStyle(el).borderTopWidth")
    assert float(box.removesuffix("px")) >= 1


def assert_booklet(page: Any, url: str, out: Path, count: int) -> None:
    """The booklet prints as a contents page, then each sheet on a page of its own, in order."""
    pages = print_pdf(page, url, out)
    assert len(pages) == 1 + count, f"{url} prints on {len(pages)} pages for {count} checklists"
    assert squash(page.text_content(".kb-booklet__title")) in squash(pages[0])
    titles = page.eval_on_selector_all(
        ".kb-sheet",
        "els => els.map(e => [...e.querySelectorAll('.kb-sheet__title .kb-sheet__l')].map(x => x.textContent))",
    )
    assert len(titles) == count
    for number, parts in enumerate(titles, start=1):
        for title in parts:
            assert squash(title) in squash(pages[number]), (url, number, title)
    booklet = squash(page.text_content(".kb-booklet"))
    for label in nav_labels(page):
        if label not in booklet:
            assert all(label not in squash(p) for p in pages), (url, label)


@pytest.mark.browser
@pytest.mark.parametrize("code", LANG_CODES)
def test_booklet_is_contents_then_one_page_per_checklist(
    cpage: Any, calibration_url: str, code: str, tmp_path: Path
) -> None:
    for role, checklists in (("seller", AT_BUDGET), ("buyer", ODD)):
        for variant in ("", "-bilingual"):
            url = f"{calibration_url}/{code}/checklist-booklets/{role}{variant}/"
            assert_booklet(cpage, url, tmp_path / f"{role}{variant}.pdf", len(checklists))


# --- ticks -----------------------------------------------------------------------------------------


def _boxes(page: Any, scope: str) -> list[bool]:
    return page.eval_on_selector_all(f"{scope} input[type=checkbox]", "els => els.map(e => e.checked)")


@pytest.mark.browser
def test_ticks_survive_a_reload_and_reach_the_playbook_page(cpage: Any, calibration_url: str) -> None:
    cpage.goto(f"{calibration_url}/en/checklists/max-items/")
    items = cpage.locator(".kb-sheet [data-checklist-item] label")
    assert items.count() == 12
    items.nth(0).click()
    items.nth(10).click()
    assert cpage.text_content("[data-checklist-status]").strip() == "2 of 12 done"
    cpage.reload()
    ticked = _boxes(cpage, ".kb-sheet")
    assert [i for i, on in enumerate(ticked) if on] == [0, 10]
    # The playbook page shows the same checklist with the same ticks, and its own clear control.
    cpage.goto(f"{calibration_url}/en/seller/calibration/")
    ticked = _boxes(cpage, '.kb-checklist[data-checklist="max-items"]')
    assert [i for i, on in enumerate(ticked) if on] == [0, 10]
    cpage.click('.kb-checklist[data-checklist="max-items"] .kb-checklist__clear')
    cpage.reload()
    assert not any(_boxes(cpage, '.kb-checklist[data-checklist="max-items"]'))
    assert cpage.watch.console_errors == []


@pytest.mark.browser
def test_clear_on_the_sheet_unticks_everything(cpage: Any, calibration_url: str) -> None:
    cpage.goto(f"{calibration_url}/zh-hans/checklists/max-sections/")
    labels = cpage.locator(".kb-sheet [data-checklist-item] label")
    for i in range(3):
        labels.nth(i).click()
    assert sum(_boxes(cpage, ".kb-sheet")) == 3
    cpage.click("[data-checklist-clear]")
    cpage.reload()
    assert sum(_boxes(cpage, ".kb-sheet")) == 0


BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


def _blocked_page(browser: Any, url: str) -> tuple[Any, Any, PageWatch]:
    context = browser.new_context()
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    watch = PageWatch(page, url)
    return context, page, watch


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/en/checklists/max-items/", "/zh-hant/seller/calibration/"])
def test_ticks_work_with_storage_blocked(browser: Any, calibration_url: str, path: str) -> None:
    # Nothing may throw: not our scripts, nor Material's (overrides/partials/javascripts/base.html).
    context, page, watch = _blocked_page(browser, calibration_url)
    try:
        page.goto(calibration_url + path, wait_until="networkidle")
        assert page.evaluate("() => { try { localStorage; return false } catch (e) { return true } }")
        scope = '[data-checklist="max-items"]'
        labels = page.locator(f"{scope} [data-checklist-item] label")
        labels.nth(1).click()
        labels.nth(2).click()
        labels.nth(2).click()
        assert [i for i, on in enumerate(_boxes(page, scope)) if on] == [1]
        page.locator(f'[data-checklist-clear="max-items"], {scope} .kb-checklist__clear').first.click()
        assert not any(_boxes(page, scope))
        labels.nth(0).click()
        assert [i for i, on in enumerate(_boxes(page, scope)) if on] == [0]
        page.wait_for_timeout(300)
        assert watch.console_errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_list_is_plain_and_still_prints_with_boxes(
    tabs: Tabs, calibration_url: str, tmp_path: Path
) -> None:
    with tabs.open(calibration_url, java_script_enabled=False) as page:
        url = f"{calibration_url}/en/checklists/max-sections/"
        page.goto(url)
        assert page.locator(".kb-sheet input").count() == 0
        assert page.locator(".kb-sheet [data-checklist-item]").count() == 10
        assert page.is_visible(".kb-sheet [data-checklist-item] >> nth=0")
        assert page.eval_on_selector(".kb-sheet__items", "el => getComputedStyle(el).listStyleType") != "none"
        assert not page.is_visible("[data-checklist-print]")
        page.emulate_media(media="print")
        box = page.eval_on_selector(".kb-sheet__item", "el => getComputedStyle(el, '::before').borderTopWidth")
        assert float(box.removesuffix("px")) >= 1
        assert_one_clean_sheet(page, url, tmp_path / "nojs.pdf")
        page.goto(f"{calibration_url}/en/seller/calibration/")
        assert page.locator(".kb-checklist input[type=checkbox]").count() == 0
        assert page.locator(".kb-checklist [data-checklist-item]").count() > 0


# --- the repository's own checklists -------------------------------------------------------------


@pytest.fixture(scope="module")
def repo_url(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


@pytest.fixture
def rpage(tabs: Tabs, repo_url: str) -> Iterator[Any]:
    """A page of the repository's site; ``rpage.watch`` records console errors."""
    with watched_page(tabs, repo_url) as page:
        yield page


@pytest.mark.browser
@pytest.mark.parametrize("code", LANG_CODES)
def test_every_sheet_prints_on_one_page_in_the_booklets(
    rpage: Any, repo_url: str, lib: Library, code: str, tmp_path: Path
) -> None:
    """Every checklist, single-language and bilingual, in every language: one booklet page each.

    A booklet page is the same sheet, markup and stylesheet as the sheet's own page, with one
    more line in its footer (the sheet number): a sheet that fits there fits on its own page.
    """
    for role in ("buyer", "seller"):
        count = sum(len(pb.checklists) for pb in lib.by_role(role))
        if not count:
            continue
        for variant in ("", "-bilingual"):
            url = f"{repo_url}/{code}/checklist-booklets/{role}{variant}/"
            assert_booklet(rpage, url, tmp_path / f"{role}{variant}.pdf", count)
    assert rpage.watch.console_errors == []


def _largest(lib: Library, per_role: int = 2) -> list[str]:
    """The checklists that need the most paper: most lines, then the longest English text."""

    def size(checklist: Checklist) -> tuple[int, int]:
        sections = checklist.sections
        lines = len(sections) + sum(len(s.items) for s in sections)
        return lines, sum(len(i.en) for s in sections for i in s.items)

    out = []
    for role in ("buyer", "seller"):
        checklists = [c for pb in lib.by_role(role) for c in pb.checklists]
        out += [c.id for c in sorted(checklists, key=size, reverse=True)[:per_role]]
    return out


@pytest.mark.browser
@pytest.mark.parametrize("code", LANG_CODES)
def test_sheet_pages_print_on_one_clean_page(
    rpage: Any, repo_url: str, lib: Library, code: str, tmp_path: Path
) -> None:
    """The largest sheets' own pages, single and bilingual, print on one clean page (every sheet
    is printed in the booklets above; a sheet's page adds only the page frame, which print hides).
    KB_PRINT_ALL=1 prints every sheet's page (about 1 s a PDF, 6 PDFs a checklist)."""
    every = os.environ.get("KB_PRINT_ALL") == "1"
    ids = sorted(checklist_ids(lib)) if every else _largest(lib)
    assert ids, "the repository has no checklists"
    for cid in ids:
        assert_one_clean_sheet(rpage, f"{repo_url}/{code}/checklists/{cid}/", tmp_path / f"{cid}.pdf")
        assert_one_clean_sheet(rpage, f"{repo_url}/{code}/checklists/{cid}/bilingual/", tmp_path / f"{cid}-bi.pdf")
    assert rpage.watch.console_errors == []


# --- the desk pack, in real Chromium -------------------------------------------------------------

PACK = ["packing-desk-outbound", "return-parcel-inspection", "seven-principles-first-response"]


def _tick(page: Any, ids: list[str]) -> None:
    for cid in ids:
        page.locator(f"input[name=sheet][value='{cid}']").check()


@pytest.mark.browser
@pytest.mark.parametrize(
    "case",
    [
        ("en", "[data-pack-submit]:not([formaction])", None),
        ("en", "[data-pack-submit][formaction$='desk-pack-bilingual/']", "zh-Hant"),
        ("en", "[data-pack-submit][formaction$='desk-pack-bilingual-zh-hans/']", "zh-Hans"),
        ("zh-hant", "[data-pack-submit][formaction$='desk-pack-bilingual/']", "en"),
    ],
    ids=["en", "en+zh-hant", "en+zh-hans", "zh-hant+en"],
)
def test_desk_pack_prints_the_sheets_chosen_one_page_each(
    rpage: Any, repo_url: str, case: tuple[str, str, str | None], tmp_path: Path
) -> None:
    """From the checklists page, ticked sheets print one A4 page each: English alone, with 繁體,
    with 简体; a Chinese page's with English."""
    code, button, pair = case
    rpage.goto(f"{repo_url}/{code}/checklists/")
    assert not rpage.is_enabled(button)  # nothing to print yet
    _tick(rpage, PACK)
    assert re.findall(r"\d+", rpage.text_content("[data-pack-status]")) == [str(len(PACK))]
    rpage.click(button)
    rpage.wait_for_url("**/checklist-booklets/desk-pack*/?sheet=*")
    shown = rpage.eval_on_selector_all("[data-pack-sheet]:not([hidden])", "els => els.map(e => e.dataset.packSheet)")
    assert sorted(shown) == sorted(PACK)
    titles = rpage.eval_on_selector_all(
        "[data-pack-sheet]:not([hidden]) .kb-sheet",
        "els => els.map(e => [...e.querySelectorAll('.kb-sheet__title .kb-sheet__l')].map(x => [x.lang, x.textContent]))",
    )
    pages = print_pdf(rpage, rpage.url, tmp_path / "pack.pdf")
    assert len(pages) == len(PACK)  # one A4 page a sheet, nothing else
    for printed, parts in zip(pages, titles, strict=True):
        assert [lang for lang, _ in parts] == [BY_CODE[code].tag] + ([pair] if pair else [])
        for _, title in parts:
            assert squash(title) in squash(printed)
    assert rpage.watch.console_errors == []


@pytest.mark.browser
def test_desk_pack_choice_is_kept_and_carried_between_pairings_and_languages(rpage: Any, repo_url: str) -> None:
    rpage.goto(f"{repo_url}/en/checklists/")
    rpage.click("[data-pack-desk='packing']")  # every sheet of a desk at once
    packing = rpage.eval_on_selector_all("[data-desk='packing'] input[name=sheet]", "els => els.map(e => e.value)")
    assert "packing-desk-outbound" in packing
    assert all(rpage.is_checked(f"input[value='{cid}']") for cid in packing)
    # The shop's pack is still ticked after a reload, and in another language.
    rpage.reload()
    assert all(rpage.is_checked(f"input[value='{cid}']") for cid in packing)
    rpage.goto(f"{repo_url}/zh-hans/checklists/")
    assert all(rpage.is_checked(f"input[value='{cid}']") for cid in packing)
    rpage.click("[data-pack-submit]:not([formaction])")
    rpage.wait_for_url("**/zh-hans/checklist-booklets/desk-pack/?sheet=*")
    # The other pairing and the other languages print the same sheets.
    rpage.click("[data-pack-link]")
    rpage.wait_for_url("**/zh-hans/checklist-booklets/desk-pack-bilingual/?sheet=*")
    assert sorted(
        rpage.eval_on_selector_all("[data-pack-sheet]:not([hidden])", "els => els.map(e => e.dataset.packSheet)")
    ) == sorted(packing)
    english = rpage.get_attribute("a[data-kb-lang-link='en']", "href")
    assert english.endswith("/en/checklist-booklets/desk-pack-bilingual/?" + "&".join(f"sheet={c}" for c in packing))
    # Untick all: nothing is kept.
    rpage.goto(f"{repo_url}/en/checklists/")
    rpage.click("[data-pack-clear]")
    rpage.reload()
    assert not any(rpage.is_checked(f"input[value='{cid}']") for cid in packing)


@pytest.mark.browser
def test_desk_pack_without_a_choice_says_so_and_prints_no_sheet(rpage: Any, repo_url: str, tmp_path: Path) -> None:
    rpage.goto(f"{repo_url}/en/checklist-booklets/desk-pack/?sheet=no-such-sheet")
    assert rpage.is_visible("[data-pack-empty]")
    assert not rpage.is_visible("[data-pack-print]")
    assert rpage.locator("[data-pack-sheet]:not([hidden])").count() == 0
    pages = print_pdf(rpage, rpage.url, tmp_path / "empty.pdf")
    assert not any(".kb-sheet" in p for p in pages) and len(pages) == 1


@pytest.mark.browser
@pytest.mark.parametrize("cid", ["packing-desk-outbound", "seven-principles-first-response"])
def test_english_sheets_print_beside_simplified_chinese_on_one_page(
    rpage: Any, repo_url: str, cid: str, tmp_path: Path
) -> None:
    url = f"{repo_url}/en/checklists/{cid}/bilingual-zh-hans/"
    assert_one_clean_sheet(rpage, url, tmp_path / f"{cid}.pdf")
    assert rpage.locator(".kb-sheet .kb-sheet__l[lang='zh-Hans']").count() > 10

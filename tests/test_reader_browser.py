"""What readers tripped over, in real Chromium: the tabs after scrolling, search that finds the
right playbook first and says whose page each result is, and the language menu.

Search ranking is checked twice: every phrase of READER_PHRASES through Material's own search
worker, fed the language's index (the ranking as the reader gets it, a second for all phrases),
and a handful typed into the search box (what the reader sees: the order, the labels, no
"Missing" line). benchmarks/search_ranking.py prints the same ranks, phrase by phrase.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import LANG_CODES, Tabs, axe_violations

pytestmark = pytest.mark.browser

# Phrases readers type, per language, and the playbooks that answer them (either role's: the
# search does not know who is asking). One of them must be among the first three results.
PARCEL_SIGNED = ("buyer/parcel-never-arrived/", "seller/delivered-but-denied/", "seller/parcel-not-received/")
EXTORTION = ("seller/review-extortion/", "buyer/harassed-over-review/")
SEVEN_DAYS = ("buyer/return-within-seven-days/", "seller/seven-day-return/")
FAKE = ("buyer/suspected-fake/", "seller/counterfeit-claim/")
REFUND_ONLY = ("seller/refund-only-claims/", "buyer/cancel-or-refund-only/")
INSURANCE = ("buyer/shipping-insurance-claim/", "seller/postage-and-insurance/")
READER_PHRASES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "zh-hant": [
        ("已簽收 沒收到", PARCEL_SIGNED),
        ("差評 勒索", EXTORTION),
        ("職業差評師", EXTORTION),
        ("七天無理由", SEVEN_DAYS),
        ("假貨", FAKE),
        ("僅退款", REFUND_ONLY),
        ("運費險", INSURANCE),
        ("發錯貨", ("seller/wrong-item-sent/",)),
        ("少件 破損", ("seller/short-or-damaged/", "buyer/damaged-or-not-as-described/")),
        ("拒簽 運費", ("buyer/refused-delivery-postage/",)),
        ("退貨 掉包", ("seller/return-swap-fraud/",)),
        ("預售 定金", ("buyer/presale-deposit/",)),
    ],
    "zh-hans": [
        ("已签收 没收到", PARCEL_SIGNED),
        ("差评 勒索", EXTORTION),
        ("七天无理由", SEVEN_DAYS),
        ("假货", FAKE),
        ("仅退款", REFUND_ONLY),
        ("运费险", INSURANCE),
    ],
    "en": [
        ("parcel signed but not received", PARCEL_SIGNED),
        ("bad review extortion", EXTORTION),
        ("seven day return", SEVEN_DAYS),
        ("fake goods", FAKE),
        ("counterfeit", FAKE),
        ("refund only", REFUND_ONLY),
        ("return shipping insurance", INSURANCE),
        ("wrong item sent", ("seller/wrong-item-sent/",)),
        ("parcel never arrived", ("buyer/parcel-never-arrived/", "seller/parcel-not-received/")),
        (
            "damaged parcel",
            ("buyer/damaged-or-not-as-described/", "seller/short-or-damaged/", "buyer/inspect-at-delivery/"),
        ),
        ("negative review", ("seller/negative-review/",)),
        ("tracking says delivered", ("seller/delivered-but-denied/", "buyer/parcel-never-arrived/")),
    ],
}

# Each query through Material's search worker, set up with the language's index as the page
# would: the pages of the results, best first (Material groups a page's sections under it).
WORKER_SEARCH = """async ([worker, index, queries]) => {
  const w = new Worker(worker);
  const ask = (message) => new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.postMessage(message); });
  await ask({type: 0, data: {...index, options: {suggest: false}}});
  const pages = [];
  for (const query of queries) {
    const result = await ask({type: 2, data: query});
    pages.push(result.data.items.map((group) => group[0].location.split("#")[0]));
  }
  w.terminate();
  return pages;
}"""


def worker_url(site: Path, base_url: str) -> str:
    (worker,) = (site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    return f"{base_url}/assets/javascripts/workers/{worker.name}"


def ranked(page: Any, site: Path, base_url: str, code: str, queries: list[str]) -> list[list[str]]:
    """The result pages of each query, best first, from the language's own index."""
    index = json.loads((site / code / "search" / "search_index.json").read_text(encoding="utf-8"))
    return page.evaluate(WORKER_SEARCH, [worker_url(site, base_url), index, queries])


def open_page(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url


# --- the tabs ------------------------------------------------------------------------------------


# The tab bar is there and readable: not hidden, its first link opaque and inside the window.
TABS_SHOWN = """() => {
  const tabs = document.querySelector(".md-tabs"), link = tabs.querySelector(".md-tabs__link");
  const box = link.getBoundingClientRect();
  return !tabs.hidden && getComputedStyle(tabs).display !== "none" && getComputedStyle(link).opacity === "1"
    && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}"""


def test_tabs_come_back_at_the_top_after_scrolling(page: Any, base_url: str) -> None:
    """Material hides the tab bar (its hidden attribute) while the page is scrolled and shows it
    at the top again; an unscoped [hidden] rule of ours once made it vanish for good."""
    open_page(page, f"{base_url}/en/seller/")
    page.wait_for_function(TABS_SHOWN)
    page.mouse.wheel(0, 1500)
    page.wait_for_function("document.querySelector('.md-tabs').hidden")  # Material hid it
    page.mouse.wheel(0, -3000)
    page.wait_for_function("window.scrollY === 0")
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(TABS_SHOWN, timeout=5000)  # Material's transition
    assert page.evaluate(TABS_SHOWN), "the tab bar did not come back at the top of the page"
    page.locator(".md-tabs__link").first.click()  # and it works
    page.wait_for_url(f"{base_url}/en/")


# --- search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANG_CODES)
def test_reader_phrases_find_their_playbook_in_the_top_three(page: Any, site: Path, base_url: str, code: str) -> None:
    open_page(page, f"{base_url}/{code}/")
    phrases = READER_PHRASES[code]
    results = ranked(page, site, base_url, code, [phrase for phrase, _ in phrases])
    missed = [
        (phrase, found[:3])
        for (phrase, right), found in zip(phrases, results, strict=True)
        if not set(right) & set(found[:3])
    ]
    assert missed == []


def search_box(page: Any, query: str) -> list[dict[str, Any]]:
    """Type ``query`` into the search box; the results as the reader sees them."""
    page.click("input[data-md-component=search-query]")
    page.locator("input[data-md-component=search-query]").press_sequentially(query, delay=20)
    page.keyboard.press("End")  # Material searches on keyup; Chinese characters come without one
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)  # the list may be drawn twice: read it once it has settled
    return page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map((item) => {
          const article = item.querySelector(".md-search-result__link");
          const tags = [...article.querySelectorAll(".md-tag")];
          return {
            href: new URL(article.href).pathname,
            tags: tags.map((t) => t.textContent.trim()),
            tagsAboveTitle: tags.length > 0 && tags[0].getBoundingClientRect().bottom <= article.querySelector("h1, h2").getBoundingClientRect().top + 1,
            missingShown: [...item.querySelectorAll(".md-search-result__terms")].some((el) => el.getClientRects().length > 0),
          };
        })""",
    )


ROLE_LABELS = {
    "zh-hant": {"買家", "賣家", "清單", "指南"},
    "zh-hans": {"买家", "卖家", "清单", "指南"},
    "en": {"Buyers", "Sellers", "Checklist", "Playbook"},
}


@pytest.mark.parametrize(
    ("code", "query"),
    [
        ("zh-hant", "已簽收 沒收到"),
        ("zh-hant", "差評 勒索"),
        ("zh-hans", "七天无理由"),
        ("en", "parcel signed but not received"),
        ("en", "bad review extortion"),
    ],
)
def test_search_box_shows_the_right_playbook_first_with_its_role(
    page: Any, base_url: str, code: str, query: str
) -> None:
    right, labels = dict(READER_PHRASES[code])[query], ROLE_LABELS[code]
    open_page(page, f"{base_url}/{code}/")
    results = search_box(page, query)
    top = [r["href"].removeprefix(f"/{code}/") for r in results[:3]]
    assert set(right) & set(top), top
    for result in results[:5]:
        # Each page says whose it is and what it is, above its title: 買家 · 指南, 清單 · 打包發貨.
        assert len(result["tags"]) in (1, 2) and set(result["tags"]) & labels, result
        assert result["tagsAboveTitle"], result
    playbooks = [r for r in results[:5] if r["href"].startswith((f"/{code}/buyer/", f"/{code}/seller/"))]
    assert playbooks and all(len(r["tags"]) == 2 for r in playbooks)
    # Words the search dropped from the query are not reported to the reader.
    assert not any(r["missingShown"] for r in results)
    assert page.watch.console_errors == []


def test_a_checklist_result_says_checklist_and_its_desk(page: Any, base_url: str) -> None:
    open_page(page, f"{base_url}/en/")
    results = search_box(page, "packing desk")
    sheet = next(r for r in results if r["href"] == "/en/checklists/packing-desk-outbound/")
    assert sheet["tags"] == ["Checklist", "Packing and shipping"]


# --- the language menu -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANG_CODES)
def test_language_menu_marks_the_current_language(page: Any, base_url: str, code: str) -> None:
    open_page(page, f"{base_url}/{code}/seller/parcel-not-received/")
    page.hover(".md-header__option .md-select")
    links = page.locator("a[data-kb-lang-link]")
    assert links.count() == len(LANG_CODES)
    current = page.locator("a[data-kb-lang-link][aria-current='true']")
    assert current.count() == 1
    assert current.get_attribute("data-kb-lang-link") == code
    # Seen as well as announced: the current one stands out from the others.
    weight = current.evaluate("(a) => getComputedStyle(a).fontWeight")
    others = page.eval_on_selector_all(
        "a[data-kb-lang-link]:not([aria-current])", "(links) => links.map((a) => getComputedStyle(a).fontWeight)"
    )
    assert int(weight) >= 700 and all(int(w) < 700 for w in others)


# --- the checklists page and the desk pack -----------------------------------------------------------


@pytest.mark.parametrize("code", ["zh-hant", "en"])
def test_axe_finds_no_serious_violation_on_the_desk_pages(page: Any, base_url: str, code: str) -> None:
    for path in ["checklists/", "checklist-booklets/desk-pack-bilingual/?sheet=packing-desk-outbound"]:
        open_page(page, f"{base_url}/{code}/{path}")
        if path == "checklists/":
            page.locator("input[name=sheet]").first.check()  # the controls and the bar shown
        assert axe_violations(page, serious_only=True) == [], path


def test_desk_pack_controls_are_big_enough_to_tap(tabs: Tabs, base_url: str) -> None:
    with tabs.open(base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as page:
        open_page(page, f"{base_url}/zh-hant/checklists/")
        page.locator("label.kb-pack__pick").first.tap()
        assert page.locator("input[name=sheet]").first.is_checked()
        sizes = page.eval_on_selector_all(
            "label.kb-pack__pick, [data-pack-desk], [data-pack-submit], [data-pack-clear]",
            "els => els.map((e) => { const r = e.getBoundingClientRect(); return [e.className || e.tagName, r.width, r.height]; })",
        )
        small = [s for s in sizes if s[1] < 44 or s[2] < 44]
        assert small == []
        # Once a sheet is ticked, the print buttons stay in view while the reader scrolls on.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        bar = page.locator(".kb-pack__bar").bounding_box()
        assert bar is not None and bar["y"] >= 0 and bar["y"] + bar["height"] <= 844 + 1

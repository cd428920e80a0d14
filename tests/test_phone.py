"""A reader on a phone (390 x 844), and the messages she sends.

The browser tests drive the repository's built site at phone size: the next question comes into
view after each answer, every control is a 44 x 44 px target, the map opens full screen and
zoomable, and while the widget runs the rest of the tree waits behind a disclosure that print
opens. The fast tests check, on every playbook page in every language, that a message template
holds the Chinese to send (``[data-template]``, its ``[data-copy-text]``): Simplified with an
English gloss on English pages, Simplified offered beside Traditional on zh-Hant pages.

Hooks used: root ``[data-decision-tree]``, ``[data-step]``, ``[data-outcome]``,
``button[data-option]``, ``[data-action=back|change|restart|link|print]``,
``button[data-copy="<lang tag>"]``, ``[data-copy-text="<lang tag>"]``, ``[data-template-gloss]``,
``details[data-tree-details]``, ``[data-tree]``, ``[data-static-node]``, ``[data-tree-map]``,
``[data-map-open]``, ``dialog[data-map-dialog]``, ``[data-map-zoom=in|out]``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import Tabs
from disputekb.editorial import HAN, strip_brackets
from disputekb.i18n import BY_CODE, LANGS
from disputekb.model import Library, Playbook

PHONE = {"width": 390, "height": 844}
ROOT = "[data-decision-tree]"
OPTION = f"{ROOT} [data-step] button[data-option]"
# Two real playbooks, a buyer's and a seller's, with routes of several questions.
PLAYBOOK_FILES = ["buyer/parcel-never-arrived", "seller/negative-review"]
TARGET = 44  # CSS px, each way (WCAG 2.5.5)


@pytest.fixture
def phone(tabs: Tabs, base_url: str) -> Iterator[Any]:
    """A page of the repository's site in a phone-sized window, with touch."""
    with tabs.open(base_url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True) as page:
        yield page


def _playbook(lib: Library, file: str) -> Playbook:
    return next(p for p in lib.playbooks.values() if Path(p.file).with_suffix("").as_posix().endswith(file))


def _url(base: str, lang: str, pb: Playbook, query: str = "") -> str:
    return f"{base}/{lang}/{pb.role}/{pb.id}/{query}"


def _longest_path(pb: Playbook) -> list[tuple[str, int | None]]:
    """The longest route from the start to an action of this playbook."""
    return max((p for p in pb.paths() if p[-1][1] is None), key=len)


def _query(pb: Playbook, path: list[tuple[str, int | None]]) -> str:
    """The widget's URL state for a path to an action (the first option leading to each node)."""
    return "?a=" + ",".join(f"{q}.{pb.nodes[q].options[i].next}" for q, i in path if i is not None)


def _outcome_with_templates(pb: Playbook) -> list[tuple[str, int | None]]:
    return next(p for p in pb.paths() if p[-1][1] is None and pb.nodes[p[-1][0]].templates)


def _clean(page: Any) -> None:
    assert page.watch.console_errors == []
    assert page.watch.outside_requests == []


# After each answer: the next question in view, below the header --------------------------------

_PLACE = """() => {
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const root = document.querySelector("[data-decision-tree]");
  const heading = root.querySelector("[data-step] h3, [data-outcome] h3").getBoundingClientRect();
  const option = root.querySelector("[data-step] button[data-option]");
  const first = option && option.getBoundingClientRect();
  return {
    header: header.bottom,
    heading: [heading.top, heading.bottom],
    option: first && [first.top, first.bottom],
    height: innerHeight,
    focused: document.activeElement.matches("[data-step] h3, [data-outcome] h3"),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "file"), [("zh-hant", PLAYBOOK_FILES[0]), ("en", PLAYBOOK_FILES[1])])
def test_after_each_answer_the_next_question_is_in_view_below_the_header(
    phone: Any, base_url: str, lib: Library, lang: str, file: str
) -> None:
    pb = _playbook(lib, file)
    path = _longest_path(pb)
    assert len(path) >= 3, path  # several answers
    phone.goto(_url(base_url, lang, pb))
    phone.locator(ROOT).scroll_into_view_if_needed()
    for node_id, index in path:
        place = phone.evaluate(_PLACE)
        where = (node_id, place)
        assert place["header"] <= place["heading"][0] and place["heading"][1] <= place["height"], where
        if index is None:
            expect(phone.locator(f"{ROOT} [data-outcome]")).to_have_attribute("data-node", node_id)
            assert place["focused"], where
            break
        expect(phone.locator(f"{ROOT} [data-step]")).to_have_attribute("data-node", node_id)
        assert place["header"] <= place["option"][0] and place["option"][1] <= place["height"], where
        if node_id != path[0][0]:
            assert place["focused"], where
        # A tap where the option is: the reader does not scroll.
        box = phone.locator(OPTION).nth(index).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], where
        phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # Back and change bring the question into view the same way.
    phone.locator(f"{ROOT} [data-action=change]").first.tap()
    place = phone.evaluate(_PLACE)
    assert place["header"] <= place["heading"][0] and place["option"][1] <= place["height"], place
    _clean(phone)


# Every control is at least 44 x 44 CSS px ---------------------------------------------------------

_SIZES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
  .map((e) => { const r = e.getBoundingClientRect();
    return [e.getAttribute("data-action") || e.getAttribute("data-copy") || e.className || e.tagName,
            Math.round(r.width * 100) / 100, Math.round(r.height * 100) / 100]; })"""

CONTROLS = {
    "back": f"{ROOT} [data-action=back]",
    "change": f"{ROOT} [data-action=change]",
    "restart": f"{ROOT} [data-action=restart]",
    "link": f"{ROOT} [data-action=link]",
    "print": f"{ROOT} [data-action=print]",
    "option": OPTION,
    "copy": f"{ROOT} [data-template] button[data-copy]",
    "map": "[data-map-open]",
    "tree": "[data-tree-details] > summary",
}


def _too_small(page: Any, names: list[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for name in names:
        sizes = page.evaluate(_SIZES, CONTROLS[name])
        assert sizes, f"no {name} control shown"
        small = [s for s in sizes if s[1] < TARGET or s[2] < TARGET]
        if small:
            found[name] = small
    return found


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh-hant", "en"])
def test_every_control_is_at_least_44_px_on_a_phone(phone: Any, base_url: str, lib: Library, lang: str) -> None:
    pb = _playbook(lib, PLAYBOOK_FILES[0])
    path = _outcome_with_templates(pb)
    # At a question, after answers: back, change, start again, options, link.
    phone.goto(_url(base_url, lang, pb, _query(pb, path[:-1]) + f"&at={path[-2][0]}"))
    expect(phone.locator(f"{ROOT} [data-step]")).to_have_count(1)
    assert _too_small(phone, ["back", "change", "restart", "option", "link", "map", "tree"]) == {}
    # At an action: copy (the Simplified one too on zh-Hant pages), print, link.
    phone.goto(_url(base_url, lang, pb, _query(pb, path)))
    expect(phone.locator(f"{ROOT} [data-outcome]")).to_have_count(1)
    assert _too_small(phone, ["back", "change", "restart", "copy", "link", "print"]) == {}
    copies = phone.locator(f"{CONTROLS['copy']}:visible")
    per_template = 2 if lang == "zh-hant" else 1
    expect(copies).to_have_count(per_template * len(pb.nodes[path[-1][0]].templates))
    _clean(phone)


# The map: full screen, zoomable, readable -----------------------------------------------------------

_MAP = """() => {
  const svg = document.querySelector("svg.kb-map");
  const text = svg.querySelector(".kb-map__text");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const dialog = document.querySelector("dialog[data-map-dialog]");
  const here = svg.querySelector(".kb-dt-map-here");
  const view = dialog.querySelector(".kb-map-dialog__view").getBoundingClientRect();
  const h = here && here.getBoundingClientRect();
  return {
    px: scale * parseFloat(getComputedStyle(text).fontSize),
    inDialog: dialog.contains(svg),
    open: dialog.open,
    dialog: (({ x, y, width, height }) => [x, y, width, height])(dialog.getBoundingClientRect()),
    hereInView: !!h && h.left >= view.left && h.right <= view.right && h.top >= view.top && h.bottom <= view.bottom,
    figureOverflow: (() => { const f = document.querySelector("[data-tree-map] .kb-map-scroll");
      return f.scrollWidth - f.clientWidth; })(),
  };
}"""


@pytest.mark.browser
def test_the_map_opens_full_screen_zoomable_and_readable_on_a_phone(phone: Any, base_url: str, lib: Library) -> None:
    from axe_playwright_python.sync_playwright import Axe

    pb = _playbook(lib, PLAYBOOK_FILES[0])
    path = _longest_path(pb)
    phone.goto(_url(base_url, "zh-hant", pb, _query(pb, path[:-1])))
    # In the page: the whole map in the column's width (a preview), no sideways scroll.
    before = phone.evaluate(_MAP)
    assert not before["inDialog"] and not before["open"]
    assert before["figureOverflow"] <= 1, before
    opener = phone.locator("[data-map-open]")
    expect(opener).to_be_visible()
    opener.tap()
    shown = phone.evaluate(_MAP)
    assert shown["open"] and shown["inDialog"], shown
    # Full screen, its text at the map's own size, where the reader is in view.
    assert shown["dialog"] == [0, 0, PHONE["width"], PHONE["height"]], shown
    assert shown["px"] >= 12, shown
    assert shown["px"] >= 2.5 * before["px"], (before, shown)
    assert shown["hereInView"], shown
    dialog = phone.locator("dialog[data-map-dialog]")
    for button in dialog.locator("button").all():
        box = button.bounding_box()
        assert box["width"] >= TARGET and box["height"] >= TARGET, box
    # Zoomable.
    dialog.locator("[data-map-zoom=in]").tap()
    larger = phone.evaluate(_MAP)["px"]
    assert larger > shown["px"]
    dialog.locator("[data-map-zoom=out]").tap()
    dialog.locator("[data-map-zoom=out]").tap()
    assert phone.evaluate(_MAP)["px"] < shown["px"]
    results = Axe().run(phone, context="dialog[data-map-dialog]")
    assert results.violations_count == 0, results.generate_report()
    # Closed (Escape, or its button): the map is back in the page, marks and all.
    phone.keyboard.press("Escape")
    # The dialog's close event, which puts the map back, comes in a task of its own.
    phone.wait_for_function(
        "() => !document.querySelector('dialog[data-map-dialog]').contains(document.querySelector('svg.kb-map'))"
    )
    after = phone.evaluate(_MAP)
    assert not after["open"] and not after["inDialog"], after
    expect(phone.locator("[data-tree-map] .kb-dt-map-here")).to_have_count(1)
    opener.tap()
    dialog.locator("[data-map-close]").tap()
    assert not phone.evaluate(_MAP)["open"]
    _clean(phone)


# The rest of the tree behind a disclosure while the widget runs ------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 900}])
def test_while_the_widget_runs_the_tree_waits_in_a_closed_disclosure_and_prints_in_full(
    page: Any, base_url: str, lib: Library, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    pb = _playbook(lib, PLAYBOOK_FILES[0])
    page.goto(_url(base_url, "en", pb))
    expect(page.locator(f"{ROOT} [data-step]")).to_have_count(1)
    tree = page.locator(f"details[data-tree-details]:not([open]) > [data-tree='{pb.id}']")
    expect(tree).to_have_count(1)
    expect(page.locator("[data-tree-details] > summary")).to_be_visible()
    static = page.locator("[data-static-node]")
    expect(static).to_have_count(len(pb.nodes))
    expect(page.locator("[data-static-node] button[data-copy]:visible")).to_have_count(0)
    for i in range(static.count()):
        expect(static.nth(i)).to_be_hidden()
    # Printed without a journey: the whole tree, and no summary to click.
    page.emulate_media(media="print")
    for i in range(static.count()):
        expect(static.nth(i)).to_be_visible()
    expect(page.locator("[data-tree-details] > summary")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(static.first).to_be_hidden()
    # A link to a node of the tree opens it there.
    last = list(pb.nodes)[-1]
    page.evaluate("id => { location.hash = id; }", last)
    expect(page.locator("details[data-tree-details]")).to_have_attribute("open", "")
    expect(page.locator(f"[data-static-node='{last}']")).to_be_in_viewport()
    # The summary opens and closes it.
    page.locator("[data-tree-details] > summary").click()
    expect(static.first).to_be_hidden()
    page.locator("[data-tree-details] > summary").click()
    expect(static.first).to_be_visible()
    _clean(page)


def test_search_still_finds_every_node_of_the_tree(site: Path, lib: Library) -> None:
    """The disclosure is made in the browser: the page, and so the search index, hold the whole
    tree."""
    pb = _playbook(lib, PLAYBOOK_FILES[0])
    for lang in LANGS:
        index = json.loads((site / lang.code / "search" / "search_index.json").read_text(encoding="utf-8"))
        locations = {doc["location"] for doc in index["docs"]}
        for node_id in pb.nodes:
            assert any(loc.endswith(f"{pb.role}/{pb.id}/#{node_id}") for loc in locations), (lang.code, node_id)


# Messages in the language they are sent in ----------------------------------------------------------

_COPY_TEXT = re.compile(r'<p class="kb-template__text" lang="([^"]+)" data-copy-text="([^"]+)">(.*?)</p>', re.S)
_GLOSS = re.compile(
    r'<div class="kb-template__gloss" data-template-gloss>.*?<p class="kb-template__text">(.*?)</p>', re.S
)
_COPY_BUTTON = re.compile(r'<button [^>]*data-copy="([^"]+)"')


@pytest.fixture(scope="module")
def rendered(lib: Library) -> dict[tuple[str, str], str]:
    """Every playbook page's HTML, by (language code, playbook id), without a build."""
    from disputekb import pages
    from disputekb.chinese import Converter
    from disputekb.render import Site
    from disputekb.urls import Urls

    site = Site(lib, Urls(), Converter(lib.overrides))
    return {
        (lang.code, pb.id): pages.render_playbook(site, pb, lang).render().html
        for pb in lib.playbooks.values()
        for lang in LANGS
    }


def _texts(pb: Playbook) -> list[Any]:
    return [m.text for node in pb.nodes.values() for m in getattr(node, "templates", ())]


@pytest.mark.parametrize("code", ["en", "zh-hant", "zh-hans"])
def test_templates_hold_the_chinese_to_send_on_every_playbook_page(
    lib: Library, rendered: dict[tuple[str, str], str], code: str
) -> None:
    send = {"en": "zh-Hans", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}[code]
    checked = 0
    for pb in lib.playbooks.values():
        page = rendered[(code, pb.id)]
        # From each template to the next: only templates hold copy texts, glosses and copy buttons.
        blocks = page.split(" data-template>")[1:]
        texts = _texts(pb)
        assert len(blocks) == len(texts), pb.id
        for block, text in zip(blocks, texts, strict=True):
            copies = _COPY_TEXT.findall(block)
            # The first text is the one to send: Chinese, in the script of the recipient.
            lang, tag, first = copies[0]
            assert lang == tag == send, (pb.id, copies)
            first = html.unescape(first)
            assert HAN.search(first), (pb.id, first)
            if "{" not in text.en:  # a cross-reference becomes its target's title
                assert first == text[BY_CODE[send.lower()]], (pb.id, first)
            buttons = _COPY_BUTTON.findall(block)
            assert buttons[0] == send, (pb.id, buttons)
            if code == "en":
                # The English beside it, as a gloss, never copied.
                (gloss,) = _GLOSS.findall(block)
                gloss = html.unescape(gloss)
                assert gloss and not HAN.search(strip_brackets(gloss)), (pb.id, gloss)
                assert "data-copy-text" not in block.split("data-template-gloss")[1]
                assert buttons == ["zh-Hans"]
            elif code == "zh-hant":
                # A mainland recipient: the Simplified version, with its own copy button.
                assert buttons == ["zh-Hant", "zh-Hans"], (pb.id, buttons)
                assert [c[1] for c in copies] == ["zh-Hant", "zh-Hans"]
                if "{" not in text.en:
                    assert html.unescape(copies[1][2]) == text.zh_hans
                assert "data-template-gloss" not in block
            else:
                assert buttons == ["zh-Hans"] and len(copies) == 1 and "data-template-gloss" not in block
            checked += 1
    assert checked > 50  # the playbooks' templates, not a handful


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["zh-hant/checklists/packing-desk-outbound/", "en/checklists/packing-desk-outbound/bilingual-zh-hans/"]
)
def test_a_checklist_sheet_stacks_its_header_and_fields_on_a_phone(phone: Any, base_url: str, path: str) -> None:
    """The title keeps the sheet's width; how to use it and the lines to fill follow, one a row."""
    phone.goto(f"{base_url}/{path}")
    title = phone.locator(".kb-sheet__title").first.bounding_box()
    kind = phone.locator(".kb-sheet__kind").first.bounding_box()
    sheet = phone.locator(".kb-sheet").first.bounding_box()
    assert title and kind and sheet
    assert kind["y"] >= title["y"] + title["height"] - 1  # below the title, not beside it
    assert title["width"] > sheet["width"] * 0.7
    fields = phone.locator(".kb-sheet__field")
    boxes = [fields.nth(i).bounding_box() for i in range(fields.count())]
    assert len({round(b["x"]) for b in boxes if b}) == 1  # one column
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

"""The built site: pages per language, structure, languages, search, no outside resources."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import opencc
import pytest
from markupsafe import escape

from conftest import LANG_CODES, REPO
from disputekb.i18n import BY_CODE
from disputekb.model import Library

HTML_LANG = {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans", "en": "en"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Doc(HTMLParser):
    """A tiny DOM summary: html lang, element attributes, visible text with its language."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.text_lang: list[str | None] = []
        self._skip = 0
        self._langs: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in VOID:
            self._langs.append((tag, a.get("lang") or (self._langs[-1][1] if self._langs else None)))
        self.elements.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        for i in range(len(self._langs) - 1, -1, -1):
            if self._langs[i][0] == tag:
                del self._langs[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)
            self.text_lang.append(self._langs[-1][1] if self._langs else None)

    def having(self, attr: str, value: str | None = None) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if attr in a and (value is None or a[attr] == value)]


@pytest.fixture(scope="module")
def docs(site: Path) -> dict[str, Doc]:
    """Every page of the site, parsed once: its path in the site (``en/about/index.html``) -> Doc."""
    return {path.relative_to(site).as_posix(): Doc(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")}


def page_of(docs: dict[str, Doc], url_path: str) -> Doc:
    return docs[f"{url_path}/index.html"]


def test_every_playbook_has_its_three_pages_with_every_node(docs: dict[str, Doc], lib: Library) -> None:
    for pb in lib.playbooks.values():
        for code in LANG_CODES:
            doc = page_of(docs, f"{code}/{pb.role}/{pb.id}")
            static = {a["data-static-node"] for a in doc.having("data-static-node")}
            assert static == set(pb.nodes), (code, pb.id)
            headings = {a.get("id") for tag, a in doc.elements if tag == "h3"}
            assert set(pb.nodes) <= headings, (code, pb.id)
            for checklist in pb.checklists:
                assert doc.having("data-checklist", checklist.id), (code, pb.id, checklist.id)


def test_html_lang_of_every_page(docs: dict[str, Doc]) -> None:
    pages = {path: doc for path, doc in docs.items() if path.split("/")[0] in LANG_CODES and "/" in path}
    assert len(pages) > 50
    for path, doc in pages.items():
        assert doc.lang == HTML_LANG[path.split("/")[0]], path


def test_language_selector_links_the_same_page(docs: dict[str, Doc], lib: Library) -> None:
    pb = next(iter(lib.playbooks.values()))
    samples = [f"{{}}/{pb.role}/{pb.id}/", "{}/", "{}/buyer/", "{}/glossary/", "{}/about/", "{}/checklists/"]
    for sample in samples:
        for code in LANG_CODES:
            here = "/" + sample.format(code)
            doc = page_of(docs, here.strip("/"))
            links = {a["data-kb-lang-link"]: a["href"] for a in doc.having("data-kb-lang-link")}
            assert set(links) == set(LANG_CODES), here
            for other, href in links.items():
                assert urlparse(urljoin("http://x" + here, href)).path == "/" + sample.format(other), (
                    here,
                    other,
                    href,
                )


def test_playbook_page_contents_list_its_sections_and_nodes(docs: dict[str, Doc], lib: Library) -> None:
    """Playbook pages skip Markdown; their table of contents is made from their headings."""
    for pb in list(lib.playbooks.values())[:3]:
        for code in LANG_CODES:
            doc = page_of(docs, f"{code}/{pb.role}/{pb.id}")
            toc = [
                a["href"]
                for tag, a in doc.elements
                if tag == "a" and "md-nav__link" in (a.get("class") or "") and (a.get("href") or "").startswith("#")
            ]
            assert toc[:2] == ["#map", "#tree"], (code, pb.id)
            assert {f"#{node_id}" for node_id in pb.nodes} <= set(toc)
            assert "#sources" in toc
            assert [a.get("href") for a in doc.having("class", "md-skip")] == ["#top"]


def test_every_link_within_the_site_leads_somewhere(site: Path, docs: dict[str, Doc]) -> None:
    """Every href and src inside the site names a file that exists, and an id on it if it has a #."""
    ids: dict[str, set[str | None]] = {}

    def ids_of(path: str) -> set[str | None]:
        if path not in ids:
            ids[path] = {a["id"] for _, a in docs[path].elements if "id" in a}
        return ids[path]

    checked = 0
    for page, doc in sorted(docs.items()):
        here = "/" + page
        for tag, attrs in doc.elements:
            ref = attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag in ("script", "img") else None
            if not ref or urlparse(ref).scheme or ref.startswith("//"):
                continue
            url = urlparse(urljoin("http://x" + here, ref))
            target = site / url.path.lstrip("/")
            if url.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), (here, ref)
            if url.fragment and target.suffix == ".html":
                assert url.fragment in ids_of(target.relative_to(site).as_posix()), (here, ref)
            checked += 1
    assert checked > 10_000


def test_simplified_pages_have_no_traditional_characters_left(docs: dict[str, Doc]) -> None:
    t2s = opencc.OpenCC("t2s")
    checked = 0
    for path, doc in docs.items():
        if not path.startswith("zh-hans/"):
            continue
        for text, lang in zip(doc.text, doc.text_lang, strict=True):
            # Text marked lang="zh-Hant" (the language selector, the glossary's column) is meant so.
            if lang != "zh-Hant" and re.search(r"[\u4e00-\u9fff]", text):
                assert t2s.convert(text) == text, (path, text)
                checked += 1
    assert checked > 100


def test_glossary_terms_are_explained_on_hover(docs: dict[str, Doc]) -> None:
    doc = page_of(docs, "zh-hant/seller/parcel-not-received")
    titles = [a.get("title") for tag, a in doc.elements if tag == "abbr"]
    assert titles and all(titles)


def test_json_export_carries_every_playbook_with_sources(site: Path, lib: Library) -> None:
    data = json.loads((site / "playbooks.json").read_text(encoding="utf-8"))
    assert set(data["languages"]) == {"zh-Hant", "zh-Hans", "en"}
    for entries in data["languages"].values():
        assert {e["id"] for e in entries} == set(lib.playbooks)
        assert all(e["sources"] and e["nodes"][e["start"]] for e in entries)


# --- search -----------------------------------------------------------------------------------

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；：「」『』（）]+")


def _index(site: Path, code: str) -> dict[str, Any]:
    return json.loads((site / code / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def search_tokens(site: Path) -> dict[str, set[str]]:
    """Words of each language's search index, as the browser's search splits them."""
    tokens: dict[str, set[str]] = {}
    for code in LANG_CODES:
        tokens[code] = set()
        for doc in _index(site, code)["docs"]:
            text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
            tokens[code].update(t.lower() for t in SEPARATOR.split(text) if t)
    return tokens


@pytest.mark.parametrize("code", LANG_CODES)
def test_each_language_searches_its_own_pages_only(site: Path, code: str) -> None:
    whole = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    index = _index(site, code)
    assert index["config"] == whole["config"]
    # Every page of the language, and nothing else: locations are relative to its folder.
    mine = [d for d in whole["docs"] if d["location"].startswith(f"{code}/")]
    assert [d["location"] for d in index["docs"]] == [d["location"][len(code) + 1 :] for d in mine]
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        assert (site / code / page / "index.html").is_file(), doc["location"]
    # A language page's search base is its language's folder, where that index is.
    html = (site / code / "seller" / "parcel-not-received" / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert config["base"] == "../../"


def test_search_index_split_by_language() -> None:
    from disputekb.search import split_by_language

    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "", "title": "root", "text": ""},
            {"location": "en/", "title": "home", "text": ""},
            {"location": "en/seller/x/#tree", "title": "tree", "text": "t"},
            {"location": "zh-hant/about/", "title": "about", "text": "a"},
            {"location": "english/", "title": "not a language folder", "text": ""},
        ],
    }
    shares = split_by_language(index, ["en", "zh-hant", "zh-hans"])
    assert [d["location"] for d in shares["en"]["docs"]] == ["", "seller/x/#tree"]
    assert [d["location"] for d in shares["zh-hant"]["docs"]] == ["about/"]
    assert shares["zh-hans"] == {"config": {"lang": ["en"]}, "docs": []}
    assert index["docs"][2]["location"] == "en/seller/x/#tree"  # the input is left alone


@pytest.mark.parametrize(
    ("code", "word"),
    [
        ("zh-hant", "差評師"),
        ("zh-hant", "委託簽收憑證"),
        ("zh-hant", "勒索"),
        ("zh-hans", "差评师"),
        ("zh-hans", "委托签收凭证"),
        ("en", "extortion"),
    ],
)
def test_search_finds_words_mid_sentence(search_tokens: dict[str, set[str]], code: str, word: str) -> None:
    assert word in search_tokens[code]


def test_search_index_says_whose_page_and_weighs_summaries(site: Path, lib: Library) -> None:
    """Each result shows its role and kind (the tags of the page's own entry); a playbook's
    summary weighs as much as its title; checklist sheets weigh less than playbooks."""
    labels = {
        "zh-hant": ("買家", "賣家", "指南", "清單", "打包發貨"),
        "zh-hans": ("买家", "卖家", "指南", "清单", "打包发货"),
        "en": ("Buyers", "Sellers", "Playbook", "Checklist", "Packing and shipping"),
    }
    for code in LANG_CODES:
        buyers, sellers, playbook, checklist, packing = labels[code]
        index = _index(site, code)
        assert index["config"]["fields"]["summary"] == index["config"]["fields"]["title"]
        assert index["config"]["fields"]["tags"] == index["config"]["fields"]["text"]
        docs = {d["location"]: d for d in index["docs"]}
        for pb in lib.playbooks.values():
            own = docs[f"{pb.role}/{pb.id}/"]
            assert own["tags"] == [buyers if pb.role == "buyer" else sellers, playbook]
            assert own["summary"].replace("\u200b", "") == str(escape(pb.summary[BY_CODE[code]]))
            assert "boost" not in own
            # Only the page's own entry carries them, not each of its sections.
            assert not any("tags" in d for loc, d in docs.items() if loc.startswith(f"{pb.role}/{pb.id}/#"))
        sheets = [
            d
            for loc, d in docs.items()
            if loc.startswith("checklists/") and loc != "checklists/" and not loc.startswith("checklists/#")
        ]
        assert sheets and all(d["boost"] < 1 for d in sheets)
        assert docs["checklists/packing-desk-outbound/"]["tags"] == [checklist, packing]
        assert docs["buyer/"]["tags"] == [buyers]


def test_search_fields_go_to_the_page_entry_only() -> None:
    from disputekb.search import enrich

    index = {
        "docs": [
            {"location": "en/x/", "title": "X", "text": "<p>audience, phases</p>"},
            {"location": "en/x/#tree", "title": "Tree", "text": "t"},
            {"location": "zh-hant/x/", "title": "X", "text": ""},
        ]
    }
    enrich(
        index,
        {
            "en/x/": {"tags": ["Buyers", "Playbook"], "summary": "Why &amp; how", "text": "<p>Why &amp; how</p>"},
            "zh-hant/x/": {"tags": ["買家", "指南"], "summary": "物流顯示已簽收"},
        },
    )
    en, tree, zh = index["docs"]
    assert en == {
        "location": "en/x/",
        "title": "X",
        "text": "<p>Why &amp; how</p>",
        "tags": ["Buyers", "Playbook"],
        "summary": "Why &amp; how",
    }
    assert tree == {"location": "en/x/#tree", "title": "Tree", "text": "t"}
    # Chinese is split into words as Material's plugin splits the rest of the index; tags stay whole.
    assert zh["summary"].split("\u200b") == ["物流", "顯示", "已", "簽收"]
    assert zh["tags"] == ["買家", "指南"]


def test_a_remembering_cut_asks_once_per_run_and_answers_the_same() -> None:
    from disputekb.search import remembering

    asked: list[Any] = []

    def cut(sentence: str | bytes, *options: Any, **named: Any) -> Any:
        asked.append((sentence, options, named))
        yield from (sentence.decode() if isinstance(sentence, bytes) else sentence)

    remembered = remembering(cut)
    assert list(remembered("淘寶")) == list(remembered("淘寶")) == ["淘", "寶"]
    assert list(remembered("淘寶".encode())) == ["淘", "寶"]  # Material passes bytes
    assert list(remembered("淘寶", False, False)) == ["淘", "寶"]
    assert list(remembered("淘寶", cut_all=True)) == list(remembered("淘寶", cut_all=True))
    assert asked == [
        ("淘寶", (), {}),
        ("淘寶".encode(), (), {}),
        ("淘寶", (False, False), {}),
        ("淘寶", (), {"cut_all": True}),
        ("淘寶", (), {"cut_all": True}),
    ]


def test_each_build_cuts_with_the_words_taught_for_it(lib: Library) -> None:
    """jieba remembers runs for one build: words taught before the next (mkdocs serve rebuilds
    after a glossary changes) are used, not the words remembered from the build before."""
    import jieba

    from disputekb.search import teach

    teach(lib)
    run = "龍貓雜貨鋪"
    assert list(jieba.cut(run)) != [run]
    jieba.add_word(run, freq=20000)  # as if the glossary had gained the term
    try:
        assert list(jieba.cut(run)) != [run]  # this build still answers from memory
        teach(lib)
        assert list(jieba.cut(run)) == [run]
        assert not hasattr(jieba.cut.forgetful, "forgetful")  # one memory, not one around another
    finally:
        jieba.del_word(run)
        teach(lib)


# --- reader pages: sources, hubs ------------------------------------------------------------------


def _visible_text(doc: Doc) -> str:
    return " ".join(doc.text)


def test_sources_name_the_seed_and_cite_articles_as_readers_write_them(
    site: Path, docs: dict[str, Doc], lib: Library
) -> None:
    seed_names = {"zh-hant": "《淘寶糾紛處理問答》", "zh-hans": "《淘宝纠纷处理问答》", "en": "Taobao Dispute Q&A"}
    for code in LANG_CODES:
        about = page_of(docs, f"{code}/about")
        assert about.having("id", "seed"), code
        for pb in lib.playbooks.values():
            html = (site / code / pb.role / pb.id / "index.html").read_text(encoding="utf-8")
            block = html[html.index('id="sources"') :]
            seeds = re.findall(r'<li class="kb-source kb-source--seed">.*?<a href="([^"]+)">([^<]+)</a>', block)
            if any(s.seed for s in pb.sources):
                assert seeds, (code, pb.id)
            for href, label in seeds:
                # The seed by its public name, linking to what the About page says of it.
                assert href.endswith("about/#seed") and label.startswith(as_html(seed_names[code])), (href, label)
            articles = re.findall(r'rel="external noopener">[^<]*?· ([^<]+)</a>', block)
            for article in articles:
                if code == "en":
                    assert re.fullmatch(r"Art\. \d+(–\d+)?", article), article
                else:
                    assert re.fullmatch(r"第\d+(–\d+)?[條条]", article), article
            if code != "en":
                doc = page_of(docs, f"{code}/{pb.role}/{pb.id}")
                assert not re.search(r"\bArt\.? ?\d", _visible_text(doc)), (code, pb.id)


def as_html(text: str) -> str:
    return text.replace("&", "&amp;")


def test_edit_link_sits_at_the_foot_of_the_playbook_page(site: Path, lib: Library) -> None:
    """Out of the reader's way: after the sources and related playbooks, last in the page."""
    for code in LANG_CODES:
        for pb in list(lib.playbooks.values())[:5]:
            html = (site / code / pb.role / pb.id / "index.html").read_text(encoding="utf-8")
            article = html[html.index('<article class="md-content__inner') : html.index("</article>")]
            edit = article.index('class="kb-edit"')
            assert edit > article.index('id="sources"')
            assert "<h" not in article[edit:] and "<section" not in article[edit:]
            assert article.count('class="kb-edit"') == 1


@pytest.mark.parametrize("code", LANG_CODES)
def test_hubs_group_by_situation_with_phases_on_each_card(
    site: Path, docs: dict[str, Doc], lib: Library, code: str
) -> None:
    for role in ("buyer", "seller"):
        doc = page_of(docs, f"{code}/{role}")
        assert not doc.having("id", "by-phase")
        cards = doc.having("class", "kb-card")
        assert len(cards) == len(lib.by_role(role))
        html = (site / code / role / "index.html").read_text(encoding="utf-8")
        for card in re.findall(r'<li class="kb-card">(.*?)</li>', html, re.S):
            assert 'class="kb-badges"' in card


# --- nothing from other hosts ------------------------------------------------------------------

OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1|localhost)""")


def test_no_resource_from_another_host(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            if "<link" in tag and re.search(r'rel="?(?:canonical|alternate)', tag):
                continue
            assert not OUTSIDE.search(tag), (path, tag)
    for path in site.rglob("*.css"):
        css = path.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+url\(\s*['\"]?(?:https?:)?//|url\(\s*['\"]?(?:https?:)?//", css), path


# --- HTML validity --------------------------------------------------------------------------------


def test_every_page_passes_the_nu_html_checker(nu_report: subprocess.CompletedProcess[str]) -> None:
    assert nu_report.returncode == 0, nu_report.stderr[:5000]


# --- offline build ---------------------------------------------------------------------------------


def test_offline_build_uses_file_urls_and_local_search(offline_site: Path) -> None:
    out = offline_site
    assert (out / "search" / "search_index.js").exists()
    for code in LANG_CODES:
        script = (out / code / "search" / "search_index.js").read_text(encoding="utf-8")
        assert script.startswith("var __index = ")
        assert json.loads(script.removeprefix("var __index = ")) == json.loads(
            (out / code / "search" / "search_index.json").read_text(encoding="utf-8")
        )
    page = (out / "en" / "seller" / "parcel-not-received.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in page and "iframe-worker/shim.js" in page
    assert 'href="../buyer/index.html"' in page or "../buyer/index.html" in page


def test_interface_strings_have_both_languages_and_nothing_else() -> None:
    """A comma in an unquoted flow mapping silently cuts a text and adds a stray key."""
    import yaml

    strings = yaml.safe_load((REPO / "hooks" / "disputekb" / "strings.yml").read_text(encoding="utf-8"))
    for key, pair in strings.items():
        assert isinstance(pair, dict) and set(pair) == {"zh-Hant", "en"}, key
        assert all(isinstance(v, str) and v.strip() for v in pair.values()), key


def test_json_export_carries_cases_and_reads_back(lib: Library) -> None:
    from disputekb import pages
    from disputekb.chinese import Converter
    from disputekb.render import Site
    from disputekb.urls import Urls

    text = pages.export_json(Site(lib, Urls(), Converter(lib.overrides)))
    data = json.loads(text)
    assert text.count("\n") > len(lib.playbooks) * 3  # one playbook a line
    for entries in data["languages"].values():
        for entry in entries:
            pb = lib.playbooks[entry["id"]]
            assert [c["id"] for c in entry["cases"]] == [c.id for c in pb.cases]
            assert all(c["expect"] in entry["nodes"] for c in entry["cases"])


# --- what a page loads -------------------------------------------------------------------------


def test_our_stylesheets_are_served_as_one_file(site: Path) -> None:
    """One render-blocking request of ours, not four; the parts, in cascade order, and no copies."""
    from disputekb.assets import JOINED_CSS, STYLESHEETS, css_without_comments

    joined = (site / JOINED_CSS).read_text(encoding="utf-8")
    positions = [joined.index(f"/* {name} */") for name in STYLESHEETS]
    assert positions == sorted(positions)
    for name in STYLESHEETS:
        part = (REPO / "docs" / "assets" / "css" / name).read_text(encoding="utf-8")
        assert css_without_comments(part) in joined
        assert not (site / "assets" / "css" / name).exists()
    html = (site / "en" / "seller" / "parcel-not-received" / "index.html").read_text(encoding="utf-8")
    ours = [href for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) if "/stylesheets/" not in href]
    assert ours == ["../../../assets/kb.css"]


def test_our_scripts_are_served_without_their_comments(site: Path) -> None:
    from disputekb.assets import js_without_comments

    for source in (REPO / "docs" / "assets").glob("*.js"):
        served = (site / "assets" / source.name).read_text(encoding="utf-8")
        assert served == js_without_comments(source.read_text(encoding="utf-8"))
        assert len(served) < len(source.read_text(encoding="utf-8"))
    vendored = REPO / "docs" / "assets" / "vendor" / "iframe-worker" / "shim.js"
    assert (site / "assets" / "vendor" / "iframe-worker" / "shim.js").read_bytes() == vendored.read_bytes()


@pytest.mark.parametrize("page", ["en/seller/parcel-not-received/index.html", "zh-hant/index.html", "404.html"])
def test_scripts_are_deferred_and_material_runs_first(site: Path, page: str) -> None:
    """No script holds back the first paint; Material's bundle still runs before ours (they use
    its document$), as deferred scripts run in the order they are written."""
    html = (site / page).read_text(encoding="utf-8")
    scripts = re.findall(r"<script src=\"([^\"]+)\"([^>]*)>", html)
    assert scripts and all(attributes.strip() == "defer" for _, attributes in scripts), scripts
    assert "/javascripts/bundle." in scripts[0][0]
    assert [src.rsplit("/", 1)[-1] for src, _ in scripts[1:]] == [
        "decision-tree.js",
        "tree-map.js",
        "checklist.js",
        "glossary.js",
        "drill.js",
        "desk-pack.js",
        "kb.js",
    ]


def test_pages_carry_no_material_palette(site: Path) -> None:
    """No palette switcher (as a list, it restyled the whole page four times as it started) and
    no palette.css: one render-blocking stylesheet fewer. The colours are ours (site.css; the
    browser tests check the header wears them)."""
    html = (site / "en" / "seller" / "parcel-not-received" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="palette"' not in html
    assert not re.search(r'href="[^"]*/palette\.[0-9a-f]+\.min\.css"', html)

"""MkDocs hooks: validate the playbooks and turn them into the site's pages.

Thin on purpose: loading, validating and rendering live in the ``disputekb`` package beside
this file; here they are only wired into MkDocs' build events.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).parent))

from disputekb import checklists as checklist_pages
from disputekb import search
from disputekb.i18n import BY_CODE, LANGS, Texts
from disputekb.library import Library, load_library
from disputekb.pages import Site, all_pages, anchor_ids, export_json, html_pages, put_map, take_map, toc_tokens
from disputekb.problems import PlaybookError

log = logging.getLogger("mkdocs.hooks.disputekb")
ROOT = Path(__file__).resolve().parent.parent
# Authored pages that exist in zh-Hant and en; their zh-Hans copy is derived at build time.
AUTHORED = ("about.md",)
NAV = ("index.md", "buyer/index.md", "seller/index.md", "checklists/index.md", "glossary.md", "about.md")
# Our stylesheets, one per concern under docs/assets/css/, in cascade order. They are served
# joined as one file (extra_css in mkdocs.yml): a page waits for one stylesheet of ours before it
# first paints, not four.
STYLESHEETS = ("site.css", "treemap.css", "decision-tree.css", "checklist.css")
JOINED_CSS = "assets/kb.css"

_state: dict[str, Any] = {}


def _libc_malloc_trim() -> Any:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


_malloc_trim = _libc_malloc_trim()


def _return_freed_memory() -> None:
    """Hand memory Python freed back to the system. glibc keeps it for reuse, but as 3,000 page
    texts are read and replaced, its heap grew by a third of the build's peak memory."""
    if _malloc_trim is not None:
        _malloc_trim(0)


@event_priority(100)  # before the offline plugin, which adds its CDN copy unless one is there
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The offline copy (file://) needs the iframe-worker shim for search; the offline plugin
    # would load it from a CDN, so it is self-hosted, and only the offline copy carries it.
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    _state["offline"] = offline is not None and bool(offline.config.enabled)
    if _state["offline"]:
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), "assets/vendor/iframe-worker/shim.js"]
    # extra.playbooks_dir (relative to mkdocs.yml) lets tests and benchmarks build other libraries.
    base = Path(config.config_file_path).resolve().parent
    _state["root"] = (base / config.extra.get("playbooks_dir", "playbooks")).resolve()
    config.watch.append(str(_state["root"]))
    return config


@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    try:
        lib = load_library(_state["root"])
    except PlaybookError as err:
        raise PluginError(err.report()) from None
    site = Site(
        lib,
        use_directory_urls=config.use_directory_urls,
        edit_base=config.extra.get("playbook_edit_base"),
        overrides=lib.overrides,
    )
    _state.update(lib=lib, site=site, navs={})
    _teach_search(lib)
    pages = {**all_pages(site), **checklist_pages.all_pages(site)}
    pages["playbooks.json"] = export_json(site)
    html = html_pages(site)
    for src, content in pages.items():
        file = File.generated(config, src, content=content)
        if src in html:
            HtmlPage(file, config)
        files.append(file)
    hans = Texts(BY_CODE["zh-hans"], lib.overrides)
    for name in AUTHORED:
        source = files.get_file_from_path(f"zh-hant/{name}")
        if source is None:
            raise PluginError(f"docs/zh-hant/{name} is missing; it is the source of the zh-Hans page")
        files.append(File.generated(config, f"zh-hans/{name}", content=hans.convert(source.content_string)))
    if site.edit_base is None:
        # "Edit this playbook" links point at the YAML source, published beside the pages.
        for pb in lib.playbooks.values():
            files.append(File.generated(config, pb.file, abs_src_path=str(_state["root"].parent / pb.file)))
    _join_stylesheets(files, config)
    _return_freed_memory()
    return files


def _join_stylesheets(files: Files, config: MkDocsConfig) -> None:
    parts = []
    for name in STYLESHEETS:
        part = files.get_file_from_path(f"assets/css/{name}")
        if part is None:
            raise PluginError(f"docs/assets/css/{name} is missing (listed in STYLESHEETS, hooks/site.py)")
        parts.append(f"/* ---- {name} ---- */\n{part.content_string}")
        files.remove(part)
    files.append(File.generated(config, JOINED_CSS, content="\n".join(parts)))


class HtmlPage(Page):
    """A generated page whose body is HTML already (``pages.html_pages``, the playbook pages):
    MkDocs reads its front matter as usual but never runs Markdown on it. At 3,000 pages Markdown
    was half the build."""

    rendered = 0  # pages rendered this build, across instances

    def __init__(self, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.tree_map = ""

    def read_source(self, config: MkDocsConfig) -> None:
        super().read_source(config)
        self.file.content_string = ""  # read: keeping every page's text twice cost a third of the memory

    def render(self, config: MkDocsConfig, files: Files) -> None:
        body, self.markdown = self.markdown or "", ""
        self.toc = get_toc(toc_tokens(body))
        self.present_anchor_ids = anchor_ids(body)
        # The tree map waits outside the page until on_post_page: the search plugin's HTML
        # parser has no use for it (it is excluded from the index) and it is a third of the page.
        self.content, self.tree_map = take_map(body)
        HtmlPage.rendered += 1
        if HtmlPage.rendered % 500 == 0:
            _return_freed_memory()


def _teach_search(lib: Library) -> None:
    """Give jieba the site's own terms, so Material's search segments them as words."""
    try:
        import jieba
    except ImportError as err:
        raise PluginError("jieba is not installed: Chinese search would silently miss words mid-sentence") from err
    hans = Texts(BY_CODE["zh-hans"], lib.overrides)
    for term in lib.glossary:
        for word in [term["zh-Hant"], *term.get("aliases", {}).get("zh-Hant", [])]:
            jieba.add_word(word, freq=20000)
            jieba.add_word(hans.convert(word), freq=20000)


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Each language gets its own small navigation: home, the two hubs, checklists, glossary, about."""
    navs = _state["navs"]
    for lang in LANGS:
        pages = []
        for name in NAV:
            file = files.get_file_from_path(f"{lang.code}/{name}")
            if file is not None and isinstance(file.page, Page):
                pages.append(file.page)
        navs[lang.code] = Navigation(pages, pages)
    return navs[LANGS[0].code]


def _lang_of(page: Page) -> str | None:
    code = page.file.src_uri.split("/", 1)[0]
    return code if code in BY_CODE else None


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    code = _lang_of(page)
    _state.setdefault("site_name", config.site_name)
    if code is None:
        config.site_name = _state["site_name"]
        return context
    # Material searches the index in the folder its config calls "base": the language's own
    # (disputekb/search.py). Besides, "base" scopes Material's localStorage (our
    # partials/javascripts/base.html), now per language. Material reads it once per full page
    # load: with navigation.instant on, a page reached in-site would keep the first one's index.
    context["base_url"] = get_relative_url(f"{code}/", page.url)
    # The header and <title> name the site in the page's language.
    config.site_name = _state["site"].texts(BY_CODE[code]).ui("site_title")
    lang_nav = _state["navs"][code]
    context["nav"] = lang_nav
    # A playbook or checklist page lives under its section's tab (the hub), though it is not listed.
    parts = page.file.src_uri.split("/")
    section = {"checklist-booklets": "checklists"}.get(parts[1], parts[1]) if len(parts) > 2 else None
    if section in ("buyer", "seller", "checklists") and page.file.src_uri != f"{code}/{section}/index.md":
        hub = next((p for p in lang_nav.pages if p.file.src_uri == f"{code}/{section}/index.md"), None)
        if hub is not None:
            hub.active = True
            _state["active_hub"] = hub
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    hub = _state.pop("active_hub", None)
    if hub is not None:
        hub.active = False
    if isinstance(page, HtmlPage) and page.tree_map:
        output, page.tree_map = put_map(output, page.tree_map), ""
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """After the search plugin (and before the offline plugin): one search index per language."""
    search.write_indexes(Path(config.site_dir), BY_CODE, offline=_state["offline"])

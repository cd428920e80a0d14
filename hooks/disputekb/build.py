"""What the MkDocs hooks do, one method of :class:`Build` per build event (``hooks/site.py``
wires them).

- ``configure``: check the project's settings (``extra`` in ``mkdocs.yml``), give the theme the
  languages, watch the playbooks.
- ``add_pages``: load and validate the library, add every generated page as a file whose page
  MkDocs wraps in the theme without running Markdown (:class:`HtmlPage`); serve our assets.
- ``navigation``, ``page_context``, ``finish_page``: each language its own menu, site name and
  strings; a playbook or sheet page lives under its hub's tab; a generated page's body is drawn
  as MkDocs builds the page, and let go once it is written.
- ``close``, ``write_search``: no helper process left; one search index per language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import assets, checklists, pages, search, training, urls
from .bodies import Bodies
from .chinese import Converter
from .i18n import BY_CODE, DEFAULT, HANS, LANGS, theme_languages
from .library import load_library
from .problems import PlaybookError
from .render import Site
from .urls import Urls

# Authored pages that exist in zh-Hant and en; their zh-Hans copy is derived at build time.
AUTHORED = ("about.md",)
# Each language's menu: its home, the hubs, checklists, training, glossary, about.
NAV = (
    "index.md",
    "buyer/index.md",
    "seller/index.md",
    "checklists/index.md",
    "training/index.md",
    "glossary.md",
    "about.md",
)
# Pages under a hub's tab though not in the menu: the first folder of their path -> the hub.
SECTIONS = {
    "buyer": "buyer",
    "seller": "seller",
    "checklists": "checklists",
    "checklist-booklets": "checklists",
    "training": "training",
}
# The strings of strings.yml the browser components use, handed to them in the page's language:
# these and every widget.* on every page; on the pages of a folder of SECTION_STRINGS (the first
# folder of their path) also every string that starts with its prefix.
BROWSER_STRINGS = ("label.copy", "label.copied", "checklist.clear", "checklist.status")
SECTION_STRINGS = {"training": "drill."}


@dataclass(frozen=True)
class Settings:
    """The project's own settings, from ``extra`` in ``mkdocs.yml``."""

    playbooks: Path  # extra.playbooks_dir, relative to mkdocs.yml (default: playbooks)
    edit_base: str | None  # extra.playbook_edit_base: where "edit this playbook" opens a file
    site_name: str
    offline: bool


def settings(config: MkDocsConfig) -> Settings:
    """Read and check ``extra``; a wrong value stops the build with what was found and an example."""
    extra = config.extra
    base = Path(config.config_file_path).resolve().parent
    folder = extra.get("playbooks_dir", "playbooks")
    if not isinstance(folder, str) or not folder.strip():
        raise ConfigurationError(
            f"Config value 'extra.playbooks_dir': expected a folder name, found {folder!r}. Example: playbooks_dir: playbooks"
        )
    root = (base / folder).resolve()
    if not (root / "schema.json").is_file():
        raise ConfigurationError(
            f"Config value 'extra.playbooks_dir': '{folder}' ({root}) is not a playbooks folder (it has no schema.json). "
            "Example: playbooks_dir: playbooks"
        )
    edit = extra.get("playbook_edit_base")
    if edit is not None and not (
        isinstance(edit, str) and edit.startswith(("https://", "http://")) and edit.endswith("/")
    ):
        raise ConfigurationError(
            f"Config value 'extra.playbook_edit_base': expected an address ending in '/', found {edit!r}. "
            "Example: playbook_edit_base: https://git.example.org/team/kb/edit/main/"
        )
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return Settings(root, edit, config.site_name, offline is not None and bool(offline.config.enabled))


class HtmlPage(Page):
    """A generated page whose body is HTML already: MkDocs wraps it in the theme but never runs
    Markdown on it. Its title and meta come with it. Its body and table of contents are drawn when
    MkDocs builds the page (:meth:`draw`, on ``page_context``) and let go once the page is
    written (:meth:`release`): MkDocs reads every page before it builds the first, and a large
    library's bodies held all at once would be most of the build's memory. (:class:`Bodies`
    draws them.)"""

    def __init__(self, file: File, config: MkDocsConfig, generated: pages.Generated) -> None:
        super().__init__(None, file, config)
        self.generated = generated

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = self.generated.meta
        self._title_from_render = None
        self.title = self.meta["title"]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # drawn when the page is built

    def draw(self, body: pages.Body) -> None:
        self.content = body.html
        self.toc = get_toc(body.toc)
        self.present_anchor_ids = _anchor_ids(body.toc)

    def release(self) -> None:
        self.content = None


def _anchor_ids(tokens: list[dict[str, Any]]) -> set[str]:
    found = set()
    for token in tokens:
        found.add(token["id"])
        found |= _anchor_ids(token["children"])
    return found


class Build:
    """One build (or one rebuild of ``mkdocs serve``): its settings, its site, its menus."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.navs: dict[str, Navigation] = {}
        self.search_extras: dict[str, dict[str, Any]] = {}  # page URL -> its extra search fields
        self.bodies: Bodies | None = None

    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        found = self.settings = settings(config)
        config.extra["languages"] = theme_languages()
        if found.offline:
            # The offline copy (file://) needs the iframe-worker shim for search; the offline
            # plugin would load it from a CDN, so it is self-hosted, and only that copy carries it.
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), "assets/vendor/iframe-worker/shim.js"]
        config.watch.append(str(found.playbooks))
        return config

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        found = self.settings
        assert found is not None
        try:
            lib = load_library(found.playbooks)
        except PlaybookError as err:
            raise PluginError(err.report()) from None
        convert = Converter(lib.overrides)
        site = self.site = Site(lib, Urls(config.use_directory_urls, found.edit_base), convert)
        search.teach(lib)
        self.search_extras = {}
        generated = [*pages.all_pages(site), *checklists.all_pages(site), *training.all_pages(site)]
        for page in generated:
            file = File.generated(config, page.src, content="")
            HtmlPage(file, config, page)
            files.append(file)
            if page.search_fields:
                self.search_extras[file.url] = page.search_fields
        self.close()
        self.bodies = Bodies(generated)  # MkDocs builds the pages in the order they were added
        files.append(File.generated(config, urls.EXPORT, content=pages.export_json(site)))
        for name in AUTHORED:
            source = files.get_file_from_path(f"{DEFAULT.code}/{name}")
            if source is None:
                raise PluginError(f"docs/{DEFAULT.code}/{name} is missing; it is the source of the {HANS.tag} page")
            files.append(File.generated(config, f"{HANS.code}/{name}", content=convert(source.content_string)))
        if found.edit_base is None:
            # "Edit this playbook" links point at the YAML source, published beside the pages.
            for pb in lib.playbooks.values():
                files.append(File.generated(config, pb.file, abs_src_path=str(found.playbooks.parent / pb.file)))
        assets.serve(files, config)
        return files

    def navigation(self, files: Files) -> Navigation:
        """Each language gets its own small menu; MkDocs keeps the default language's."""
        for lang in LANGS:
            items = []
            for name in NAV:
                file = files.get_file_from_path(f"{lang.code}/{name}")
                if file is not None and isinstance(file.page, Page):
                    items.append(file.page)
            self.navs[lang.code] = Navigation(items, items)
        return self.navs[DEFAULT.code]

    def page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """Before the search plugin reads the page (hooks/site.py runs this first)."""
        assert self.settings is not None and self.site is not None
        if isinstance(page, HtmlPage):
            assert self.bodies is not None
            page.draw(self.bodies.draw(page.file.src_uri))
        lang = BY_CODE.get(urls.lang_of(page.file.src_uri))
        if lang is None:
            config.site_name = self.settings.site_name
            return context
        ui = self.site.strings(lang)
        # Material searches the index in the folder its config calls "base": the language's own
        # (search.py); "base" also scopes Material's localStorage, now per language.
        context["base_url"] = get_relative_url(f"{lang.code}/", page.url)
        # The header and <title> name the site in the page's language.
        config.site_name = ui("site_title")
        # The browser components' strings in the page's language (overrides/main.html).
        parts = page.file.src_uri.split("/")
        context["kb_strings"] = {key: ui(key) for key in BROWSER_STRINGS} | ui.startingwith("widget.")
        if len(parts) > 2 and parts[1] in SECTION_STRINGS:
            context["kb_strings"] |= ui.startingwith(SECTION_STRINGS[parts[1]])
        nav = context["nav"] = self.navs[lang.code]
        # A playbook or checklist page lives under its hub's tab, though the menu does not list it.
        section = SECTIONS.get(parts[1]) if len(parts) > 2 else None
        if section is not None and page.file.src_uri != f"{lang.code}/{section}/index.md":
            hub = next((p for p in nav.pages if p.file.src_uri == f"{lang.code}/{section}/index.md"), None)
            if hub is not None:
                hub.active = True
                page.kb_hub = hub  # type: ignore[attr-defined]  # inactive again in finish_page
        return context

    def finish_page(self, page: Page) -> None:
        if isinstance(page, HtmlPage):
            page.release()
        hub = getattr(page, "kb_hub", None)
        if hub is not None:
            hub.active = False
            page.kb_hub = None  # type: ignore[attr-defined]

    def close(self) -> None:
        """At the end of a build, failed or not: no process is left drawing bodies."""
        if self.bodies is not None:
            self.bodies.close()
            self.bodies = None

    def write_search(self, config: MkDocsConfig) -> None:
        assert self.settings is not None
        search.write_indexes(Path(config.site_dir), BY_CODE, offline=self.settings.offline, extras=self.search_extras)

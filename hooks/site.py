"""MkDocs hooks: each build event handed to the ``disputekb`` package beside this file.

Loading, validating and rendering the playbooks live there (``disputekb/build.py`` for what
each event does); this file only wires them into MkDocs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).parent))

from disputekb.build import Build

build = Build()


@event_priority(100)  # before the offline plugin, which adds its CDN copy of a polyfill unless one is there
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return build.configure(config)


@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    return build.add_pages(files, config)


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    return build.navigation(files)


@event_priority(100)  # before the search plugin, which indexes the page's body: a generated page draws it here
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    return build.page_context(context, page, config)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    build.finish_page(page)
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """After the search plugin (and before the offline plugin): one search index per language."""
    build.close()
    build.write_search(config)


def on_build_error(*, error: Exception) -> None:
    build.close()

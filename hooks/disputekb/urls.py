"""Where every generated page lives, and links between them: the site's URL rules in one place.

A page is named by its source path (``<lang>/<role>/<playbook id>.md``), as MkDocs names
documentation files; :class:`Urls` turns a source path into the URL MkDocs will give it, with or
without directory URLs, and makes relative links between pages.

Pages (``<lang>`` is a language code from :mod:`disputekb.i18n`):

- ``<lang>/index.md`` home; ``<lang>/<role>/index.md`` a role's hub;
- ``<lang>/<role>/<id>.md`` a playbook; ``<lang>/glossary.md``; ``<lang>/about.md`` (authored);
- ``<lang>/checklists/index.md``; ``<lang>/checklists/<id>.md`` a sheet;
  ``<lang>/checklists/<id>/bilingual.md`` (with zh-Hant, or with English on Chinese pages) and
  ``<lang>/checklists/<id>/bilingual-zh-hans.md`` (English pages: with zh-Hans);
- ``<lang>/checklist-booklets/<role>[-bilingual].md`` a role's sheets in one document;
- ``<lang>/training/index.md`` the curriculum; ``<lang>/training/<playbook id>.md`` a playbook's
  drill; ``<lang>/training/<role>/worksheet.md`` and ``<lang>/training/<role>/answer-key.md``;
  ``<lang>/training/record.md`` the training record (so no playbook may be called ``index`` or
  ``record``: :data:`disputekb.library.RESERVED_PLAYBOOK_IDS`);
- ``<lang>/checklist-booklets/desk-pack[-bilingual[-<lang>]].md`` the sheets a reader picks on the
  checklists page, printed together (single-language, or paired as the bilingual sheets are);
- ``playbooks.json`` the export.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from .i18n import Lang

EXPORT = "playbooks.json"


def home(lang: Lang) -> str:
    return f"{lang.code}/index.md"


def hub(lang: Lang, role: str) -> str:
    return f"{lang.code}/{role}/index.md"


def playbook(lang: Lang, role: str, playbook_id: str) -> str:
    return f"{lang.code}/{role}/{playbook_id}.md"


def glossary(lang: Lang) -> str:
    return f"{lang.code}/glossary.md"


def about(lang: Lang) -> str:
    return f"{lang.code}/about.md"


def checklists(lang: Lang) -> str:
    return f"{lang.code}/checklists/index.md"


def checklist(lang: Lang, checklist_id: str) -> str:
    return f"{lang.code}/checklists/{checklist_id}.md"


def bilingual(lang: Lang, checklist_id: str, with_lang: Lang | None = None) -> str:
    """A sheet in ``lang`` and another language: the default pairing, or ``with_lang``."""
    suffix = f"-{with_lang.code}" if with_lang is not None else ""
    return f"{lang.code}/checklists/{checklist_id}/bilingual{suffix}.md"


def booklet(lang: Lang, role: str, *, bilingual: bool = False) -> str:
    return f"{lang.code}/checklist-booklets/{role}{'-bilingual' if bilingual else ''}.md"


def training(lang: Lang) -> str:
    return f"{lang.code}/training/index.md"


def drill(lang: Lang, playbook_id: str) -> str:
    return f"{lang.code}/training/{playbook_id}.md"


def worksheet(lang: Lang, role: str) -> str:
    return f"{lang.code}/training/{role}/worksheet.md"


def answer_key(lang: Lang, role: str) -> str:
    return f"{lang.code}/training/{role}/answer-key.md"


def training_record(lang: Lang) -> str:
    return f"{lang.code}/training/record.md"


def desk_pack(lang: Lang, *, bilingual: bool = False, with_lang: Lang | None = None) -> str:
    """The desk pack: single-language, bilingual (the default pairing), or beside ``with_lang``."""
    suffix = "-bilingual" if bilingual or with_lang is not None else ""
    suffix += f"-{with_lang.code}" if with_lang is not None else ""
    return f"{lang.code}/checklist-booklets/desk-pack{suffix}.md"


def lang_of(src: str) -> str:
    """The language code that starts a source path ('' for pages outside the languages)."""
    return src.split("/", 1)[0]


@dataclass(frozen=True)
class Urls:
    """How source paths become URLs in this build."""

    use_directory_urls: bool = True
    edit_base: str | None = None  # e.g. https://host/org/repo/edit/main/ ; None: the YAML published beside the page

    def url(self, src: str) -> str:
        """The site-relative URL of a source path, as MkDocs makes it."""
        if not src.endswith(".md"):
            return src
        stem = src[:-3]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
            return stem if self.use_directory_urls else stem + "index.html"
        return stem + "/" if self.use_directory_urls else stem + ".html"

    def link(self, src: str, from_src: str) -> str:
        """A relative link from the page ``from_src`` to ``src`` (which may end in ``#anchor``)."""
        target, hash_, anchor = src.partition("#")
        return get_relative_url(self.url(target), self.url(from_src)) + hash_ + anchor

    def edit(self, file: str, from_src: str) -> str:
        """Where to edit a playbook file: the repository, or the YAML published with the site."""
        if self.edit_base:
            return self.edit_base + file
        return get_relative_url(file, self.url(from_src))

"""Our stylesheets and scripts as the browser gets them.

They are written under ``docs/assets/`` with comments for whoever maintains them, and served
without: the comments are about a third of each file, gzipped (``benchmarks/widget.py``
weighs what is served). Nothing else changes: no renaming, no joining of lines, no bundler.
The stylesheets are also served joined, in cascade order, as one file: a page waits for one
stylesheet of ours before it first paints.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# docs/assets/css/<name>, in cascade order, served joined as JOINED_CSS (extra_css in mkdocs.yml).
STYLESHEETS = ("site.css", "treemap.css", "decision-tree.css", "checklist.css", "training.css")
JOINED_CSS = "assets/kb.css"
# Our scripts: docs/assets/*.js (the vendored ones under assets/vendor/ are served as they are).
SCRIPTS = re.compile(r"assets/[^/]+\.js")

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# A comment that fills its lines: a block comment that starts a line and ends one, or a line of
# "//". A comment after code on the same line stays (telling it apart from "//" in a string or a
# regular expression would take a JavaScript parser; these are few and short).
_JS_COMMENT_LINES = re.compile(r"^[ \t]*(?:/\*(?:(?!\*/).)*\*/|//[^\n]*)[ \t]*\n", re.S | re.M)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def css_without_comments(text: str) -> str:
    """A stylesheet without its comments and blank lines (our CSS has no "/*" inside a string)."""
    return _BLANK_LINES.sub("\n", _CSS_COMMENT.sub("", text)).strip() + "\n"


def js_without_comments(text: str) -> str:
    """A script without the comments that fill whole lines, and without blank lines."""
    return _BLANK_LINES.sub("\n", _JS_COMMENT_LINES.sub("", text)).strip() + "\n"


def joined_stylesheet(parts: dict[str, str]) -> str:
    """The stylesheets (name -> text, in STYLESHEETS order) as the one file the pages load."""
    return "".join(f"/* {name} */\n{css_without_comments(parts[name])}" for name in STYLESHEETS)


def serve(files: Files, config: MkDocsConfig) -> None:
    """Replace our stylesheets with the joined one, and each script of ours with its served form."""
    parts = {}
    for name in STYLESHEETS:
        part = files.get_file_from_path(f"assets/css/{name}")
        if part is None:
            raise PluginError(f"docs/assets/css/{name} is missing (listed in STYLESHEETS, disputekb/assets.py)")
        parts[name] = part.content_string
        files.remove(part)
    files.append(File.generated(config, JOINED_CSS, content=joined_stylesheet(parts)))
    for script in [f for f in files if SCRIPTS.fullmatch(f.src_uri)]:
        files.remove(script)
        files.append(File.generated(config, script.src_uri, content=js_without_comments(script.content_string)))

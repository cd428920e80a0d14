"""Our scripts and stylesheets as served: comments gone, code untouched (fast tier)."""

from __future__ import annotations

import re
from pathlib import Path

from disputekb.assets import STYLESHEETS, css_without_comments, joined_stylesheet, js_without_comments

ASSETS = Path(__file__).resolve().parent.parent / "docs" / "assets"


def test_comments_that_fill_lines_go_and_code_stays() -> None:
    script = (
        "/* A component.\n"
        " * More about it. */\n"
        "(() => {\n"
        "  // why the next line\n"
        '  const url = "https://example.org/a//b"; // kept: after code\n'
        "\n"
        "  /* one line */\n"
        "  /* a */ const x = 1; /* b */\n"
        "  const re = /\\/\\//;\n"
        "})();\n"
    )
    assert js_without_comments(script) == (
        "(() => {\n"
        '  const url = "https://example.org/a//b"; // kept: after code\n'
        "  /* a */ const x = 1; /* b */\n"
        "  const re = /\\/\\//;\n"
        "})();\n"
    )


def test_a_stylesheet_loses_every_comment() -> None:
    css = '/* head */\n.a { color: red; /* why */ }\n\n\n/* section\n   more */\n.b::before { content: "→"; }\n'
    assert css_without_comments(css) == '.a { color: red;  }\n.b::before { content: "→"; }\n'


def test_our_files_keep_every_line_of_code() -> None:
    """What is served of a script is its own lines, in order, none of them a comment's; of a
    stylesheet, everything outside its comments."""
    for path in ASSETS.glob("*.js"):
        source = path.read_text(encoding="utf-8").splitlines()
        served = js_without_comments(path.read_text(encoding="utf-8")).splitlines()
        lines = iter(source)
        assert all(line in lines for line in served), f"{path.name}: a line changed or moved"
        assert not [line for line in served if re.match(r"\s*(//|/\*|\* |\*/|$)", line)], path.name
        assert len(served) > len(source) / 3, path.name
    for name in STYLESHEETS:
        source = (ASSETS / "css" / name).read_text(encoding="utf-8")
        outside = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
        assert "/*" not in outside and "*/" not in outside, f"{name}: a comment marker outside a comment"
        assert re.sub(r"\s+", "", css_without_comments(source)) == re.sub(r"\s+", "", outside)


def test_the_joined_stylesheet_keeps_the_cascade_order() -> None:
    parts = {name: f".{name.split('.')[0]} {{ order: {i}; }}" for i, name in enumerate(STYLESHEETS)}
    joined = joined_stylesheet(parts)
    assert [joined.index(f".{name.split('.')[0]} ") for name in STYLESHEETS] == sorted(
        joined.index(f".{name.split('.')[0]} ") for name in STYLESHEETS
    )

"""Benchmark: the decision-tree widget's weight and the time it takes to render one step.

Prints the gzipped size of docs/assets/decision-tree.js + kb.js (the starter) + css/decision-tree.css as
served, without their comments (disputekb/assets.py; target: under 10 KB) and the median time, in Chromium, from a click on an option to the next step drawn
(event handler, DOM update, style and layout forced by moving the focus) on a generated playbook of
500 nodes (target: under 16 ms). Numbers only: this is not a test.
Run: .venv/bin/python benchmarks/widget.py
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "hooks"))

from conftest import CHROMIUM, CHROMIUM_ARGS, build, make_project, serve  # noqa: E402
from disputekb.assets import css_without_comments, js_without_comments  # noqa: E402
from generate import playbook_yaml  # noqa: E402

ASSETS = REPO / "docs" / "assets"
NODES = 500
ROUNDS = 15

# One step, timed in the page: click the n-th option, then force the style and layout the browser
# needs before it can paint the result (the widget moves the focus, which already forces them).
STEP = """(index) => {
  const button = document.querySelectorAll("[data-decision-tree] [data-step] button[data-option]")[index];
  const start = performance.now();
  button.click();
  document.body.getBoundingClientRect();
  return performance.now() - start;
}"""


def size() -> int:
    """What a browser downloads, as the hooks serve it."""
    scripts = [
        js_without_comments((ASSETS / name).read_text(encoding="utf-8")) for name in ("decision-tree.js", "kb.js")
    ]
    css = css_without_comments((ASSETS / "css" / "decision-tree.css").read_text(encoding="utf-8"))
    return len(gzip.compress("".join([*scripts, css]).encode(), compresslevel=9))


def step_times(url: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for round_ in range(ROUNDS):
            page.goto(url)
            page.wait_for_selector("[data-decision-tree] [data-step]")
            page.wait_for_timeout(300)  # let the page settle, as a reader would before a first click
            while page.locator("[data-decision-tree] [data-step]").count():
                times.append(page.evaluate(STEP, round_ % 2))
        browser.close()
    return times


def main() -> None:
    print(f"widget JS + CSS, gzipped: {size() / 1024:.1f} KB (target < 10 KB)")
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(
            Path(tmp), {"seller/bench-500.yml": playbook_yaml("bench-500", "seller", NODES)}, keep=False
        )
        result = build(project, Path(tmp) / "site")
        if result.returncode:
            sys.exit(result.stderr)
        url, stop = serve(Path(tmp) / "site")
        try:
            times = step_times(f"{url}/en/seller/bench-500/")
        finally:
            stop()
    print(
        f"one step, {NODES}-node playbook: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms over {len(times)} steps (target median < 16 ms)"
    )


if __name__ == "__main__":
    main()

"""Benchmark: where search puts the playbook a reader's phrase is about.

Builds the site (or reads one already built: ``--site DIR``), then asks Material's own search
worker, in Chromium, each phrase of READER_PHRASES (tests/test_reader_browser.py) against the
language's index, and prints the rank of each right playbook and the first three results. Target:
a right playbook among the first three for every phrase (the test asserts it).
Run: .venv/bin/python benchmarks/search_ranking.py [--site DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "hooks"))

from test_reader_browser import READER_PHRASES, ranked  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            result = build(REPO, site)
            if result.returncode:
                sys.exit(result.stderr)
        url, stop = serve(site)
        from playwright.sync_api import sync_playwright

        hits = total = first = 0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            for code, phrases in READER_PHRASES.items():
                page.goto(f"{url}/{code}/")
                results = ranked(page, site, url, code, [phrase for phrase, _ in phrases])
                for (phrase, right), found in zip(phrases, results, strict=True):
                    ranks = {r: found.index(r) + 1 if r in found else None for r in right}
                    best = min((n for n in ranks.values() if n), default=None)
                    total += 1
                    hits += best is not None and best <= 3
                    first += best == 1
                    shown = ", ".join(f"{r.rstrip('/')} {n or '-'}" for r, n in ranks.items())
                    print(f"{code:8} {phrase:32} best {best or '-':>2}  [{shown}]  top 3: {' | '.join(found[:3])}")
            browser.close()
        stop()
    print(f"\na right playbook first: {first}/{total}; in the first three: {hits}/{total}")


if __name__ == "__main__":
    main()

"""Benchmark: Lighthouse (mobile, median of 3) on a playbook page beside a plain Material page.

Both are served from localhost in the same run. Targets (issue 3): the playbook page's
performance is not below the plain page's, accessibility >= 0.95, best practices 1.00.
Lighthouse comes from the npm registry (installed into node_modules on first use) and runs
the system Chromium; nothing is downloaded at run time.

Run: .venv/bin/python benchmarks/lighthouse.py
"""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import REPO, build, serve

CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices")
RUNS = 3
PLAIN_CONFIG = """site_name: Plain Material
theme:
  name: material
  font: false
"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzipped, as any real static host does (python's http.server does not)."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in (".html", ".css", ".js", ".json", ".svg")
            or not path.is_file()
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def lighthouse() -> Path:
    binary = REPO / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--no-save", "--silent", "--no-audit", "--no-fund", "lighthouse@12"],
            cwd=REPO,
            check=True,
        )
    return binary


def scores(binary: Path, url: str, tmp: Path) -> dict[str, float]:
    out = tmp / "report.json"
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    return {c: report["categories"][c]["score"] for c in CATEGORIES}


def main() -> None:
    binary = lighthouse()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        site = tmp / "site"
        result = build(REPO, site)
        if result.returncode:
            raise SystemExit(result.stderr)
        plain = tmp / "plain"
        (plain / "docs").mkdir(parents=True)
        (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
        # The About page, as an ordinary Markdown page (its one link into the site made plain text).
        about = (REPO / "docs" / "en" / "about.md").read_text(encoding="utf-8")
        (plain / "docs" / "index.md").write_text(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", about), encoding="utf-8")
        result = build(plain, tmp / "plain-site")
        if result.returncode:
            raise SystemExit(result.stderr)
        ours, stop_ours = serve(site, GzipHandler)
        theirs, stop_theirs = serve(tmp / "plain-site", GzipHandler)
        pages = {"playbook page": f"{ours}/en/seller/parcel-not-received/", "plain Material page": f"{theirs}/"}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
        try:
            # One run of each first, not counted: the first Chromium start of a session is slow
            # (disk and font caches). Then the pages take turns, so that a busy spell of this
            # shared machine falls on both rather than on whichever page was measured then.
            for url in pages.values():
                scores(binary, url, tmp)
            for _ in range(RUNS):
                for name, url in pages.items():
                    runs[name].append(scores(binary, url, tmp))
            medians = {name: {c: statistics.median(r[c] for r in runs[name]) for c in CATEGORIES} for name in pages}
            for name in pages:
                print(
                    f"{name:>20}: "
                    + ", ".join(f"{c} {medians[name][c]:.2f}" for c in CATEGORIES)
                    + f"  (median of {RUNS}, mobile; performance of each run: "
                    + " ".join(f"{r['performance']:.2f}" for r in runs[name])
                    + ")"
                )
        finally:
            stop_ours()
            stop_theirs()
    ours_s, plain_s = medians["playbook page"], medians["plain Material page"]
    print(
        f"performance not below plain: {'met' if ours_s['performance'] >= plain_s['performance'] else 'NOT met'}; accessibility >= 0.95: {'met' if ours_s['accessibility'] >= 0.95 else 'NOT met'}; best practices 1.00: {'met' if ours_s['best-practices'] >= 1 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

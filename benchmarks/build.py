"""Benchmark: build cost of the hooks against plain Material, at 100 and 1,000 playbooks.

For each size it generates playbooks (benchmarks/generate.py), builds the site with the hooks
(x3 languages), then builds the very same pages written out as plain Markdown files with no
hooks, and prints wall time, peak memory and the ratios. Targets (issue 3): the hooks are
faster than plain Material for the same pages; 1,000 playbooks build in under 90 s and 1 GB (the
build and its helper process together); 1,000 cost at most 12x what 100 cost.

Run: .venv/bin/python benchmarks/build.py [sizes...]   (default: 100 1000)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from disputekb import checklists, pages, training
from disputekb.build import NAV
from disputekb.chinese import Converter
from disputekb.i18n import LANGS
from disputekb.library import load_library
from disputekb.render import Site
from disputekb.urls import Urls
from generate import REPO, make_library


def _pss_kib(pid: int) -> int:
    """The process's proportional share of the memory it uses (shared pages divided among the
    processes sharing them, as a forked helper shares its parent's)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _family(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _family(int(child))
    return found


def timed_build(config: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS of the largest process (MiB) and peak memory of the build and its
    helper processes together (the sum of their PSS, sampled 5 times a second; MiB) of one
    `mkdocs build` in its own process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)], env=env, cwd=config.parent
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, sum(_pss_kib(pid) for pid in _family(proc.pid)))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {config}")
    return wall, usage.ru_maxrss / 1024, peak / 1024


def project_with_hooks(root: Path, count: int) -> Path:
    make_library(root, count)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = config.replace("  - hooks/site.py", f"  - {REPO / 'hooks' / 'site.py'}")
    (root / "mkdocs.yml").write_text(f"docs_dir: {REPO / 'docs'}\n" + config, encoding="utf-8")
    return root / "mkdocs.yml"


def project_plain(root: Path, hooked_root: Path) -> Path:
    """The same pages as plain Markdown files, the same theme and plugins, no hooks."""
    lib = load_library(hooked_root / "playbooks")
    site = Site(lib, Urls(), Converter(lib.overrides))
    docs = root / "docs"
    shutil.copytree(REPO / "docs", docs)
    for page in [*pages.all_pages(site), *checklists.all_pages(site), *training.all_pages(site)]:
        path = docs / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in page.meta.items())
        path.write_text(f"---\n{front}---\n\n{page.render().html}", encoding="utf-8")
    (docs / "zh-hans" / "about.md").write_text(
        (REPO / "docs" / "zh-hant" / "about.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = config.replace("hooks:\n  - hooks/site.py\n", "")
    # The same small navigation the hooks build, as a plain nav: the hub pages of each language.
    nav = "nav:\n" + "".join(f"  - {lang.code}/{name}\n" for lang in LANGS for name in NAV)
    config = config.replace("not_in_nav: |", nav + "not_in_nav: |")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def main(sizes: list[int]) -> None:
    results = {}
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            hooked = project_with_hooks(Path(tmp) / "hooked", count)
            plain = project_plain(Path(tmp) / "plain", Path(tmp) / "hooked")
            pages = sum(1 for _ in (Path(tmp) / "plain" / "docs").rglob("*.md"))
            h_wall, h_mem, h_all = timed_build(hooked, Path(tmp) / "out-hooked")
            p_wall, p_mem, _ = timed_build(plain, Path(tmp) / "out-plain")
        results[count] = h_wall
        print(
            f"{count:>5} playbooks, {pages} pages: hooks {h_wall:6.1f} s {h_mem:5.0f} MiB ({h_all:5.0f} MiB with its helper)"
            f" | plain Markdown {p_wall:6.1f} s {p_mem:5.0f} MiB | hooks/plain {h_wall / p_wall:.2f}x (target <= 1.15)"
        )
    if 100 in results and 1000 in results:
        growth = results[1000] / results[100]
        print(
            f"growth 1000 vs 100 playbooks: {growth:.1f}x (target <= 12); 1000 in {results[1000]:.0f} s (target < 90 s)"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])

"""Benchmark: load and validate 1,000 generated playbooks of 30 nodes each.

Prints wall time and peak memory. Target (issue 12): under 5 s on a 2-core machine.
Run: .venv/bin/python benchmarks/validate.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from disputekb.library import load_library
from generate import make_library


def main() -> None:
    count, nodes = 1000, 30
    with tempfile.TemporaryDirectory() as tmp:
        root = make_library(Path(tmp), count, nodes)
        load_library(root)  # warm: schema compile, OS file cache
        times = []
        for _ in range(3):
            start = time.perf_counter()
            lib = load_library(root)
            times.append(time.perf_counter() - start)
        assert len(lib.playbooks) == count
        tracemalloc.start()
        load_library(root)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median(times)
    print(
        f"load+validate {count} playbooks x {nodes} nodes: median {median:.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )
    print(f"peak Python allocations during one run: {peak / 2**20:.0f} MiB; process peak RSS: {rss:.0f} MiB")
    print(f"target < 5 s: {'met' if median < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()

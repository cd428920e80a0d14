"""The bodies of the generated pages, each drawn when MkDocs builds its page.

MkDocs builds the pages one after another, on one core, and drawing the bodies is about a third
of a large library's build. Past :data:`AHEAD_FROM` pages, a second process draws them, up to
:data:`AHEAD` pages ahead of the build, and hands each over when its page comes, while the
build's own process indexes and writes the pages before it (``benchmarks/README.md``: what it
gains). Either way each body is drawn once and held only until its page is written.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .pages import Body, Generated

AHEAD_FROM = 600  # pages: about 100 playbooks, each a guide and a drill in three languages
AHEAD = 256  # bodies the second process may have drawn before their pages are built

# The pages, as the second process inherits them when it is forked (a page's body is drawn by
# closures, which cannot be sent to another process; its place in this list can).
_PAGES: list[Generated] = []


def _draw(index: int) -> Body:
    return _PAGES[index].render()


class Bodies:
    """Draws the bodies of ``pages``, in the order MkDocs builds them (the order given)."""

    def __init__(self, pages: Sequence[Generated], *, ahead_from: int = AHEAD_FROM) -> None:
        self.pages = list(pages)
        self.index = {page.src: i for i, page in enumerate(self.pages)}
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[int, Future[Body]] = {}
        self.queue: Iterator[int] = iter(range(len(self.pages)))
        if len(self.pages) >= ahead_from and len(os.sched_getaffinity(0)) >= 2:
            _PAGES[:] = self.pages
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            for _ in range(AHEAD):
                self._send()

    def _send(self) -> None:
        index = next(self.queue, None)
        if index is not None and self.pool is not None:
            self.pending[index] = self.pool.submit(_draw, index)

    def draw(self, src: str) -> Body:
        """The body of the page at ``src``: from the second process if it is drawing it, else
        drawn now."""
        index = self.index[src]
        future = self.pending.pop(index, None)
        if future is None:
            return self.pages[index].render()
        try:
            body = future.result()
        except BrokenProcessPool:  # the second process died (out of memory?): the rest is drawn here
            self.close()
            return self.pages[index].render()
        self._send()
        return body

    def close(self) -> None:
        """Stop the second process (at the end of a build, or when a build fails)."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        self.pending.clear()
        _PAGES.clear()

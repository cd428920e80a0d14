"""Shared fixtures: real site builds in tmp folders, a local server, the system Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
PLAYBOOKS = REPO / "playbooks"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # No page reaches the network: every host but this machine fails to resolve, at once. (Not by
    # routing each request through the test, which is slower and turns off the browser's cache.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
sys.path.insert(0, str(REPO / "hooks"))
from disputekb.i18n import LANGS  # noqa: E402  (the languages, declared once)

LANG_CODES = tuple(lang.code for lang in LANGS)


# Tiers: the fast tier needs no browser and no full build (`pytest -m "not browser and not build"`);
# a test is in the build tier when it builds a site, itself or through the `site` fixture (built
# once per test session), and in the browser tier when it drives Chromium.
BUILDING_FIXTURES = {"site", "base_url", "offline_site"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


def build(config_dir: Path, out: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` on ``config_dir/mkdocs.yml`` into ``out``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_dir / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        cwd=config_dir,
    )


def make_project(tmp: Path, playbooks: dict[str, str] | None = None, *, keep: bool = True) -> Path:
    """A project in ``tmp`` that uses this repository's hooks, docs and theme with its own playbooks.

    ``playbooks`` maps paths under ``playbooks/`` (e.g. ``seller/x.yml``) to YAML text; with
    ``keep`` the repository's own playbooks are copied first.
    """
    project = tmp / "project"
    shutil.copytree(
        PLAYBOOKS, project / "playbooks", ignore=None if keep else shutil.ignore_patterns("buyer", "seller")
    )
    (project / "playbooks" / "buyer").mkdir(exist_ok=True)
    (project / "playbooks" / "seller").mkdir(exist_ok=True)
    for name, text in (playbooks or {}).items():
        (project / "playbooks" / name).write_text(text, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = config.replace("  - hooks/site.py", f"  - {REPO / 'hooks' / 'site.py'}")
    config = f"docs_dir: {REPO / 'docs'}\n" + config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once per test session."""
    out = tmp_path_factory.mktemp("site")
    result = build(REPO, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's offline copy (file:// URLs, search without a server), built once."""
    out = tmp_path_factory.mktemp("offline")
    result = build(REPO, out, env={"OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(
    directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = _Quiet
) -> tuple[str, Callable[[], None]]:
    """Serve ``directory`` on localhost; returns the base URL and a function that stops it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", stop


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    url, stop = serve(directory)
    try:
        yield url
    finally:
        stop()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site served on localhost."""
    url, stop = serve(site)
    yield url
    stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def axe_violations(page: Any, *, context: str | None = None, serious_only: bool = False) -> list[tuple[str, list[Any]]]:
    """axe-core's violations on ``page`` (within ``context``): (rule id, the first few targets)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context) if context else Axe().run(page)
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if not serious_only or v["impact"] in ("serious", "critical")
    ]


class PageWatch:
    """What a page did that a test may forbid: console errors, page errors, requests elsewhere."""

    def __init__(self, page: Any, allowed_origin: str) -> None:
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda err: self.console_errors.append(str(err)))

        def on_request(request: Any) -> None:
            url = request.url
            if not (url.startswith(allowed_origin) or url.startswith(("data:", "blob:", "about:"))):
                self.outside_requests.append(url)

        page.on("request", on_request)


@contextlib.contextmanager
def watched_page(browser: Any, origin: str) -> Iterator[Any]:
    """A fresh page in its own context; requests elsewhere than ``origin`` are recorded, like
    console errors, in ``page.watch`` (and fail: CHROMIUM_ARGS)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, origin)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh browser page on the repository's site."""
    with watched_page(browser, base_url) as page:
        yield page

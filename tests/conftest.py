"""Shared fixtures and the order of a run.

- The tiers (fast, build, browser) run in that order, and the sites the session shares build in
  the background from the start, while the fast tier runs (``pytest_collection_finish``).
- ``site``, ``offline_site``: the repository built once per session; ``nu_report``: the Nu HTML
  checker on the built site, run beside the tests from the moment the site is built.
- ``build``, ``make_project``: other sites, built by the tests that need them, in tmp folders.
- ``serve``: a site on localhost; ``tabs`` and ``page``: Debian's Chromium, a new tab per test.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
PLAYBOOKS = REPO / "playbooks"
# Debian's Chromium headless shell: the browser's engine (Blink, V8, printing) without the browser
# around it, as Playwright itself runs headless tests. The same tests take a sixth less time than
# in the full browser, which draws its own interface too (benchmarks/README.md).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
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
from disputekb.library import load_library  # noqa: E402
from disputekb.model import Library  # noqa: E402

LANG_CODES = tuple(lang.code for lang in LANGS)


# Tiers: the fast tier needs no browser and no full build (`pytest -m "not browser and not build"`);
# a test is in the build tier when it builds a site, itself or through the `site` fixture (built
# once per test session), and in the browser tier when it drives Chromium.
BUILDING_FIXTURES = {"site", "base_url", "offline_site"}
# The sites built once per session (fixture name: the environment of its build). Each build starts
# as soon as the tests are collected and the fast tier runs first, meanwhile; the Nu HTML checker
# starts as soon as the site is built. Each runs beside the tests, in a process of its own.
SESSION_SITES: dict[str, dict[str, str]] = {"site": {}, "offline_site": {"OFFLINE": "true"}}
BESIDE = pytest.StashKey[dict[str, "Background"]]()  # what runs beside the tests, by its fixture
SITES = pytest.StashKey[Path]()  # the folder of the session's sites
Job = TypeVar("Job", bound="Background")


def _tier(item: pytest.Item) -> int:
    return 2 if item.get_closest_marker("browser") else 1 if item.get_closest_marker("build") else 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
    items.sort(key=_tier)  # each tier in file order


def _used(session: pytest.Session, fixture: str) -> bool:
    return any(fixture in getattr(item, "fixturenames", ()) for item in session.items)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the session's builds that the selected tests need (none for the fast tier alone)."""
    if not session.config.option.collectonly:
        for name in SESSION_SITES:
            if _used(session, name):
                session_build(session.config, name)


def beside(config: pytest.Config, name: str, start: Callable[[], Job]) -> Job:
    """What runs beside the tests for the fixture ``name``, started now unless it already runs."""
    running = config.stash.setdefault(BESIDE, {})
    if name not in running:
        running[name] = start()
    return cast(Job, running[name])


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop what still runs beside the tests (after a failure or Ctrl-C) and remove the sites."""
    for running in config.stash.get(BESIDE, {}).values():
        running.stop()
    if SITES in config.stash:
        shutil.rmtree(config.stash[SITES], ignore_errors=True)


@functools.cache
def repo_library() -> Library:
    """The repository's playbooks, loaded once: the model is immutable, so tests share it."""
    return load_library(PLAYBOOKS)


@pytest.fixture(scope="session")
def lib() -> Library:
    """The repository's playbooks (``repo_library``)."""
    return repo_library()


class Background:
    """A program that runs beside the tests from now on; ``result`` waits for it to end."""

    def __init__(self, args: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd
        )

    @functools.cached_property
    def result(self) -> subprocess.CompletedProcess[str]:
        stdout, stderr = self.process.communicate()
        return subprocess.CompletedProcess(self.process.args, self.process.returncode, stdout, stderr)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Build(Background):
    """``mkdocs build --strict`` of ``config_dir/mkdocs.yml`` into ``out``."""

    def __init__(self, config_dir: Path, out: Path, *, env: dict[str, str] | None = None) -> None:
        self.out = out
        super().__init__(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_dir / "mkdocs.yml"), "-d", str(out)],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
            cwd=config_dir,
        )


def build(config_dir: Path, out: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` on ``config_dir/mkdocs.yml`` into ``out``."""
    return Build(config_dir, out, env=env).result


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


def session_build(config: pytest.Config, name: str) -> Build:
    """The build of the session's site ``name`` (SESSION_SITES), started unless it already runs."""
    if SITES not in config.stash:
        config.stash[SITES] = Path(tempfile.mkdtemp(prefix="disputekb-sites-"))
    return beside(config, name, lambda: Build(REPO, config.stash[SITES] / name, env=SESSION_SITES[name]))


def built(build: Build) -> Path:
    result = build.result
    assert result.returncode == 0, result.stderr
    return build.out


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """The repository's own site, built once per test session."""
    out = built(session_build(request.config, "site"))
    if _used(request.session, "nu_report"):
        beside(request.config, "nu_report", lambda: nu_check(out))
    return out


# --- the Nu HTML checker, beside the tests -------------------------------------------------------
# It reads every page of the site for 7 s, so it starts as soon as the site is built (``site``)
# while the tests go on; the test that asks for `nu_report` reads what it said.

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material's own search input carries these non-standard attributes; nothing else is ignored.
VNU_IGNORED = (
    r".*Attribute “(autocorrect|autocapitalize)” not allowed.*|.*Attribute “autocomplete” is only allowed when.*"
)


def nu_check(site: Path) -> Background:
    """The Nu HTML checker on every page of ``site``, reporting errors. (Java's quick compiler
    alone: the same run in two thirds of the CPU time; it needs the larger stack vnu advises.)"""
    if not VNU.exists():
        pytest.fail("the Nu validator is missing: run `npm install` (make test does)")
    pages = [str(page) for page in sorted(site.rglob("*.html"))]
    args = ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--errors-only"]
    return Background([*args, "--filterpattern", VNU_IGNORED, *pages])


@pytest.fixture(scope="session")
def nu_report(request: pytest.FixtureRequest, site: Path) -> subprocess.CompletedProcess[str]:
    """What the Nu HTML checker says of every page of the site."""
    return beside(request.config, "nu_report", lambda: nu_check(site)).result


@pytest.fixture(scope="session")
def offline_site(request: pytest.FixtureRequest) -> Path:
    """The repository's offline copy (file:// URLs, search without a server), built once."""
    return built(session_build(request.config, "offline_site"))


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
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium-headless-shell)")
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


class Tabs:
    """Browser tabs for the tests, each new, in windows kept warm for the whole session.

    Each kind of window (its size, touch, scripts on or off) is one browser context, opened the
    first time a test asks for it and kept, with an idle tab on one of the test sites. That tab
    keeps the browser's process for the sites alive, with its fonts and compiled scripts, and
    the context keeps its cache: a test's tab is open and loaded in about half the time a new
    context takes (benchmarks/README.md). A test still starts as in a new window: its tab is
    new (its own history and session storage) and the cookies, permissions, local storage and
    databases of every site the tests have opened are cleared before it starts.
    """

    STORAGE = "local_storage,indexeddb,cache_storage,service_workers"

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.windows: dict[str, tuple[Any, Any]] = {}  # options -> (context, its idle tab's CDP session)
        self.origins: set[str] = set()

    def _window(self, origin: str, options: dict[str, Any]) -> tuple[Any, Any]:
        key = json.dumps(options, sort_keys=True)
        if key not in self.windows:
            context = self.browser.new_context(**options)
            idle = context.new_page()
            if origin.startswith("http"):
                idle.goto(f"{origin}/404.html")
            self.windows[key] = (context, context.new_cdp_session(idle))
        return self.windows[key]

    def _note_origin(self, frame: Any) -> None:
        url = urlparse(frame.url)
        if frame.parent_frame is None and url.scheme in ("http", "https"):
            self.origins.add(f"{url.scheme}://{url.netloc}")

    @contextlib.contextmanager
    def open(self, origin: str, **options: Any) -> Iterator[Any]:
        """A new tab, as in a new window of ``options`` (Browser.new_context's); ``page.watch``
        records console errors and requests elsewhere than ``origin``."""
        context, cdp = self._window(origin, options)
        self.origins.add(origin)
        context.clear_cookies()
        context.clear_permissions()
        for known in sorted(self.origins):
            cdp.send("Storage.clearDataForOrigin", {"origin": known, "storageTypes": self.STORAGE})
        page = context.new_page()
        page.on("framenavigated", self._note_origin)
        page.watch = PageWatch(page, origin)
        try:
            yield page
        finally:
            page.close()


@pytest.fixture(scope="session")
def tabs(browser: Any) -> Tabs:
    return Tabs(browser)


@contextlib.contextmanager
def watched_page(tabs: Tabs, origin: str) -> Iterator[Any]:
    """A new tab in a desktop window; requests elsewhere than ``origin`` are recorded, like
    console errors, in ``page.watch`` (and fail: CHROMIUM_ARGS)."""
    with tabs.open(origin, viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.fixture
def page(tabs: Tabs, base_url: str) -> Iterator[Any]:
    """A new tab on the repository's site."""
    with watched_page(tabs, base_url) as page:
        yield page

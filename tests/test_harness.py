"""The test harness itself: a test's browser tab starts as in a new window (conftest.Tabs)."""

from __future__ import annotations

import pytest

from conftest import Tabs

pytestmark = pytest.mark.browser

LEAVE_TRACES = """() => {
  localStorage.setItem("kb-harness", "left");
  sessionStorage.setItem("kb-harness", "left");
  document.cookie = "kb-harness=left; path=/";
  return new Promise((resolve) => {
    const open = indexedDB.open("kb-harness");
    open.onupgradeneeded = () => open.result.createObjectStore("s");
    open.onsuccess = () => { open.result.close(); resolve(true); };
  });
}"""

TRACES = """async () => [
  localStorage.getItem("kb-harness"),
  sessionStorage.getItem("kb-harness"),
  document.cookie,
  (await indexedDB.databases()).map((d) => d.name),
  history.length,
]"""


@pytest.mark.parametrize("options", [{}, {"viewport": {"width": 390, "height": 844}, "is_mobile": True}])
def test_a_tab_keeps_nothing_from_the_test_before(tabs: Tabs, base_url: str, options: dict) -> None:
    with tabs.open(base_url, **options) as page:
        page.goto(f"{base_url}/en/")
        page.goto(f"{base_url}/en/glossary/")
        page.evaluate(LEAVE_TRACES)
        page.context.grant_permissions(["clipboard-read"], origin=base_url)
        assert page.evaluate(TRACES) == ["left", "left", "kb-harness=left", ["kb-harness"], 3]
    with tabs.open(base_url, **options) as page:
        page.goto(f"{base_url}/en/glossary/")
        assert page.evaluate(TRACES) == [None, None, "", [], 2]  # about:blank, then this page
        state = page.evaluate("navigator.permissions.query({name: 'clipboard-read'}).then((p) => p.state)")
        assert state != "granted"

"""Debian Chromium, driven by Playwright, over a database filled from the ANT corpus.

Skipped with a reason when Chromium is absent, except under CI=true, where that fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("KHABAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


def _require_chromium() -> None:
    if os.path.exists(CHROMIUM) or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium not found at {CHROMIUM}; CI must install Debian's chromium")
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium to run browser tests)")


@pytest.fixture(scope="module")
def server(ant_store):
    import uvicorn

    from khabar.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(ant_store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser.new_page(locale="ar")
        browser.close()


def test_home_and_search_render_rtl_with_visible_titles(server, page, ant_store):
    newest = ant_store.latest(limit=1)[0]
    page.goto(server + "/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_by_text(newest.title, exact=True).first.is_visible()

    page.fill(".search-box input[name=q]", "ادارة ترامب")
    page.click(".search-box button")
    page.wait_for_url("**/search?q=*")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator(".item-title a").first.is_visible()
    assert page.locator("mark").count() > 0
    # The article page opens from a result.
    title = page.locator(".item-title a").first.inner_text()
    page.locator(".item-title a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1.article-title").inner_text() == title
    assert "تاريخ النشر" in page.content()

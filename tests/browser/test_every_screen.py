"""Every reader's page at phone, tablet and desktop widths, in Debian Chromium: nothing scrolls
sideways, axe-core finds no violation, the console stays clean. Then the keyboard shortcuts and
the dark-scheme toggle. Served from the small store of ``tests/front_data.py``.

axe-core is pinned in tests/browser/axe/package.json; ``.ci/run`` installs it there.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from khabar.settings import load_settings
from khabar.store import open_store
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.front_data import fill_front

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (320, 390, 768, 1366)
PASSWORD = "كلمة-سر-الاختبار"


def require_axe() -> None:
    if AXE.is_file():
        return
    message = f"axe-core not installed at {AXE} (cd tests/browser/axe && npm ci)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def front_server(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("front") / "front.db")
    ids = fill_front(store)
    settings = load_settings(admin_password=PASSWORD, time_zone="UTC")
    with serving(create_app(store, settings=settings)) as url:
        yield url, ids
    store.close()


def paths(ids: dict) -> dict[str, str]:
    return {
        "home": "/",
        "article": f"/articles/{ids['a'][2]}",
        "story": f"/stories/{ids['a'][0]}",
        "stories": "/stories",
        "countries": "/countries",
        "latest": "/latest",
        "search results": "/search?q=" + quote("سنغافورة"),
        "search none": "/search?q=" + quote("كلمةلاتوجدأبدا"),
        "search malformed": "/search?q=" + quote("((("),
        "outlet": f"/sources/{ids['source_of_a']}",
        "tag": "/tags/" + quote("قمة سنغافورة"),
        "entity": "/entities/" + quote("دونالد ترامب"),
        "category": "/categories/middleEast",
        "sources": "/sources",
        "admin": "/admin",
    }


def _check(page, url: str, errors: list[str]) -> list[str]:
    """Problems of the page at ``url``: sideways scrolling, axe violations, console errors."""
    errors.clear()
    page.goto(url)
    problems = []
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        problems.append(f"scrolls sideways: scrollWidth {width[0]} > innerWidth {width[1]}")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations.map("
        "v => v.id + ' x' + v.nodes.length + ' ' + JSON.stringify(v.nodes[0].target))")
    problems += [f"axe: {v}" for v in violations]
    problems += [f"console: {e}" for e in errors]
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_at_every_width(browser, front_server, scheme):
    require_axe()
    url, ids = front_server
    failures = []
    errors: list[str] = []
    for width in WIDTHS:
        if scheme == "dark" and width not in (390, 1366):
            continue
        # bypass_csp lets the test inject axe; the pages' own scripts are all from 'self'
        context = browser.new_context(locale="ar", viewport={"width": width, "height": 900},
                                      color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "/admin/login")
        page.fill("input[name=name]", "admin")  # the bootstrap admin's account, once made
        page.fill("input[name=password]", PASSWORD)
        page.click("form.admin-form button")
        page.wait_for_url("**/admin")
        for name, path in paths(ids).items():
            for problem in _check(page, url + path, errors):
                failures.append(f"{width}px {scheme} {name} ({path}): {problem}")
        context.close()
    assert not failures, "\n".join(failures)


def test_no_console_errors_under_the_real_csp(page, front_server):
    url, ids = front_server
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ("/", f"/stories/{ids['a'][0]}", f"/articles/{ids['a'][2]}", "/search?q=x"):
        page.goto(url + path)
    assert not errors


def test_keyboard_shortcuts_and_help(page, front_server):
    url, _ = front_server
    page.goto(url + "/")
    page.keyboard.press("j")
    first = page.locator("[data-nav]").first
    assert "selected" in first.get_attribute("class")
    page.keyboard.press("j")
    assert "selected" in page.locator("[data-nav]").nth(1).get_attribute("class")
    page.keyboard.press("k")
    assert "selected" in first.get_attribute("class")
    href = first.locator("a[href]").first.get_attribute("href")
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts").is_visible()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.type") == "search"
    page.keyboard.press("Escape")
    page.keyboard.press("o")
    page.wait_for_url("**" + href)


def test_the_dark_toggle_is_remembered_without_an_account(page, front_server):
    url, _ = front_server
    page.goto(url + "/")
    toggle = page.locator("#theme-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    assert page.get_attribute("html", "data-theme") == "dark"
    page.goto(url + "/sources")
    assert page.get_attribute("html", "data-theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    assert page.locator("#theme-toggle").get_attribute("aria-pressed") == "true"

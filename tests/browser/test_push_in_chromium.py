"""Web Push in Chromium: the alerts page's "تفعيل الإشعارات على هذا الجهاز" button at a phone's
and a desktop's width (axe-clean, no sideways scroll, no console error; a saved search's page
with its follow button too), the service worker
registered from /sw.js under the site's CSP, and a click with notifications granted.

Headless Chromium refuses ``pushManager.subscribe`` even with notifications granted
("Registration failed - permission denied"; Chrome's push service is Google's FCM, out of
reach offline anyway), so a full subscription cannot be made here: the test checks that the
worker is registered, that the page says what happened in Arabic and keeps the button usable
(and, should a Chromium subscribe, that the channel was added). The delivery itself — VAPID signature,
aes128gcm encryption, 410 handling — is tested against a push service on 127.0.0.1
(tests/notify/test_webpush.py), with the subscription's keys made as a browser makes them.
"""

from __future__ import annotations

import pytest

from khabar.store import open_store
from khabar.store.credentials import hash_password
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.browser.test_every_screen import AXE, require_axe

pytestmark = pytest.mark.browser

PASSWORD = "كلمة-سر-طويلة"


@pytest.fixture
def small_store(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        store.create_user("sara", hash_password(PASSWORD))
        yield store


def _log_in(page, url: str) -> None:
    page.goto(url + "/login?next=/alerts")
    page.fill("#login input[name=name]", "sara")
    page.fill("#login input[name=password]", PASSWORD)
    page.click("#login button")
    page.wait_for_url("**/alerts")


def test_the_push_button_at_a_phone_and_a_desktop_width(browser, small_store):
    require_axe()
    errors: list[str] = []
    search = small_store.create_saved_search(1, "أخبار النفط", "النفط")
    with serving(create_app(small_store)) as url:
        for width in (390, 1366):
            # bypass_csp lets the test inject axe; the page's own scripts are all from 'self'
            context = browser.new_context(locale="ar", bypass_csp=True,
                                          viewport={"width": width, "height": 900})
            page = context.new_page()
            errors.clear()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            _log_in(page, url)
            button = page.locator("#push-enable")
            assert button.is_visible() and button.is_enabled()
            assert button.inner_text() == "تفعيل الإشعارات على هذا الجهاز"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async () => (await axe.run(document)).violations.map("
                "v => v.id + ' ' + JSON.stringify(v.nodes[0].target))")
            assert violations == [], f"{width}px: {violations}"
            # A saved search's page with its follow button («لك»), axe-clean too.
            page.goto(url + f"/alerts/{search.id}")
            assert page.locator("button.follow-button").inner_text() == "+ تابِع"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async () => (await axe.run(document)).violations.map("
                "v => v.id + ' ' + JSON.stringify(v.nodes[0].target))")
            assert violations == [], f"{width}px saved search: {violations}"
            assert errors == []
            context.close()


def test_a_click_registers_the_worker_and_says_what_happened(browser, small_store):
    with serving(create_app(small_store)) as url:
        context = browser.new_context(locale="ar", viewport={"width": 390, "height": 900})
        context.grant_permissions(["notifications"], origin=url)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        _log_in(page, url)
        page.click("#push-enable")
        page.wait_for_function(
            "() => { const t = document.getElementById('push-status').textContent;"
            " return t && t !== 'جارٍ التفعيل…'; }", timeout=30_000)
        status = page.inner_text("#push-status")
        worker = page.evaluate(
            "async () => { const r = await navigator.serviceWorker.getRegistration('/');"
            " return r && (r.active || r.waiting || r.installing).scriptURL; }")
        assert worker == url + "/sw.js"  # registered under the real CSP
        assert errors == []
        channels = small_store.channels(1)
        if status.startswith("فُعّلت الإشعارات"):  # a Chromium that reached a push service
            assert [c.kind for c in channels] == ["webpush"]
        else:  # offline: the subscription cannot be made, and the page says so
            assert status.startswith("تعذر تفعيل الإشعارات"), status
            assert channels == [] and page.locator("#push-enable").is_enabled()
        context.close()

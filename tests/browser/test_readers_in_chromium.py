"""A reader in Chromium at 390 px: log in, follow an entity, see it in «لك», save an article,
read it, add a block rule and see the list change."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from khabar.settings import load_settings
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.web.readers_helpers import (
    PASSWORD,
    add_user,
    fast_hashing,  # noqa: F401 - autouse
)

pytestmark = pytest.mark.browser

IRAN = "إدارة ترامب تفرض عقوبات جديدة على إيران"
OIL = "أسعار النفط ترتفع بعد قرار أوبك"
PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    """The readers' parts add no horizontal scrolling at 390 px: the page is no wider than
    the site header (which base.html's own styles size) and than the screen once that fits."""
    widths = page.evaluate("""() => [document.documentElement.scrollWidth,
        document.querySelector('.site-header').scrollWidth]""")
    return widths[0] <= max(PHONE["width"], widths[1])


def test_a_reader_follows_saves_reads_and_filters_on_a_phone(browser, filled_store, tmp_path):
    add_user(filled_store, "سارة")
    with serving(create_app(filled_store, settings=load_settings(secret_key="k"))) as url:
        context = browser.new_context(locale="ar", viewport=PHONE)
        page = context.new_page()
        page.goto(url + "/for-you")
        assert "/login" in page.url  # «لك» needs an account
        page.fill("#login input[name=name]", "سارة")
        page.fill("#login input[name=password]", PASSWORD)
        page.click("#login button")
        page.wait_for_url("**/for-you")
        assert page.get_by_text("لا تتابع شيئاً بعد").is_visible()

        page.goto(url + "/entities/" + quote("منظمة أوبك"))
        page.click("form.follow-form button")
        page.wait_for_selector("text=تتابعه")
        page.click(".account-nav a[href='/for-you']")
        page.wait_for_url("**/for-you")
        assert page.locator(".item-title", has_text=OIL).is_visible()
        assert page.locator(".item-title", has_text=IRAN).count() == 0
        assert page.locator(".account-nav .unread-count").inner_text() == "1"
        assert fits(page)
        page.screenshot(path=str(tmp_path / "for-you.png"))

        page.click(f".item-title a:has-text('{OIL}')")
        page.wait_for_selector("h1.article-title")
        page.click(".save-button")
        page.wait_for_selector("text=✓ محفوظ")
        assert fits(page)
        page.goto(url + "/saved")
        assert page.locator(".item-title", has_text=OIL).is_visible()
        page.goto(url + "/for-you")
        assert page.locator("article.item.is-read", has_text=OIL).count() == 1  # read on open
        assert page.locator(".account-nav .unread-count").count() == 0

        page.goto(url + "/")
        assert page.locator(".item-title", has_text=IRAN).count() == 1
        page.goto(url + "/account/filters")
        page.select_option("#add-rule select[name=kind]", "words")
        page.fill("#add-rule input[name=pattern]", "ادارة")  # no hamza: still matches إدارة
        page.click("#add-rule button")
        page.wait_for_selector("text=أُضيفت القاعدة")
        assert fits(page)
        page.goto(url + "/")
        assert page.locator(".item-title").count() == 4
        assert page.locator(".item-title", has_text=IRAN).count() == 0
        assert fits(page)
        page.screenshot(path=str(tmp_path / "home-filtered.png"), full_page=True)
        context.close()

"""An admin adds a source from the browser after logging in; an anonymous visitor cannot."""

from __future__ import annotations

import pytest

from khabar.settings import load_settings
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.loopback import Loopback
from tests.web.test_admin import FEED

pytestmark = pytest.mark.browser


@pytest.fixture
def feed_server():
    loopback = Loopback()
    loopback.static("/feed.xml", FEED)
    yield loopback
    loopback.close()


def test_admin_adds_a_source_and_anonymous_cannot(page, browser, store, feed_server):
    settings = load_settings(admin_password="سر-الإدارة", allow_private_networks=True, retries=0)
    with serving(create_app(store, settings=settings)) as url:
        anonymous = browser.new_context(locale="ar").new_page()
        anonymous.goto(url + "/admin")
        assert anonymous.url.endswith("/admin/login")
        assert anonymous.locator("#add-source").count() == 0

        page.goto(url + "/admin")
        page.fill("input[name=password]", "سر-الإدارة")
        page.click("form.admin-form button")
        page.wait_for_url("**/admin")
        assert page.get_attribute("html", "dir") == "rtl"
        page.fill("#add-source input[name=url]", feed_server.url("/feed.xml"))
        page.fill("#add-source input[name=category]", "economy")
        page.click("#add-source button")
        page.wait_for_selector("text=أضيف المصدر «وكالة الاختبار»")
        assert page.locator("table.admin tbody tr").count() == 1

        page.goto(url + "/sources")
        assert page.get_by_text("وكالة الاختبار").first.is_visible()
    [source] = store.followed_sources()
    assert (source.feed_url, source.category) == (feed_server.url("/feed.xml"), "economy")

"""A reader logs in, saves a search from the results page, opens its page, edits it (a bad
query is refused and kept), pauses it and deletes it — in Chromium."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from khabar.pipeline.importer import prepare_record
from khabar.store import open_store
from khabar.store.credentials import hash_password
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.conftest import SAMPLE_ARTICLES, _fresh

pytestmark = pytest.mark.browser


@pytest.fixture
def small_store(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        now = datetime(2018, 6, 1, tzinfo=timezone.utc)
        store.add_articles([prepare_record(r, None, now) for r in _fresh(SAMPLE_ARTICLES)])
        store.create_user("sara", hash_password("كلمة-سر-طويلة"))
        yield store


def test_save_edit_pause_and_delete_a_search_in_the_browser(page, small_store):
    with serving(create_app(small_store)) as url:
        page.goto(url + "/search?q=" + "النفط")
        page.click("section.save-search a")  # «سجّل الدخول» to save, back to the search
        page.fill("#login input[name=name]", "sara")
        page.fill("#login input[name=password]", "كلمة-سر-طويلة")
        page.click("#login button")
        page.wait_for_selector("form.save-search-form")
        page.fill("form.save-search-form input[name=name]", "أخبار النفط")
        page.select_option("form.save-search-form select[name=mode]", "daily")
        page.click("form.save-search-form button")
        page.wait_for_selector("text=حُفظ البحث «أخبار النفط»")
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.locator("article.item").count() == 2  # its results, newest first
        assert page.locator("a[type='application/rss+xml']").count() == 1

        page.fill("form.admin-form input[name=q]", "-النفط")
        page.click("form.admin-form button")
        page.wait_for_selector("p.error")
        assert "كلمة واحدة على الأقل" in page.inner_text("p.error")
        [saved] = small_store.saved_searches()
        assert saved.query == "النفط" and saved.mode == "daily"

        page.fill("form.admin-form input[name=q]", "غزة")
        page.fill("form.admin-form input[name=timezone]", "Asia/Riyadh")
        page.click("form.admin-form button")
        page.wait_for_selector("text=حُفظت التعديلات")
        assert "وقف إطلاق النار" in page.inner_text("main")

        page.click("text=إيقاف مؤقت")
        page.wait_for_selector("text=أوقفت التنبيهات مؤقتاً")
        assert small_store.saved_search(saved.id).paused

        page.click("text=حذف البحث")
        page.wait_for_selector("text=حُذف البحث «أخبار النفط»")
        assert small_store.saved_searches() == []

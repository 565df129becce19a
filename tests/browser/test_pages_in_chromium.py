"""The reader's pages in Debian Chromium, over a database filled from the ANT corpus."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


def assert_rtl(page):
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"


def test_home_and_search_render_rtl_with_visible_titles(ant_server, page, ant_store):
    from khabar.store.filters import ArticleFilter

    newest = ant_store.latest(limit=1, filters=ArticleFilter(originals=True))[0]  # not a copy
    page.goto(ant_server + "/")
    assert_rtl(page)
    assert page.get_by_text(newest.title, exact=True).first.is_visible()

    page.fill(".search-box input[name=q]", "ادارة ترامب")
    page.click(".search-box button")
    page.wait_for_url("**/search?q=*")
    assert_rtl(page)
    assert page.locator(".item-title a").first.is_visible()
    assert page.locator("mark").count() > 0
    title = page.locator(".item-title a").first.inner_text()
    page.locator(".item-title a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1.article-title").inner_text() == title
    assert "تاريخ النشر" in page.content()


def test_search_filters_outlet_category_and_tag_pages(ant_server, page, ant_store):
    page.goto(ant_server + "/search?q=" + quote("النفط"))
    page.select_option("select[name=source]", "بي بي سي عربي")  # ANT's "BBC", by its outlet
    page.select_option("select[name=sort]", "newest")
    page.click(".search-form button")
    page.wait_for_url("**source=**")
    sources = page.locator(".item .source").all_inner_texts()
    assert sources and set(sources) == {"بي بي سي عربي"}

    page.locator(".item .source").first.click()
    page.wait_for_url("**/sources/*")
    assert_rtl(page)
    assert page.locator("h1").inner_text() == "أخبار بي بي سي عربي"

    page.goto(ant_server + "/")
    page.locator(".tabs a[href*='/categories/']").first.click()  # the latest tab comes first
    page.wait_for_url("**/categories/*")
    assert page.locator("h1").inner_text().startswith("قسم ")
    assert page.locator(".item-title a").first.is_visible()

    page.goto(ant_server + "/sources")
    assert page.locator("table.sources tbody tr").count() == 5


def test_tag_page_from_an_article_keyword(page, store):
    from datetime import datetime, timezone

    from khabar.pipeline.importer import prepare_record
    from khabar.web.app import create_app
    from tests.browser.conftest import serving
    from tests.conftest import record

    [r] = store.add_articles([prepare_record(
        record(title="خبر عن الأمن", keywords=["الأمن الوطني", "الرباط"]), None, datetime.now(timezone.utc))])
    with serving(create_app(store)) as url:
        page.goto(f"{url}/articles/{r.article_id}")
        page.get_by_role("link", name="الأمن الوطني").click()
        page.wait_for_url("**/tags/*")
        assert_rtl(page)
        assert page.locator("h1").inner_text() == "وسم: الأمن الوطني"
        assert page.get_by_text("خبر عن الأمن").first.is_visible()


def test_stories_list_and_story_page(ant_server, page):
    page.goto(ant_server + "/stories")
    assert_rtl(page)
    first = page.locator(".story-card").first  # a card: headline, outlets, full coverage
    headline = first.locator(".card-title a").inner_text()
    first.locator(".full-coverage").click()
    page.wait_for_url("**/stories/*")
    assert_rtl(page)
    assert page.locator("h1").inner_text() == headline
    assert page.locator("a[href^='/articles/']").count() >= 2  # every outlet's version

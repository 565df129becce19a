"""Adding sources (discovery), OPML import/export, the default sources, removal."""

from __future__ import annotations

import pytest

from khabar.errors import BlockedAddress, NoFeedFound, NotFound, SourceExists
from khabar.ingest.opml import read_opml
from khabar.pipeline.sources import (
    add_source, default_opml, export_opml, import_opml, load_default_sources, remove_source,
)
from khabar.settings import load_settings
from tests.loopback import Loopback

SETTINGS = load_settings(allow_private_networks=True, per_host_delay=0.0, retries=0,
                         read_timeout=1.0, total_timeout=2.0)
FEED = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>هسبريس التجريبية</title><link>{base}/</link><item><title>خبر</title>"
        "<link>{base}/a/1.html</link><description>نص</description></item></channel></rss>")


@pytest.fixture
def server():
    s = Loopback()
    s.static("/feed.xml", FEED.format(base=s.url("")))
    s.static("/comments/feed", FEED.format(base=s.url("")))
    s.static("/", '<html><head><title>الصفحة الرئيسية</title>'
             '<link rel="alternate" type="application/rss+xml" title="تعليقات" href="/comments/feed">'
             '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
             "<body>مرحبا</body></html>", content_type="text/html")
    s.static("/empty", "<html><head><title>لا شيء</title></head><body><a href='/'>الرئيسية</a>"
             "</body></html>", content_type="text/html")
    yield s
    s.close()


def test_a_home_page_url_discovers_its_feed_not_the_comments_feed(store, server):
    source = add_source(store, server.url("/"), category="المغرب", settings=SETTINGS)
    assert source.feed_url == server.url("/feed.xml") and source.kind == "feed"
    assert source.name == "هسبريس التجريبية" and source.category == "المغرب"
    assert source.url == server.url("/")


def test_a_feed_url_is_followed_as_it_is_and_only_once(store, server):
    source = add_source(store, server.url("/feed.xml"), name="اسمي", settings=SETTINGS)
    assert source.name == "اسمي" and source.feed_url == server.url("/feed.xml")
    with pytest.raises(SourceExists) as caught:
        add_source(store, server.url("/feed.xml"), settings=SETTINGS)
    assert caught.value.user_message == "هذا المصدر مُتابَع من قبل."


def test_a_page_without_feed_or_articles_is_refused_in_arabic(store, server):
    with pytest.raises(NoFeedFound) as caught:
        add_source(store, server.url("/empty"), settings=SETTINGS)
    assert "خلاصة" in caught.value.user_message


def test_adding_a_private_address_is_refused_without_the_setting(store, server):
    with pytest.raises(BlockedAddress):
        add_source(store, server.url("/feed.xml"),
                   settings=SETTINGS.replace(allow_private_networks=False))
    assert store.followed_sources() == []


def test_opml_round_trip_and_skipped_duplicates(store):
    report = import_opml(store, default_opml())
    assert len(report.added) >= 30 and report.skipped == []
    again = import_opml(store, default_opml())
    assert again.added == [] and len(again.skipped) == len(report.added)
    exported = read_opml(export_opml(store))
    assert {o.feed_url for o in exported} == {s.feed_url for s in report.added}
    assert {o.category for o in exported} == {s.category for s in report.added}


def test_default_sources_cover_the_arab_world_and_load_only_into_an_empty_database(store):
    outlines = read_opml(default_opml())
    regions = {o.category for o in outlines}
    assert {"المغرب", "الجزائر", "تونس", "مصر", "بلاد الشام", "الخليج واليمن", "العراق",
            "عربية شاملة", "خدمات دولية بالعربية"} <= regions
    assert all(o.feed_url.startswith("https://") for o in outlines)
    assert load_default_sources(store) == len(outlines) >= 30
    assert load_default_sources(store) == 0


def test_remove_keeps_articles_unless_asked(store, filled_store):
    source = filled_store.sources()[0]
    filled_store.follow_source(name=source.name, feed_url="https://example.com/feed")
    remove_source(filled_store, "https://example.com/feed")
    assert filled_store.followed_sources() == [] and filled_store.count_articles() == 5
    filled_store.follow_source(name=source.name, feed_url="https://example.com/feed")
    count = filled_store.count_articles()
    remove_source(filled_store, source.name, delete_articles=True)
    assert filled_store.count_articles() < count
    with pytest.raises(NotFound):
        remove_source(filled_store, "nothing")

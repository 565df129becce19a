"""A poll keeps the lead image the feed names, else the article page's og:image, and the
feed's enclosures (served on 127.0.0.1)."""

from __future__ import annotations

import pytest

from khabar.pipeline.worker import poll
from khabar.store.records import Enclosure, Image
from tests.loopback import Loopback
from tests.pipeline.test_poll import SETTINGS

TEXT = "نص الخبر الكامل كما نشره الموقع في صفحته مع تفاصيل كثيرة عن الحدث. " * 4


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


def page(n: int) -> str:
    return (f'<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>خبر {n}</title>'
            f'<meta property="og:image" content="/og/{n}.jpg"></head><body><article>'
            f"<h1>خبر {n}</h1><p>{TEXT}{n}</p></article></body></html>")


def test_the_feed_image_wins_then_the_page_image(store, server):
    base = server.url("")
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>وكالة الصور</title><link>{base}/</link>
<item><title>خبر 1</title><link>{base}/a/1.html</link><guid>1</guid><description>وصف 1</description>
<media:thumbnail url="/thumbs/1.jpg" width="640" height="360"/>
<enclosure url="{base}/1.mp3" type="audio/mpeg" length="99"/></item>
<item><title>خبر 2</title><link>{base}/a/2.html</link><guid>2</guid><description>وصف 2</description></item>
</channel></rss>"""
    server.static("/feed.xml", feed)
    for n in (1, 2):
        server.static(f"/a/{n}.html", page(n), content_type="text/html; charset=utf-8")
    store.follow_source(name="وكالة الصور", feed_url=server.url("/feed.xml"), url=base + "/")
    report = poll(store, everything=True, settings=SETTINGS)
    assert report.inserted == 2
    by_guid = {a.guid: store.article(a.id) for a in store.latest(limit=10)}
    assert by_guid["1"].body_origin == "page"
    assert by_guid["1"].image == Image(f"{base}/thumbs/1.jpg", 640, 360)
    assert by_guid["1"].enclosures == [Enclosure(f"{base}/1.mp3", "audio/mpeg", 99)]
    assert by_guid["2"].image == Image(f"{base}/og/2.jpg")

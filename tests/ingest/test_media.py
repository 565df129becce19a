"""Lead images and enclosures read from feeds, JSON documents and article pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.ingest.feeds import read_feed
from khabar.ingest.html_page import read_html
from khabar.ingest.jsonl import record_from_json
from khabar.ingest.media import absolute_url, dimension
from khabar.store.records import Enclosure, Image

FIXTURES = Path(__file__).parent / "fixtures"
BODY = "<p>" + "نص الخبر الكامل كما نشره الموقع في صفحته. " * 4 + "</p>"


@pytest.mark.parametrize(("raw", "base", "expected"), [
    ("https://cdn.example/a.jpg", None, "https://cdn.example/a.jpg"),
    ("/img/a.jpg", "https://news.example/x/y.html", "https://news.example/img/a.jpg"),
    ("a b.jpg", "https://news.example/x/", "https://news.example/x/a%20b.jpg"),
    ("//cdn.example/a.jpg", "http://news.example/", "http://cdn.example/a.jpg"),
    ("//cdn.example/a.jpg", None, "https://cdn.example/a.jpg"),
    ("javascript:alert(1)", "https://news.example/", None),
    ("JaVaScRiPt:alert(1)", None, None),
    ("data:image/png;base64,AAAA", "https://news.example/", None),
    ("file:///etc/passwd", None, None),
    ("ftp://news.example/a.jpg", None, None),
    ("https://user:pw@news.example/a.jpg", None, None),
    ("https://news.example/a\n.jpg", None, None),
    ("/relative/without/base.jpg", None, None),
    ("https://[::1/a.jpg", None, None),
    ("https://news.example/" + "a" * 3000, None, None),
    (None, None, None),
    (42, None, None),
])
def test_absolute_url(raw: object, base: str | None, expected: str | None) -> None:
    assert absolute_url(raw, base) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("640", 640), (640, 640), ("640px", 640), (640.0, 640), ("0", None), ("-5", None),
    ("wide", None), (True, None), (10**6, None), (None, None),
])
def test_dimension(raw: object, expected: int | None) -> None:
    assert dimension(raw) == expected


def test_feed_media() -> None:
    items = list(read_feed((FIXTURES / "media_rss.xml").read_bytes(), origin="media_rss.xml"))
    sizes, relative, attached, hostile, inline = items
    # media:content images before thumbnails, the widest first; the video is an enclosure
    assert sizes.image == Image("https://cdn.example/1-large.jpg", 1280, 720)
    assert sizes.enclosures == [Enclosure("https://cdn.example/1.mp4", "video/mp4", 9000000)]
    # a relative media:thumbnail is resolved against the item's link
    assert relative.image == Image("https://news.example/img/2.jpg", 640, 360)
    # an image enclosure is the lead image; the audio enclosure is kept with its length
    assert attached.image == Image("https://cdn.example/3.png")
    assert attached.enclosures == [Enclosure("https://cdn.example/3.mp3", "audio/mpeg", 123456)]
    # javascript:, data:, file: and URLs with credentials are all dropped
    assert hostile.image is None and hostile.enclosures == []
    # the first <img> of the description, resolved against the link
    assert inline.image == Image("https://news.example/photos/5.jpg", 600, 400)


def test_json_feed_media() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1", "title": "مدونة",
        "home_page_url": "https://blog.example/",
        "items": [
            {"id": "1", "title": "صورة", "content_text": "نص", "url": "https://blog.example/p/1",
             "image": "/media/1.jpg", "banner_image": "https://blog.example/banner.jpg",
             "attachments": [{"url": "https://blog.example/1.m4a", "mime_type": "audio/mp4",
                              "size_in_bytes": 2048}]},
            {"id": "2", "title": "شعار", "content_text": "نص",
             "banner_image": "https://blog.example/banner2.jpg"},
            {"id": "3", "title": "مرفق", "content_text": "نص", "image": "javascript:x()",
             "attachments": [{"url": "https://blog.example/3.webp", "mime_type": "image/webp"}]},
        ],
    }
    first, second, third = read_feed(json.dumps(feed).encode(), origin="feed.json")
    assert first.image == Image("https://blog.example/media/1.jpg")
    assert first.enclosures == [Enclosure("https://blog.example/1.m4a", "audio/mp4", 2048)]
    assert second.image == Image("https://blog.example/banner2.jpg")
    assert third.image == Image("https://blog.example/3.webp") and third.enclosures == []


def test_json_lines_media() -> None:
    record = record_from_json({
        "title": "عنوان", "text": "نص", "url": "https://site.example/n/1",
        "image": {"url": "/i/1.jpg", "width": "800", "height": 450},
        "enclosures": [{"url": "https://site.example/v.mp4", "type": "video/mp4", "length": 10},
                       {"url": "data:video/mp4,AAAA", "type": "video/mp4"}],
    })
    assert record.image == Image("https://site.example/i/1.jpg", 800, 450)
    assert record.enclosures == [Enclosure("https://site.example/v.mp4", "video/mp4", 10)]
    assert record_from_json({"title": "بلا صورة", "text": "نص"}).image is None
    assert record_from_json({"title": "ت", "text": "ن", "image_url": "javascript:x"}).image is None


def page(head: str, body: str = "") -> str:
    return (f'<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>عنوان</title>'
            f"{head}</head><body><article><h1>عنوان</h1>{body}{BODY}</article></body></html>")


def test_page_og_image_relative_with_size() -> None:
    html = page('<meta property="og:image" content="/uploads/lead.jpg">'
                '<meta property="og:image:width" content="1200">'
                '<meta property="og:image:height" content="630">'
                '<meta name="twitter:image" content="https://cdn.example/tw.jpg">')
    record = read_html(html, url="https://news.example/2018/05/story.html")
    assert record.image == Image("https://news.example/uploads/lead.jpg", 1200, 630)


def test_page_twitter_image_when_og_is_hostile() -> None:
    html = page('<meta property="og:image" content="javascript:alert(1)">'
                '<meta name="twitter:image" content="https://cdn.example/tw.jpg">')
    assert read_html(html, url="https://news.example/a").image == Image("https://cdn.example/tw.jpg")


def test_page_first_figure() -> None:
    html = page("", '<figure><img src="/icons/share.png" width="16" height="16"></figure>'
                    '<figure><img src="photo.jpg" width="900" height="600">'
                    "<figcaption>تعليق</figcaption></figure>")
    record = read_html(html, url="https://news.example/sec/story.html")
    assert record.image == Image("https://news.example/sec/photo.jpg", 900, 600)


def test_page_without_image() -> None:
    html = page('<meta property="og:image" content="data:image/gif;base64,R0lGOD">',
                '<figure><img src="data:image/gif;base64,R0lGOD"></figure>')
    assert read_html(html, url="https://news.example/a").image is None

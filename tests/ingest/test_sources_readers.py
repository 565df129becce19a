"""Readers of live sources: feed discovery, sitemaps, listing pages, OPML."""

from __future__ import annotations

import pytest

from khabar.errors import IngestError
from khabar.ingest.discover import feed_links
from khabar.ingest.listing import listing_links, looks_like_article
from khabar.ingest.opml import Outline, read_opml, write_opml
from khabar.ingest.sitemap import read_sitemap

BASE = "https://www.example.ma/"


def test_feed_links_prefer_declared_feeds_and_drop_comment_feeds_to_the_end():
    html = ('<html><head><link rel="alternate" type="application/rss+xml" title="التعليقات" '
            'href="/comments/feed/"><link rel="alternate" type="application/atom+xml" '
            'href="https://www.example.ma/feed/atom"><link rel="stylesheet" href="/s.css">'
            '</head><body><a href="/rss.xml">RSS</a><a href="/about">من نحن</a></body></html>')
    assert [link.url for link in feed_links(html, BASE)] == [
        "https://www.example.ma/feed/atom", "https://www.example.ma/comments/feed/",
        "https://www.example.ma/rss.xml",
    ]
    assert feed_links("", BASE) == [] and feed_links("<html></html>", BASE) == []


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://www.example.ma/a/1</loc><news:news>
  <news:publication><news:name>\xd9\x85\xd8\xab\xd8\xa7\xd9\x84</news:name><news:language>ar</news:language></news:publication>
  <news:publication_date>2026-11-28T09:30:00+01:00</news:publication_date>
  <news:title>\xd8\xae\xd8\xa8\xd8\xb1</news:title><news:keywords>\xd8\xa3, \xd8\xa8</news:keywords>
 </news:news></url>
 <url><loc>https://www.example.ma/a/2</loc><lastmod>2026-11-27</lastmod></url>
</urlset>"""


def test_news_and_plain_sitemaps():
    sitemap = read_sitemap(NEWS_SITEMAP)
    first, second = sitemap.articles
    assert sitemap.is_news and first.title == "خبر" and first.keywords == ["أ", "ب"]
    assert first.published_at.isoformat() == "2026-11-28T08:30:00+00:00"
    assert first.source == "مثال" and first.guid == "https://www.example.ma/a/1"
    assert second.title == "" and second.published_at.day == 27


def test_sitemap_index_and_refusals():
    index = read_sitemap(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                         b"<sitemap><loc>https://x.ma/s1.xml</loc></sitemap></sitemapindex>")
    assert index.sitemaps == ["https://x.ma/s1.xml"] and index.articles == []
    with pytest.raises(IngestError):
        read_sitemap(b"<html><body>no</body></html>")
    with pytest.raises(IngestError):
        read_sitemap(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset>&e;</urlset>x')


@pytest.mark.parametrize("url, article", [
    ("https://www.example.ma/politique/2026/11/28/الحكومة-تعلن-خطة", True),
    ("https://www.example.ma/news/1234567", True),
    ("https://www.example.ma/article.php?id=5", True),
    ("https://www.example.ma/", False),
    ("https://www.example.ma/tag/الرباط", False),
    ("https://www.example.ma/category/sport/", False),
    ("https://www.example.ma/images/photo-of-the-day.jpg", False),
    ("https://www.example.ma/contact", False),
])
def test_looks_like_article(url, article):
    assert looks_like_article(url) is article


def test_listing_links_keep_headlines_on_the_site():
    html = ('<html><body><nav><a href="/category/sport/">رياضة ومباريات اليوم</a></nav>'
            '<a href="/news/2026/11/الحكومة-تعلن-خطة-جديدة">الحكومة تعلن خطة جديدة للإسكان</a>'
            '<a href="/news/2026/11/الحكومة-تعلن-خطة-جديدة#c">الحكومة تعلن خطة جديدة للإسكان</a>'
            '<a href="https://other.com/news/1234567">خبر من موقع آخر تماما</a>'
            '<a href="/news/7654321">المزيد</a></body></html>')
    links = listing_links(html, BASE)
    assert [r.title for r in links] == ["الحكومة تعلن خطة جديدة للإسكان"]


def test_opml_categories_from_nesting_and_round_trip():
    doc = ('<opml version="1.0"><body><outline text="مصر"><outline text="اليوم السابع" '
           'xmlUrl="https://www.youm7.com/rss" htmlUrl="https://www.youm7.com/"/></outline>'
           '<outline text="بلا فئة" xmlUrl="https://x.com/feed"/><outline text="مجلد فارغ"/>'
           "</body></opml>")
    outlines = read_opml(doc)
    assert outlines == [
        Outline("https://www.youm7.com/rss", "اليوم السابع", "https://www.youm7.com/", "مصر"),
        Outline("https://x.com/feed", "بلا فئة"),
    ]
    assert read_opml(write_opml(outlines)) == outlines
    with pytest.raises(IngestError):
        read_opml("<rss/>")

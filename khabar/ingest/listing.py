"""Listing pages: the article links of a section or home page that offers no feed.

Links are kept when they stay on the site, look like article addresses (a long slug, a long
number, an .html page or a deep path) and are not navigation (tags, categories, authors,
pages of a list, media files). Their anchor text becomes the record's provisional title; the
article page gives the rest.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

from khabar.ingest.urls import canonical_url
from khabar.store.records import ArticleRecord

#: links read from one listing page
MAX_LINKS = 100
#: anchor text shorter than this is a menu entry or "more", not a headline
MIN_ANCHOR_CHARS = 12

NAVIGATION = re.compile(
    r"/(?:tags?|category|categories|section|author|authors|writer|page|search|login|"
    r"register|account|contact|about|privacy|terms|video|videos|photos?|gallery|live|"
    r"newsletter|subscribe|rss|feed|wp-admin|wp-login)(?:/|$|\?)",
    re.I,
)
MEDIA = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp[34]|zip|css|js)$", re.I)
_ARTICLE_SEGMENT = re.compile(r"\d{4,}|[^/]+-[^/]+-[^/]+|\.s?html?$|\.aspx?$|\.php$", re.I)


def listing_links(html: str, base_url: str) -> list[ArticleRecord]:
    """Article stubs (url, provisional title) linked from a listing page, in page order."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    site = _site(base_url)
    seen: set[str] = set()
    found: list[ArticleRecord] = []
    for anchor in tree.iterfind(".//a[@href]"):
        url = urljoin(base_url, (anchor.get("href") or "").strip())
        key = canonical_url(url)
        if key is None or key in seen or _site(url) != site or not looks_like_article(url):
            continue
        title = " ".join(anchor.text_content().split())
        if len(title) < MIN_ANCHOR_CHARS:
            continue
        seen.add(key)
        found.append(ArticleRecord(title=title, body="", url=url, canonical_url=key))
        if len(found) >= MAX_LINKS:
            break
    return found


def looks_like_article(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path
    if path in ("", "/") or NAVIGATION.search(path) or MEDIA.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    return bool(_ARTICLE_SEGMENT.search(path)) or len(segments) >= 3


def _site(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")

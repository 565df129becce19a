"""Feed discovery: the feeds a home page links to, best first.

``<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">`` in the page head is
the standard; links in the page whose address says "rss" or "feed" come after. A page with no
feed may still list articles (``listing.py``), or the site may publish a sitemap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html

FEED_TYPES: dict[str, str] = {
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+json": "feed",
    "application/json": "feed",  # JSON Feed before its own type was registered
    "application/x-rss+xml": "feed",
    "text/xml": "feed",
}
# Feeds that are rarely what a reader wants: comments, per-author and search feeds.
_UNWANTED = re.compile(r"comments?|تعليقات|/author/|/search|wp-json", re.I)
_FEEDLIKE_HREF = re.compile(r"(?:^|[/._-])(?:rss|feed|atom)(?:[/._?-]|\.xml|$)", re.I)


@dataclass(frozen=True, slots=True)
class FeedLink:
    url: str
    title: str | None


def feed_links(html: str, base_url: str) -> list[FeedLink]:
    """Feeds ``html`` (fetched from ``base_url``) links to, best first, without duplicates."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: dict[str, FeedLink] = {}
    declared: list[FeedLink] = []
    for link in tree.iterfind(".//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and kind in FEED_TYPES:
            declared.append(_link(link.get("href"), link.get("title"), base_url))
    guessed = [
        _link(a.get("href"), a.text_content(), base_url)
        for a in tree.iterfind(".//a[@href]")
        if _FEEDLIKE_HREF.search(a.get("href") or "")
    ]
    for candidate in sorted(declared, key=_unwanted) + sorted(guessed, key=_unwanted):
        if candidate.url and candidate.url not in found:
            found[candidate.url] = candidate
    return list(found.values())


def _link(href: str | None, title: str | None, base: str) -> FeedLink:
    url = urljoin(base, (href or "").strip())
    if urlsplit(url).scheme not in ("http", "https"):
        url = ""
    title = " ".join((title or "").split()) or None
    return FeedLink(url=url, title=title)


def _unwanted(link: FeedLink) -> bool:
    return bool(_UNWANTED.search(link.url) or _UNWANTED.search(link.title or ""))

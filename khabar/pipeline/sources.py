"""Following sources: add one from any address (a feed, a sitemap, or a home page whose feed
is discovered), import and export OPML, load the default sources, stop following.

A followed source is matched to its catalogued outlet (``khabar.enrich.outlets``) by its
addresses or title: it takes the outlet's Arabic name (unless a name is given) and becomes the
source the outlet's imported articles already belong to.

The command line and the web call these functions; errors are ``KhabarError`` subclasses whose
``user_message`` is Arabic and ready to show.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import lxml.html

from khabar.enrich.outlets import catalogue
from khabar.errors import IngestError, KhabarError, NoFeedFound, NotFound, SourceExists
from khabar.ingest.discover import feed_links
from khabar.ingest.feeds import read_feed
from khabar.ingest.fetch import FetchResult, Fetcher
from khabar.ingest.listing import listing_links
from khabar.ingest.opml import Outline, read_opml, read_opml_file, write_opml
from khabar.ingest.sitemap import looks_like_sitemap, read_sitemap
from khabar.settings import Settings, load_settings
from khabar.store import Source, Store

#: feeds a home page links to that are tried, in order, before falling back to its links
MAX_FEED_CANDIDATES = 3
DEFAULT_OPML = "default_sources.opml"


@dataclass(frozen=True, slots=True)
class Found:
    """What an address turned out to serve."""

    feed_url: str
    kind: str  # "feed", "sitemap" or "listing"
    title: str | None
    site_url: str | None


@dataclass
class OpmlImport:
    added: list[Source] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (feed URL, reason)

    def to_json(self) -> dict:
        return {
            "added": [s.to_json() for s in self.added],
            "skipped": [{"feed_url": u, "reason": r} for u, r in self.skipped],
        }


# --- adding one source ---------------------------------------------------------------------

def add_source(
    store: Store,
    url: str,
    name: str | None = None,
    category: str | None = None,
    *,
    settings: Settings | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Source:
    """Follow the feed at ``url``, or the feed its page links to, or its article links.

    Raises ``SourceExists``, ``NoFeedFound``, or a ``FetchError`` (unreachable, blocked …).
    Call from synchronous code (a thread); from a coroutine, await ``add_source_async``.
    """
    settings = settings or load_settings()

    async def main() -> Source:
        async with Fetcher(settings, transport=transport) as fetcher:
            return await add_source_async(store, url, name, category, fetcher=fetcher)

    return asyncio.run(main())


async def add_source_async(
    store: Store, url: str, name: str | None = None, category: str | None = None,
    *, fetcher: Fetcher,
) -> Source:
    url = normalize_address(url)
    existing = await asyncio.to_thread(store.find_source, url)
    if existing is not None and existing.followed:
        raise SourceExists(f"{existing.name} already follows {url}")
    found = await discover(fetcher, url)
    outlet = catalogue().match(found.title, found.site_url, found.feed_url, url)
    title = ((name or "").strip() or (outlet.name if outlet else None) or found.title
             or _host(found.site_url or found.feed_url))
    return await asyncio.to_thread(
        lambda: store.follow_source(name=title, feed_url=found.feed_url, kind=found.kind,
                                    url=found.site_url, category=(category or None),
                                    outlet=outlet.ref() if outlet else None))


async def discover(fetcher: Fetcher, url: str) -> Found:
    """What ``url`` serves: a feed, a sitemap, or an HTML page with feeds or article links."""
    fetched = await fetcher.get(url)
    if as_feed := _feed(fetched):
        return as_feed
    if looks_like_sitemap(fetched.body):
        read_sitemap(fetched.body)  # IngestError if it is broken
        return Found(fetched.url, "sitemap", None, _origin(fetched.url))
    html = fetched.text()
    page_title = _page_title(html)
    for link in feed_links(html, fetched.url)[:MAX_FEED_CANDIDATES]:
        try:
            candidate = await fetcher.get(link.url)
        except KhabarError:
            continue
        if as_feed := _feed(candidate):
            return Found(as_feed.feed_url, "feed", as_feed.title or page_title, fetched.url)
    if listing_links(html, fetched.url):
        return Found(fetched.url, "listing", page_title, fetched.url)
    raise NoFeedFound(f"{url} links to no feed and lists no articles")


def normalize_address(url: str) -> str:
    url = url.strip()
    if not url:
        raise IngestError("empty address", user_message="اكتب عنوان الموقع أو الخلاصة.")
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IngestError(f"not a web address: {url}",
                          user_message="العنوان ليس عنوان صفحة ويب (http أو https).")
    return url


# --- OPML and the default sources ----------------------------------------------------------

def import_opml(store: Store, data: bytes | str | Path, *, category: str | None = None) -> OpmlImport:
    """Follow every feed of an OPML document (no network: kinds are as the document says)."""
    outlines = read_opml_file(data) if isinstance(data, Path) else read_opml(data)
    report = OpmlImport()
    for outline in outlines:
        try:
            address = normalize_address(outline.feed_url)
            outlet = catalogue().match(outline.title, outline.site_url, address)
            name = (outlet.name if outlet else None) or outline.title or _host(address)
            report.added.append(store.follow_source(
                name=name, feed_url=address, kind=outline.kind, url=outline.site_url,
                category=category or outline.category, outlet=outlet.ref() if outlet else None,
            ))
        except KhabarError as exc:
            report.skipped.append((outline.feed_url, exc.detail))
    return report


def export_opml(store: Store) -> str:
    return write_opml([
        Outline(feed_url=s.feed_url, title=s.name, site_url=s.url, category=s.category,
                kind=s.kind or "feed")
        for s in store.followed_sources() if s.feed_url
    ])


def default_opml() -> bytes:
    """The packaged default sources (``khabar/data/default_sources.opml``)."""
    return (Path(__file__).resolve().parent.parent / "data" / DEFAULT_OPML).read_bytes()


def load_default_sources(store: Store) -> int:
    """Follow the default sources when the database follows none; how many were added."""
    if store.followed_sources():
        return 0
    return len(import_opml(store, default_opml()).added)


def remove_source(store: Store, key: str, *, delete_articles: bool = False) -> Source:
    """Stop following the source named by id, name or feed URL; the source as it was."""
    source = store.find_source(key)
    if source is None:
        raise NotFound(f"no source {key!r}", user_message="المصدر غير موجود.")
    store.remove_source(source.id, delete_articles=delete_articles)
    return source


# --- helpers ---------------------------------------------------------------------------------

def _feed(fetched: FetchResult) -> Found | None:
    head = fetched.body[:1024].lstrip()
    if not (head.startswith(b"<") or head.startswith(b"{")) or b"<html" in head[:300].lower():
        return None
    try:
        entries = list(read_feed(fetched.xml_text(), origin=fetched.url))
    except IngestError:
        return None
    title = next((e.source for e in entries if e.source), None)
    site = next((e.source_url for e in entries if e.source_url), None) or _origin(fetched.url)
    return Found(fetched.url, "feed", title, site)


def _page_title(html: str) -> str | None:
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for xpath in ('//meta[@property="og:site_name"]/@content', "//title/text()"):
        values = tree.xpath(xpath)
        if values and " ".join(str(values[0]).split()):
            return " ".join(str(values[0]).split())[:200]
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")

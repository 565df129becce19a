"""Output feeds — RSS 2.0, Atom and JSON Feed 1.1 — for every list and for any search.

    /feeds/latest.{rss,atom,json}            the latest articles
    /feeds/sources/{id}.{fmt}                one outlet
    /feeds/tags/{tag}.{fmt}                  one keyword
    /feeds/categories/{category}.{fmt}       one category
    /feeds/search.{fmt}?q=…&source=…         any search (newest first)

RSS and Atom are written by feedgen; JSON Feed follows https://jsonfeed.org/version/1.1.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Literal
from html import escape
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from feedgen.feed import FeedGenerator

from khabar.store import Article
from khabar.web import listings
from khabar.web.params import Name, RowId
from khabar.web.caching import conditional, newest_time
from khabar.web.listings import ListingName
from khabar.web.personal import personal_search, rules_of
from khabar.web.search_params import SearchParams, search_params
from khabar.web.sanitize import safe_href
from khabar.presenters import teaser

router = APIRouter(prefix="/feeds", tags=["feeds"])

#: items in one output feed
FEED_ITEMS = 50
MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
Format = Literal["rss", "atom", "json"]


@router.get("/latest.{fmt}", summary="The latest articles as a feed")
def latest_feed(request: Request, fmt: Format) -> Response:
    return _listing_feed(request, ListingName("latest"), fmt)


@router.get("/sources/{source_id}.{fmt}", summary="One outlet's articles as a feed")
def source_feed(request: Request, source_id: RowId, fmt: Format) -> Response:
    return _listing_feed(request, ListingName("sources", str(source_id)), fmt)


@router.get("/tags/{tag}.{fmt}", summary="A keyword's articles as a feed")
def tag_feed(request: Request, tag: Name, fmt: Format) -> Response:
    return _listing_feed(request, ListingName("tags", tag), fmt)


@router.get("/entities/{name}.{fmt}", summary="An entity's articles as a feed")
def entity_feed(request: Request, name: Name, fmt: Format) -> Response:
    return _listing_feed(request, ListingName("entities", name), fmt)


@router.get("/categories/{category}.{fmt}", summary="A category's articles as a feed")
def category_feed(request: Request, category: Name, fmt: Format) -> Response:
    return _listing_feed(request, ListingName("categories", category), fmt)


@router.get("/search.{fmt}", summary="A search as a feed, newest first")
def search_feed(
    request: Request, fmt: Format, search: SearchParams = Depends(search_params)
) -> Response:
    results = personal_search(request, search.text, limit=FEED_ITEMS, order="newest",
                              filters=search.filters)
    params = search.url_params(sort=False)
    page = "/search?" + urlencode(params)
    return _feed_response(
        request, fmt, f"بحث: {search.q}".strip(), page,
        request.url.path + "?" + urlencode(params), [h.article for h in results.hits],
    )


def _listing_feed(request: Request, name: ListingName, fmt: str) -> Response:
    listing = listings.build(request.app.state.store, name, limit=FEED_ITEMS,
                             rules=rules_of(request), count=False)
    return _feed_response(request, fmt, listing.title, name.path, name.feed_path(fmt), listing.articles)


def _feed_response(
    request: Request, fmt: str, title: str, page: str, self_path: str, articles: list[Article]
) -> Response:
    base = str(request.base_url).rstrip("/")
    feed = FeedSpec(f"{title} — خبر", base + page, base + self_path, base)
    body = render_json_feed(feed, articles) if fmt == "json" else render_xml_feed(feed, articles, fmt)
    return conditional(request, body, MEDIA_TYPES[fmt], newest_time(articles))


class FeedSpec:
    def __init__(self, title: str, page_url: str, feed_url: str, base_url: str,
                 description: str | None = None) -> None:
        self.title, self.page_url, self.feed_url, self.base_url = title, page_url, feed_url, base_url
        #: the feed's description (a story's summary); the title when None
        self.description = description


#: characters XML 1.0 cannot carry (C0 controls but tab/newline/return, surrogates, U+FFFE/F)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def feed_generator(feed: FeedSpec, updated: datetime | None) -> FeedGenerator:
    """The head every khabar RSS/Atom feed shares; the caller adds the entries."""
    fg = FeedGenerator()
    fg.id(feed.feed_url)
    fg.title(xml_safe(feed.title))
    fg.link(href=feed.page_url, rel="alternate")
    fg.link(href=feed.feed_url, rel="self")
    fg.description(xml_safe(feed.description or feed.title))
    fg.language("ar")
    fg.generator("khabar")
    fg.updated(updated or datetime.now(timezone.utc))
    return fg


def json_feed_head(feed: FeedSpec) -> dict:
    """The top-level members every khabar JSON Feed shares; the caller adds ``items``."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.page_url,
        "feed_url": feed.feed_url,
        **({"description": feed.description} if feed.description else {}),
        "language": "ar",
    }


def feed_date(when: datetime) -> str:
    """A JSON Feed date (RFC 3339, UTC)."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def render_xml_feed(feed: FeedSpec, articles: list[Article], fmt: str) -> bytes:
    fg = feed_generator(feed, newest_time(articles))
    for article in reversed(articles):  # feedgen puts each new entry first
        entry = fg.add_entry()
        entry.id(_item_id(feed, article))
        entry.guid(_item_id(feed, article), permalink=bool(safe_href(article.url)))
        entry.title(xml_safe(article.title))
        entry.link(href=_item_id(feed, article))
        entry.published(_when(article))
        entry.updated(_when(article))
        entry.description(xml_safe(teaser(article)))
        entry.content(xml_safe(_body_html(article)), type="CDATA" if fmt == "rss" else "html")
        entry.author({"name": xml_safe(article.author or article.source)})
        if article.category:
            entry.category(term=xml_safe(article.category))
    data = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    return data


def render_json_feed(feed: FeedSpec, articles: list[Article]) -> bytes:
    document = {
        **json_feed_head(feed),
        "items": [
            {
                "id": _item_id(feed, a),
                "url": _item_id(feed, a),
                "external_url": safe_href(a.url),
                "title": a.title,
                "content_text": a.body,
                "summary": teaser(a),
                "date_published": feed_date(_when(a)),
                "authors": [{"name": a.author or a.source}],
                "tags": list(a.keywords),
                "_khabar": {"id": a.id, "source": a.source, "category": a.category},
            }
            for a in articles
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _item_id(feed: FeedSpec, article: Article) -> str:
    # stored before ingest refused them, a javascript: or //host URL must still not go out
    return xml_safe(safe_href(article.url)) or f"{feed.base_url}/articles/{article.id}"


def _when(article: Article) -> datetime:
    return article.published_at or article.fetched_at


def _body_html(article: Article) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in article.body.split("\n") if p.strip())

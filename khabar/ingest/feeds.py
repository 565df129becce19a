"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom through feedparser; JSON Feed through jsonfeed.py.

One ArticleRecord per entry; entries with neither a title nor a text are skipped.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import feedparser

from khabar.arabic.dates import parse_date
from khabar.errors import IngestError
from khabar.ingest.htmltext import html_to_text, paragraphs
from khabar.ingest.jsonfeed import looks_like_json_feed, read_json_feed
from khabar.ingest.media import feed_media
from khabar.store.records import ArticleRecord

# Content types whose value is plain text, not HTML.
PLAIN_TYPES = frozenset({"text/plain", "text"})


def read_feed(data: bytes | str, *, origin: str) -> Iterator[ArticleRecord]:
    """The entries of a feed document; IngestError if it is not a feed at all."""
    if looks_like_json_feed(data):
        yield from read_json_feed(data, origin=origin)
        return
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception") or "unknown error"
        raise IngestError(f"not a readable feed ({_one_line(reason)})")
    if not parsed.entries and not parsed.version:
        raise IngestError("not a feed (no RSS, RDF or Atom root element)")
    feed = parsed.feed
    source = _plain(feed.get("title"), feed.get("title_detail")) or None
    source_url = feed.get("link") or None
    read = 0
    for entry in parsed.entries:
        record = _record(entry, source, source_url)
        if record is not None:
            read += 1
            yield record
    if parsed.bozo and not read:
        reason = parsed.get("bozo_exception") or "unknown error"
        raise IngestError(f"not a readable feed ({_one_line(reason)})")


def _record(entry: Any, source: str | None, source_url: str | None) -> ArticleRecord | None:
    title = _plain(entry.get("title"), entry.get("title_detail")).replace("\n", " ")
    summary = _plain(entry.get("summary"), entry.get("summary_detail"))
    body = _content(entry) or summary
    if not title and not body:
        return None
    terms = [t.get("term") or t.get("label") for t in entry.get("tags") or []]
    keywords = list(dict.fromkeys(t.strip() for t in terms if t and t.strip()))
    image, enclosures = feed_media(entry, source_url)
    return ArticleRecord(
        title=title,
        body=body,
        url=entry.get("link") or None,
        guid=entry.get("id") or None,
        summary=summary or None,
        author=_plain(entry.get("author"), None) or None,
        published_at=_published(entry),
        source=source,
        source_url=source_url,
        category=keywords[0] if keywords else None,
        keywords=keywords,
        image=image,
        enclosures=enclosures,
    )


def _content(entry: Any) -> str:
    """The longest full-content block of the entry, as text."""
    texts = [_plain(c.get("value"), c) for c in entry.get("content") or []]
    return max(texts, key=len, default="")


def _plain(value: str | None, detail: Any) -> str:
    if not value:
        return ""
    kind = (detail or {}).get("type", "text/html")
    return paragraphs(value) if kind in PLAIN_TYPES else html_to_text(value)


def _published(entry: Any) -> datetime | None:
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
        raw = entry.get(key)
        if raw and (found := parse_date(raw)) is not None:
            return found
    return None


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:200]

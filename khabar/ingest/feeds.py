"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom through feedparser; JSON Feed through jsonfeed.py.

One ArticleRecord per entry; entries with neither a title nor a text are skipped.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import feedparser

from khabar.arabic.dates import read_news_date
from khabar.errors import IngestError
from khabar.ingest.htmltext import html_to_text, paragraphs
from khabar.ingest.jsonfeed import looks_like_json_feed, read_json_feed
from khabar.ingest.media import feed_media
from khabar.store.records import ArticleRecord

# Content types whose value is plain text, not HTML.
PLAIN_TYPES = frozenset({"text/plain", "text"})


def read_feed(data: bytes | str, *, origin: str,
              max_entries: int | None = None) -> Iterator[ArticleRecord]:
    """The entries of a feed document; IngestError if it is not a feed at all.

    ``max_entries`` keeps the first entries only (feeds list the newest first), and cuts the
    document before parsing: a 100,000-entry feed took minutes and 660 MB in feedparser.
    """
    if looks_like_json_feed(data):
        records: Iterator[ArticleRecord] = read_json_feed(data, origin=origin)
        yield from (records if max_entries is None else itertools.islice(records, max_entries))
        return
    if max_entries is not None:
        data = _first_entries(data, max_entries)
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as exc:
        # feedparser raises on some malformed documents ("&#x110000;": chr() out of range),
        # found by tests/hostile
        raise IngestError(f"not a readable feed ({type(exc).__name__}: {_one_line(exc)})") from None
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception") or "unknown error"
        raise IngestError(f"not a readable feed ({_one_line(reason)})")
    if not parsed.entries and not parsed.get("version"):  # absent for an empty document
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
    published_at, date_problem = _published(entry)
    image, enclosures = feed_media(entry, source_url)
    return ArticleRecord(
        title=title,
        body=body,
        url=entry.get("link") or None,
        guid=entry.get("id") or None,
        summary=summary or None,
        author=_plain(entry.get("author"), None) or None,
        published_at=published_at,
        date_problem=date_problem,
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


def _published(entry: Any) -> tuple[datetime | None, str | None]:
    """The entry's date and, when one was written but is not a news date, the problem."""
    problem = None
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        parsed = entry.get(f"{key}_parsed")
        found, problem = read_news_date(raw)
        if found is None and parsed:  # feedparser reads a few spellings parse_date does not
            try:
                found, _ = read_news_date(calendar.timegm(parsed))
            except (ValueError, OverflowError, TypeError):
                found = None
        if found is not None:
            return found, None
    return None, problem


_ENTRY_START = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>/]")
_ENTRY_START_BYTES = re.compile(rb"<(?:\w+:)?(?:item|entry)[\s>/]")


def _first_entries(data: bytes | str, n: int) -> bytes | str:
    """``data`` cut where its entry number ``n + 1`` starts; feedparser's lenient parser reads
    the unclosed document (its first ``n`` entries)."""
    pattern = _ENTRY_START_BYTES if isinstance(data, bytes) else _ENTRY_START
    for number, match in enumerate(pattern.finditer(data)):  # type: ignore[arg-type]
        if number == n:
            return data[: match.start()]
    return data


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:200]

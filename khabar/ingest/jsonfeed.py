"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), which feedparser 6 does not read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from khabar.arabic.dates import read_news_date
from khabar.errors import IngestError
from khabar.ingest.decode import decode
from khabar.ingest.htmltext import html_to_text, paragraphs
from khabar.ingest.media import json_attachment_image, json_enclosures, json_image
from khabar.store.records import ArticleRecord

_VERSION = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/', re.I)


def looks_like_json_feed(data: bytes | str) -> bool:
    head = data[:4096]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "ignore")
    return head.lstrip("\ufeff \t\r\n").startswith("{") and bool(_VERSION.search(head))


def read_json_feed(data: bytes | str, *, origin: str) -> Iterator[ArticleRecord]:
    """One record per item that has a title or a text."""
    text = decode(data) if isinstance(data, bytes) else data
    try:
        feed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"invalid JSON Feed: {exc.msg} on line {exc.lineno}") from None
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise IngestError("invalid JSON Feed: no list of items")
    source = _str(feed.get("title")) or None
    source_url = _str(feed.get("home_page_url")) or _str(feed.get("feed_url")) or None
    feed_author = _author(feed)
    for item in feed["items"]:
        if isinstance(item, dict) and (record := _record(item, source, source_url, feed_author)):
            yield record


def _record(item: dict[str, Any], source: str | None, source_url: str | None,
            feed_author: str | None) -> ArticleRecord | None:
    title = paragraphs(_str(item.get("title"))).replace("\n", " ")
    summary = paragraphs(_str(item.get("summary")))
    if html := _str(item.get("content_html")):
        body = html_to_text(html)
    else:
        body = paragraphs(_str(item.get("content_text")))
    body = body or summary
    if not title and not body:
        return None
    tags = [t.strip() for t in item.get("tags") or [] if isinstance(t, str) and t.strip()]
    keywords = list(dict.fromkeys(tags))
    published_at, date_problem = read_news_date(
        _str(item.get("date_published")) or _str(item.get("date_modified")))
    url = _str(item.get("url")) or _str(item.get("external_url")) or None
    base = url or source_url
    attachments = item.get("attachments")
    image = (json_image(item.get("image"), base) or json_image(item.get("banner_image"), base)
             or json_attachment_image(attachments, base))
    return ArticleRecord(
        title=title,
        body=body,
        url=url,
        guid=_str(item.get("id")) or None,
        summary=summary or None,
        author=_author(item) or feed_author,
        published_at=published_at,
        date_problem=date_problem,
        source=source,
        source_url=source_url,
        language=_str(item.get("language"))[:2] or "ar",
        category=keywords[0] if keywords else None,
        keywords=keywords,
        image=image,
        enclosures=json_enclosures(attachments, base),
    )


def _author(obj: dict[str, Any]) -> str | None:
    """JSON Feed 1.1 ``authors`` (a list) or 1.0 ``author`` (one object)."""
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")]
    names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None


def _str(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) else ""

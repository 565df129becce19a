"""JSON Lines of article records (one JSON object per line), such as the ANT corpus export.

Each line is read on its own: a bad line becomes a ReadProblem with its line number and the
lines after it are still read. Lines are consumed as they come, so a large (gzip) file is
streamed rather than loaded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from khabar.arabic.dateline import parse_dateline
from khabar.arabic.dates import read_news_date
from khabar.errors import IngestError
from khabar.ingest.htmltext import html_to_text, looks_like_html
from khabar.ingest.media import json_enclosures, json_image
from khabar.store.records import ArticleRecord, ReadProblem

# Record field → the JSON keys that may hold it, first present wins.
KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("text", "content", "body", "content_text", "article"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "site", "sitename"),
    "published_at": ("time_utc", "published_at", "published", "pubDate", "time", "date"),
    "author": ("author", "byline"),
    "category": ("category", "section"),
    "summary": ("summary", "abstract", "description"),
    "guid": ("guid", "id", "docno"),
    "keywords": ("keywords", "tags"),
    "image": ("image", "image_url", "top_image", "lead_image", "thumbnail", "og_image"),
    "enclosures": ("enclosures", "attachments", "media"),
}

#: how deep lists and objects inside a field are looked into ([["a"]] is fine, more is noise)
MAX_DEPTH = 3

_KEYWORD_SPLIT = re.compile(r"\s*[,،;؛]\s*")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def read_jsonl(
    lines: Iterable[bytes | str], *, origin: str, max_line_bytes: int | None = None
) -> Iterator[ArticleRecord | ReadProblem]:
    """One record per non-blank line, or a ReadProblem(origin, …, line=n) for a bad one.

    A line longer than ``max_line_bytes`` is reported, not parsed (the caller hands over its
    start only). NUL characters, raw or escaped, are dropped, as the PostgreSQL store would.
    """
    for number, raw in enumerate(lines, start=1):
        if max_line_bytes is not None and len(raw) > max_line_bytes:
            yield ReadProblem(origin, f"ingest: line {number} is longer than the "
                                      f"{max_line_bytes:,} bytes a record may have", number)
            continue
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            yield ReadProblem(origin, f"ingest: line {number} is not UTF-8 ({exc.reason})", number)
            continue
        text = text.replace("\x00", "").strip().lstrip("\ufeff")
        if not text:
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadProblem(origin, f"ingest: invalid JSON on line {number}: {exc.msg} "
                                      f"(column {exc.colno})", number)
            continue
        except RecursionError:
            yield ReadProblem(origin, f"ingest: line {number}: JSON nested too deeply", number)
            continue
        try:
            record = record_from_json(obj)
        except RecursionError:
            yield ReadProblem(origin, f"ingest: line {number}: a field is nested too deeply",
                              number)
            continue
        except IngestError as exc:
            yield ReadProblem(origin, f"ingest: line {number}: {exc.detail}", number)
            continue
        yield record
        if record.date_problem:
            yield ReadProblem(origin, f"ingest: line {number}: {record.date_problem}", number)


def record_from_json(obj: Any) -> ArticleRecord:
    """An ArticleRecord from one decoded JSON object; IngestError if it holds no article."""
    if not isinstance(obj, dict):
        raise IngestError(f"expected a JSON object, found {type(obj).__name__}")
    title = _text(_first(obj, "title"))
    body = _body(_first(obj, "body"))
    if not title and not body:
        raise IngestError("the record has neither a title nor a text")
    author = _text(_first(obj, "author"))
    when = _first(obj, "published_at")
    published_at, date_problem = read_news_date(
        when if isinstance(when, (str, int, float)) else _text(when))
    url = _text(_first(obj, "url")) or None
    return ArticleRecord(
        title=title,
        body=body,
        url=url,
        guid=_text(_first(obj, "guid")) or None,
        summary=_body(_first(obj, "summary")) or None,
        author=author or None,
        published_at=published_at,
        date_problem=date_problem,
        source=_text(_first(obj, "source")) or None,
        category=_category(_first(obj, "category")),
        keywords=_keywords(_first(obj, "keywords")),
        dateline=parse_dateline(author) if author else None,
        image=json_image(_first(obj, "image"), url),
        enclosures=json_enclosures(_first(obj, "enclosures"), url),
    )


def _first(obj: dict[str, Any], field: str) -> Any:
    for key in KEYS[field]:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value: Any, depth: int = 0) -> str:
    """A field as one line of text; lists are joined and objects give their name or title,
    down to ``MAX_DEPTH`` levels (deeper values are left out)."""
    if value is None or depth > MAX_DEPTH:
        return ""
    if isinstance(value, dict):  # {"name": …} authors, {"title": …} sources
        value = value.get("name") or value.get("title") or ""
        if isinstance(value, (dict, list)):
            return _text(value, depth + 1)
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v, depth + 1) for v in value) if t)
    return _LINE_BREAKS.sub(" ", str(value)).strip()


def _body(value: Any) -> str:
    """Paragraphs one per line, each stripped (nothing else changed); HTML is turned into text."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "\n".join(_text(v, 1) for v in value)
    text = value if isinstance(value, str) else _text(value, 1)
    if looks_like_html(text):
        return html_to_text(text)
    lines = (line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _category(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return _text(value) or None


def _keywords(value: Any) -> list[str]:
    items = value if isinstance(value, list) else _KEYWORD_SPLIT.split(_text(value))
    seen: dict[str, None] = {}
    for item in items:
        word = _text(item)
        if word:
            seen.setdefault(word, None)
    return list(seen)

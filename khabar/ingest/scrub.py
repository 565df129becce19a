"""The last cleaning every read record gets, whatever reader made it: the same on both stores.

- NUL (U+0000) is dropped from every text field. PostgreSQL text cannot hold it and SQLite
  can, so left alone the same record would differ between the backends ("عنوان\\u0000مع").
- A body longer than the ``max_article_chars`` setting is cut at a paragraph end and ends with
  a note saying so: one 38 MB record made its page take 18.8 s and every search matching it
  5.7 s of CPU (issue 20), and no news article is anywhere near the default.
"""

from __future__ import annotations

from khabar.store.records import ArticleRecord

#: the note that ends a cut body (a paragraph of its own)
TRUNCATION_NOTE = "[اقتُطع باقي النص: كان أطول من الحدّ المسموح به ({limit:,} حرف).]"

_TEXT_FIELDS = ("title", "body", "url", "canonical_url", "guid", "summary", "author", "source",
                "source_url", "category", "attributed_to")


def scrub(record: ArticleRecord, *, max_body_chars: int) -> ArticleRecord:
    """``record`` with NUL dropped from its texts and its body (and summary) capped."""
    for name in _TEXT_FIELDS:
        value = getattr(record, name)
        if isinstance(value, str) and "\x00" in value:
            setattr(record, name, value.replace("\x00", ""))
    if any("\x00" in k for k in record.keywords):
        record.keywords = [k.replace("\x00", "") for k in record.keywords if k.strip("\x00")]
    record.body = cap_text(record.body, max_body_chars)
    if record.summary:
        record.summary = cap_text(record.summary, max_body_chars)
    return record


def cap_text(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its start, cut after the last
    paragraph (or word) that fits, followed by ``TRUNCATION_NOTE``."""
    if limit <= 0 or len(text) <= limit:
        return text
    head = text[:limit]
    cut = head.rfind("\n")
    if cut < limit // 2:
        cut = head.rfind(" ")
    if cut < limit // 2:
        cut = limit
    return head[:cut].rstrip() + "\n" + TRUNCATION_NOTE.format(limit=limit)

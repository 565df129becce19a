"""A record read from anywhere made ready to store: canonical URL, fetch time, checked date,
scrubbed text and enrichment (``khabar.enrich``). Used by imports (in worker processes too:
``khabar.pipeline.pool``) and by polling."""

from __future__ import annotations

from datetime import datetime

from khabar.arabic.dates import NEWS_YEARS, is_news_date
from khabar.enrich import enrich
from khabar.enrich.tagger import Tagger
from khabar.ingest.scrub import scrub
from khabar.ingest.urls import article_url, canonical_url
from khabar.settings import load_settings
from khabar.store import ArticleRecord


def prepare_record(
    record: ArticleRecord, source: str | None, fetched_at: datetime,
    *, tagger: Tagger | None = None, max_body_chars: int | None = None,
) -> ArticleRecord:
    """Canonical URL, fetch time and enrichment: a read record made ready to store.
    ``tagger`` (``Tagger.for_store``) measures tags against the stored corpus. NUL is dropped
    and the body capped at ``max_body_chars`` (default: the ``max_article_chars`` setting)."""
    if max_body_chars is None:
        max_body_chars = default_body_limit()
    scrub(record, max_body_chars=max_body_chars)
    if source:
        record.source = source
    if record.published_at is not None and not is_news_date(record.published_at):
        # every reader checks its dates (read_news_date); this catches one that did not
        record.date_problem = record.date_problem or (
            f"date {record.published_at.isoformat()!r} is outside the years "
            f"{NEWS_YEARS[0]}–{NEWS_YEARS[1]}; kept without a date")
        record.published_at = None
    record.url = article_url(record.url)  # only absolute http(s) URLs are article addresses
    if record.canonical_url is None and record.url:
        record.canonical_url = canonical_url(record.url)
    record.fetched_at = record.fetched_at or fetched_at
    return enrich(record, tagger)


def default_body_limit() -> int:
    """The ``max_article_chars`` setting."""
    return int(load_settings().max_article_chars)

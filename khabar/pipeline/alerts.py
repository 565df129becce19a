"""Alerts in the pipeline: newly stored articles matched against every saved search.

``match_stored(store, results)`` runs after each ``store.add_articles`` (import, polling,
workers, archive merges: ``khabar.pipeline.batch.store_batch``), once the articles have their
stories: the store's saved
searches, compiled by ``khabar.search.percolate`` into an index of queries (rebuilt when a
saved search changes), find the searches each new article matches, and ``store.record_matches``
writes the matches with their outbox rows in one transaction. ``khabar.notify`` sends them.

An article published more than ``alerts_max_age`` before it was stored (an archive import) is
recorded on the saved search's page and feed but not announced.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from khabar.errors import KhabarError
from khabar.notify.schedule import due_times
from khabar.pipeline.source_names import source_names
from khabar.search.percolate import Document, Percolator, compile_saved
from khabar.settings import Settings, load_settings
from khabar.store import AddResult, Store
from khabar.store.alert_records import Match, SavedSearch
from khabar.store.rows import now_utc, utc
from khabar.store.tags import NAME_VARIANTS_MODEL

log = logging.getLogger(__name__)

#: seconds the archive's term frequencies (which steer anchors to rare terms) are reused
FREQUENCIES_TTL = 3600.0


@dataclass
class _Compiled:
    version: tuple
    percolator: Percolator
    searches: dict[int, SavedSearch] = field(default_factory=dict)
    made: float = field(default_factory=time.monotonic)


_compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_frequencies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def percolator_for(store: Store) -> _Compiled:
    """The store's active saved searches compiled, rebuilt when one was added, changed or
    deleted (``store.saved_searches_version()``, one small query per stored batch), and at
    least every ``FREQUENCIES_TTL`` seconds, so names' learned spellings and the sources'
    outlets reach the queries as they reach a typed search."""
    version = store.saved_searches_version()
    with _lock:
        compiled = _compiled.get(store)
        if (compiled is not None and compiled.version == version
                and time.monotonic() - compiled.made < FREQUENCIES_TTL):
            return compiled
        percolator = Percolator(_term_frequencies(store) if version[0] else None)
        searches = {}
        variants, outlets = store.load_model(NAME_VARIANTS_MODEL), source_names(store)
        for search in store.saved_searches(active=True):
            try:
                percolator.add(search.id, compile_saved(search.query, variants, outlets))
                searches[search.id] = search
            except KhabarError as exc:  # saved before a parser change made it invalid
                log.warning("alerts: saved search %d cannot be compiled: %s", search.id, exc)
        compiled = _compiled[store] = _Compiled(version, percolator, searches)
        return compiled


def _term_frequencies(store: Store) -> dict[str, int]:
    cached = _frequencies.get(store)
    if cached is not None and time.monotonic() - cached[0] < FREQUENCIES_TTL:
        return cached[1]
    frequencies = store.term_document_frequencies()[1]
    _frequencies[store] = (time.monotonic(), frequencies)
    return frequencies


def match_stored(store: Store, results: Sequence[AddResult], *,
                 settings: Settings | None = None, now: datetime | None = None) -> int:
    """Match the articles ``add_articles`` inserted against every active saved search and
    record the matches with their outbox rows; how many matches were new. A failure is
    logged, never raised: the articles are stored either way."""
    ids = [r.article_id for r in results if r.status == "inserted"]
    if not ids:
        return 0
    try:
        compiled = percolator_for(store)
        if not len(compiled.percolator):
            return 0
        settings = settings or load_settings()
        now = now or now_utc()
        found = []
        for article in store.articles_with_ids(ids):
            keys = compiled.percolator.match(Document.of(article))
            for key in keys:
                search = compiled.searches[key]  # type: ignore[index]
                found.append(_match(search, article.id, article.story_id or article.id,
                                    utc(article.published_at or article.fetched_at), now,
                                    settings))
        return store.record_matches(found)
    except KhabarError as exc:
        log.error("alerts: matching %d stored articles failed: %s", len(ids), exc)
        return 0


def _match(search: SavedSearch, article_id: int, story_key: int, published: datetime | None,
           now: datetime, settings: Settings) -> Match:
    if published is not None and now - published > timedelta(seconds=settings.alerts_max_age):
        return Match(search.id, article_id, story_key, None, None)  # recorded, not announced
    due, update_due = due_times(now, mode=search.mode, tz=search.timezone,
                                quiet_start=search.quiet_start, quiet_end=search.quiet_end,
                                daily_hour=int(settings.alerts_daily_hour))
    return Match(search.id, article_id, story_key, due, update_due)

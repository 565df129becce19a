"""Polling a followed source: fetch → parse → pick new entries → fetch their pages → extract →
enrich → store → record the outcome and schedule the next check.

Order matters for crash safety: articles are stored before the source's ETag and schedule,
so a poll cut short is simply done again (the stored entries are recognized and skipped).
No error of one source escapes ``poll_source``: it is recorded on the source as an outcome
code, a log text and an Arabic text, and the next source goes on.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone


from khabar import logs, metrics
from khabar.errors import FetchError, IngestError, KhabarError, RateLimited, StoreError
from khabar.ingest.feeds import read_feed
from khabar.ingest.fetch import FetchResult, Fetcher
from khabar.ingest.listing import listing_links
from khabar.ingest.sitemap import looks_like_sitemap, read_sitemap
from khabar.ingest.urls import canonical_url
from khabar.pipeline.extraction import complete_page
from khabar.pipeline.pages import PageJob, prepare_entry, snapshot_for
from khabar.pipeline.pool import Prepared
from khabar.pipeline.batch import store_batch
from khabar.pipeline.schedule import (
    error_backoff, next_check, publishing_interval,
)
from khabar.pipeline.stories import place_stored
from khabar.settings import Settings
from khabar.store import ArticleRecord, Source, Store

log = logging.getLogger(__name__)

ACCEPT_HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
#: child sitemaps of a sitemap index read in one poll (the first ones: sites list newest first)
MAX_CHILD_SITEMAPS = 3
#: outcomes of a successful check
SUCCESS = frozenset({"new", "unchanged", "not_modified"})


@dataclass
class PollResult:
    """What one check of one source did."""

    source_id: int
    source: str
    outcome: str = "unchanged"
    entries: int = 0
    inserted: int = 0
    updated: int = 0
    pages: int = 0
    page_errors: int = 0
    error: str | None = None
    error_user: str | None = None
    seconds: float = 0.0
    moved_to: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in SUCCESS


@dataclass
class PollReport:
    results: list[PollResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def inserted(self) -> int:
        return sum(r.inserted for r in self.results)

    def to_json(self) -> dict:
        outcomes: dict[str, int] = {}
        for r in self.results:
            outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
        return {
            "sources": len(self.results),
            "inserted": self.inserted,
            "updated": sum(r.updated for r in self.results),
            "outcomes": outcomes,
            "results": [asdict(r) for r in self.results],
        }


@dataclass
class PollState:
    """What a poll learned that is recorded on its source with the outcome: the feed's new
    address (a permanent redirect), and, once the articles are stored, its conditional-GET
    validators (a poll cut short before storing keeps the old ones, so it is done again)."""

    feed_url: str | None = None
    stored: bool = False
    etag: str | None = None
    last_modified: str | None = None


#: called after each source: (result, done, total)
Progress = Callable[[PollResult, int, int], None]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# --- many sources ----------------------------------------------------------------------------

async def poll_sources(
    store: Store,
    fetcher: Fetcher,
    sources: Sequence[Source],
    *,
    settings: Settings,
    progress: Progress | None = None,
) -> PollReport:
    """Poll ``sources`` concurrently (``poll_concurrency`` at once); results in source order."""
    slots = asyncio.Semaphore(max(1, settings.poll_concurrency))
    report = PollReport()
    done = 0

    async def one(source: Source) -> PollResult:
        nonlocal done
        async with slots:
            result = await poll_source(store, fetcher, source, settings=settings)
        done += 1
        if progress:
            progress(result, done, len(sources))
        return result

    report.results = list(await asyncio.gather(*(one(s) for s in sources)))
    return report


# --- one source ------------------------------------------------------------------------------

async def poll_source(
    store: Store, fetcher: Fetcher, source: Source, *, settings: Settings
) -> PollResult:
    """Check one source and record the outcome on it; never raises for the source's faults."""
    result = PollResult(source_id=source.id, source=source.name)
    logs.bind(stage="poll", source_id=source.id)  # this poll's task (and its threads) only
    started = time.monotonic()
    state = PollState()
    error: KhabarError | None = None
    try:
        async with asyncio.timeout(settings.source_timeout):
            await _poll(store, fetcher, source, settings, result, state)
    except TimeoutError:
        error = FetchError(f"polling {source.feed_url} took more than "
                           f"{settings.source_timeout:g} s", user_message="انتهت مهلة فحص المصدر.")
        result.outcome = "timeout"
    except FetchError as exc:
        error, result.outcome = exc, exc.outcome
    except IngestError as exc:
        error, result.outcome = exc, "invalid"
    except StoreError as exc:
        error, result.outcome = exc, "store_error"
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the other sources
        log.exception("poll: %s (%s) failed", source.name, source.feed_url)
        error = KhabarError(f"{type(exc).__name__}: {exc}")
        result.outcome = "internal_error"
    if error is not None:
        result.error, result.error_user = str(error), error.user_message
        log.info("poll: %s: %s", source.name, error)
    result.seconds = time.monotonic() - started
    metrics.POLLS.labels(result.outcome).inc()
    metrics.POLL_SECONDS.observe(result.seconds)
    try:
        await asyncio.to_thread(record_outcome, store, source, result, state, settings, error)
    except Exception:  # noqa: BLE001 - a locked database: the next poll tries again
        log.exception("poll: cannot record the outcome of %s", source.name)
    return result


async def _poll(store: Store, fetcher: Fetcher, source: Source, settings: Settings,
                result: PollResult, state: PollState) -> None:
    feed_url = source.feed_url or ""
    with metrics.FETCH_SECONDS.labels("feed").time():
        fetched = await fetcher.get(feed_url, etag=source.etag, last_modified=source.last_modified)
    if fetched.moved_to and fetched.moved_to != feed_url:
        result.moved_to = state.feed_url = fetched.moved_to
    if fetched.not_modified:
        result.outcome = "not_modified"
        return
    entries = await _entries(fetcher, source, fetched, settings.max_entries_per_poll)
    result.entries = len(entries)
    for entry in entries:
        entry.canonical_url = entry.canonical_url or canonical_url(entry.url)
        entry.guid = entry.guid or entry.canonical_url or entry.url
        entry.entry_hash = entry_hash(entry)
    keys = [k for e in entries for k in (e.canonical_url, e.guid) if k]
    known = await asyncio.to_thread(store.known_entries, source.id, keys)
    todo = [e for e in entries if _is_new_or_changed(e, known)]
    todo = todo[: settings.max_pages_per_poll]
    job = PageJob(source.name, source.url, utcnow(), settings.max_article_chars)
    done = await asyncio.gather(*(_complete(store, fetcher, e, settings, result, job)
                                  for e in todo))
    prepared = [p for p in done if p is not None]
    ready = [p.record for p in prepared]
    for record in ready:
        if record.date_problem:
            log.warning("poll: %s: %s: %s", source.name, record.url or record.guid,
                        record.date_problem)
    if ready:
        outcome = await asyncio.to_thread(store_batch, store, ready, replace=True,
                                          analyses=[p.analysis for p in prepared])
        result.inserted, result.updated = outcome.inserted, outcome.updated
    unplaced = [article_id for article_id, _ in known.values()]
    if unplaced:  # stored by a poll killed before it placed them (issue 20)
        await asyncio.to_thread(place_stored, store, unplaced)
    result.outcome = "new" if result.inserted else "unchanged"
    # Only now, with the articles stored, may the conditional-GET state move forward.
    state.stored, state.etag, state.last_modified = True, fetched.etag, fetched.last_modified


async def _entries(fetcher: Fetcher, source: Source, fetched: FetchResult,
                   max_entries: int) -> list[ArticleRecord]:
    kind = source.kind or "feed"
    if kind == "listing":
        text = fetched.text()
        return await asyncio.to_thread(listing_links, text, fetched.url)
    if kind == "sitemap" or looks_like_sitemap(fetched.body):
        sitemap = await asyncio.to_thread(read_sitemap, fetched.body)
        articles = list(sitemap.articles)
        for child in sitemap.sitemaps[:MAX_CHILD_SITEMAPS]:
            sub = await fetcher.get(child)
            articles += (await asyncio.to_thread(read_sitemap, sub.body)).articles
        return articles
    text = fetched.xml_text()
    return await asyncio.to_thread(
        lambda: list(read_feed(text, origin=fetched.url, max_entries=max_entries or None)))


def _is_new_or_changed(entry: ArticleRecord, known: dict[str, tuple[int, str | None]]) -> bool:
    for key in (entry.canonical_url, entry.guid):
        if key and key in known:
            stored_hash = known[key][1]
            return stored_hash is not None and stored_hash != entry.entry_hash
    return True


async def _complete(store: Store, fetcher: Fetcher, entry: ArticleRecord, settings: Settings,
                    result: PollResult, job: PageJob) -> Prepared | None:
    """The entry with its article page's text, or with the feed's text and the reason the
    page could not be used, prepared to store (tags measured against the stored corpus, as
    on import: ``khabar.pipeline.pages``); None when there is neither."""
    reason = "fetching article pages is turned off (KHABAR_FETCH_PAGES=0)"
    if settings.fetch_pages and entry.url:
        try:
            with metrics.FETCH_SECONDS.labels("page").time():
                page = await fetcher.get(entry.url, robots=True, accept=ACCEPT_HTML)
            text = page.text()
            prepared = await complete_page(store, text, page.url, entry, job)  # in the pool
            result.pages += 1
            return prepared
        except KhabarError as exc:
            result.page_errors += 1
            reason = str(exc)
            log.info("poll: article page %s: %s", entry.url, exc)
    elif not entry.url:
        reason = "the entry has no link"
    if not entry.body.strip():
        return None  # a sitemap or listing stub whose page failed: nothing to keep yet
    entry.body_origin, entry.page_error = "feed", reason
    snapshot = await asyncio.to_thread(snapshot_for, store)
    return prepare_entry(entry, snapshot.tagger, job)


def entry_hash(entry: ArticleRecord) -> str:
    """Fingerprint of what the feed says about an entry; a change means the source edited it."""
    published = entry.published_at.isoformat() if entry.published_at else ""
    text = "\x1f".join((entry.title, entry.summary or "", entry.body, entry.url or "", published))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the outcome -----------------------------------------------------------------------------

def record_outcome(store: Store, source: Source, result: PollResult, state: PollState,
                   settings: Settings, error: KhabarError | None) -> Source:
    """Health, conditional-GET state and next check of ``source`` after one poll."""
    now = utcnow()
    changes: dict = {"last_checked_at": now, "last_outcome": result.outcome}
    if result.ok:
        times = store.publication_times(source.id)
        interval = publishing_interval(times, now, settings)
        changes.update(
            last_success_at=now, last_error=None, last_error_user=None, error_count=0,
            interval_seconds=int(interval), next_check_at=next_check(now, interval, settings),
        )
        if state.stored:
            changes["etag"], changes["last_modified"] = state.etag, state.last_modified
    else:
        count = source.error_count + 1
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        delay = error_backoff(count, settings, retry_after)
        changes.update(
            last_error=result.error, last_error_user=result.error_user, error_count=count,
            next_check_at=next_check(now, delay, settings) if retry_after is None
            else now + _seconds(delay),
        )
    if state.feed_url is not None:
        moved = store.find_source(state.feed_url)
        if moved is None or moved.id == source.id:
            changes["feed_url"] = state.feed_url
        else:
            log.warning("poll: %s moved to %s, which %s already follows",
                        source.name, state.feed_url, moved.name)
    return store.update_source(source.id, **changes)


def _seconds(value: float):  # noqa: ANN202 - a timedelta
    from datetime import timedelta

    return timedelta(seconds=value)

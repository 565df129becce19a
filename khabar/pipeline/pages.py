"""An article page made ready to store, wherever it runs: extracted, merged into its feed
entry, cleaned, tagged and analyzed for stories (``prepare_page``), and the tagger it is
tagged with (``TaggerSnapshot``).

While polling, pages are prepared in the extraction processes (``khabar.pipeline.extraction``)
so that the polling process only fetches and stores. A page is tagged as the import's pool
tags (``Tagger(deferred=True)``): against a snapshot of the store's tagger plus the article
itself, never against the other articles of the same poll, so where it ran (a thread here, a
process of the pool) changes nothing. The snapshot is taken from the store when first needed
and again once it is ``MAX_AGE`` seconds old; the pool's processes read it from a file
written once per snapshot, not with every page.
"""

from __future__ import annotations

import atexit
import os
import pickle
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from khabar.enrich.tagger import Tagger
from khabar.ingest.html_page import read_html
from khabar.ingest.urls import canonical_url
from khabar.pipeline.pool import Job, Prepared, prepare
from khabar.store import ArticleRecord, Store

#: seconds a snapshot of the store's tagger is used before it is taken again
MAX_AGE = 60.0


@dataclass(frozen=True, slots=True)
class PageJob:
    """What preparing a polled page needs besides the page: the source's name and address,
    the fetch time and the body's cap (``pool.Job``)."""

    source: str | None
    source_url: str | None
    fetched_at: datetime
    max_body_chars: int

    def job(self) -> Job:
        return Job(self.source, self.fetched_at, self.max_body_chars)


def merge_page(entry: ArticleRecord, page: ArticleRecord) -> ArticleRecord:
    """The feed entry completed by its article page: the page's body, the entry's fields first
    where both have one (feeds state titles and dates on purpose)."""
    entry.body = page.body
    entry.title = entry.title or page.title
    entry.summary = entry.summary or page.summary
    entry.author = entry.author or page.author
    entry.published_at = entry.published_at or page.published_at
    entry.category = entry.category or page.category
    entry.keywords = entry.keywords or page.keywords
    entry.attributed_to = entry.attributed_to or page.attributed_to
    entry.image = entry.image or page.image  # the feed's chosen media first, then og:image
    if page.url:
        entry.canonical_url = canonical_url(page.url) or entry.canonical_url
    entry.body_origin, entry.page_error = "page", None
    return entry


def prepare_entry(entry: ArticleRecord, tagger: Tagger, job: PageJob) -> Prepared:
    """``entry`` (its page merged in, or the feed's text) cleaned, tagged and analyzed."""
    entry.source_url = job.source_url  # before enrichment: the site names the outlet
    deferred = tagger.deferred
    tagger.deferred = True
    try:
        return prepare(entry, tagger, job.job())
    finally:
        tagger.take_observations()  # a poll's articles teach the next snapshot, via the store
        tagger.deferred = deferred


def prepare_page(html: str, url: str | None, entry: ArticleRecord, tagger: Tagger,
                 job: PageJob) -> Prepared:
    """The page's article merged into ``entry`` and prepared; raises ``IngestError`` (from
    ``read_html``) when the page holds no article."""
    return prepare_entry(merge_page(entry, read_html(html, url=url)), tagger, job)


class TaggerSnapshot:
    """The store's tagger (``Tagger.for_store``) as of ``taken`` (a ``time.monotonic``), and,
    once ``written``, the file the pool's processes read it from."""

    def __init__(self, tagger: Tagger) -> None:
        self.tagger = tagger
        self.taken = time.monotonic()
        self.path: str | None = None
        self._lock = threading.Lock()

    def written(self) -> str:
        """The file holding this snapshot (written on the first call)."""
        with self._lock:
            if self.path is None:
                handle, path = tempfile.mkstemp(prefix="khabar-tagger-", suffix=".pickle")
                with os.fdopen(handle, "wb") as f:
                    pickle.dump(self.tagger, f, protocol=pickle.HIGHEST_PROTOCOL)
                self.path = path
            return self.path

    def remove(self) -> None:
        with self._lock:
            if self.path is not None:
                try:
                    os.unlink(self.path)
                except OSError:
                    pass
                self.path = None


_lock = threading.Lock()
#: per store: its current snapshot, and the one before (pages in flight may still read it)
_snapshots: dict[int, tuple[Store, TaggerSnapshot, TaggerSnapshot | None]] = {}


def snapshot_for(store: Store, *, max_age: float = MAX_AGE) -> TaggerSnapshot:
    """The store's current tagger snapshot, taken again when older than ``max_age``."""
    with _lock:
        held = _snapshots.get(id(store))
        if held is not None and held[0] is store and time.monotonic() - held[1].taken < max_age:
            return held[1]
        snapshot = TaggerSnapshot(Tagger.for_store(store))
        if held is not None and held[0] is store:
            if held[2] is not None:
                held[2].remove()
            _snapshots[id(store)] = (store, snapshot, held[1])
        else:
            if held is not None:  # another store at the same address: the old one is gone
                _forget(held)
            _snapshots[id(store)] = (store, snapshot, None)
        return snapshot


def forget_snapshots() -> None:
    """Drop every snapshot (and its file): the next page is tagged against the store as it is
    then. Each ``khabar poll`` run starts so."""
    with _lock:
        for held in _snapshots.values():
            _forget(held)
        _snapshots.clear()


atexit.register(forget_snapshots)  # no snapshot file outlives the process


def _forget(held: tuple[Store, TaggerSnapshot, TaggerSnapshot | None]) -> None:
    for snapshot in held[1:]:
        if snapshot is not None:
            snapshot.remove()


_read: tuple[str, Tagger] | None = None


def tagger_from(path: str) -> Tagger:
    """In a pool process: the snapshot written at ``path``, read once per snapshot."""
    global _read
    if _read is None or _read[0] != path:
        with open(path, "rb") as f:
            _read = (path, pickle.load(f))
    return _read[1]

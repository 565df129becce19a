"""The embedded search index: tantivy beside the SQLite records (issue 16).

Documents hold the same ``khabar.arabic.analyze`` terms FTS5 holds (read back from
``article_fts``), split on whitespace only, with positions for phrases; ``id``, ``time``
(publication else fetch time, µs), ``newest`` (seconds << 30 | id, for newest-first order),
``source_id``, ``category`` and ``copy`` (1: a near copy of another article, see
``StoryStore.save_stories``) are fast or indexed fields for filters and order.

Consistency with the store (the store is the truth, this index is derived from it):

- every change of ``article_fts`` also writes a row to ``search_queue`` in the same
  transaction; ``catch_up`` applies queue rows after the index's ``applied_seq`` (delete by id,
  add again: idempotent), commits, then records ``applied_seq`` in ``khabar.json``. A crash
  between the two replays the rows on the next write or search.
- the directory ``<db>.search/`` holds ``CURRENT`` (the name of the index in use) and the
  indexes; ``rebuild`` builds a new one beside the current one and switches ``CURRENT``
  atomically (``os.replace``). It is rebuilt when missing, unreadable, or built by another
  analyzer or schema version; meanwhile ``IndexBuilding`` is raised instead of wrong results.
- one builder at a time (``build.lock``, flock); tantivy's own lock keeps one writer.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy

from khabar.arabic import ANALYZER_VERSION
from khabar.errors import IndexBuilding, StoreError
from khabar.store.tantivy_build import IndexBuilder, _failed
# The index's parts, named here too (``ti.ranked``, ``ti.Doc``): the store, its search and
# the bench use this module as one.
from khabar.store.tantivy_query import (  # noqa: F401
    all_of, any_of, id_after, id_set, ids_of, near_copies, newest, ranked, scored, source_set,
    term_query, text_clause, time_range, time_range_us,
)
from khabar.store.tantivy_schema import (  # noqa: F401
    SCHEMA, SCHEMA_VERSION, TITLE_BOOST, TOKENIZER, Doc, Hit, _document, _open, micros,
)

__all__ = [
    "BUILD_BATCH", "BUILD_IN_FOREGROUND", "COMMIT_CHANGES", "COMMIT_INTERVAL_SECONDS", "SCHEMA", "SCHEMA_VERSION",
    "TITLE_BOOST", "TOKENIZER", "Doc", "Hit", "TantivyIndex", "all_of", "any_of", "id_after",
    "id_set", "ids_of", "micros", "near_copies", "newest", "ranked", "scored", "source_set",
    "term_query",
    "text_clause", "time_range", "time_range_us",
]

log = logging.getLogger(__name__)

#: tantivy's indexing memory (one thread, as the stores import on one)
WRITER_HEAP = 64_000_000
#: how long a writer waits for another process's writer before leaving the rows queued
WRITER_WAIT_SECONDS = 10.0
#: articles read from the store per step of a rebuild
BUILD_BATCH = 2000
#: a missing index is built before the store's ``migrate`` returns up to this many articles,
#: in a thread above (searches answer "being built" meanwhile)
BUILD_IN_FOREGROUND = 20_000
#: how often a search compares the store's queue with the index (changes written by
#: another process are applied by that process; this catches those it left behind)
LAG_CHECK_SECONDS = 5.0
#: the indexing thread commits at most this often: a commit syncs files (0.02–0.4 s measured
#: on the shared machine), and one per write batch doubled the test suite's CPU. A search in
#: this process and ``close`` apply what is pending at once (read-your-writes).
COMMIT_INTERVAL_SECONDS = 1.0
#: ... or sooner, when this many changes are pending
COMMIT_CHANGES = 5000


class TantivyIndex(IndexBuilder):
    """The index of one store. ``path`` None keeps it in memory (an in-memory store).

    The store gives it its view of the records as callables: ``queued(after)`` → (seq,
    article id) rows after a sequence, ``last_seq()`` → the newest row's, ``docs(ids)`` → the
    ``Doc`` of those still stored, ``all_docs(after_id)`` → the next batch of every stored
    article (for a rebuild), ``count()`` → how many articles, ``forget(upto)`` drops applied
    rows, ``issued()`` → the last sequence ever issued (a restored database issued fewer).
    ``apply_lag`` False: a search applies only what its own process wrote; rows written by
    others are applied by the process that tails the queue (PostgreSQL, ``postgres_tantivy``),
    and this one reloads the index when that process commits. ``applied(rows)`` is told each
    batch of rows once the index holds it."""

    def __init__(self, path: str | None, *,
                 queued: Callable[[int], list[tuple[int, int]]],
                 last_seq: Callable[[], int],
                 docs: Callable[[Sequence[int]], list[Doc]],
                 all_docs: Callable[[int], list[Doc]],
                 count: Callable[[], int],
                 forget: Callable[[int], None],
                 issued: Callable[[], int] | None = None, apply_lag: bool = True,
                 applied: Callable[[list[tuple[int, int]]], None] | None = None) -> None:
        self.root = Path(path) if path else None
        self._queued, self._last_seq, self._docs = queued, last_seq, docs
        self._all_docs, self._count, self._forget = all_docs, count, forget
        self._issued = issued
        self._apply_lag = apply_lag
        self._applied = applied
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._name: str | None = None  # the directory in use
        self._meta_stamp: int = 0
        self._current_stamp: int = 0
        self.applied_seq = 0
        self.building: tuple[int, int] | None = None  # (done, total) while this process builds
        # The store rebuilds what this index is fed from (its FTS5 terms, ``hold``): no search
        # and no change applied until ``release``.
        self.held = False
        self._builder: threading.Thread | None = None
        self._wake = threading.Event()
        self._pending = False  # this process committed changes not yet applied
        self._pending_changes = 0  # how many (rows of the store's queue), for COMMIT_CHANGES
        self._last_commit = 0.0  # when the indexing thread last applied changes
        self._lag_checked = 0.0  # when the store's queue was last compared with the index
        self._follower: threading.Thread | None = None
        self._closed = False

    # --- state -----------------------------------------------------------------------------

    def _current_name(self) -> str | None:
        assert self.root is not None
        try:
            return (self.root / "CURRENT").read_text().strip() or None
        except OSError:
            return None

    def _meta_path(self, name: str) -> Path:
        assert self.root is not None
        return self.root / name / "khabar.json"

    def _read_meta(self, name: str) -> dict:
        try:
            return json.loads(self._meta_path(name).read_text())
        except (OSError, ValueError):
            return {}

    def _write_meta(self, name: str, applied_seq: int) -> None:
        meta = {"analyzer_version": ANALYZER_VERSION, "schema_version": SCHEMA_VERSION,
                "applied_seq": applied_seq}
        target = self._meta_path(name)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta))
        os.replace(tmp, target)

    def _load(self) -> bool:
        """Open (or re-open) the index ``CURRENT`` names; False when there is none usable."""
        if self.root is None:
            if self._index is None:
                self._index, self.applied_seq = _open(None, True), 0
            return True
        try:  # two stats per search; the files are read only when they changed
            current_stamp = (self.root / "CURRENT").stat().st_mtime_ns
            name = self._name if current_stamp == self._current_stamp else self._current_name()
            if name is None:
                raise FileNotFoundError("CURRENT")
            stamp = self._meta_path(name).stat().st_mtime_ns
        except OSError:
            self._index = None
            return False
        if name == self._name and stamp == self._meta_stamp and self._index is not None:
            return True
        meta = self._read_meta(name)
        if (meta.get("analyzer_version") != ANALYZER_VERSION
                or meta.get("schema_version") != SCHEMA_VERSION):
            self._index = None
            return False
        try:
            index = _open(str(self.root / name), False)
            index.reload()
            index.searcher()
        except (ValueError, OSError) as exc:
            log.warning("search index %s unreadable (%s): it will be rebuilt", name, exc)
            self._index = None
            return False
        self._index, self._name, self._meta_stamp = index, name, stamp
        self._current_stamp = current_stamp
        self.applied_seq = int(meta.get("applied_seq", 0))
        return True

    @property
    def name(self) -> str | None:
        """The directory of the index in use (None in memory or before it is loaded)."""
        return self._name

    def usable(self) -> bool:
        with self._lock:
            return self._load()

    def hold(self, total: int) -> None:
        """The store is about to rebuild the terms this index is fed from: searches raise
        ``IndexBuilding`` and changes stay queued until ``release`` (fed from a damaged or
        half-built source, the index would answer wrong or partial results)."""
        with self._lock:
            self.held, self.building = True, (0, total)

    def release(self) -> None:
        with self._lock:
            self.held, self.building = False, None

    def drop_current(self) -> None:
        """Forget the index in use (it was fed from a source found damaged): it is rebuilt,
        here or by the next process to start."""
        with self._lock:
            self._index, self._name = None, None
            if self.root is not None:
                (self.root / "CURRENT").unlink(missing_ok=True)

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def _writer(self, index: tantivy.Index) -> Iterator[Any]:
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
                break
            except ValueError as exc:  # another process holds tantivy's writer lock
                if time.monotonic() > deadline:
                    raise StoreError(f"search index writer busy: {exc}") from exc
                time.sleep(0.05)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        writer.commit()
        writer.wait_merging_threads()

    def changed(self, count: int = 1) -> None:
        """The store committed ``count`` changes: apply them soon, in this process's indexing
        thread, at most every ``COMMIT_INTERVAL_SECONDS`` (a search in this process applies
        what is still pending first, so it never misses them). A commit of tantivy costs tens
        to hundreds of ms (it syncs files): writes do not wait. An index in memory is only
        read by this process: its searches apply the changes."""
        self._pending_changes += count
        self._pending = True
        if self.root is None or not self._apply_lag:  # tailed: see ``apply_lag``
            return
        with self._lock:
            if self._follower is None or not self._follower.is_alive():
                self._follower = threading.Thread(target=self._follow, name="search-index",
                                                  daemon=True)
                self._follower.start()
        self._wake.set()

    def _follow(self) -> None:
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            # Gather changes: wait for the commit interval, unless many are pending.
            while not self._closed and self._pending_changes < COMMIT_CHANGES:
                remaining = self._last_commit + COMMIT_INTERVAL_SECONDS - time.monotonic()
                if remaining <= 0:
                    break
                self._wake.wait(remaining)
                self._wake.clear()
            if self._closed:
                return
            self._last_commit = time.monotonic()
            try:
                self.catch_up()
            except Exception as exc:  # noqa: BLE001 - the rows stay queued for the next try
                _failed("applying changes", exc)

    def catch_up(self) -> int:
        """Apply queued changes to the index; returns how many rows were applied. Rows stay
        queued (for the next write or search) when the index is missing or being built."""
        applied = self._apply()
        if applied:
            self._prune_queue()  # a store write: never under ``_lock`` (see _forget_queued)
        return applied

    def _apply(self) -> int:
        with self._lock:
            if self.held or not self._load():
                return 0
            assert self._index is not None
            applied = 0
            self._pending, self._pending_changes = False, 0
            self._lag_checked = time.monotonic()
            while True:
                rows = self._queued(self.applied_seq)
                if not rows:
                    break
                upto = rows[-1][0]
                ids = list(dict.fromkeys(article_id for _, article_id in rows))
                docs = self._docs(ids)
                began = time.monotonic()
                try:
                    with self._writer(self._index) as writer:
                        for article_id in ids:
                            writer.delete_documents_by_term("id", article_id)
                        for doc in docs:
                            writer.add_document(_document(doc))
                except StoreError as exc:
                    log.warning("search index: %s; %d changes stay queued", exc, len(rows))
                    return applied
                self.applied_seq = upto
                if self._applied is not None:
                    self._applied(rows)
                if self.root is not None and self._name is not None:
                    self._write_meta(self._name, upto)
                    self._meta_stamp = self._meta_path(self._name).stat().st_mtime_ns
                self._index.reload()
                applied += len(rows)
                log.debug("search index: %d changes applied in %.3f s (%s)", len(rows),
                          time.monotonic() - began, threading.current_thread().name)
            return applied

    def _prune_queue(self) -> None:
        if self.root is None:
            self._forget(self.applied_seq)
            return
        with self._build_lock(block=False) as held:
            if held:  # not while another process builds: it replays from its start
                self._forget(self.applied_seq)

    # --- reading ---------------------------------------------------------------------------

    def searcher(self) -> tuple[tantivy.Index, Any]:
        """The index and a searcher of its latest commit; raises ``IndexBuilding`` when the
        index is not usable (and starts building it if nobody does)."""
        with self._lock:
            if self.held:
                raise IndexBuilding(*(self.building or (0, 0)))
            if not self._load():
                building = self.building
                if building is None:
                    self.ensure(background=True)
                    building = self.building or (0, 0)
                raise IndexBuilding(*building)
            assert self._index is not None
            if self._pending or (self._apply_lag and
                                 time.monotonic() - self._lag_checked > LAG_CHECK_SECONDS):
                # What this process wrote, and every few seconds what the store holds and
                # nobody applied (a process that died before its index commit).
                self._lag_checked = time.monotonic()
                if self._pending or self._last_seq() > self.applied_seq:
                    self.catch_up()
            return self._index, self._index.searcher()

    def close(self) -> None:
        """Apply what is pending, stop the indexing thread."""
        self._closed = True
        self._wake.set()
        follower = self._follower
        if follower is not None and follower.is_alive():
            follower.join(timeout=WRITER_WAIT_SECONDS)
        try:
            if self.building is None:
                self.catch_up()
        except Exception as exc:  # noqa: BLE001 - replayed on the next open
            _failed("applying changes at close", exc)

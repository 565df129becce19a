"""The embedded search index: tantivy beside the SQLite records (issue 16).

Documents hold the same ``khabar.arabic.analyze`` terms FTS5 holds (read back from
``article_fts``), split on whitespace only, with positions for phrases; ``id``, ``time``
(publication else fetch time, µs), ``newest`` (seconds << 30 | id, for newest-first order),
``source_id`` and ``category`` are fast or indexed fields for filters and order.

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

import fcntl
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import tantivy

from khabar.arabic import ANALYZER_VERSION
from khabar.errors import IndexBuilding, StoreError

log = logging.getLogger(__name__)

#: bump when the fields or the tokenizer change: an index of another version is rebuilt
SCHEMA_VERSION = 1
#: a match in the title counts this many times a match in the body (as FTS5's bm25 weights)
TITLE_BOOST = 3.0
#: tantivy's indexing memory (one thread, as the stores import on one)
WRITER_HEAP = 64_000_000
#: how long a writer waits for another process's writer before leaving the rows queued
WRITER_WAIT_SECONDS = 10.0
#: articles read from the store per step of a rebuild
BUILD_BATCH = 2000
#: how often a search compares the store's queue with the index (changes written by
#: another process are applied by that process; this catches those it left behind)
LAG_CHECK_SECONDS = 5.0
#: the indexing thread commits at most this often: a commit syncs files (0.02–0.4 s measured
#: on the shared machine), and one per write batch doubled the test suite's CPU. A search in
#: this process and ``close`` apply what is pending at once (read-your-writes).
COMMIT_INTERVAL_SECONDS = 1.0
#: ... or sooner, when this many changes are pending
COMMIT_CHANGES = 5000
TOKENIZER = "khabar_terms"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as the index holds it."""

    id: int
    title: str  # analyzed terms, space-separated
    body: str
    source_id: int
    category: str | None
    time: datetime | None


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    score: float
    time_us: int


def micros(value: datetime | None) -> int:
    if value is None:
        return 0
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_integer_field("time", indexed=True, fast=True)
    builder.add_integer_field("newest", fast=True)
    builder.add_integer_field("source_id", indexed=True, fast=True)
    builder.add_text_field("category", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("body", tokenizer_name=TOKENIZER, index_option="position")
    return builder.build()


SCHEMA = _schema()


def _open(path: str | None, create: bool) -> tantivy.Index:
    index = tantivy.Index(SCHEMA, path=path) if create or path is None else tantivy.Index.open(path)
    index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def _document(doc: Doc) -> tantivy.Document:
    t = micros(doc.time)
    fields: dict[str, Any] = {"id": doc.id, "time": t, "source_id": doc.source_id,
                              "newest": (min(max(0, t // 1_000_000), 2**32 - 1) << 30) | (doc.id & 0x3FFFFFFF),
                              "title": doc.title, "body": doc.body}
    if doc.category:
        fields["category"] = doc.category
    return tantivy.Document(**fields)


class TantivyIndex:
    """The index of one store. ``path`` None keeps it in memory (an in-memory store).

    The store gives it its view of the records as callables: ``queued(after)`` → (seq,
    article id) rows after a sequence, ``last_seq()`` → the newest row's, ``docs(ids)`` → the
    ``Doc`` of those still stored, ``all_docs(after_id)`` → the next batch of every stored
    article (for a rebuild), ``count()`` → how many articles, ``forget(upto)`` drops applied
    rows, ``issued()`` → the last sequence ever issued (a restored database issued fewer)."""

    def __init__(self, path: str | None, *,
                 queued: Callable[[int], list[tuple[int, int]]],
                 last_seq: Callable[[], int],
                 docs: Callable[[Sequence[int]], list[Doc]],
                 all_docs: Callable[[int], list[Doc]],
                 count: Callable[[], int],
                 forget: Callable[[int], None],
                 issued: Callable[[], int] | None = None) -> None:
        self.root = Path(path) if path else None
        self._queued, self._last_seq, self._docs = queued, last_seq, docs
        self._all_docs, self._count, self._forget = all_docs, count, forget
        self._issued = issued
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._name: str | None = None  # the directory in use
        self._meta_stamp: int = 0
        self._current_stamp: int = 0
        self.applied_seq = 0
        self.building: tuple[int, int] | None = None  # (done, total) while this process builds
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

    def usable(self) -> bool:
        with self._lock:
            return self._load()

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
        if self.root is None:
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
            if not self._load():
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

    @contextmanager
    def _build_lock(self, block: bool) -> Iterator[bool]:
        assert self.root is not None
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "build.lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Build a new index from every stored article beside the current one, then switch
        to it; returns how many articles it holds."""
        if self.root is None:
            with self._lock:
                self._index, self.applied_seq = None, 0
                return self._fill(_open(None, True), progress, None)
        with self._build_lock(block=True):
            name = f"index-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
            path = self.root / name
            path.mkdir(parents=True)
            try:
                done = self._fill(_open(str(path), True), progress, name)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            tmp = self.root / "CURRENT.tmp"
            tmp.write_text(name)
            os.replace(tmp, self.root / "CURRENT")  # the switch
            for old in self.root.glob("index-*"):
                if old.name != name:
                    shutil.rmtree(old, ignore_errors=True)
        with self._lock:
            self._load()
        self.catch_up()  # what was written while it was built
        return done

    def _fill(self, index: tantivy.Index, progress: Callable[[int, int], None] | None,
              name: str | None) -> int:
        start_seq = self._last_seq()  # rows after it are replayed after the switch
        total, done, last_id = self._count(), 0, 0
        with self._writer(index) as writer:
            while batch := self._all_docs(last_id):
                for doc in batch:
                    writer.add_document(_document(doc))
                last_id, done = batch[-1].id, done + len(batch)
                self.building = (done, total)
                if progress:
                    progress(done, total)
        if name is not None:
            self._write_meta(name, start_seq)
        else:
            with self._lock:
                index.reload()
                self._index, self.applied_seq = index, start_seq
        return done

    def ensure(self, *, background: bool) -> bool:
        """Rebuild the index if it is missing, unreadable, outdated or ahead of the store (a
        database restored from a backup: its queue never issued the index's sequence), in a
        thread when ``background``; True when it is usable now."""
        if self.usable():
            if self._issued is None or self._issued() >= self.applied_seq:
                return True
            log.warning("search index: it holds changes the store does not (a restored "
                        "database?); rebuilding it")
            with self._lock:
                self._index, self._name = None, None
                if self.root is not None:
                    (self.root / "CURRENT").unlink(missing_ok=True)
        if background:
            with self._lock:
                if self._builder is None or not self._builder.is_alive():
                    self.building = (0, self._count())
                    self._builder = threading.Thread(target=self._build_logged,
                                                     name="search-index-build", daemon=True)
                    self._builder.start()
            return False
        self._build_logged()
        return self.usable()

    def _build_logged(self) -> None:
        last = [0.0]

        def report(done: int, total: int) -> None:
            if time.monotonic() - last[0] >= 2 or done == total:
                last[0] = time.monotonic()
                log.info("search index: %d of %d articles indexed (%d%%)", done, total,
                         done * 100 // max(1, total))

        log.info("search index: building it from the store (%d articles)", self._count())
        try:
            done = self.rebuild(report)
            log.info("search index: built, %d articles", done)
        except Exception as exc:  # noqa: BLE001 - logged; searches keep answering "being built"
            _failed("the build", exc)
        finally:
            self.building = None

    # --- reading ---------------------------------------------------------------------------

    def searcher(self) -> tuple[tantivy.Index, Any]:
        """The index and a searcher of its latest commit; raises ``IndexBuilding`` when the
        index is not usable (and starts building it if nobody does)."""
        with self._lock:
            if not self._load():
                building = self.building
                if building is None:
                    self.ensure(background=True)
                    building = self.building or (0, 0)
                raise IndexBuilding(*building)
            assert self._index is not None
            if self._pending or time.monotonic() - self._lag_checked > LAG_CHECK_SECONDS:
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


def _failed(what: str, exc: Exception) -> None:
    """Log a failure of the index's upkeep: an I/O or store error (a full disk, a database
    gone) as one line — the changes stay queued and are applied later —, anything else with
    its traceback."""
    if isinstance(exc, (OSError, ValueError, StoreError)):  # tantivy's I/O errors: ValueError
        log.error("search index: %s failed (the changes stay queued): %s", what, exc)
    else:
        log.error("search index: %s failed", what, exc_info=exc)


def term_query(field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, field, value)


def text_clause(terms: Sequence[str]) -> tantivy.Query:
    """One term or phrase, matched in the title (boosted) or the body."""
    def one(field: str) -> tantivy.Query:
        if len(terms) == 1:
            return tantivy.Query.term_query(SCHEMA, field, terms[0])
        return tantivy.Query.phrase_query(SCHEMA, field, list(terms))
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.boost_query(one("title"), TITLE_BOOST)),
        (tantivy.Occur.Should, one("body")),
    ])


def any_of(queries: Iterable[tantivy.Query]) -> tantivy.Query:
    items = list(queries)
    if len(items) == 1:
        return items[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in items])


def all_of(must: Sequence[tantivy.Query], must_not: Sequence[tantivy.Query] = (),
           filters: Sequence[tantivy.Query] = ()) -> tantivy.Query:
    """Every ``must`` (scored), no ``must_not``, every ``filters`` (not scored)."""
    clauses = [(tantivy.Occur.Must, q) for q in must]
    clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(q, 0.0)) for q in filters]
    clauses += [(tantivy.Occur.MustNot, q) for q in must_not]
    return tantivy.Query.boolean_query(clauses)


def id_set(ids: Iterable[int]) -> tantivy.Query:
    return tantivy.Query.term_set_query(SCHEMA, "id", list(ids))


def source_set(ids: Iterable[int]) -> tantivy.Query:
    return tantivy.Query.term_set_query(SCHEMA, "source_id", list(ids))


def time_range(since: datetime | None, until: datetime | None) -> tantivy.Query:
    return tantivy.Query.range_query(
        SCHEMA, "time", tantivy.FieldType.Integer,
        lower_bound=micros(since) if since is not None else -(2**62),
        upper_bound=micros(until) if until is not None else 2**62,
        include_lower=True, include_upper=until is None)


def time_range_us(since: int | None, until: int | None) -> tantivy.Query:
    """Matches with ``since <= time < until`` (µs; None: unbounded)."""
    return tantivy.Query.range_query(
        SCHEMA, "time", tantivy.FieldType.Integer,
        lower_bound=since if since is not None else -(2**62),
        upper_bound=until - 1 if until is not None else 2**62,
        include_lower=True, include_upper=True)


def id_after(article_id: int) -> tantivy.Query:
    return tantivy.Query.range_query(SCHEMA, "id", tantivy.FieldType.Integer,
                                     lower_bound=article_id, upper_bound=2**62,
                                     include_lower=False, include_upper=True)


def ranked(searcher: Any, query: tantivy.Query, limit: int) -> tuple[list[Hit], int]:
    """The ``limit`` best matches by BM25 (with their time) and how many match in all."""
    found = searcher.search(query, limit, count=True)
    addresses = [address for _, address in found.hits]
    ids = searcher.fast_field_values("id", addresses) if addresses else []
    times = searcher.fast_field_values("time", addresses) if addresses else []
    hits = [Hit(int(i), float(score), int(t or 0))
            for (score, _), i, t in zip(found.hits, ids, times)]
    return hits, int(found.count or 0)


def newest(searcher: Any, query: tantivy.Query, limit: int, offset: int) -> tuple[list[int], int]:
    """Matches newest first (publication time, then id), and how many match in all."""
    found = searcher.search(query, max(1, limit), count=True, order_by_field="newest",
                            offset=offset)
    addresses = [address for _, address in found.hits]
    ids = searcher.fast_field_values("id", addresses) if addresses else []
    return [int(i) for i in ids], int(found.count or 0)

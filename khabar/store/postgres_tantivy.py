"""A tantivy index on each machine, fed from PostgreSQL (setting ``search_index_dir``, issue 16).

The database stays the truth and is shared; each machine keeps its own index directory, built
from the database on first start and kept by tailing ``search_queue`` (migration
``0017_pg_search_queue``). This module is the index's view of PostgreSQL (the callables
``TantivyIndex`` takes) and the tailing thread; the index itself (build beside and switch,
replay, ``applied_seq``) is the one SQLite uses (``tantivy_index.py``).

- **Queue.** Every change of ``article_fts`` (and of a near-copy mark) inserts its article's
  id into ``search_queue`` in the same transaction, with the transaction's id (``xid``,
  64 bits). Writers of one database commit in any order, so the index's ``applied_seq`` is an
  ``xid``: a machine applies only rows of finished transactions (``xid`` below the snapshot's
  ``xmin``) in ``xid`` order, whole transactions at a time; a transaction that commits later
  has an ``xid`` at least that ``xmin``, larger than anything applied. Rows are written only
  while ``search_replicas`` holds a machine (a database without machines queues nothing).
- **Machines.** ``search_replicas`` has one row per index directory (its name is in the
  directory's ``REPLICA`` file): what it applied and when it was last seen. A new machine
  registers, then waits for the transactions already running (they may not have seen its
  row) before it reads the articles to build. After each apply the machine records its
  ``applied`` and drops the queue rows every machine seen in ``KEEP_DAYS`` has applied;
  a machine not seen for longer is dropped from the table (its rows are no longer kept)
  and rebuilds when it returns (``issued`` says so to ``TantivyIndex.ensure``).
- **Processes of one machine** share the directory: the one holding ``tail.lock`` (flock)
  tails the queue every ``TAIL_SECONDS`` and writes the index; the others read it and reload
  when its ``khabar.json`` changes (a search does not wait for another process's writer).
"""

from __future__ import annotations

import fcntl
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import column, select, table, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from khabar.store.rows import sort_time
from khabar.store.schema import articles
from khabar.store.tantivy_build import _failed
from khabar.store.tantivy_index import BUILD_BATCH, Doc, TantivyIndex

log = logging.getLogger(__name__)

#: queue rows read at a time (a transaction's rows are never split)
QUEUE_BATCH = 5000
#: how often the machine's tailing process looks at the queue
TAIL_SECONDS = 1.0
#: a machine not seen for this long no longer holds queue rows (it rebuilds when it returns)
KEEP_DAYS = 7.0
#: a machine records that it is alive at least this often (also when nothing changes)
HEARTBEAT_SECONDS = 600.0
#: how long a new machine waits for the transactions that ran when it registered
REGISTER_WAIT_SECONDS = 120.0
#: the advisory lock of the machine pruning the queue ("khsq")
PRUNE_LOCK = 0x6B687371

_XMIN = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
#: queue the articles ``:ids`` for every machine's index, if there is a machine
QUEUE = text("INSERT INTO search_queue (article_id) SELECT unnest(CAST(:ids AS BIGINT[])) "
             "WHERE EXISTS (SELECT 1 FROM search_replicas)")
_QUEUED = text(f"SELECT seq, xid, article_id, {_XMIN} AS horizon FROM search_queue "
               "WHERE xid > :after AND xid != ALL(CAST(:done AS BIGINT[])) "
               "ORDER BY xid, seq LIMIT :n")
_QUEUED_NEXT = text("SELECT seq, xid, article_id FROM search_queue "
                    "WHERE xid > :after AND xid != ALL(CAST(:done AS BIGINT[])) "
                    "AND (xid, seq) > (:xid, :seq) ORDER BY xid, seq LIMIT :n")
_LAST = text(f"SELECT {_XMIN} - 1")
_FTS = table("article_fts", column("article_id"), column("document"))
#: one lexeme of a tsvector's text form and its positions (``'term':3A,7``)
_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?")


def queue(conn: Connection, ids: Iterable[int]) -> None:
    """Queue these articles for the machines' indexes, in ``conn``'s transaction."""
    ids = list(ids)
    if ids:
        conn.execute(QUEUE, {"ids": ids})


def terms_of(document: str) -> tuple[str, str]:
    """The title's and the body's terms, space-separated in their order, read back from an
    ``article_fts`` tsvector (``postgres.tsvector_literal``: title positions weighted A).
    A term keeps at most PostgreSQL's 256 positions, past 16383 all are one: as PostgreSQL
    matches it."""
    title: list[tuple[int, str]] = []
    body: list[tuple[int, str]] = []
    for found in _LEXEME.finditer(document):
        term = found.group(1)
        if "'" in term or "\\" in term:
            term = re.sub(r"\\(.)", r"\1", term.replace("''", "'"))
        for at in (found.group(2) or "").split(","):
            if not at:
                continue
            if at[-1] == "A":
                title.append((int(at[:-1]), term))
            else:
                body.append((int(at.rstrip("BCD")), term))
    title.sort()
    body.sort()
    return " ".join(t for _, t in title), " ".join(t for _, t in body)


def replica_name(root: Path) -> str:
    """This directory's name among the machines (created once, kept in ``REPLICA``)."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "REPLICA"
    try:
        with open(path, "x") as handle:
            handle.write(uuid.uuid4().hex)
    except FileExistsError:
        pass
    return path.read_text().strip()


class PostgresFeed:
    """The index's view of PostgreSQL (``TantivyIndex``'s callables) for the machine whose
    index lives in ``root``."""

    def __init__(self, engine: Engine, read: Callable[[], Any], root: Path) -> None:
        self.engine, self._read, self.root = engine, read, root
        self.name = replica_name(root)
        self._seen = 0.0  # when this machine last said it is alive
        self._index: TantivyIndex | None = None
        # the round being read: (after, last xid, last seq, horizon); see ``queued``
        self._cursor: tuple[int, int, int, int] | None = None
        # the last batch read: its horizon, its transactions, the round's next position
        self._batch: tuple[int, set[int], tuple[int, int, int, int] | None] | None = None
        self._done: set[int] = set()
        self._done_for: str | None = None

    def index(self) -> TantivyIndex:
        self._index = TantivyIndex(
            str(self.root), queued=self.queued, last_seq=self.last_seq, docs=self.docs,
            all_docs=self.all_docs, count=self.count, forget=self.forget, issued=self.issued,
            apply_lag=False, applied=self.applied)
        return self._index

    # --- the queue ---------------------------------------------------------------------------

    def queued(self, after: int) -> list[tuple[int, int]]:
        """Committed rows after ``after`` not applied yet, in rounds: a round reads what its
        first statement's snapshot shows, ``QUEUE_BATCH`` rows at a time, and its last batch
        reports ``xmin - 1`` of that snapshot (every transaction below it has finished, so no
        row below it can appear later); the batches before it report ``after``. Rows of
        transactions at or above that ``xmin`` that committed early are applied too and
        remembered (``_done``) until ``xmin`` passes them."""
        done = self._done_now()
        cursor = self._cursor if self._cursor is not None and self._cursor[0] == after else None
        with self._read() as conn:
            if cursor is None:
                rows = conn.execute(_QUEUED, {"after": after, "done": sorted(done),
                                              "n": QUEUE_BATCH + 1}).all()
                if not rows:
                    return []
                horizon = int(rows[0].horizon)
            else:
                _, last_xid, last_seq, horizon = cursor
                rows = conn.execute(_QUEUED_NEXT, {"after": after, "done": sorted(done),
                                                   "xid": last_xid, "seq": last_seq,
                                                   "n": QUEUE_BATCH + 1}).all()
        xids = {r.xid for r in rows}
        following: tuple[int, int, int, int] | None = None
        if len(rows) > QUEUE_BATCH:
            rows = rows[:QUEUE_BATCH]
            following = (after, rows[-1].xid, rows[-1].seq, horizon)
            reported = after
            xids = {r.xid for r in rows} - {rows[-1].xid}  # its other rows come next
        else:
            reported = max(after, horizon - 1)
        # Both take effect once the index holds the batch (``applied``): a batch that
        # failed is read again.
        self._batch = (horizon, xids, following)
        return [(reported, r.article_id) for r in rows]

    def applied(self, rows: list[tuple[int, int]]) -> None:
        """The index holds the last batch ``queued`` returned: its transactions are done."""
        if self._batch is not None:
            horizon, xids, self._cursor = self._batch
            done = self._done_now()
            done.update(xids)
            done.difference_update([x for x in done if x < horizon])
            self._batch = None

    def _done_now(self) -> set[int]:
        """The transactions applied at or above the last horizon, for the index in use (a
        rebuilt index replays them: the build may have read an article before they wrote)."""
        name = self._index.name if self._index is not None else None
        if name != self._done_for:
            self._done_for, self._done, self._cursor = name, set(), None
        return self._done

    def last_seq(self) -> int:
        """Every transaction up to this one has finished (a build reads the articles after
        it: rows after it are replayed)."""
        with self._read() as conn:
            last = conn.execute(_LAST).scalar_one()
        if time.monotonic() - self._seen > HEARTBEAT_SECONDS:
            self.heartbeat()
        return int(last)

    def issued(self) -> int:
        """-1 when this machine is not registered (new, or dropped after ``KEEP_DAYS``: rows
        it needs may be gone) so that ``ensure`` rebuilds, else the next transaction id."""
        with self._read() as conn:
            known = conn.execute(text("SELECT 1 FROM search_replicas WHERE name = :n"),
                                 {"n": self.name}).first()
            if known is None:
                return -1
            return int(conn.execute(text(
                "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")).scalar_one())

    def register(self) -> bool:
        """Make this machine known, so that writers queue its changes; True when it was not.
        A new machine then waits for the transactions running meanwhile: they may have
        written without queueing (they did not see its row)."""
        with self.engine.begin() as conn:
            added = conn.execute(text(
                "INSERT INTO search_replicas (name, applied) VALUES (:n, 0) "
                "ON CONFLICT (name) DO UPDATE SET seen_at = now() RETURNING (xmax = 0)"),
                {"n": self.name}).scalar_one()
        self._seen = time.monotonic()
        if not added:
            return False
        with self.engine.connect() as conn:
            horizon = conn.execute(text(
                "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")).scalar_one()
            deadline = time.monotonic() + REGISTER_WAIT_SECONDS
            while time.monotonic() < deadline:
                conn.rollback()  # a new snapshot
                if conn.execute(text(f"SELECT {_XMIN}")).scalar_one() >= horizon:
                    break
                time.sleep(0.1)
            else:
                log.warning("search index: transactions older than %d s still run; changes "
                            "they made may be missing until the next rebuild",
                            REGISTER_WAIT_SECONDS)
        log.info("search index: this machine (%s) now follows the database", self.name)
        return True

    def heartbeat(self) -> None:
        self._seen = time.monotonic()
        try:
            with self.engine.begin() as conn:
                conn.execute(text("UPDATE search_replicas SET seen_at = now() WHERE name = :n"),
                             {"n": self.name})
        except Exception as exc:  # noqa: BLE001 - tried again later
            _failed("recording that this machine is alive", exc)

    def forget(self, upto: int) -> None:
        """This machine applied every row up to ``upto``: record it, drop machines not seen in
        ``KEEP_DAYS``, and the rows every remaining machine has applied."""
        self._seen = time.monotonic()
        try:
            with self.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO search_replicas (name, applied) VALUES (:n, :a) ON CONFLICT "
                    "(name) DO UPDATE SET applied = EXCLUDED.applied, seen_at = now()"),
                    {"n": self.name, "a": upto})
                if not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"),
                                    {"k": PRUNE_LOCK}).scalar_one():
                    return  # another machine prunes now
                conn.execute(text("DELETE FROM search_replicas WHERE seen_at < now() - "
                                  "make_interval(secs => :keep)"), {"keep": KEEP_DAYS * 86_400})
                conn.execute(text("DELETE FROM search_queue WHERE xid <= "
                                  "(SELECT min(applied) FROM search_replicas)"))
        except DBAPIError as exc:  # recorded and pruned after the next apply
            log.warning("search index: could not record what this machine applied: %s",
                        exc.orig)

    # --- the articles --------------------------------------------------------------------------

    def _doc_select(self) -> Any:
        return (select(articles.c.id, _FTS.c.document, articles.c.source_id, articles.c.category,
                       sort_time().label("time"), articles.c.duplicate_of)
                .select_from(articles.join(_FTS, _FTS.c.article_id == articles.c.id)))

    def docs(self, ids: Sequence[int]) -> list[Doc]:
        with self._read() as conn:
            return [_doc(r) for r in conn.execute(
                self._doc_select().where(articles.c.id.in_(list(ids))))]

    def all_docs(self, after_id: int) -> list[Doc]:
        query = (self._doc_select().where(articles.c.id > after_id)
                 .order_by(articles.c.id).limit(BUILD_BATCH))
        with self._read() as conn:
            return [_doc(r) for r in conn.execute(query)]

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())


def _doc(row: Any) -> Doc:
    title, body = terms_of(str(row.document))
    when: datetime | None = row.time
    return Doc(id=row.id, title=title, body=body, source_id=row.source_id,
               category=row.category, time=when, copy=bool(row.duplicate_of))


class Tailer:
    """The thread of each process that tails the queue while it holds the directory's
    ``tail.lock``: one writer per machine; when its process ends another takes over."""

    def __init__(self, index: TantivyIndex, feed: PostgresFeed) -> None:
        self.index, self.feed, self.root = index, feed, feed.root
        self._stop = threading.Event()
        self.holding = False  # this process writes the machine's index
        self._thread = threading.Thread(target=self._run, name="search-tail", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        with open(self.root / "tail.lock", "a+") as handle:
            while not self._stop.is_set():
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self.holding = True
                    break
                except BlockingIOError:
                    self._stop.wait(TAIL_SECONDS * 5)
            while not self._stop.is_set():
                try:
                    if time.monotonic() - self.feed._seen > HEARTBEAT_SECONDS:
                        self.feed.heartbeat()
                    if self.index.building is None:
                        self.index.catch_up()
                except Exception as exc:  # noqa: BLE001 - the rows stay queued
                    _failed("tailing the queue", exc)
                self._stop.wait(TAIL_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

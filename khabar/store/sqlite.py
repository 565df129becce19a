"""The embedded backend: SQLite in WAL mode, with FTS5 over analyzed terms.

Reads use pooled connections; every write transaction starts with ``BEGIN IMMEDIATE`` so
that concurrent writers (a web process and an import) queue on the busy timeout instead of
failing half-way.
"""

from __future__ import annotations

import inspect
import logging
import sqlite3
import threading
from contextlib import contextmanager
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any
from pathlib import Path

from sqlalchemy import column, create_engine, delete, event, func, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from khabar.arabic import analyze
from khabar.errors import QueryError, StoreError
from khabar.store import migrate as migrations
from khabar.store.driver import driver_errors
from khabar.store.base import COUNT_CAP, SearchOrder, SearchPage
from khabar.store.filters import ArticleFilter
from khabar.store.reindex import ProgressBar
from khabar.store.batch import Terms
from khabar.store.schema import articles, search_queue
from khabar.store.tantivy_build import shown
from khabar.store.tantivy_index import BUILD_BATCH, BUILD_IN_FOREGROUND, Doc, TantivyIndex
from khabar.store.rows import sort_time
from khabar.store import sqlite_rows
from khabar.store.records import Article
from khabar.store.sql import SQLStore
from khabar.store.tantivy_search import TantivySearch

log = logging.getLogger(__name__)

#: how long a writer waits for another writer's lock before giving up
BUSY_TIMEOUT_MS = 30_000
#: BM25 column weights: a match in the title counts this many times a match in the body
TITLE_WEIGHT = 3.0


_FTS = table("article_fts", column("rowid"), column("title"), column("body"))
_INSERT_FTS = text("INSERT INTO article_fts(rowid, title, body) VALUES (:id, :title, :body)")
_DELETE_FTS = text("DELETE FROM article_fts WHERE rowid = :id")
#: the columns of ``article_fts`` (migration 0001): analyzed terms, space-separated
FTS_COLUMNS = "title, body, tokenize = 'unicode61 remove_diacritics 0'"
_INSERT_NEW_FTS = text("INSERT INTO article_fts_new(rowid, title, body) VALUES (:id, :title, :body)")
_DELETE_NEW_FTS = text("DELETE FROM article_fts_new WHERE rowid = :id")
_QUEUE = text("INSERT INTO search_queue(article_id) VALUES (:id)")
#: rows of the search queue applied to the tantivy index at a time
QUEUE_BATCH = 5000
#: connections kept open: as many as the web server's threads use at once under load (with
#: SQLAlchemy's 5, each burst opened and closed connections, PRAGMAs included, issue 16)
POOL_SIZE = 16
#: and opened beyond them, up to the web server's 40 worker threads
MAX_OVERFLOW = 24


class SQLiteStore(SQLStore, TantivySearch):
    search_dialect = "tantivy"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        pooled = {} if self.path == ":memory:" else {"pool_size": POOL_SIZE,
                                                     "max_overflow": MAX_OVERFLOW}
        self.engine = create_engine(
            f"sqlite:///{self.path}", connect_args={"check_same_thread": False}, **pooled
        )
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self.search_index = TantivyIndex(
            None if self.path == ":memory:" else self.path + ".search",
            queued=self._queued, last_seq=self._last_seq, docs=self._docs,
            all_docs=self._all_docs, count=self.count_articles, forget=self._forget_queued,
            issued=self._issued_seq)
        self._rebuilder: threading.Thread | None = None  # a rebuild at start, in a thread
        self._rebuilt: int | None = None  # how many articles that rebuild indexed

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with driver_errors("read", self.path), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        queued = 0
        with driver_errors("write", self.path), \
                self.engine.connect().execution_options(khabar_write=True) as conn:
            try:
                with conn.begin():
                    yield conn
            finally:
                queued = conn.info.pop("search_queued", 0)
        if queued:  # committed: the tantivy index follows
            self.search_index.changed(queued)

    def migrate(self, progress: ProgressBar | None = None, *, foreground: bool = False) -> None:
        with self._write() as conn:
            migrations.upgrade(conn)
        background = not foreground and self.count_articles() > BUILD_IN_FOREGROUND
        damage = self.text_index_damage()
        if damage is None and self.index_is_current():
            self.search_index.ensure(background=background, bar=progress)
            return
        if damage is not None:
            log.warning("the full-text index of %s is damaged (%s); rebuilding it",
                        self.path, damage)
            self._empty_live_index()
        else:
            if self.count_articles():  # a new store only records the analyzer version
                log.info("the analyzer changed; re-indexing %s", self.path)
        # FTS5 then tantivy, while searches answer "being built" (IndexBuilding): the tantivy
        # index is fed from FTS5, and neither is trusted until both are rebuilt.
        self.search_index.hold(self.count_articles())
        if background:
            self._rebuilder = threading.Thread(target=self._rebuild_held, args=(progress,),
                                               name="search-rebuild", daemon=True)
            self._rebuilder.start()
        else:
            self._rebuild_held(progress)

    def _empty_live_index(self) -> None:
        """A damaged ``article_fts`` is replaced by an empty one at once, so that writes go on
        while it is rebuilt beside (the rebuild catches them up at its switch)."""
        try:
            with self._write() as conn:
                conn.execute(text("DROP TABLE IF EXISTS article_fts"))
                conn.execute(text(f"CREATE VIRTUAL TABLE article_fts USING fts5({FTS_COLUMNS})"))
        except (StoreError, DBAPIError) as exc:  # the rebuild's switch drops it again
            log.warning("the damaged full-text index not dropped yet: %s", exc)

    def _rebuild_held(self, bar: ProgressBar | None) -> None:
        """Rebuild FTS5 and tantivy (``reindex``) unless another process did meanwhile (one at
        a time: ``terms.lock``), then let searches in. On failure searches keep answering
        "being built" until the next start rebuilds again: never results of a half index."""
        index = self.search_index
        try:
            with index.exclusive("terms.lock"):
                if self.text_index_damage() is not None or not self.index_is_current():
                    index.drop_current()  # fed from the damaged or outdated terms
                    with shown(bar, "search index") as report:
                        def update(done: int, total: int, phase: str = "") -> None:
                            index.building = (done, total)
                            report(done, total, phase)

                        done = self._reindex_locked(update)
                    log.info("search index: rebuilt, %d articles", done)
                    self._rebuilt = done
        except Exception:  # noqa: BLE001 - logged; searches keep answering "being built"
            log.exception("search index: the rebuild failed; searches answer «الفهرس قيد "
                          "البناء» until the next start")
            return
        index.release()
        index.ensure(background=False, bar=bar)  # built by another process, or just now
        index.catch_up()

    def text_index_damage(self) -> str | None:
        """Why ``article_fts`` (FTS5: the terms the tantivy index is fed from, and the counts
        of filtered searches) cannot be trusted, or None: missing, not one entry per article,
        or unreadable. Cheap checks, run at every start: FTS5's full ``integrity-check`` took
        0.8 s of CPU at 14,371 ANT articles (a minute at a million)."""
        try:
            with self._read() as conn:
                indexed = conn.execute(text("SELECT count(*) FROM article_fts_docsize")).scalar()
                stored = conn.execute(select(func.count()).select_from(articles)).scalar()
                if indexed != stored:
                    return f"{indexed} entries for {stored} articles"
                last = conn.execute(text("SELECT title || ' ' || body FROM article_fts "
                                         "ORDER BY rowid DESC LIMIT 1")).scalar() or ""
                for word in last.split()[:1]:  # the newest entry's first term is found
                    found = conn.execute(text("SELECT count(*) FROM article_fts WHERE "
                                              "article_fts MATCH :m"),
                                         {"m": '"' + word.replace('"', '""') + '"'}).scalar()
                    if not found:
                        return f"the term {word!r} of the newest entry is not found"
        except (StoreError, DBAPIError) as exc:
            return str(exc).splitlines()[0]
        return None

    def reindex(self, progress: Callable[..., None] | None = None) -> int:
        """FTS5, then tantivy (``progress(done, total, "terms")`` then ``"tantivy"`` when
        ``progress`` takes a phase, else ``progress(done, total)`` for FTS5 only); one
        reindex of the store at a time (``terms.lock``). When this store's start found the
        index damaged or outdated and is rebuilding it in a thread, that rebuild is the
        reindex: waited for, not done twice."""
        rebuilder = self._rebuilder
        if rebuilder is not None and rebuilder.is_alive():
            rebuilder.join()
            if self._rebuilt is not None:
                return self._rebuilt
        with self.search_index.exclusive("terms.lock"):
            return self._reindex_locked(progress)

    def _reindex_locked(self, progress: Callable[..., None] | None) -> int:
        done = super().reindex(_phase(progress, "terms"))
        # FTS5 holds the new terms: build the tantivy index from them beside the old one
        # and switch (tantivy_index.rebuild).
        self.search_index.rebuild(_phase(progress, "tantivy", plain=False))
        return done

    def checkpoint(self) -> None:
        # Without it the WAL of a large import stays as large as it grew (1.3 GB after
        # 100,000 articles): SQLite reuses the file but never shrinks it.
        if self.path == ":memory:":
            return
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.driver_connection  # outside any transaction
                assert raw is not None
                busy, log_pages, done = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except (sqlite3.Error, DBAPIError, StoreError) as exc:
            log.info("no checkpoint of %s now (%s)", self.path, exc)
            return
        if busy:  # a reader kept part of the log: the next writes reuse it
            log.info("checkpoint of %s left %d of %d log pages", self.path,
                     log_pages - done, log_pages)

    def close(self) -> None:
        self.search_index.close()
        super().close()

    # --- the tantivy index's view of the store (khabar/store/tantivy_index.py) -------------

    def _queued(self, after: int) -> list[tuple[int, int]]:
        query = (select(search_queue.c.seq, search_queue.c.article_id)
                 .where(search_queue.c.seq > after).order_by(search_queue.c.seq).limit(QUEUE_BATCH))
        with self._read() as conn:
            return [(r.seq, r.article_id) for r in conn.execute(query)]

    def _last_seq(self) -> int:
        with self._read() as conn:
            return conn.execute(select(func.coalesce(func.max(search_queue.c.seq), 0))).scalar_one()

    def _issued_seq(self) -> int:
        """The last queue sequence ever issued (AUTOINCREMENT keeps it after rows are dropped)."""
        with self._read() as conn:
            found = conn.execute(text(
                "SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'")).scalar()
        return int(found or 0)

    def _forget_queued(self, upto: int) -> None:
        """Drop applied queue rows, only if no other writer holds the database: a thread
        applying changes must never wait for a writer that may be waiting for it."""
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.driver_connection  # no SQLAlchemy autobegin
                assert raw is not None
                raw.execute("PRAGMA busy_timeout=0")
                try:
                    with conn.begin():  # a plain BEGIN: the DELETE takes the lock or fails
                        conn.execute(delete(search_queue).where(search_queue.c.seq <= upto))
                finally:
                    raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except OperationalError as exc:  # busy: dropped on a later catch-up
            log.debug("search queue: not pruned now (%s)", exc.orig)

    def _doc_select(self) -> Any:
        return (select(articles.c.id, _FTS.c.title, _FTS.c.body, articles.c.source_id,
                       articles.c.category, sort_time().label("time"), articles.c.duplicate_of)
                .select_from(articles.join(_FTS, _FTS.c.rowid == articles.c.id)))

    def _docs(self, ids: Sequence[int]) -> list[Doc]:
        out: list[Doc] = []
        with self._read() as conn:
            for start in range(0, len(ids), 900):
                chunk = list(ids[start:start + 900])
                out += [_doc(r) for r in conn.execute(
                    self._doc_select().where(articles.c.id.in_(chunk)))]
        return out

    def _all_docs(self, after_id: int) -> list[Doc]:
        query = (self._doc_select().where(articles.c.id > after_id)
                 .order_by(articles.c.id).limit(BUILD_BATCH))
        with self._read() as conn:
            return [_doc(r) for r in conn.execute(query)]

    def _copy_marks(self, conn: Connection, marks: Mapping[int, bool] | None) -> None:
        """The tantivy index holds whether an article is a near copy (``Doc.copy``): the
        articles whose mark changes are queued for it, in the transaction that changes it."""
        if marks is None:
            queued = conn.execute(text(
                "INSERT INTO search_queue(article_id) SELECT id FROM articles "
                "WHERE duplicate_of IS NOT NULL AND duplicate_of != 0"))
            if queued.rowcount:
                _queued(conn, queued.rowcount)
            return
        ids, changed = list(marks), []
        for start in range(0, len(ids), 900):
            changed += [r.id for r in conn.execute(
                select(articles.c.id, articles.c.duplicate_of)
                .where(articles.c.id.in_(ids[start:start + 900])))
                if bool(r.duplicate_of) != marks[r.id]]
        self._search_fields_changed(conn, changed)

    def _search_fields_changed(self, conn: Connection, ids: Sequence[int]) -> None:
        if ids:
            conn.execute(_QUEUE, [{"id": i} for i in ids])
            _queued(conn, len(ids))

    def _clear_index(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM article_fts"))
        # tantivy follows FTS5: every article is queued, and none has terms any more.
        queued = conn.execute(text("INSERT INTO search_queue(article_id) SELECT id FROM articles"))
        _queued(conn, queued.rowcount)

    # A reindex's new index: writers are held by every write transaction's BEGIN IMMEDIATE.

    def _create_new_index(self, conn: Connection) -> None:
        conn.execute(text("DROP TABLE IF EXISTS article_fts_new"))
        conn.execute(text(f"CREATE VIRTUAL TABLE article_fts_new USING fts5({FTS_COLUMNS})"))

    def _index_new(self, conn: Connection, batch: dict[int, tuple[str, str]]) -> None:
        if batch:
            conn.execute(_DELETE_NEW_FTS, [{"id": article_id} for article_id in batch])
            conn.execute(_INSERT_NEW_FTS, [
                {"id": article_id, "title": " ".join(analyze(title)),
                 "body": " ".join(analyze(body))}
                for article_id, (title, body) in batch.items()])

    def _switch_index(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM article_fts_new WHERE rowid NOT IN (SELECT id FROM articles)"))
        # FTS5 renames its shadow tables along; article_fts_vocab finds the table by name.
        conn.execute(text("DROP TABLE IF EXISTS article_fts"))  # IF: rebuilt after a loss
        conn.execute(text("ALTER TABLE article_fts_new RENAME TO article_fts"))

    def _index(self, conn: Connection, article_id: int, title: str, body: str) -> None:
        conn.execute(
            _INSERT_FTS,
            {"id": article_id, "title": " ".join(analyze(title)), "body": " ".join(analyze(body))},
        )
        conn.execute(_QUEUE, {"id": article_id})
        _queued(conn, 1)

    def _index_many(self, conn: Connection, pending: dict[int, tuple[str, str]],
                    terms: Mapping[int, Terms]) -> None:
        if pending:
            rows = []
            for i, (t, b) in pending.items():
                title_terms, body_terms = terms.get(i) or (analyze(t), analyze(b))
                rows.append({"id": i, "title": " ".join(title_terms),
                             "body": " ".join(body_terms)})
            conn.execute(_INSERT_FTS, rows)
            conn.execute(_QUEUE, [{"id": i} for i in pending])
            _queued(conn, len(pending))

    def _unindex(self, conn: Connection, article_id: int) -> None:
        conn.execute(_DELETE_FTS, {"id": article_id})
        conn.execute(_QUEUE, {"id": article_id})
        _queued(conn, 1)

    def articles_by_id(self, conn: Connection, ids: Sequence[int]) -> dict[int, Article]:
        """Read with the driver (``sqlite_rows``): a search page's rows at half the cost."""
        if not ids:
            return {}
        found = sqlite_rows.articles_by_id(conn, ids)
        return found if found is not None else super().articles_by_id(conn, ids)

    def search(
        self,
        compiled: str,
        *,
        limit: int = 20,
        offset: int = 0,
        order: SearchOrder = "relevance",
        filters: ArticleFilter | None = None,
    ) -> SearchPage:
        """Every match ranked by tantivy (``tantivy_search``), the records read from SQLite."""
        return self._tantivy_search(self.search_index, compiled, limit, offset, order, filters)

    def _text_count(self, conn: Connection, query: dict, conditions: list) -> int:
        match = text("article_fts MATCH :match")
        counted = select(articles.c.id).where(
            articles.c.id.in_(select(_FTS.c.rowid).where(match)), *conditions)
        count = select(func.count()).select_from(counted.limit(COUNT_CAP + 1).subquery())
        try:
            return conn.execute(count, {"match": query["fts5"]}).scalar_one()
        except OperationalError as exc:
            raise QueryError(f"FTS5 rejected {query['fts5']!r}: {exc.orig}") from exc

    def _text_newest(self, conn: Connection, query: dict, limit: int, offset: int,
                     conditions: list) -> list[int]:
        match = text("article_fts MATCH :match")
        page = (select(articles.c.id)
                .where(articles.c.id.in_(select(_FTS.c.rowid).where(match)), *conditions)
                .order_by(sort_time().desc(), articles.c.id.desc()).limit(limit).offset(offset))
        try:
            return [r.id for r in conn.execute(page, {"match": query["fts5"]})]
        except OperationalError as exc:
            raise QueryError(f"FTS5 rejected {query['fts5']!r}: {exc.orig}") from exc


def _phase(progress: Callable[..., None] | None, phase: str,
           plain: bool = True) -> Callable[[int, int], None] | None:
    """``progress`` told the phase when it takes one (a bar's ``update``), else as it is
    (``plain``) or not at all: a ``progress(done, total)`` hears the terms phase only."""
    if progress is None:
        return None
    try:
        inspect.signature(progress).bind(0, 0, phase)
    except (TypeError, ValueError):
        return progress if plain else None
    return lambda done, total: progress(done, total, phase)


def _queued(conn: Connection, count: int) -> None:
    """Count the rows a transaction added to ``search_queue`` (told to the index at commit)."""
    conn.info["search_queued"] = conn.info.get("search_queued", 0) + max(1, count)


def _doc(row: Any) -> Doc:
    when = row.time
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    return Doc(id=row.id, title=row.title or "", body=row.body or "", source_id=row.source_id,
               category=row.category, time=when, copy=bool(row.duplicate_of))


def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # DB-API objects
    # Let SQLAlchemy's "begin" event, not the driver, open transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("khabar_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

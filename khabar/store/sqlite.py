"""The embedded backend: SQLite in WAL mode, with FTS5 over analyzed terms.

Reads use pooled connections; every write transaction starts with ``BEGIN IMMEDIATE`` so
that concurrent writers (a web process and an import) queue on the busy timeout instead of
failing half-way.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from collections.abc import Iterator
from typing import Any
from pathlib import Path

from sqlalchemy import ColumnElement, column, create_engine, event, func, literal_column, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from khabar.arabic import analyze
from khabar.errors import QueryError
from khabar.store import migrate as migrations
from khabar.store.driver import driver_errors
from khabar.store.base import COUNT_CAP, RELEVANCE_WINDOW, SearchOrder, SearchPage
from khabar.store.filters import ArticleFilter
from khabar.store.schema import articles
from khabar.store.rows import sort_time
from khabar.store.sql import SQLStore, filter_conditions

log = logging.getLogger(__name__)

#: how long a writer waits for another writer's lock before giving up
BUSY_TIMEOUT_MS = 30_000
#: BM25 column weights: a match in the title counts this many times a match in the body
TITLE_WEIGHT = 3.0


_FTS = table("article_fts", column("rowid"))
_INSERT_FTS = text("INSERT INTO article_fts(rowid, title, body) VALUES (:id, :title, :body)")
_DELETE_FTS = text("DELETE FROM article_fts WHERE rowid = :id")
#: the columns of ``article_fts`` (migration 0001): analyzed terms, space-separated
FTS_COLUMNS = "title, body, tokenize = 'unicode61 remove_diacritics 0'"
_INSERT_NEW_FTS = text("INSERT INTO article_fts_new(rowid, title, body) VALUES (:id, :title, :body)")
_DELETE_NEW_FTS = text("DELETE FROM article_fts_new WHERE rowid = :id")


class SQLiteStore(SQLStore):
    search_dialect = "fts5"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(
            f"sqlite:///{self.path}", connect_args={"check_same_thread": False}
        )
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with driver_errors("read", self.path), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with driver_errors("write", self.path), \
                self.engine.connect().execution_options(khabar_write=True) as conn, conn.begin():
            yield conn

    def migrate(self) -> None:
        with self._write() as conn:
            migrations.upgrade(conn)
        if not self.index_is_current():
            log.info("store: the analyzer changed; re-indexing %s", self.path)
            self.reindex()

    def _clear_index(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM article_fts"))

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
        conn.execute(text("DROP TABLE article_fts"))
        conn.execute(text("ALTER TABLE article_fts_new RENAME TO article_fts"))

    def _index(self, conn: Connection, article_id: int, title: str, body: str) -> None:
        conn.execute(
            _INSERT_FTS,
            {"id": article_id, "title": " ".join(analyze(title)), "body": " ".join(analyze(body))},
        )

    def _unindex(self, conn: Connection, article_id: int) -> None:
        conn.execute(_DELETE_FTS, {"id": article_id})

    def search(
        self,
        compiled: str,
        *,
        limit: int = 20,
        offset: int = 0,
        order: SearchOrder = "relevance",
        filters: ArticleFilter | None = None,
    ) -> SearchPage:
        match = text("article_fts MATCH :match")
        conditions = filter_conditions(filters)
        score: ColumnElement[Any] = literal_column(f"bm25(article_fts, {TITLE_WEIGHT}, 1.0)").label("score")
        if order == "relevance":
            # bm25 over the newest RELEVANCE_WINDOW matches (that meet the filters), found by
            # walking the index newest first: FTS5 drives the query, not a filter's index.
            matches = (select(_FTS.c.rowid.label("id"), score) if not conditions else
                       select(articles.c.id, score)
                       .select_from(_FTS.join(articles, articles.c.id == _FTS.c.rowid)))
            window = (matches.where(match, *conditions).order_by(_FTS.c.rowid.desc())
                      .limit(RELEVANCE_WINDOW).subquery())
            page = select(window.c.id, window.c.score).order_by(window.c.score, window.c.id.desc())
        else:
            page = (select(articles.c.id, literal_column("0.0").label("score"))
                    .where(articles.c.id.in_(select(_FTS.c.rowid).where(match)), *conditions)
                    .order_by(sort_time().desc(), articles.c.id.desc()))
        page = page.limit(limit).offset(offset)
        if conditions:  # the matches first, then the filters on them (not MATCH per article)
            counted = select(articles.c.id).where(
                articles.c.id.in_(select(_FTS.c.rowid).where(match)), *conditions)
        else:
            counted = select(_FTS.c.rowid).where(match)
        count = select(func.count()).select_from(counted.limit(COUNT_CAP + 1).subquery())
        params = {"match": compiled}
        try:
            with self.engine.connect() as conn:  # its driver errors are mapped below
                rows = conn.execute(page, params).all()
                total = conn.execute(count, params).scalar_one()
                found = self.articles_by_id(conn, [r.id for r in rows])
        except OperationalError as exc:
            raise QueryError(f"FTS5 rejected {compiled!r}: {exc.orig}") from exc
        # bm25() is lower for better matches; report higher-is-better scores.
        return SearchPage(hits=[(found[r.id], -r.score) for r in rows if r.id in found],
                          total=min(total, COUNT_CAP), total_capped=total > COUNT_CAP)


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

"""The shared backend: PostgreSQL through psycopg 3 and SQLAlchemy's connection pool.

Full text: ``article_fts`` (migration 0008) holds one tsvector per article, written here from
the same ``khabar.arabic.analyze`` terms SQLite's FTS5 indexes. The tsvector is built as a
literal (``'term':1,4A``), not by ``to_tsvector``: PostgreSQL's word parser depends on the
database's locale (under ``LC_CTYPE=C`` it does not see Arabic letters as letters) and would
re-split terms; the literal keeps exactly our terms and their positions, so both backends
match the same articles. Title positions carry weight A, body positions weight D. Relevance:
RUM's rank over every match plus the freshness prior (``postgres_search.py``, migration
0016); on a server without the RUM extension, ``ts_rank`` (the title weighted like SQLite's
bm25, ``TITLE_WEIGHT``) over the newest ``RELEVANCE_WINDOW`` matches (``postgres_rum.py``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import bindparam, cast, column, create_engine, event, func, literal_column, select, table, text
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, OperationalError, ProgrammingError

from khabar.arabic import analyze
from khabar.errors import QueryError, StoreError, StoreUnavailable
from khabar.store import migrate as migrations
from khabar.store.driver import driver_errors
from khabar.store.base import COUNT_CAP, RELEVANCE_WINDOW, SearchOrder, SearchPage
from khabar.store.filters import ArticleFilter
from khabar.store.reindex import ProgressBar
from khabar.store.batch import Terms
from khabar.store.schema import articles
from khabar.store.rows import sort_time
from khabar.store.sql import SQLStore, filter_conditions
from khabar.store.sqlite_search import FRESHNESS_HALF_LIFE_DAYS, FRESHNESS_WEIGHT, reference_time
from khabar.store import postgres_bulk, postgres_rum, postgres_search, postgres_tantivy
from khabar.store.postgres_tantivy import PostgresFeed, Tailer
from khabar.store.tantivy_index import BUILD_IN_FOREGROUND, TantivyIndex
from khabar.store.tantivy_search import TantivySearch

log = logging.getLogger(__name__)

#: a match in the title counts this many times a match in the body (as in SQLite's bm25)
TITLE_WEIGHT = 3.0
#: ts_rank normalization: divide by 1 + log(document length), BM25's length damping
RANK_NORMALIZATION = 1
#: PostgreSQL's limits on a tsvector: position, positions per lexeme, lexeme bytes
MAX_POSITION = 16383
MAX_POSITIONS_PER_TERM = 256
MAX_TERM_BYTES = 2046
#: connections kept per process, and extra ones allowed under load
POOL_SIZE = 5
MAX_OVERFLOW = 10
#: the key of the advisory lock that serializes migrations of one database
MIGRATION_LOCK = 0x6B686162  # "khab"

_UPSERT_FTS = text(
    "INSERT INTO article_fts (article_id, document) VALUES (:id, CAST(:document AS tsvector)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
)
_DELETE_FTS = text("DELETE FROM article_fts WHERE article_id = :id")
_UPSERT_NEW_FTS = text(
    "INSERT INTO article_fts_new (article_id, document) VALUES (:id, CAST(:document AS tsvector)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
)
_FTS = table("article_fts", column("article_id"), column("document"))


def engine_url(url: str) -> str:
    """A ``postgresql://`` (or ``postgres://``) URL for SQLAlchemy's psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise StoreError(f"not a PostgreSQL URL: {url!r}")


def display_url(url: str) -> str:
    """The URL without its password, for logs and messages."""
    try:
        shown = make_url(engine_url(url)).render_as_string(hide_password=True)
        return "postgresql://" + shown.split("://", 1)[1]
    except (ArgumentError, StoreError):
        return "postgresql://…"


class PostgresStore(SQLStore, TantivySearch):
    search_dialect = "tsquery"

    def __init__(self, url: str, search_index_dir: str | None = None) -> None:
        """``search_index_dir``: this machine's tantivy index, fed from the database
        (``postgres_tantivy``); without it, RUM (or GIN) ranks inside PostgreSQL."""
        self.url = display_url(url)
        try:
            self.engine = create_engine(
                engine_url(url), pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW,
                pool_pre_ping=True,
            )
        except ArgumentError as exc:
            raise StoreError(f"bad PostgreSQL URL {self.url}: {exc}",
                             user_message="عنوان قاعدة البيانات غير صالح.") from exc
        event.listen(self.engine, "before_cursor_execute", _without_nul, retval=True)
        self.search_index: TantivyIndex | None = None
        self._feed: PostgresFeed | None = None
        self._tailer: Tailer | None = None
        self._index_lock = threading.Lock()
        self._search_engine = self.engine
        if search_index_dir:
            self.search_dialect = "tantivy"
            self._feed = PostgresFeed(self.engine, self._read, Path(search_index_dir))
            self.search_index = self._feed.index()
            # Searches on the machine index read from a pool of their own, in autocommit and
            # without the check-out ping: one round trip per statement, not also BEGIN, the
            # ping and the rollback (``_search_read``; a dropped connection is retried there).
            self._search_engine = create_engine(
                engine_url(url), pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW,
                isolation_level="AUTOCOMMIT")
            event.listen(self._search_engine, "before_cursor_execute", _without_nul, retval=True)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with driver_errors("read", self.url), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def _search_read(self) -> Iterator[Connection]:
        # Each statement sees what is committed when it runs: a search's statements need no
        # common snapshot (the tantivy index is not in PostgreSQL's anyway; an article gone
        # before its page is read is left out of the page).
        with driver_errors("read", self.url), self._search_engine.connect() as connection:
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with driver_errors("connect", self.url):
            connection = self.engine.connect()
        with driver_errors("write", self.url), connection:
            try:
                with connection.begin():
                    yield connection
            finally:
                queued = connection.info.pop("search_queued", 0)
        if queued and self.search_index is not None:  # committed: searches here apply it
            self.search_index.changed(queued)

    def migrate(self, progress: ProgressBar | None = None, *, foreground: bool = False) -> None:
        with self._write() as conn:
            # Two processes starting at once (workers, web) migrate one after the other.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            migrations.upgrade(conn)
            postgres_bulk.ensure_text_indexes(conn)
        postgres_rum.forget(self.engine)
        if not self.index_is_current():
            if self.count_articles():  # a new store only records the analyzer version
                log.info("the analyzer changed; re-indexing %s", self.url)
            if progress is None:
                self.reindex()
            else:
                with progress("re-indexing") as update:
                    self.reindex(update)
        if self.search_index is not None:
            self._machine_index()

    def first_load(self) -> AbstractContextManager[None]:
        # Per row, RUM costs a random write into a large index: 31–50 articles/s at 100,000
        # against ~4× that with the indexes built once after (docs/benchmarks.md, pg1m).
        return postgres_bulk.text_indexes_deferred(self.engine)

    def _machine_index(self) -> TantivyIndex:
        """This machine's index, followed from the database: the first call registers the
        machine (one that was unknown, or dropped after ``KEEP_DAYS``, builds anew), builds
        the index if it is missing (in a thread above ``BUILD_IN_FOREGROUND`` articles) and
        starts tailing the queue."""
        assert self.search_index is not None and self._feed is not None
        with self._index_lock:
            if self._tailer is None:
                if self._feed.register():
                    self.search_index.discard()
                count = self._feed.count()
                if self.search_index.ensure(background=count > BUILD_IN_FOREGROUND):
                    self.search_index.catch_up()  # what was left when a process died
                self._tailer = Tailer(self.search_index, self._feed)
                self._tailer.start()
        return self.search_index

    def close(self) -> None:
        if self._tailer is not None:
            self._tailer.stop()
        if self.search_index is not None:
            self.search_index.close()
        if self._search_engine is not self.engine:
            self._search_engine.dispose()
        super().close()

    def _clear_index(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM article_fts"))
        _queue(conn, [r[0] for r in conn.execute(select(articles.c.id))])

    # A reindex's new index: as ``article_fts`` (migration 0008); the GIN index is built once
    # the rows are in, before the switch.

    def _create_new_index(self, conn: Connection) -> None:
        conn.execute(text("DROP TABLE IF EXISTS article_fts_new"))
        conn.execute(text(
            "CREATE TABLE article_fts_new ("
            " article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
            " document TSVECTOR NOT NULL)"))

    def _index_new(self, conn: Connection, batch: dict[int, tuple[str, str]]) -> None:
        if batch:
            conn.execute(_UPSERT_NEW_FTS, [
                {"id": article_id, "document": tsvector_literal(title, body)}
                for article_id, (title, body) in batch.items()])

    def _finish_new_index(self, conn: Connection) -> None:
        conn.execute(text("CREATE INDEX ix_article_fts_new_document ON article_fts_new "
                          "USING GIN (document)"))
        if postgres_rum.has_rum_index(conn):
            conn.execute(text("CREATE INDEX ix_article_fts_new_rum ON article_fts_new "
                              "USING rum (document rum_tsvector_ops)"))

    def _hold_index_writers(self, conn: Connection) -> None:
        # Writers of article_fts wait; searches go on until the DROP below.
        conn.execute(text("LOCK TABLE article_fts IN EXCLUSIVE MODE"))

    def _switch_index(self, conn: Connection) -> None:
        # Articles deleted meanwhile took their new entries along (ON DELETE CASCADE).
        for statement in (
            "DROP TABLE article_fts",
            "ALTER TABLE article_fts_new RENAME TO article_fts",
            "ALTER TABLE article_fts RENAME CONSTRAINT article_fts_new_pkey TO article_fts_pkey",
            "ALTER TABLE article_fts RENAME CONSTRAINT article_fts_new_article_id_fkey "
            "TO article_fts_article_id_fkey",
            "ALTER INDEX ix_article_fts_new_document RENAME TO ix_article_fts_document",
            f"ALTER INDEX IF EXISTS ix_article_fts_new_rum RENAME TO {postgres_rum.RUM_INDEX}",
        ):
            conn.execute(text(statement))

    def _index(self, conn: Connection, article_id: int, title: str, body: str) -> None:
        conn.execute(_UPSERT_FTS, {"id": article_id, "document": tsvector_literal(title, body)})
        _queue(conn, [article_id])

    def _index_many(self, conn: Connection, pending: dict[int, tuple[str, str]],
                    terms: Mapping[int, Terms]) -> None:
        # One executemany: psycopg sends the batch's documents in a pipeline, not one round
        # trip per article.
        if pending:
            conn.execute(_UPSERT_FTS, [
                {"id": article_id, "document": tsvector_literal(title, body, terms.get(article_id))}
                for article_id, (title, body) in pending.items()
            ])
            _queue(conn, pending)

    def _unindex(self, conn: Connection, article_id: int) -> None:
        conn.execute(_DELETE_FTS, {"id": article_id})
        _queue(conn, [article_id])

    def _copy_marks(self, conn: Connection, marks: Mapping[int, bool] | None) -> None:
        """The machines' indexes hold whether an article is a near copy (``Doc.copy``): the
        articles whose mark changes are queued for them, in the transaction that changes it."""
        if marks is None:
            changed = [r[0] for r in conn.execute(select(articles.c.id).where(
                articles.c.duplicate_of.is_not(None), articles.c.duplicate_of != 0))]
        else:
            changed = [r.id for r in conn.execute(
                select(articles.c.id, articles.c.duplicate_of)
                .where(articles.c.id.in_(list(marks))))
                if bool(r.duplicate_of) != marks[r.id]]
        _queue(conn, changed)

    def _search_fields_changed(self, conn: Connection, ids: Sequence[int]) -> None:
        """The machines' indexes hold each article's source, category and time."""
        _queue(conn, ids)

    def _text_count(self, conn: Connection, query: dict, conditions: list) -> int:
        counted = select(articles.c.id).where(articles.c.id.in_(_matching()), *conditions)
        count = select(func.count()).select_from(counted.limit(COUNT_CAP + 1).subquery())
        with _rejected(query["tsquery"]):
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # see _search_rum
            return int(conn.execute(count, {"query": query["tsquery"]}).scalar_one())

    def _text_newest(self, conn: Connection, query: dict, limit: int, offset: int,
                     conditions: list) -> list[int]:
        page = (select(articles.c.id).where(articles.c.id.in_(_matching()), *conditions)
                .order_by(sort_time().desc(), articles.c.id.desc()).limit(limit).offset(offset))
        with _rejected(query["tsquery"]):
            return [r.id for r in conn.execute(page, {"query": query["tsquery"]})]

    def search(
        self,
        compiled: str,
        *,
        limit: int = 20,
        offset: int = 0,
        order: SearchOrder = "relevance",
        filters: ArticleFilter | None = None,
    ) -> SearchPage:
        if self.search_index is not None:  # this machine's tantivy index (tantivy_search)
            index = self._machine_index()
            try:
                return self._tantivy_search(index, compiled, limit, offset, order, filters)
            except StoreUnavailable as exc:
                cause = exc.__cause__
                if not (isinstance(cause, DBAPIError) and cause.connection_invalidated):
                    raise
                # No ping at check-out: a connection the server dropped (a restart) fails
                # its first statement and the pool drops its connections; once more.
                return self._tantivy_search(index, compiled, limit, offset, order, filters)
        # ts_rank weights lie in [0, 1]: the body gets 1/TITLE_WEIGHT of the title's.
        weights = f"'{{{1 / TITLE_WEIGHT:.4f}, 0, 0, 1.0}}'"  # D, C, B, A
        match = text("article_fts.document @@ CAST(:query AS tsquery)")
        conditions = filter_conditions(filters)
        matching = select(_FTS.c.article_id).where(match)
        if order == "relevance" and self._uses_rum():
            return self._search_rum(compiled, limit, offset, filters, conditions, matching)
        if order == "relevance":
            # ts_rank over the newest RELEVANCE_WINDOW matches (that meet the filters): the
            # window is ids only, so only the documents it keeps are read and ranked.
            candidates = (matching if not conditions else
                          select(articles.c.id.label("article_id"))
                          .select_from(_FTS.join(articles, articles.c.id == _FTS.c.article_id))
                          .where(match, *conditions))
            window = (candidates.order_by(text("1 DESC")).limit(RELEVANCE_WINDOW)
                      .subquery("window"))
            rank = func.ts_rank(literal_column(weights), _FTS.c.document,
                                cast(bindparam("query"), TSQUERY), RANK_NORMALIZATION).label("rank")
            ranked = (select(_FTS.c.article_id.label("id"), rank, sort_time().label("t"))
                      .select_from(window.join(_FTS, _FTS.c.article_id == window.c.article_id)
                                   .join(articles, articles.c.id == window.c.article_id))
                      .subquery("ranked"))
            # The freshness prior SQLite's search adds (khabar/store/sqlite_search.py): a
            # share of the best rank, halved every FRESHNESS_HALF_LIFE_DAYS of age, counted
            # from the newest stored article (or now, if earlier).
            reference = select(func.least(func.max(sort_time()), func.now())).scalar_subquery()
            age = func.greatest(0.0, func.extract("epoch", reference - ranked.c.t))
            prior = (FRESHNESS_WEIGHT * func.max(ranked.c.rank).over()
                     * func.power(2.0, -age / (FRESHNESS_HALF_LIFE_DAYS * 86400.0)))
            score = (ranked.c.rank + func.coalesce(prior, 0.0)).label("score")
            page = (select(ranked.c.id, score)
                    .order_by(text("score DESC"), ranked.c.id.desc()))
        else:
            page = (select(articles.c.id, text("0.0 AS score"))
                    .where(articles.c.id.in_(matching), *conditions)
                    .order_by(sort_time().desc(), articles.c.id.desc()))
        page = page.limit(limit).offset(offset)
        if conditions:  # the matches first, then the filters on them
            counted = select(articles.c.id).where(articles.c.id.in_(matching), *conditions)
        else:
            counted = matching
        count = select(func.count()).select_from(counted.limit(COUNT_CAP + 1).subquery())
        params = {"query": compiled}
        try:
            with self.engine.connect() as conn:  # its driver errors are mapped below
                rows = conn.execute(page, params).all()
                total = conn.execute(count, params).scalar_one()
                found = self.articles_by_id(conn, [r.id for r in rows])
        except (DataError, ProgrammingError) as exc:
            raise QueryError(f"PostgreSQL rejected tsquery {compiled!r}: {exc.orig}") from exc
        except OperationalError as exc:
            raise StoreError(f"search failed on {self.url}: {exc.orig}",
                             user_message="تعذر البحث الآن، حاول مرة أخرى.") from exc
        return SearchPage(hits=[(found[r.id], float(r.score)) for r in rows if r.id in found],
                          total=min(total, COUNT_CAP), total_capped=total > COUNT_CAP)

    def _uses_rum(self) -> bool:
        with self._read() as conn:
            return postgres_rum.uses_rum(conn, self.engine)

    def _search_rum(self, compiled: str, limit: int, offset: int,
                    filters: ArticleFilter | None, conditions: list, matching: Any) -> SearchPage:
        """Every match ranked by RUM + the freshness prior (``postgres_search.best``)."""
        if conditions:
            counted = select(articles.c.id).where(articles.c.id.in_(matching), *conditions)
        else:
            counted = matching
        count = select(func.count()).select_from(counted.limit(COUNT_CAP + 1).subquery())
        try:
            with self.engine.connect() as conn:
                now = reference_time(conn) / 1e6
                top = postgres_search.best(conn, compiled, conditions, offset + limit, now)
                rows = top[offset:offset + limit]
                # Counted through the index's bitmap: for a common word the planner prefers
                # a sequential scan that stops at the cap but de-TOASTs every tsvector it
                # passes (100,000 articles: 560 ms against 50-130 ms, docs/benchmarks.md).
                conn.execute(text("SET LOCAL enable_seqscan = off"))
                total = conn.execute(count, {"query": compiled}).scalar_one()
                found = self.articles_by_id(conn, [i for i, _ in rows])
        except (DataError, ProgrammingError) as exc:
            raise QueryError(f"PostgreSQL rejected tsquery {compiled!r}: {exc.orig}") from exc
        except OperationalError as exc:
            raise StoreError(f"search failed on {self.url}: {exc.orig}",
                             user_message="تعذر البحث الآن، حاول مرة أخرى.") from exc
        return SearchPage(hits=[(found[i], s) for i, s in rows if i in found],
                          total=min(total, COUNT_CAP), total_capped=total > COUNT_CAP)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        done = super().reindex(progress)
        # A rebuilt index (a copy, a restore, a new analyzer) is new to the planner: without
        # fresh statistics it misjudges how many articles a word matches (measured at 100,000
        # articles: filtered searches 458 ms at p50 before ANALYZE, 30 ms after).
        with driver_errors("analyze", self.url), \
                self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE articles"))
            conn.execute(text("ANALYZE article_fts"))
        if self.search_index is not None and self._tailer is not None:
            self.search_index.rebuild()  # this machine's index, from the new terms
        return done

    def term_document_frequencies(self) -> tuple[int, dict[str, int]]:
        with self._read() as conn:
            n_docs = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            if not n_docs:
                return 0, {}
            rows = conn.execute(text("SELECT word, ndoc FROM ts_stat('SELECT document FROM article_fts')"))
            return n_docs, {word: ndoc for word, ndoc in rows}


def _queue(conn: Connection, ids: Iterable[int]) -> None:
    """Queue articles for the machines' indexes (if any machine keeps one); counted, so that
    a search in this process applies them first (read-your-writes)."""
    ids = list(ids)
    if ids:
        postgres_tantivy.queue(conn, ids)
        conn.info["search_queued"] = conn.info.get("search_queued", 0) + len(ids)


def _matching() -> Any:
    return select(_FTS.c.article_id).where(
        text("article_fts.document @@ CAST(:query AS tsquery)"))


@contextmanager
def _rejected(tsquery: str) -> Iterator[None]:
    try:
        yield
    except (DataError, ProgrammingError) as exc:
        raise QueryError(f"PostgreSQL rejected tsquery {tsquery!r}: {exc.orig}") from exc


def _without_nul(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                 executemany: bool) -> tuple[str, Any]:
    """PostgreSQL text cannot hold NUL (U+0000): a feed or page that carries one would fail its
    whole batch, and a URL with %00 would fail a lookup. NUL never means anything in text, so
    it is dropped from every string sent (SQLite keeps it; a copy from SQLite drops it here)."""
    return statement, _scrub(parameters)


def _scrub(value: Any) -> Any:  # DB-API parameters of any shape
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub(v) for v in value)
    return value


def tsvector_literal(title: str, body: str, terms: Terms | None = None) -> str:
    """The tsvector of an article as PostgreSQL's input syntax: each analyzed term with its
    positions, title terms weighted A, body terms D. Body positions start after a gap, so a
    phrase never spans title and body (FTS5 keeps them in separate columns). Built with plain
    dicts and lists: this runs for every stored article (measured: it was half of PostgreSQL's
    cost per article when written with a formatted string per position). ``terms``: the
    text already analyzed (``Terms``)."""
    title_terms, body_terms = terms or (analyze(title), analyze(body))
    start = len(title_terms) + 2
    positions: dict[str, list[str]] = {}
    for at, term in enumerate(title_terms, 1):
        positions.setdefault(term, []).append(f"{at}A")
    in_body: dict[str, list[int]] = {}
    for at, term in enumerate(body_terms, start):
        found = in_body.get(term)
        if found is None:
            in_body[term] = [at]
        elif len(found) < MAX_POSITIONS_PER_TERM:
            found.append(at)
    clamp = start + len(body_terms) > MAX_POSITION
    for term, found in in_body.items():
        if clamp:  # positions past PostgreSQL's largest all become the largest, once
            found = sorted({min(at, MAX_POSITION) for at in found})
        positions.setdefault(term, []).extend(map(str, found))
    return " ".join(
        f"{_quote(term)}:{','.join(at[:MAX_POSITIONS_PER_TERM])}"
        for term, at in positions.items()
        if len(term) * 4 <= MAX_TERM_BYTES or len(term.encode()) <= MAX_TERM_BYTES
    )


def _quote(term: str) -> str:
    if "'" in term or "\\" in term:
        term = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{term}'"

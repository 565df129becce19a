"""A first load of many articles into PostgreSQL: the text indexes are built once at the end.

``article_fts`` has a GIN index (counts, "newest") and, with the extension, a RUM index
(ranking without a machine index). Both are updated per row by ``add_articles``; RUM has no
pending list, so each row costs a random write into a large index: 31–50 articles/s at
100,000 articles on this project's 2-core machine, about six hours for a million
(docs/benchmarks.md). ``text_indexes_deferred`` drops them for the load and builds them once
after (sorted builds, ``maintenance_work_mem`` raised for that statement), then ANALYZE.

Meant for a load nobody searches meanwhile (a new database, a move to PostgreSQL): searches
during it still answer, but slowly (no index: counts and matches read every tsvector) and
ranked by the fallback (``postgres_rum``: RUM missing). A crash during the load leaves the
database without them; ``khabar migrate`` re-creates RUM, and the GIN index is re-created by
the next ``text_indexes_deferred`` or by hand (the statement is ``GIN_INDEX_SQL``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from khabar.store import postgres_rum

GIN_INDEX = "ix_article_fts_document"
GIN_INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON article_fts USING GIN (document)"
#: memory for building each index (PostgreSQL's default, 64 MB, spills a 1M-article GIN
#: build to disk many times over)
BUILD_MEMORY = "512MB"


@contextmanager
def text_indexes_deferred(engine: Engine, *, rum: bool = True) -> Iterator[None]:
    """Drop ``article_fts``'s GIN and RUM indexes, yield, then build them again (RUM only if
    it was there and ``rum``: else the next ``khabar migrate`` does) and refresh the
    planner's statistics."""
    with engine.begin() as conn:
        had_rum = postgres_rum.has_rum_index(conn)
        conn.execute(text(f"DROP INDEX IF EXISTS {GIN_INDEX}"))
        conn.execute(text(f"DROP INDEX IF EXISTS {postgres_rum.RUM_INDEX}"))
    postgres_rum.forget(engine)
    try:
        yield
    finally:
        build_text_indexes(engine, rum=had_rum and rum)


def build_text_indexes(engine: Engine, *, rum: bool) -> None:
    """Build the GIN index (and RUM if ``rum``) of ``article_fts`` and ANALYZE the tables."""
    with engine.begin() as conn:
        conn.execute(text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
        conn.execute(text(GIN_INDEX_SQL))
        if rum:
            postgres_rum.try_create_rum(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE articles"))
        conn.execute(text("ANALYZE article_fts"))
    postgres_rum.forget(engine)


def ensure_text_indexes(conn: Connection) -> None:
    """At every start (``migrate``): the GIN index a first load stopped before its build left
    missing, and RUM where migration 0016 could not create it (no extension then: installing
    it and running ``khabar migrate`` is enough)."""
    conn.execute(text(GIN_INDEX_SQL))
    if not postgres_rum.has_rum_index(conn):
        postgres_rum.try_create_rum(conn)

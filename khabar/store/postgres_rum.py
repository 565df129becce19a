"""The RUM index on PostgreSQL: created when the server has the extension, detected by searches.

RUM is a server extension (Debian: ``apt-get install postgresql-15-rum``; most managed
PostgreSQL services offer it). Creating it needs a superuser or a database owner the server
trusts, once per database. Without it khabar still searches — GIN and ``ts_rank`` over the
newest ``RELEVANCE_WINDOW`` matches, the ranking before migration 0016 — and says so in its
log at every migration, with the commands that enable it (``khabar migrate`` tries again).
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

RUM_INDEX = "ix_article_fts_rum"
#: how long a search reuses what it learnt about the index (another process may create it)
CHECK_SECONDS = 60.0
MISSING = (
    "search: PostgreSQL has no RUM index; relevance ranks only the newest matches. Install "
    "the server's RUM extension (Debian: apt-get install postgresql-15-rum), run "
    "CREATE EXTENSION rum; as a superuser in this database, then khabar migrate (%s)"
)


def try_create_rum(conn: Connection, table: str = "article_fts", index: str = RUM_INDEX) -> bool:
    """Create the extension (if allowed) and ``index`` on ``table``; False, with the database
    unchanged, when the server cannot. Runs in ``conn``'s transaction (a savepoint)."""
    available = conn.execute(text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")).first()
    if not available:
        log.warning(MISSING, "the extension is not installed on the server")
        return False
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS rum"))
    except DBAPIError as exc:
        log.warning(MISSING, f"CREATE EXTENSION rum failed: {exc.orig}")
        return False
    conn.execute(text(
        f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING rum (document rum_tsvector_ops)"))
    return True


def has_rum_index(conn: Connection, table: str = "article_fts") -> bool:
    return conn.execute(text(
        "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = :t "
        "AND indexdef LIKE '%USING rum%'"), {"t": table}).first() is not None


_known: dict[int, tuple[float, bool]] = {}


def uses_rum(conn: Connection, engine: Engine) -> bool:
    """Whether ``article_fts`` has its RUM index (looked up at most every ``CHECK_SECONDS``)."""
    key = id(engine)
    seen = _known.get(key)
    if seen is not None and time.monotonic() - seen[0] < CHECK_SECONDS:
        return seen[1]
    found = has_rum_index(conn)
    _known[key] = (time.monotonic(), found)
    return found


def forget(engine: Engine) -> None:
    _known.pop(id(engine), None)

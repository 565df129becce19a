"""What operators ask of the database: does it answer, is its schema current, is its search
index whole, and how the polling stands (failing sources, the due queue and its lag, leases).

Read by the readiness probe and the metrics (``khabar.web.health``) and by ``khabar doctor``
(``khabar.pipeline.doctor``). Each function takes an open ``SQLStore`` and reads a few
aggregates; nothing here writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.exc import SQLAlchemyError

from khabar.arabic import ANALYZER_VERSION
from khabar.errors import StoreError
from khabar.store.migrate import _config, current_revisions
from khabar.store.schema import articles, index_state, sources
from khabar.store.rows import utc

#: rows of each backend's full-text index. SQLite: FTS5's shadow table of document sizes, one
#: row per indexed article — counted from its B-tree in well under a millisecond, where
#: ``count(*)`` on the FTS5 table itself reads every document (measured at 14,371 ANT
#: articles: 0.01 ms against 48 ms, growing with the archive)
_COUNT_INDEXED = {
    "sqlite": text("SELECT count(*) FROM article_fts_docsize"),
    "postgresql": text("SELECT count(*) FROM article_fts"),
}
#: a source that has not succeeded for this long (and fails now) is reported by the doctor
FAILING_TOO_LONG = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether the database can serve: it answers, its schema is this version's."""

    database: bool
    schema: str  # "current", "behind", "newer", "empty" or "unknown" (no answer)
    #: why the database did not answer (the driver's message; URLs in it carry no password)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.database and self.schema == "current"


@dataclass(frozen=True, slots=True)
class IndexCounts:
    """The search index against the articles: one index row per article, built by the
    analyzer in use."""

    articles: int
    indexed: int
    analyzer_current: bool

    @property
    def consistent(self) -> bool:
        return self.analyzer_current and self.articles == self.indexed

    def to_json(self) -> dict:
        return dict(asdict(self), consistent=self.consistent)


@dataclass(frozen=True, slots=True)
class PollingState:
    """How the polling of followed sources stands at ``now``."""

    followed: int
    paused: int
    failing: int
    due: int
    oldest_due_seconds: float
    leases_held: int

    def to_json(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """This version's head revisions and every revision it knows (read once: parsing the
    migration scripts costs milliseconds, a probe runs every few seconds)."""
    script = ScriptDirectory.from_config(_config())
    return frozenset(script.get_heads()), frozenset(r.revision for r in script.walk_revisions())


def readiness(store: Any) -> Readiness:
    """Ask the database one cheap question and read its schema revision; never raises."""
    heads, known = _revisions()
    try:
        with store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = set(current_revisions(conn))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return Readiness(database=False, schema="unknown", error=reason[0] if reason else "")
    if not current:
        state = "empty"
    elif current == heads:
        state = "current"
    elif current - known:
        state = "newer"
    else:
        state = "behind"
    return Readiness(database=True, schema=state)


def index_counts(store: Any) -> IndexCounts:
    """Articles, rows of the full-text index (FTS5 on SQLite, tsvectors on PostgreSQL) and
    whether the index was built by the analyzer in use."""
    version = select(index_state.c.analyzer_version).where(index_state.c.name == "articles")
    try:
        with store.engine.connect() as conn:
            n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            n_indexed = conn.execute(_COUNT_INDEXED[conn.dialect.name]).scalar_one()
            built_by = conn.execute(version).scalar()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot count the search index: {exc}",
                         user_message="تعذر فحص فهرس البحث.") from exc
    return IndexCounts(articles=n_articles, indexed=n_indexed,
                       analyzer_current=built_by == ANALYZER_VERSION)


def _followed() -> Any:
    return and_(sources.c.feed_url.is_not(None), sources.c.paused.is_(False))


def polling_state(store: Any, now: datetime) -> PollingState:
    """Followed, paused and failing sources, the due queue (due and not leased) with the age
    of its oldest entry, and the leases held now."""
    now = utc(now)
    due = and_(_followed(),
               or_(sources.c.next_check_at.is_(None), sources.c.next_check_at <= now),
               or_(sources.c.lease_expires_at.is_(None), sources.c.lease_expires_at < now))
    query = select(
        func.count(sources.c.feed_url).label("followed"),
        func.sum(_flag(and_(sources.c.feed_url.is_not(None), sources.c.paused.is_(True)))),
        func.sum(_flag(and_(_followed(), sources.c.error_count > 0))),
        func.sum(_flag(due)),
        func.min(_when(due, func.coalesce(sources.c.next_check_at, sources.c.created_at))),
        func.sum(_flag(sources.c.lease_expires_at >= now)),
    )
    try:
        with store.engine.connect() as conn:
            row = conn.execute(query).one()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the polling state: {exc}",
                         user_message="تعذر قراءة حالة المصادر.") from exc
    followed, paused, failing, n_due, oldest, leases = row
    oldest_at = _as_datetime(oldest)
    lag = max(0.0, (now - oldest_at).total_seconds()) if oldest_at is not None else 0.0
    return PollingState(followed=followed or 0, paused=int(paused or 0),
                        failing=int(failing or 0), due=int(n_due or 0),
                        oldest_due_seconds=lag, leases_held=int(leases or 0))


def long_failing_sources(store: Any, now: datetime,
                         older_than: timedelta = FAILING_TOO_LONG) -> list[dict]:
    """Followed sources failing now whose last success (else their creation) is older than
    ``older_than``: id, name, feed URL, errors in a row, last error, last success."""
    since = utc(now) - older_than
    query = (select(sources.c.id, sources.c.name, sources.c.feed_url, sources.c.error_count,
                    sources.c.last_error, sources.c.last_success_at)
             .where(_followed(), sources.c.error_count > 0,
                    func.coalesce(sources.c.last_success_at, sources.c.created_at) < since)
             .order_by(sources.c.id))
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [dict(r, last_success_at=_iso(r["last_success_at"])) for r in rows]


def newest_fetch_time(store: Any) -> datetime | None:
    """When the newest article was fetched (by the clock of the machine that fetched it)."""
    with store.engine.connect() as conn:
        return _as_datetime(conn.execute(select(func.max(articles.c.fetched_at))).scalar())


def database_clock(store: Any) -> datetime | None:
    """The database server's clock (PostgreSQL); None for SQLite, which has no server."""
    if store.engine.dialect.name != "postgresql":
        return None
    with store.engine.connect() as conn:
        return _as_datetime(conn.execute(text("SELECT now()")).scalar())


def pool_state(store: Any) -> dict[str, int]:
    """This process's connection pool: size, connections checked out, idle and overflow."""
    pool = store.engine.pool
    state: dict[str, int] = {}
    for name, method in (("size", "size"), ("checked_out", "checkedout"),
                         ("idle", "checkedin"), ("overflow", "overflow")):
        reader = getattr(pool, method, None)
        if reader is not None:
            state[name] = max(0, int(reader()))
    return state


def _flag(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def _when(condition: Any, value: Any) -> Any:
    return case((condition, value), else_=None)


def _as_datetime(value: Any) -> datetime | None:
    """A timestamp read through an aggregate: SQLite hands back its text, PostgreSQL a
    datetime."""
    if value is None:
        return None
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(when, datetime):
        raise TypeError(f"not a timestamp: {value!r}")
    return utc(when)


def _iso(value: Any) -> str | None:
    when = _as_datetime(value)
    return when.isoformat() if when else None

"""Re-indexing the full-text index: built beside the live index and switched at the end
(issue 20, item 6), on both backends. A part of ``SQLStore``; the backend gives the steps
(create the new index, write entries, finish, hold writers, switch)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.engine import Connection

from khabar.arabic import ANALYZER_VERSION
from khabar.store.host import StoreHost
from khabar.store.rows import now_utc
from khabar.store.schema import articles, index_state

#: how a command shows a rebuild's progress: ``bar(label)`` is a context giving
#: ``update(done, total, phase="")`` (``khabar.cli.progress.progress_of``: a bar on a terminal)
ProgressBar = Callable[[str], AbstractContextManager[Callable[..., None]]]

#: articles re-indexed per write transaction
REINDEX_BATCH_SIZE = 500
_INDEX_NAME = "articles"
#: a reindex catches up articles whose text changed since it started, less this much (other
#: processes' clocks are the same machine's, or close to it)
REINDEX_CLOCK_MARGIN = timedelta(minutes=1)

_REINDEX_BATCH = (
    select(articles.c.id, articles.c.title, articles.c.body)
    .where(articles.c.id > bindparam("after"))
    .order_by(articles.c.id)
    .limit(REINDEX_BATCH_SIZE)
)
_REINDEX_LATE = select(articles.c.id, articles.c.title, articles.c.body).where(
    or_(articles.c.id > bindparam("after"), articles.c.updated_at >= bindparam("since")))


class Reindex(StoreHost):
    """Re-indexing beside the live index; the steps are the backend's."""

    def count_articles(self) -> int:
        raise NotImplementedError

    # --- the search index ------------------------------------------------------------------

    # A reindex builds a new index beside the live one and switches at the end (issue 20,
    # item 6): a search during a reindex sees the old index, whole, until the switch.

    def _create_new_index(self, conn: Connection) -> None:
        """Create the empty index a reindex builds (dropping one a killed reindex left)."""
        raise NotImplementedError

    def _index_new(self, conn: Connection, batch: dict[int, tuple[str, str]]) -> None:
        """Write (or rewrite) the entries of ``batch`` (id → title, body) in the new index."""
        raise NotImplementedError

    def _finish_new_index(self, conn: Connection) -> None:
        """What the new index needs before the switch (outside the switch's transaction)."""

    def _hold_index_writers(self, conn: Connection) -> None:
        """Make other writers of the live index wait for ``conn``'s transaction (readers not)."""

    def _switch_index(self, conn: Connection) -> None:
        """Drop entries of deleted articles from the new index, drop the live index and put
        the new one in its place, in ``conn``'s transaction."""
        raise NotImplementedError

    def _clear_index(self, conn: Connection) -> None:
        """Empty the index (tests simulate an index built by another analyzer with it)."""
        raise NotImplementedError

    def index_is_current(self) -> bool:
        query = select(index_state.c.analyzer_version).where(index_state.c.name == _INDEX_NAME)
        with self._read() as conn:
            version = conn.execute(query).scalar()
        return version == ANALYZER_VERSION

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        # Built beside the live index in short transactions (writers keep going, and index
        # their articles in the live index); at the end one transaction, with writers held,
        # catches up what was written meanwhile and switches. Updating the index in place
        # answered 0, 1, 2 … 438 of 465 matches for 6 s (issue 20); a killed reindex leaves
        # the live index as it was, and the next reindex drops its half-built one.
        started = now_utc() - REINDEX_CLOCK_MARGIN
        total, done, last_id = self.count_articles(), 0, 0
        with self._write() as conn:
            self._create_new_index(conn)
        while True:
            with self._write() as conn:
                rows = conn.execute(_REINDEX_BATCH, {"after": last_id}).all()
                self._index_new(conn, {row.id: (row.title, row.body) for row in rows})
            if not rows:
                break
            last_id, done = rows[-1].id, done + len(rows)
            if progress:
                progress(done, total)
        with self._write() as conn:
            self._finish_new_index(conn)
        with self._write() as conn:
            self._hold_index_writers(conn)
            # Articles written while the new index was built: added, or their text replaced
            # (``updated_at``); entries of articles deleted meanwhile were never built or are
            # dropped by the backend. Only now: a crash above re-indexes on the next open.
            late = conn.execute(_REINDEX_LATE, {"after": last_id, "since": started}).all()
            self._index_new(conn, {row.id: (row.title, row.body) for row in late})
            self._switch_index(conn)
            conn.execute(delete(index_state).where(index_state.c.name == _INDEX_NAME))
            conn.execute(index_state.insert().values(
                name=_INDEX_NAME, analyzer_version=ANALYZER_VERSION, updated_at=now_utc()))
        return done

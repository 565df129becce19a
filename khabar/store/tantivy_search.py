"""Search through a tantivy index, the records read from the store: one way for both backends.

The SQLite store always searches this way; the PostgreSQL store when it keeps a tantivy index
on its machine (setting ``search_index_dir``, ``khabar/store/postgres_tantivy.py``). The
score, the filters tantivy holds and the residual filters are ``sqlite_search``'s. The one
thing each backend gives: its own full-text index for what tantivy cannot answer alone —
the count under a filter tantivy does not hold, and "newest" under such a broad filter
(``_text_count``, ``_text_newest``: FTS5 on SQLite, the GIN index on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.engine import Connection

from khabar.store import sqlite_search as ts
from khabar.store import tantivy_index as ti
from khabar.store.base import COUNT_CAP, SearchOrder, SearchPage
from khabar.store.filters import ArticleFilter
from khabar.store.records import Article
from khabar.store.schema import articles
from khabar.store.sql import filter_conditions


class TantivySearch:
    """``_tantivy_search`` for a store with a ``search_index``; the backend gives the rest."""

    def _read(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _search_read(self) -> AbstractContextManager[Connection]:
        """The connection a search reads with (PostgreSQL: autocommit, its own pool)."""
        return self._read()

    def articles_by_id(self, conn: Connection, ids: Sequence[int]) -> dict[int, Article]:
        raise NotImplementedError

    def _text_count(self, conn: Connection, query: dict, conditions: list) -> int:
        """How many articles match ``query`` (``compile_tantivy``'s) and meet ``conditions``,
        up to ``COUNT_CAP + 1``, from the backend's full-text index."""
        raise NotImplementedError

    def _text_newest(self, conn: Connection, query: dict, limit: int, offset: int,
                     conditions: list) -> list[int]:
        """The ids of a page of the matches meeting ``conditions``, newest first, from the
        backend's full-text index."""
        raise NotImplementedError

    def _tantivy_search(self, index: ti.TantivyIndex, compiled: str, limit: int, offset: int,
                        order: SearchOrder, filters: ArticleFilter | None) -> SearchPage:
        """Every match ranked by tantivy (``sqlite_search``), the records read from the store."""
        query = ts.decode(compiled)
        _, searcher = index.searcher()  # raises IndexBuilding
        rest = ts.residual(filters)
        must, must_not = ts.text_query(query)
        with self._search_read() as conn:
            native = ts.native_filters(conn, filters or ArticleFilter())
            if native is None:
                return SearchPage(hits=[], total=0)
            allowed = None
            if rest.originals:  # the index holds the near-copy mark
                rest = replace(rest, originals=False)
                must_not.append(ti.near_copies())
            conditions = filter_conditions(rest)
            if conditions:
                ids = [r[0] for r in conn.execute(
                    select(articles.c.id).where(*conditions).limit(ts.RESIDUAL_IDS + 1))]
                if len(ids) <= ts.RESIDUAL_IDS:
                    native.append(ti.id_set(ids))
                    conditions = []
                else:
                    allowed = self._allowed(conditions)
            tq = ti.all_of(must, must_not, native)
            if order == "relevance":
                want = offset + limit
                now_us = ts.reference_time(conn)
                ranked, total = ts.best(searcher, tq, want, now_us, allowed)
                if conditions:
                    total = self._text_count(conn, query, conditions)
                page_ids = ranked[offset:]
            elif not conditions:
                ids_newest, total = ti.newest(searcher, tq, limit, offset)
                page_ids = [(i, 0.0) for i in ids_newest]
            else:  # newest first under a broad filter tantivy does not hold
                conditions = filter_conditions(filters)
                page_ids = [(i, 0.0) for i in
                            self._text_newest(conn, query, limit, offset, conditions)]
                total = self._text_count(conn, query, conditions)
            found = self.articles_by_id(conn, [i for i, _ in page_ids])
        return SearchPage(hits=[(found[i], s) for i, s in page_ids if i in found],
                          total=min(total, COUNT_CAP), total_capped=total > COUNT_CAP)

    def _allowed(self, conditions: list) -> Callable[[list[int]], set[int]]:
        def allowed(ids: list[int]) -> set[int]:
            out: set[int] = set()
            with self._search_read() as conn:
                for chunk in _chunks(ids, 900):
                    out.update(r[0] for r in conn.execute(
                        select(articles.c.id).where(articles.c.id.in_(chunk), *conditions)))
            return out
        return allowed


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


"""The query side of the tantivy index: clauses, filters, ranked and newest-first searches.

Part of the search index beside SQLite (``khabar/store/tantivy_index.py``, issue 16).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import tantivy

from khabar.store.tantivy_schema import SCHEMA, TITLE_BOOST, Hit, micros


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


def near_copies() -> tantivy.Query:
    """The articles stored as near copies of another (``Doc.copy``)."""
    return tantivy.Query.term_query(SCHEMA, "copy", 1)


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


def scored(searcher: Any, query: tantivy.Query, limit: int, count: bool = True,
           ) -> tuple[list[tuple[float, int, Any]], int | None]:
    """The ``limit`` best matches by BM25 as (score, time in µs, address) and, when
    ``count``, how many match in all. Lighter than ``ranked``: one fast field read per hit,
    the ids only for the hits that need them (``ids_of``)."""
    found = searcher.search(query, limit, count=count)
    hits = found.hits
    if not hits:
        return [], (int(found.count or 0) if count else None)
    times = searcher.fast_field_values("time", [address for _, address in hits])
    return ([(score, t or 0, address) for (score, address), t in zip(hits, times)],
            int(found.count or 0) if count else None)


def ids_of(searcher: Any, addresses: list[Any]) -> list[int]:
    return [int(i) for i in searcher.fast_field_values("id", addresses)] if addresses else []


def newest(searcher: Any, query: tantivy.Query, limit: int, offset: int) -> tuple[list[int], int]:
    """Matches newest first (publication time, then id), and how many match in all."""
    found = searcher.search(query, max(1, limit), count=True, order_by_field="newest",
                            offset=offset)
    addresses = [address for _, address in found.hits]
    ids = searcher.fast_field_values("id", addresses) if addresses else []
    return [int(i) for i in ids], int(found.count or 0)

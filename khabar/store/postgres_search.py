"""Relevance on the PostgreSQL backend: RUM ranks every match inside the index.

Score (docs/design.md, "Search at scale"): RUM's rank of the article for the query plus the
freshness prior SQLite's search adds (``khabar/store/sqlite_search.py``)::

    score = rank + FRESHNESS_WEIGHT · best_rank · 2^(−age / FRESHNESS_HALF_LIFE)

``rank`` is ``rum_ts_score`` (for a phrase, of its words: ``rank_query``): cover density
over the query's terms with their positions, a title position (weight A) worth 10 body
positions (weight D), repeated covers damped by 1/n² (like ``ts_rank``), no length
normalization. The RUM index (``rum_tsvector_ops``, migration
``0016_rum``) stores every term's positions, so ``ORDER BY document <=> query`` (the distance,
1 / rank) returns the matches best first without reading a document from the table.

No cut-off: the top ``want`` are found **exactly** from two lists, the matches by rank (an
ordered RUM scan) and the matches newest first (see ``best``), grown until no unseen match can
reach the page. Filters are conditions on ``articles`` joined to each listed match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from datetime import datetime, timezone

from sqlalchemy import Select, bindparam, cast, column, select, table, text
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import Connection

from khabar.store.rows import sort_time
from khabar.store.schema import articles
from khabar.store.sqlite_search import FIRST_LOOK, FRESHNESS_HALF_LIFE_DAYS, FRESHNESS_WEIGHT

_FTS = table("article_fts", column("article_id"), column("document"))
#: the RUM distance; written exactly as the index's ORDER BY operator so the planner uses it
_DISTANCE = _FTS.c.document.op("<=>")(cast(bindparam("rank_query"), TSQUERY))
_MATCH = text("article_fts.document @@ CAST(:query AS tsquery)")
_DAY_SECONDS = 86_400.0


@dataclass(frozen=True)
class Ranked:
    id: int
    rank: float
    time: float  # POSIX seconds


def ranked_statement(conditions: list) -> Select[Any]:
    """The matches meeting ``conditions``, best rank first, ``:n`` of them."""
    return (select(_FTS.c.article_id.label("id"), _DISTANCE.label("distance"),
                   sort_time().label("sort_t"))
            .select_from(_FTS.join(articles, articles.c.id == _FTS.c.article_id))
            .where(_MATCH, *conditions)
            .order_by(_DISTANCE)
            .limit(bindparam("n")))


def newest_statement(conditions: list) -> Select[Any]:
    """The matches meeting ``conditions``, newest first, ``:n`` of them, with their rank."""
    return (select(_FTS.c.article_id.label("id"), _DISTANCE.label("distance"),
                   sort_time().label("sort_t"))
            .select_from(_FTS.join(articles, articles.c.id == _FTS.c.article_id))
            .where(_MATCH, *conditions)
            .order_by(sort_time().desc(), articles.c.id.desc())
            .limit(bindparam("n")))


def rank_query(compiled: str) -> str:
    """The query the rank is computed for: a phrase's words as words. RUM's index does not rank
    by phrase operators (every phrase match gets the same distance, so its ordered scan comes
    back in storage order); the phrase still decides what matches."""
    return compiled.replace(" <-> ", " & ")


def _rank(distance: float | None) -> float:
    if distance is None or math.isinf(distance) or distance <= 0:
        return 0.0
    return 1.0 / distance


def _seconds(value: datetime | str) -> float:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def fetch(conn: Connection, statement: Select[Any], params: dict, n: int) -> list[Ranked]:
    rows = conn.execute(statement, {**params, "n": n}).all()
    return [Ranked(r.id, _rank(r.distance), _seconds(r.sort_t)) for r in rows]


def best(conn: Connection, compiled: str, conditions: list, want: int, now: float,
         ) -> list[tuple[int, float]]:
    """The ``want`` best matches by the score above (id, score), exactly. ``now`` is the
    prior's reference time (POSIX seconds).

    Two lists, as in the threshold algorithm: the matches by rank (an ordered RUM scan) and
    the matches newest first, each with rank and time. A match in neither has a rank at most
    the rank list's last and a time at most the time list's last, so it scores at most
    ``last rank + weight · prior(last time)``; the lists grow ×4 (the rank list while its last
    rank still reaches the page's last score, else the time list) until that bound is below
    the page's last score or a list holds every match."""
    half_life = FRESHNESS_HALF_LIFE_DAYS * _DAY_SECONDS
    params = {"query": compiled, "rank_query": rank_query(compiled)}
    by_rank, by_time = ranked_statement(conditions), newest_statement(conditions)
    n_rank = n_time = max(FIRST_LOOK, 4 * want)
    ranked = fetch(conn, by_rank, params, n_rank)
    newest: list[Ranked] | None = None  # fetched only when the rank list cannot settle it

    def prior(t: float) -> float:
        return 2.0 ** (-max(0.0, now - t) / half_life)

    while True:
        if not ranked:
            return []
        weight = FRESHNESS_WEIGHT * ranked[0].rank
        hits = {h.id: h for h in ranked + (newest or [])}
        scored = sorted(((h.rank + weight * prior(h.time), h.id) for h in hits.values()),
                        key=lambda x: (-x[0], -x[1]))
        kth = scored[want - 1][0] if len(scored) >= want else float("-inf")
        if len(ranked) < n_rank or (newest is not None and len(newest) < n_time):
            break  # one list holds every match
        last_rank = ranked[-1].rank
        bound = last_rank + weight * (1.0 if newest is None else prior(newest[-1].time))
        if bound <= kth:
            break
        if last_rank >= kth:
            n_rank *= 4
            ranked = fetch(conn, by_rank, params, n_rank)
        elif newest is None:
            newest = fetch(conn, by_time, params, n_time)
        else:
            n_time *= 4
            newest = fetch(conn, by_time, params, n_time)
    return [(i, s) for s, i in scored[:want]]

"""Relevance on the PostgreSQL backend: RUM ranks every match inside the index.

Score (docs/design.md, "Search at scale"): RUM's rank of the article for the query plus the
freshness prior SQLite's search adds (``khabar/store/sqlite_search.py``)::

    score = rank + FRESHNESS_WEIGHT · best_rank · 2^(−age / FRESHNESS_HALF_LIFE)

``rank`` is ``rum_ts_score``: cover density over the query's terms with their positions, a
title position (weight A) worth 10 body positions (weight D), repeated covers damped by 1/n²
(like ``ts_rank``), no length normalization. The RUM index (``rum_tsvector_ops``, migration
``0016_rum``) stores every term's positions, so ``ORDER BY document <=> query`` (the distance,
1 / rank) returns the matches best first without reading a document from the table.

No cut-off: the top ``want`` are found **exactly** from up to two ordered RUM scans — every
match by rank, and the matches younger than ``RECENT_HALF_LIVES`` half-lives by rank — each
grown ×4 until the page's last score is at least the best an unseen match could reach (the
list's last rank plus the prior bound of its age class), as ``sqlite_search.best`` does with
tantivy. Filters are conditions on ``articles`` joined to each scanned match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import bindparam, cast, column, select, table, text
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import Connection

from khabar.store.rows import sort_time
from khabar.store.schema import articles
from khabar.store.sqlite_search import (
    FIRST_LOOK, FRESHNESS_HALF_LIFE_DAYS, FRESHNESS_WEIGHT, RECENT_HALF_LIVES,
)

_FTS = table("article_fts", column("article_id"), column("document"))
#: the RUM distance; written exactly as the index's ORDER BY operator so the planner uses it
_DISTANCE = _FTS.c.document.op("<=>")(cast(bindparam("query"), TSQUERY))
_MATCH = text("article_fts.document @@ CAST(:query AS tsquery)")
_DAY_SECONDS = 86_400.0


@dataclass(frozen=True)
class Ranked:
    id: int
    rank: float
    time: float  # POSIX seconds


def ranked_statement(conditions: list, recent: bool):
    """The matches meeting ``conditions``, best rank first, ``:n`` of them; ``recent`` adds
    ``sort time >= :since``."""
    where = [_MATCH, *conditions]
    if recent:
        where.append(sort_time() >= bindparam("since"))
    return (select(_FTS.c.article_id.label("id"), _DISTANCE.label("distance"),
                   sort_time().label("sort_t"))
            .select_from(_FTS.join(articles, articles.c.id == _FTS.c.article_id))
            .where(*where)
            .order_by(_DISTANCE)
            .limit(bindparam("n")))


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


def fetch(conn: Connection, statement, params: dict, n: int) -> list[Ranked]:
    rows = conn.execute(statement, {**params, "n": n}).all()
    return [Ranked(r.id, _rank(r.distance), _seconds(r.sort_t)) for r in rows]


def best(conn: Connection, compiled: str, conditions: list, want: int, now: float,
         ) -> list[tuple[int, float]]:
    """The ``want`` best matches by the score above (id, score), exactly. ``now`` is the
    prior's reference time (POSIX seconds)."""
    half_life = FRESHNESS_HALF_LIFE_DAYS * _DAY_SECONDS
    params = {"query": compiled,
              "since": datetime.fromtimestamp(now - RECENT_HALF_LIVES * half_life, timezone.utc)}
    all_sql = ranked_statement(conditions, recent=False)
    recent_sql = ranked_statement(conditions, recent=True)
    first = max(FIRST_LOOK, 4 * want)
    n_all, n_recent = first, first
    everything = fetch(conn, all_sql, params, n_all)
    recent: list[Ranked] = []
    recent_searched = False
    while True:
        if not everything:
            return []
        weight = FRESHNESS_WEIGHT * everything[0].rank

        def score(hit: Ranked) -> float:
            return hit.rank + weight * 2.0 ** (-max(0.0, now - hit.time) / half_life)

        hits = {h.id: h for h in everything + recent}
        scored = sorted(((score(h), h.id) for h in hits.values()), key=lambda x: (-x[0], -x[1]))
        kth = scored[want - 1][0] if len(scored) >= want else float("-inf")
        unseen = len(everything) == n_all
        more_all = unseen and everything[-1].rank + weight * 2.0 ** -RECENT_HALF_LIVES > kth
        if not recent_searched:
            more_recent = unseen and everything[-1].rank + weight > kth
        else:
            more_recent = (len(recent) == n_recent and bool(recent)
                           and recent[-1].rank + weight > kth)
        if not (more_all or more_recent):
            break
        if more_all:
            n_all *= 4
            everything = fetch(conn, all_sql, params, n_all)
        if more_recent:
            if recent_searched:
                n_recent *= 4
            recent = fetch(conn, recent_sql, params, n_recent)
            recent_searched = True
    return [(i, s) for s, i in scored[:want]]

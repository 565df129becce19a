"""Search on the SQLite backend: tantivy ranks every match, SQLite holds the records.

Score (documented in docs/design.md, "Search at scale"): tantivy's BM25 over title (boost
``TITLE_BOOST``) and body, plus a freshness prior bounded by a share of the query's best
BM25::

    score = bm25 + FRESHNESS_WEIGHT · best_bm25 · 2^(−age / FRESHNESS_HALF_LIFE)

``age`` is counted from the newest stored article (or now, if that is later than now), so an
archive that stopped growing keeps its own "recent". The prior is added, never a cut-off:
the best ``offset + limit`` are found exactly — tantivy returns the top N by BM25, and N
grows until the page's last score is at least the best any unseen match could reach (its
BM25 and its prior are bounded: see ``best``).

Filters tantivy holds (sources, source, category, dates, stored after) are part of its
query. Any other filter (tags, entities, a reader's follows, mutes, read and saved state,
near copies) is asked of SQLite: when it allows at most ``RESIDUAL_IDS`` articles, their
ids join tantivy's query; otherwise tantivy's ranked matches are checked against it in
SQLite, and the count comes from FTS5. "Originals only" (the search page's filter) is held
by tantivy: each document says whether its article is a near copy (``Doc.copy``, re-queued
when clustering marks or unmarks one).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from khabar.store import tantivy_index as ti
from khabar.store.filters import ArticleFilter
from khabar.store.rows import sort_time
from khabar.store.schema import sources

#: the freshness prior's share of the query's best BM25 (an article of age 0 gets it all)
FRESHNESS_WEIGHT = 0.2
#: the age at which the prior is half of that, in days
FRESHNESS_HALF_LIFE_DAYS = 30.0
#: a filter tantivy does not hold that allows at most this many articles joins its query
RESIDUAL_IDS = 20_000
#: the first look at tantivy's ranking (per age bucket): this many, or 4× the page's end
FIRST_LOOK = 20
#: the recent list's first look: ``RECENT_LOOK`` first looks, or one in ``RECENT_SCALE`` of
#: all matches (up to ``RECENT_LOOK_MAX``) when that is more. Recent matches of a common word
#: tie on BM25 and the page needs their freshest: at 100,000 articles 12 of 104 recent lists
#: of 40 had to grow to 160 for the bench's 200 queries, and each search scores every match
#: again, while reading a hit more costs ~1 µs
RECENT_LOOK = 4
RECENT_SCALE = 256
RECENT_LOOK_MAX = 1024
#: a match younger than this many half-lives is "recent" for ``best`` (older ones get under
#: 1/64 of the prior's maximum)
RECENT_HALF_LIVES = 6
#: how long the freshness prior's "now" is reused
REFERENCE_SECONDS = 60.0

_DAY_US = 86_400 * 1_000_000


def decode(compiled: str) -> dict:
    return json.loads(compiled)


def text_query(compiled: dict) -> tuple[list[Any], list[Any]]:
    must = [ti.any_of(ti.text_clause(alt) for alt in clause) for clause in compiled["must"]]
    must_not = [ti.text_clause(t) for t in compiled["not"]]
    return must, must_not


def native_filters(conn: Connection, filters: ArticleFilter) -> list[Any] | None:
    """tantivy queries for the filters it holds; None when they allow no article."""
    out: list[Any] = []
    if filters.sources:
        names = [n.lower() for n in filters.sources]
        ids = [r[0] for r in conn.execute(
            select(sources.c.id).where(func.lower(sources.c.name).in_(names)))]
        if not ids:
            return None
        out.append(ti.source_set(ids))
    if filters.source_id is not None:
        out.append(ti.source_set([filters.source_id]))
    if filters.category:
        out.append(ti.term_query("category", filters.category))
    if filters.since is not None or filters.until is not None:
        out.append(ti.time_range(filters.since, filters.until))
    if filters.stored_after_id is not None:
        out.append(ti.id_after(filters.stored_after_id))
    return out


def residual(filters: ArticleFilter | None) -> ArticleFilter:
    """The part of ``filters`` tantivy does not hold."""
    if filters is None:
        return ArticleFilter()
    return replace(filters, sources=(), source_id=None, category=None, since=None, until=None,
                   stored_after_id=None)


_reference: list[tuple[float, int, int]] = []  # (when looked up, store id, time)


def reference_time(conn: Connection) -> int:
    """Now for the freshness prior, in µs: the newest article's time, if not in the future
    (looked up at most every ``REFERENCE_SECONDS``)."""
    key = id(conn.engine)
    for looked, engine_id, value in _reference:
        if engine_id == key and time.monotonic() - looked < REFERENCE_SECONDS:
            return value
    value = _reference_time(conn)
    _reference[:] = [r for r in _reference if r[1] != key][-7:] + [(time.monotonic(), key, value)]
    return value


def _reference_time(conn: Connection) -> int:
    newest = conn.execute(select(func.max(sort_time()))).scalar()
    now = ti.micros(datetime.now(timezone.utc))
    if newest is None:
        return now
    if isinstance(newest, str):
        newest = datetime.fromisoformat(newest)
    return min(now, ti.micros(newest))


def freshness(top: float, now_us: int) -> Callable[[ti.Hit], float]:
    half_life = FRESHNESS_HALF_LIFE_DAYS * _DAY_US
    weight = FRESHNESS_WEIGHT * top

    def score(hit: ti.Hit) -> float:
        age = max(0, now_us - hit.time_us)
        return hit.score + weight * 2.0 ** (-age / half_life)
    return score


def best(searcher: Any, query: Any, want: int, now_us: int,
         allowed: Callable[[list[int]], set[int]] | None = None,
         ) -> tuple[list[tuple[int, float]], int]:
    """The ``want`` best matches by the score above (id, score), exactly, and how many match
    the query in tantivy.

    Up to two tantivy searches: the top N of every match by BM25, and (when the first cannot
    settle the page) the top N' of the recent ones (younger than ``RECENT_HALF_LIVES``
    half-lives; N' is ``RECENT_LOOK``'s) by BM25. A match in neither list scores
    at most the first list's N-th BM25 plus the prior of an old match (under
    2^−RECENT_HALF_LIVES of its maximum) if it is old, or the recent list's N-th BM25 plus
    the whole prior if it is recent. N grows (×4) in the list whose bound still reaches the
    page's last score. Each search scores every match it asks for (tantivy cannot prune under
    a count), so searches are what cost at scale: the recent list starts deeper, the ids are
    read only for the page (and for a residual filter), one fast field per hit otherwise."""
    half_life = FRESHNESS_HALF_LIFE_DAYS * _DAY_US
    recent_query = ti.all_of([query], (), [
        ti.time_range_us(now_us - int(RECENT_HALF_LIVES * half_life), None)])
    first = max(FIRST_LOOK, 4 * want)
    n_all = first
    everything, counted = ti.scored(searcher, query, n_all)
    count = counted or 0
    n_recent = max(RECENT_LOOK * first, min(count // RECENT_SCALE, RECENT_LOOK_MAX))
    # The recent list is searched only when needed: before it is, an unseen match scores at
    # most the first list's N-th BM25 plus the whole prior (a rare word: one search).
    recent: list[tuple[float, int, Any]] = []
    recent_count: int | None = None
    ids: dict[tuple[int, int], int] = {}
    passing: dict[tuple[int, int], bool] = {}
    while True:
        if not everything:
            return [], count
        top = everything[0][0]
        weight = FRESHNESS_WEIGHT * top
        scores: dict[tuple[int, int], float] = {}
        addresses: dict[tuple[int, int], Any] = {}
        for bm25, t, address in everything + recent:  # a match in both lists scores the same
            key = (address.segment_ord, address.doc)
            if key not in scores:
                age = max(0, now_us - t)
                scores[key] = bm25 + weight * 2.0 ** (-age / half_life)
                addresses[key] = address
        if allowed is not None:
            unknown = [k for k in scores if k not in passing]
            if unknown:
                _read_ids(searcher, unknown, addresses, ids)
                allowed_ids = allowed([ids[k] for k in unknown])
                passing.update((k, ids[k] in allowed_ids) for k in unknown)
            scores = {k: v for k, v in scores.items() if passing[k]}
        ordered = sorted(scores.values(), reverse=True)
        kth = ordered[want - 1] if len(ordered) >= want else float("-inf")
        unseen = count > len(everything)
        more_all = unseen and everything[-1][0] + weight * 2.0 ** -RECENT_HALF_LIVES > kth
        if recent_count is None:
            more_recent = unseen and everything[-1][0] + weight > kth
        else:
            more_recent = recent_count > len(recent) and recent[-1][0] + weight > kth
        if not (more_all or more_recent):
            break
        if more_all:  # the count is known: the next searches do not count again
            n_all = min(count, n_all * 4)
            everything, _ = ti.scored(searcher, query, n_all, count=False)
        if more_recent:
            if recent_count is None:
                recent, counted = ti.scored(searcher, recent_query, n_recent)
                recent_count = counted or 0
            else:
                n_recent = min(recent_count, n_recent * 4)
                recent, _ = ti.scored(searcher, recent_query, n_recent, count=False)
    # The page: every seen match scoring at least the page's last score (ties included),
    # ordered as the exhaustive ranking orders them (score, then the newer id).
    page = [k for k, v in scores.items() if v >= kth]
    _read_ids(searcher, page, addresses, ids)
    chosen = sorted(((scores[k], ids[k]) for k in page), key=lambda x: (-x[0], -x[1]))[:want]
    return [(i, v) for v, i in chosen], count


def _read_ids(searcher: Any, keys: list[tuple[int, int]], addresses: dict[tuple[int, int], Any],
              ids: dict[tuple[int, int], int]) -> None:
    missing = [k for k in keys if k not in ids]
    ids.update(zip(missing, ti.ids_of(searcher, [addresses[k] for k in missing])))

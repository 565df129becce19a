"""PostgreSQL: ranking every match, candidates side by side on a search_scale.py database.

    nice -n 10 .venv/bin/python bench/pg_rank.py --pg-url postgresql://postgres@127.0.0.1:5432/khabar_bench \\
        [--queries 200] [--variants rum,gin_exhaustive,gin_bounded] [--no-overlap]

The database is one ``bench/search_scale.py --backends postgresql --keep`` left (on this
branch it has the RUM index of migration 0016; on an older one the index is built here and
its build time reported). The queries are that bench's (seed 2026, the same ANT headlines),
filters included. Each query runs every variant in turn (one warm-up pass, one measured
pass), each as a search page is served: the top 10 with the freshness prior in the score, the
capped count and the 10 articles read:

- ``rum``: ``khabar.store.postgres_search.best`` (RUM's rank, ordered scans of the RUM index,
  exact top 10 by rank + prior; the store's search on this branch);
- ``gin_exhaustive``: ``ts_rank`` + prior over every match (GIN bitmap), the ranking the old
  newest-5,000 window approximated;
- ``gin_bounded``: ``ts_rank`` + prior over a bounded, IDF-aware candidate set: every match
  when the query matches at most ``BOUND`` articles (rare terms: exhaustive), else the newest
  ``BOUND`` matches and every match with a query term in its title.

Overlap: each variant's top 10 against the exhaustive ranking of its own score (every match
scored in SQL, sorted in Python): ``rum`` against ``rum_ts_score`` + prior over every match,
the ``gin`` variants against ``gin_exhaustive``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_scale import make_queries, percentiles  # noqa: E402
from synthetic import ANT, load_ant  # noqa: E402

from sqlalchemy import bindparam, cast, func, literal_column, select, text  # noqa: E402
from sqlalchemy.dialects.postgresql import TSQUERY  # noqa: E402

from khabar.search.service import compile_query, prepare  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.store import postgres_search as ps  # noqa: E402
from khabar.store import sqlite_search as ts  # noqa: E402
from khabar.store.base import COUNT_CAP  # noqa: E402
from khabar.store.rows import sort_time  # noqa: E402
from khabar.store.schema import articles  # noqa: E402
from khabar.store.sql import filter_conditions  # noqa: E402

WEIGHTS = "'{0.3333, 0, 0, 1.0}'"
BOUND = 5000
HALF_LIFE = ts.FRESHNESS_HALF_LIFE_DAYS * 86_400.0
_FTS = ps._FTS
_MATCH = ps._MATCH
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


def matches(conditions):
    return (select(_FTS.c.article_id)
            .select_from(_FTS.join(articles, articles.c.id == _FTS.c.article_id))
            .where(_MATCH, *conditions))


def count(conn, conditions, params) -> int:
    stmt = select(func.count()).select_from(matches(conditions).limit(COUNT_CAP + 1).subquery())
    return conn.execute(stmt, params).scalar_one()


def scored_top(rows, now: float, want: int = 10) -> list[int]:
    """rows (id, rank, time): top ``want`` by rank + prior, as the stores compute it."""
    rows = [(i, r or 0.0, ps._seconds(t)) for i, r, t in rows]
    if not rows:
        return []
    weight = ts.FRESHNESS_WEIGHT * max(r for _, r, _ in rows)
    scored = sorted(((r + weight * 2.0 ** (-max(0.0, now - t) / HALF_LIFE), i) for i, r, t in rows),
                    key=lambda x: (-x[0], -x[1]))
    return [i for _, i in scored[:want]]


def ts_rank_rows(conn, conditions, params, extra=None):
    rank = func.ts_rank(literal_column(WEIGHTS), _FTS.c.document,
                        cast(bindparam("query"), TSQUERY), 1)
    stmt = (select(_FTS.c.article_id, rank, sort_time())
            .select_from(_FTS.join(articles, articles.c.id == _FTS.c.article_id))
            .where(_MATCH, *conditions))
    if extra is not None:
        stmt = stmt.where(_FTS.c.article_id.in_(extra))
    return conn.execute(stmt, params).all()


def gin_exhaustive(conn, conditions, params, now):
    return scored_top(ts_rank_rows(conn, conditions, params), now)


def gin_bounded(conn, conditions, params, now, compiled):
    n = conn.execute(select(func.count()).select_from(
        matches(conditions).limit(BOUND + 1).subquery()), params).scalar_one()
    if n <= BOUND:
        return scored_top(ts_rank_rows(conn, conditions, params), now)
    terms = set(_LEXEME.findall(compiled.split("!")[0] if "!" in compiled else compiled))
    title_q = " | ".join(f"'{t}':A" for t in terms)
    newest = (matches(conditions).order_by(_FTS.c.article_id.desc()).limit(BOUND))
    titled = matches(conditions).where(
        text("article_fts.document @@ CAST(:title_q AS tsquery)"))
    cands = newest.union(titled).subquery()
    return scored_top(ts_rank_rows(conn, conditions, {**params, "title_q": title_q},
                                   extra=select(cands.c.article_id)), now)


def rum(conn, conditions, params, now, compiled):
    return [i for i, _ in ps.best(conn, compiled, conditions, 10, now)]


def rum_exhaustive(conn, conditions, params, now):
    score = func.rum_ts_score(_FTS.c.document, cast(bindparam("rank_query"), TSQUERY))
    stmt = (select(_FTS.c.article_id, score, sort_time())
            .select_from(_FTS.join(articles, articles.c.id == _FTS.c.article_id))
            .where(_MATCH, *conditions))
    params = {**params, "rank_query": ps.rank_query(params["query"])}
    return scored_top(conn.execute(stmt, params).all(), now)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--variants", default="rum,gin_exhaustive,gin_bounded")
    parser.add_argument("--no-overlap", action="store_true")
    args = parser.parse_args()
    variants = args.variants.split(",")
    queries = make_queries(load_ant(ANT), args.queries)
    store = open_store(args.pg_url)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS rum"))
        has = conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_article_fts_rum'")).first()
        if not has:
            t0 = time.perf_counter()
            conn.execute(text("CREATE INDEX ix_article_fts_rum ON article_fts "
                              "USING rum (document rum_tsvector_ops)"))
            print(f"RUM index built in {time.perf_counter() - t0:.0f} s")
            conn.execute(text("ANALYZE article_fts"))
        for name in ("ix_article_fts_rum", "ix_article_fts_document"):
            size = conn.execute(text("SELECT pg_relation_size(to_regclass(:n))"), {"n": name}).scalar()
            print(f"{name}: {(size or 0) / 1e6:,.0f} MB")
    times: dict[str, dict[str, list[float]]] = {v: {} for v in variants}
    tops: dict[str, dict[str, list[int]]] = {v: {} for v in variants}
    with store.engine.connect() as conn:
        now = ts.reference_time(conn) / 1e6
        for measured in (False, True):
            for kind, q in queries:
                analyzed = prepare(q)
                compiled = compile_query("tsquery", analyzed)
                conditions = filter_conditions(analyzed.filters)
                params = {"query": compiled}
                for v in variants:
                    t0 = time.perf_counter()
                    if v == "rum":
                        top = rum(conn, conditions, params, now, compiled)
                    elif v == "gin_exhaustive":
                        top = gin_exhaustive(conn, conditions, params, now)
                    else:
                        top = gin_bounded(conn, conditions, params, now, compiled)
                    count(conn, conditions, params)
                    store.articles_by_id(conn, top)
                    elapsed = (time.perf_counter() - t0) * 1000
                    conn.rollback()
                    if measured:
                        times[v].setdefault(kind, []).append(elapsed)
                        tops[v][q] = top
    for v in variants:
        allt = [x for xs in times[v].values() for x in xs]
        p = percentiles(allt)
        cells = "  ".join(f"{k} {percentiles(xs)['p50']:.1f}/{percentiles(xs)['p95']:.1f}"
                          for k, xs in times[v].items())
        print(f"{v:<15} p50 {p['p50']:7.1f}  p95 {p['p95']:7.1f}  max {p['max']:7.1f} ms | {cells}")
    if args.no_overlap:
        return
    reference: dict[str, dict[str, list[int]]] = {"rum": {}, "gin": {}}
    with store.engine.connect() as conn:
        for _, q in queries:
            analyzed = prepare(q)
            compiled = compile_query("tsquery", analyzed)
            conditions = filter_conditions(analyzed.filters)
            params = {"query": compiled}
            if "rum" in variants:
                reference["rum"][q] = rum_exhaustive(conn, conditions, params, now)
            if any(v.startswith("gin") for v in variants):
                reference["gin"][q] = (tops["gin_exhaustive"][q] if "gin_exhaustive" in variants
                                       else gin_exhaustive(conn, conditions, params, now))
    for v in variants:
        ref = reference["rum" if v == "rum" else "gin"]
        shares = [len(set(tops[v][q]) & set(full)) / len(full)
                  for q, full in ref.items() if full]
        same = sum(1 for q, full in ref.items() if full and tops[v][q] == full)
        print(f"{v:<15} top-10 overlap with its exhaustive ranking {statistics.mean(shares):.3f} "
              f"({same} of {len(shares)} identical in order)")


if __name__ == "__main__":
    main()

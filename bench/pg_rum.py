"""PostgreSQL ranking of every match: RUM against GIN, on a database search_scale.py kept.

    nice -n 10 .venv/bin/python bench/pg_rum.py --pg-url postgresql://postgres@127.0.0.1:5432/khabar_bench \\
        [--queries 200] [--articles 100000]

Needs Debian's ``postgresql-15-rum`` (``CREATE EXTENSION rum``). The database is one
``bench/search_scale.py --backends postgresql --keep`` left; the queries are that bench's (seed
2026, the same ANT headlines). Without filters (the RUM index holds the tsvector only), each
query is run as:

- ``gin window``: khabar's ``store.search`` today (GIN; ts_rank over the newest 5,000 matches);
- ``gin exhaustive``: ts_rank over every match, top 10 (the ranking the window approximates);
- ``rum``: ``ORDER BY document <=> query LIMIT 10`` on a RUM index (every match ranked inside
  the index by RUM's own score), with the capped count as khabar takes it;

and reports p50 / p95 / max per method, and the top-10 overlap of the window with the
exhaustive ts_rank ranking. The index build time and size are reported too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_scale import make_queries, percentiles  # noqa: E402
from synthetic import ANT, load_ant  # noqa: E402

from sqlalchemy import text  # noqa: E402

from khabar.search.service import compile_query, prepare  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.store.base import COUNT_CAP  # noqa: E402

WEIGHTS = "'{0.3333, 0, 0, 1.0}'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    queries = [(k, q) for k, q in make_queries(load_ant(ANT), args.queries) if k != "filter"]
    store = open_store(args.pg_url)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS rum"))
        t0 = time.perf_counter()
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_article_fts_rum ON article_fts "
                          "USING rum (document rum_tsvector_ops)"))
        build = time.perf_counter() - t0
        size = conn.execute(text("SELECT pg_relation_size('ix_article_fts_rum')")).scalar_one()
        gin = conn.execute(text("SELECT pg_relation_size('ix_article_fts_document')")).scalar_one()
        conn.execute(text("ANALYZE article_fts"))
    print(f"RUM index: built in {build:.0f} s, {size / 1e6:,.0f} MB (GIN {gin / 1e6:,.0f} MB)")
    exhaustive_sql = text(
        f"SELECT article_id FROM article_fts WHERE document @@ CAST(:q AS tsquery) "
        f"ORDER BY ts_rank({WEIGHTS}, document, CAST(:q AS tsquery), 1) DESC, article_id DESC "
        f"LIMIT 10")
    rum_sql = text("SELECT article_id FROM article_fts WHERE document @@ CAST(:q AS tsquery) "
                   "ORDER BY document <=> CAST(:q AS tsquery) LIMIT 10")
    count_sql = text("SELECT count(*) FROM (SELECT 1 FROM article_fts WHERE document @@ "
                     f"CAST(:q AS tsquery) LIMIT {COUNT_CAP + 1}) m")
    times: dict[str, list[float]] = {"gin window": [], "gin exhaustive": [], "rum": []}
    overlaps = []
    for measured in (False, True):
        for _, q in queries:
            compiled = compile_query("tsquery", prepare(q))
            t0 = time.perf_counter()
            window = [a.id for a, _ in store.search(compiled, limit=10).hits]
            t1 = time.perf_counter()
            with store.engine.connect() as conn:
                conn.execute(text("SET enable_indexscan = off"))  # GIN bitmap, not RUM
                full = [r[0] for r in conn.execute(exhaustive_sql, {"q": compiled})]
                conn.execute(count_sql, {"q": compiled}).scalar_one()
                t2 = time.perf_counter()
                conn.execute(text("SET enable_indexscan = on"))
                conn.execute(text("SET enable_bitmapscan = off"))  # the ordered RUM scan
                t2b = time.perf_counter()
                [r[0] for r in conn.execute(rum_sql, {"q": compiled})]
                conn.execute(text("SET enable_bitmapscan = on"))
                conn.execute(count_sql, {"q": compiled}).scalar_one()
                t3 = time.perf_counter()
                conn.rollback()
            if measured:
                times["gin window"].append((t1 - t0) * 1000)
                times["gin exhaustive"].append((t2 - t1) * 1000)
                times["rum"].append((t3 - t2b) * 1000)
                if full:
                    overlaps.append(len(set(window) & set(full)) / len(full))
    for name, values in times.items():
        p = percentiles(values)
        print(f"{name:<15} p50 {p['p50']:8.1f} ms  p95 {p['p95']:8.1f} ms  max {p['max']:8.1f} ms")
    print(f"gin window top-10 overlap with exhaustive ts_rank: {statistics.mean(overlaps):.3f} "
          f"over {len(overlaps)} queries")


if __name__ == "__main__":
    main()

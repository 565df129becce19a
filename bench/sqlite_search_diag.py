"""Where SQLiteStore.search spends its time at scale, and what a rewrite would save.

    .venv/bin/python bench/sqlite_search_diag.py DB [--queries 200]

DB is a database left by ``bench/search_scale.py --keep`` (``sqlite-N.db``). The same 200
queries (seed 2026) run, after a warm-up pass, as:

- ``store.search`` as it is (baseline), and its three statements on their own: the page
  (``ORDER BY bm25(...) LIMIT 10`` over ``article_fts JOIN articles``), the count
  (``count(*)`` over the same join) and the fetch of the 10 articles;
- a prototype (monkeypatched here, not in khabar). Without filters: the page ranks inside
  FTS5 on the FTS table alone (``rank MATCH 'bm25(3.0, 1.0)' ... ORDER BY rank LIMIT``, no
  join with ``articles`` for every match) and the count is ``count(*)`` on the FTS table
  alone. With filters: the page is the current statement; the count becomes
  ``articles.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?) AND filters`` —
  as written now, SQLite's planner drives the count from ``ix_articles_category`` (or
  another filter index) and re-runs the MATCH once per article of that category;
- the prototype with the count capped (``count(*)`` of the first ``CAP + 1`` matches);
- that, and only the ``--window`` newest-stored matches (default 20,000) ranked by bm25 (a
  freshness cut: changes which articles can reach the top 10 — reported as overlap).

It reports p50 / p95 / max per query kind, and how each kind's time grows with its matches.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_scale import ANT, make_queries, percentiles  # noqa: E402
from synthetic import load_ant  # noqa: E402

from sqlalchemy import literal_column, select, text  # noqa: E402

from khabar.errors import QueryError  # noqa: E402
from khabar.search import prepare  # noqa: E402
from khabar.search.compile_fts5 import compile_fts5  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.store.base import SearchPage  # noqa: E402
from khabar.store.schema import articles  # noqa: E402
from khabar.store.sql import filter_conditions  # noqa: E402
from khabar.store.sqlite import _FTS, TITLE_WEIGHT, SQLiteStore  # noqa: E402

CAP = 1000
#: a variant slower than this on a query in the warm-up pass is not run again on it
SLOW_SECONDS = 3.0
WINDOW = 20_000


def prototype_search(cap: int | None, window: int | None = None):
    """A replacement for SQLiteStore.search (relevance order only, as the bench uses).

    ``window``: rank only the ``window`` newest-stored matches (FTS5 walks the doclists in
    rowid order, newest first, and stops), so ranking costs at most ``window`` bm25 calls."""

    def search(self, compiled, *, limit=20, offset=0, order="relevance", filters=None):
        assert order == "relevance"
        conditions = filter_conditions(filters)
        rank = text(f"rank MATCH 'bm25({TITLE_WEIGHT}, 1.0)'")
        params = {"match": compiled}
        if window:
            score = literal_column(f"bm25(article_fts, {TITLE_WEIGHT}, 1.0)").label("score")
            if conditions:
                recent = (select(articles.c.id, score)
                          .select_from(_FTS.join(articles, articles.c.id == _FTS.c.rowid))
                          .where(text("article_fts MATCH :match"), *conditions)
                          .order_by(_FTS.c.rowid.desc()).limit(window).subquery())
                matching = select(literal_column("rowid")).select_from(text("article_fts")).where(
                    text("article_fts MATCH :match"))
                inner = select(literal_column("1")).select_from(articles).where(
                    articles.c.id.in_(matching), *conditions)
            else:
                recent = (select(literal_column("rowid").label("id"), score)
                          .select_from(text("article_fts")).where(text("article_fts MATCH :match"))
                          .order_by(text("rowid DESC")).limit(window).subquery())
                inner = select(literal_column("1")).select_from(text("article_fts")).where(
                    text("article_fts MATCH :match"))
            page = select(recent.c.id, recent.c.score).order_by(recent.c.score).limit(limit).offset(offset)
        elif not conditions:
            fts = select(literal_column("rowid").label("id"), literal_column("rank").label("score"))
            fts = fts.select_from(text("article_fts")).where(text("article_fts MATCH :match"), rank)
            page = fts.order_by(text("rank")).limit(limit).offset(offset)
            inner = select(literal_column("1")).select_from(text("article_fts")).where(
                text("article_fts MATCH :match"))
        else:
            score = literal_column(f"bm25(article_fts, {TITLE_WEIGHT}, 1.0)").label("score")
            page = (select(articles.c.id, score)
                    .select_from(_FTS.join(articles, articles.c.id == _FTS.c.rowid))
                    .where(text("article_fts MATCH :match"), *conditions)
                    .order_by(score).limit(limit).offset(offset))
            matching = select(literal_column("rowid")).select_from(text("article_fts")).where(
                text("article_fts MATCH :match"))
            inner = select(literal_column("1")).select_from(articles).where(
                articles.c.id.in_(matching), *conditions)
        if cap is not None:
            if conditions:
                # Walk the matches newest first and stop at cap + 1 (FTS5 drives the join).
                inner = (select(literal_column("1"))
                         .select_from(_FTS.join(articles, articles.c.id == _FTS.c.rowid))
                         .where(text("article_fts MATCH :match"), *conditions)
                         .order_by(_FTS.c.rowid.desc()))
            inner = inner.limit(cap + 1)
        count = select(literal_column("count(*)")).select_from(inner.subquery())
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(page, params).all()
                total = conn.execute(count, params).scalar_one()
                found = self.articles_by_id(conn, [r.id for r in rows])
        except Exception as exc:  # noqa: BLE001
            raise QueryError(f"FTS5 rejected {compiled!r}: {exc}") from exc
        return SearchPage(hits=[(found[r.id], -r.score) for r in rows if r.id in found],
                          total=total)

    return search


def parts(store, compiled: str, filters) -> dict:
    """The three statements of the current SQLiteStore.search, timed one by one."""
    from sqlalchemy import func
    from khabar.store.sqlite import _FTS

    score = literal_column(f"bm25(article_fts, {TITLE_WEIGHT}, 1.0)").label("score")
    matches = (select(articles.c.id, score)
               .select_from(_FTS.join(articles, articles.c.id == _FTS.c.rowid))
               .where(text("article_fts MATCH :match"), *filter_conditions(filters)))
    page = matches.order_by(score).limit(10)
    count = select(func.count()).select_from(matches.subquery())
    params = {"match": compiled}
    out = {}
    with store.engine.connect() as conn:
        t0 = time.perf_counter()
        ids = [r.id for r in conn.execute(page, params)]
        t1 = time.perf_counter()
        out["total"] = conn.execute(count, params).scalar_one()
        t2 = time.perf_counter()
        store.articles_by_id(conn, ids)
        t3 = time.perf_counter()
    out.update(page_ms=(t1 - t0) * 1000, count_ms=(t2 - t1) * 1000, fetch_ms=(t3 - t2) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--window", type=int, default=WINDOW)
    parser.add_argument("--skip-current", action="store_true",
                        help="prototypes only (the current search takes minutes at 1M)")
    args = parser.parse_args()
    window = args.window
    queries = make_queries(load_ant(ANT), args.queries)
    store = open_store(args.db, migrate=False)
    current = SQLiteStore.search
    variants = {"current": current, "prototype": prototype_search(None),
                f"prototype, count capped at {CAP}": prototype_search(CAP),
                f"capped, newest {window:,} ranked": prototype_search(CAP, window)}
    if args.skip_current:
        variants = {k: v for k, v in variants.items() if k != "current"}
    prepared = [(kind, q, prepare(q)) for kind, q in queries]
    rows: list[dict] = [{"kind": kind, "query": q} for kind, q, _ in prepared]
    # Round-robin: each query runs under every variant in turn, so load from other processes
    # falls on all variants alike.
    for measured in (False, True):
        for row, (_, _, analyzed) in zip(rows, prepared):
            compiled = compile_fts5(analyzed)
            for name, fn in variants.items():
                if measured and row.get(name + " warm", 0) > SLOW_SECONDS * 1000:
                    row[name], row[name + " once"] = row[name + " warm"], True
                    continue  # very slow: its warm-up time stands
                SQLiteStore.search = fn
                t0 = time.perf_counter()
                page = store.search(compiled, limit=10, filters=analyzed.filters)
                elapsed = (time.perf_counter() - t0) * 1000
                row[name + " total"] = page.total
                row[name + " top"] = [a.id for a, _ in page.hits]
                row[name + (" warm" if not measured else "")] = elapsed
            SQLiteStore.search = current
            if measured and not args.skip_current:
                row.update(parts(store, compiled, analyzed.filters))
    SQLiteStore.search = current
    base = "prototype" if args.skip_current else "current"  # same top 10 as current
    if not args.skip_current:
        same = sum(r["current top"] == r["prototype top"] for r in rows)
        print(f"{args.db}: {len(rows)} queries; prototype returns the same top 10 for {same}"
              f" (differences are ties in score)")
    wname = f"capped, newest {window:,} ranked"
    overlap = [len(set(r[base + " top"]) & set(r[wname + " top"])) / len(r[base + " top"])
               for r in rows if r[base + " top"]]
    print(f"newest-{window:,} window: mean top-10 overlap with {base} "
          f"{sum(overlap) / len(overlap):.2f}; identical for "
          f"{sum(r[base + ' top'] == r[wname + ' top'] for r in rows)} queries")
    columns = [c for c in ["current", "page_ms", "count_ms", "fetch_ms", "prototype",
                           f"prototype, count capped at {CAP}", wname] if c in rows[0]]
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    print(f"\n{'ms p50 / p95 / max':<22}" + "".join(f"{c[:24]:>26}" for c in columns))
    for kind in kinds + ["all"]:
        sel = [r for r in rows if kind in ("all", r["kind"])]
        cells = []
        for c in columns:
            p = percentiles([r[c] for r in sel])
            cells.append(f"{p['p50']:.1f} / {p['p95']:.1f} / {p['max']:.0f}")
        print(f"{kind + f' ({len(sel)})':<22}" + "".join(f"{c:>26}" for c in cells))
    print("\nby number of matches, p50 / p95 ms:")
    buckets = defaultdict(list)
    for r in rows:
        n = r["prototype total"]
        b = ("0-999" if n < 1000 else "1k-9.9k" if n < 10_000 else "10k-99k" if n < 100_000
             else "100k+")
        buckets[b].append(r)
    for b in ("0-999", "1k-9.9k", "10k-99k", "100k+"):
        sel = buckets.get(b)
        if not sel:
            continue
        cells = []
        for c in columns:
            p = percentiles([r[c] for r in sel])
            cells.append(f"{c[:12]} {p['p50']:.1f} / {p['p95']:.1f}")
        print(f"  {b:<8} n={len(sel):<4} " + " | ".join(cells))
    print(f"\nslowest 12 queries ({base}):")
    for r in sorted(rows, key=lambda r: -r[base])[:12]:
        cells = "  ".join(f"{c[:12]} {r[c]:8.1f}" for c in columns)
        print(f"  {cells}  {r['prototype total']:>8,} matches  {r['kind']:<8} {r['query']}")


if __name__ == "__main__":
    main()

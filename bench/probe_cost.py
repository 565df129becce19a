"""Cost of what /readyz, /metrics and khabar doctor ask the database, on an SQLite store.

    .venv/bin/python bench/probe_cost.py DB          # an existing khabar database (SQLite)

Prints the median and max of 20 runs of each query, and, side by side, the index count the
probe uses (FTS5's docsize shadow table) against ``count(*)`` on the FTS5 table itself.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import text

from khabar import metrics
from khabar.store import health, open_store


def timed(label: str, fn: Callable[[], object], runs: int = 20) -> float:
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(f"{label:<28} median {median:8.2f} ms   max {max(times):8.2f} ms")
    return median


def main(db: str) -> None:
    with open_store(db, migrate=False) as store:
        print(f"{db}: {store.count_articles()} articles")
        timed("readiness (/readyz)", lambda: health.readiness(store))
        docsize = timed("index_counts (docsize)", lambda: health.index_counts(store))
        with store.engine.connect() as conn:
            scan = timed("count(*) on article_fts",
                         lambda: conn.execute(text("SELECT count(*) FROM article_fts")).scalar())
        timed("polling_state", lambda: health.polling_state(store, datetime.now(UTC)))
        timed("exposition (/metrics)", lambda: metrics.exposition(store))
        print(f"count(*) on the FTS5 table / docsize count: {scan / max(docsize, 1e-6):.0f}x")


if __name__ == "__main__":
    main(sys.argv[1])

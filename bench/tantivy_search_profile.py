"""Where ``store.search`` (SQLite + tantivy) spends its time, per query kind and per step.

    .venv/bin/python bench/tantivy_search_profile.py DB [--queries 200] [--rounds 3]

DB is a database left by ``bench/search_scale.py --keep`` (``sqlite-N.db``). The bench's
200 queries (seed 2026) run ``--rounds`` times after a warm-up pass; each step of
``_tantivy_search`` is timed by wrapping the function that does it (CPU time of this
process, ``time.process_time``, summed per query): the tantivy searches of ``best``
(``ranked``, with how many per query), the freshness rescoring in Python (``best`` minus its
searches), the newest article's time, the filters, reading the page's rows, and the rest
(the searcher, the connection, building the query). Also the tantivy reference's own cost
for the same query: one ``search(query, 10, count=True)``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_scale_data import make_queries  # noqa: E402
from search_scale_report import percentiles  # noqa: E402
from synthetic import ANT, load_ant  # noqa: E402

from khabar.search import prepare  # noqa: E402
from khabar.search.service import _COMPILERS  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.store import sqlite_search as ts  # noqa: E402
from khabar.store import tantivy_index as ti  # noqa: E402

STEPS = ("ranked", "rescore", "reference_time", "native_filters", "articles_by_id", "other")


class Clock:
    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            t0 = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.spent[label] += time.process_time() - t0
                self.calls[label] += 1
        setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    queries = make_queries(load_ant(ANT), args.queries)
    store = open_store(args.db)
    compile_ = _COMPILERS[store.search_dialect]
    clock = Clock()
    for name in ("ranked", "scored"):  # the searches (``scored`` since sqlitep95)
        if hasattr(ti, name):
            clock.wrap(ti, name, "ranked")
    clock.wrap(ts, "best", "best")
    clock.wrap(ts, "reference_time", "reference_time")
    clock.wrap(ts, "native_filters", "native_filters")
    clock.wrap(type(store), "articles_by_id", "articles_by_id")
    compiled = [(kind, compile_(prepare(text)), prepare(text).filters) for kind, text in queries]
    per_kind: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    _, searcher = store.search_index.searcher()
    for round_ in range(args.rounds + 1):
        for kind, c, filters in compiled:
            clock.spent.clear()
            clock.calls.clear()
            t0 = time.process_time()
            store.search(c, limit=10, filters=filters)
            total = time.process_time() - t0
            if not round_:
                continue
            row = per_kind[kind]
            row["total"].append(total)
            row["ranked"].append(clock.spent["ranked"])
            row["searches"].append(clock.calls["ranked"])
            row["rescore"].append(clock.spent["best"] - clock.spent["ranked"])
            for step in ("reference_time", "native_filters", "articles_by_id"):
                row[step].append(clock.spent[step])
            row["other"].append(total - clock.spent["best"] - clock.spent["reference_time"]
                                - clock.spent["native_filters"] - clock.spent["articles_by_id"])
            native = ts.native_filters(store.engine.connect(), filters) or []
            must, must_not = ts.text_query(ts.decode(c))
            q = ti.all_of(must, must_not, native)
            t0 = time.process_time()
            searcher.search(q, 10, count=True)
            row["reference"].append(time.process_time() - t0)
    print(f"{args.db}: CPU ms per query, mean (p95); searches per query mean / max")
    header = ["kind", "n", "total", *STEPS, "reference 1 search", "searches"]
    print(" | ".join(header))
    every: dict[str, list[float]] = defaultdict(list)
    for row in per_kind.values():
        for k, v in row.items():
            every[k].extend(v)
    for kind, row in [*per_kind.items(), ("all", every)]:
        cells = [kind, str(len(row["total"]))]
        for step in ("total", *STEPS, "reference"):
            p = percentiles([v * 1000 for v in row[step]])
            cells.append(f"{p['mean']:.2f} ({p['p95']:.2f})")
        cells.append(f"{sum(row['searches']) / len(row['searches']):.2f} / {max(row['searches'])}")
        print(" | ".join(cells))
    store.close()


if __name__ == "__main__":
    main()

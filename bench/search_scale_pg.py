"""Search at scale, PostgreSQL's import: a bulk load that stores what khabar's import stores.

Part of ``bench/search_scale.py``. ``store.add_articles`` with every RUM and GIN update per row
ran at 31–50 articles/s (six hours for 1M); this load is still ``store.add_articles`` in
batches of 1,000 — the same rows, ids, exact-copy links and tsvectors — but

- two writer processes store alternate batches, as the import's workers do on PostgreSQL
  (ids are given in commit order: the same rows, numbered by which batch came first);
- the text is analyzed by a worker process per writer, as the pooled import does
  (``Store.add_articles(terms=…)``, ``enrich.stories.index_terms``: ``analyze(title)``,
  ``analyze(body)``), the next batch while the store writes this one;
- ``article_fts``'s GIN and RUM indexes are dropped for the load and built once after
  (``khabar.store.postgres_bulk.text_indexes_deferred``), the build counted in the import.

The machine index (``pgtantivy``) is then built from the database as a new machine builds it
(``--skip-import``: ``search_index.ensure``), not fed during the load.
``SEARCH_SCALE_PG_RUM=0``: the RUM index is not built after the load (``migrate`` builds it).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from itertools import islice
from multiprocessing import get_context

from search_scale_data import BATCH, SEED
from sqlalchemy import select, text

from khabar.arabic import analyze


#: writer 0 refreshes the planner's statistics of ``articles`` after this many of its
#: articles: with the statistics of an empty table PostgreSQL reads the whole table for each
#: batch's look-ups (content hashes, URLs), and this server has autovacuum off
ANALYZE_AT = {2_000, 10_000, 50_000, 150_000, 300_000}


def _terms(texts: tuple[str, str]) -> tuple[list[str], list[str]]:
    title, body = texts
    return analyze(title), analyze(body)


def _writer(url: str, synth, n: int, k: int, writers: int, label: str, resume: bool) -> None:
    """Writer ``k`` of ``writers``: batches k, k + writers, … of the article stream, analyzed
    by one worker process while the previous batch is written. ``resume``: a batch whose
    first article is stored is skipped (a batch is one transaction: stored whole or not)."""
    from khabar.store import open_store
    from khabar.store.schema import articles

    # Not migrated again: ``migrate`` re-creates a missing RUM index (the load dropped it).
    store = open_store(url, migrate=False)
    pool = get_context("fork").Pool(1)
    pending: list = []
    done, started = 0, time.perf_counter()

    def write() -> None:
        nonlocal done
        batch, job = pending.pop()
        store.add_articles(batch, terms=job.get())
        done += len(batch)
        if k == 0 and done in ANALYZE_AT:  # this server runs without autovacuum
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("ANALYZE articles"))
        if done % 50_000 < BATCH:
            print(f"  {label} writer {k}: {done:,} stored, "
                  f"{done / (time.perf_counter() - started):,.0f}/s", flush=True)

    it = synth.articles(n, SEED)
    for i, batch in enumerate(iter(lambda: list(islice(it, BATCH)), [])):
        if i % writers != k:
            continue
        if resume:
            with store.engine.connect() as c:
                if c.execute(select(articles.c.id).where(articles.c.url == batch[0].url)).first():
                    continue
        job = pool.map_async(_terms, [(r.title, r.body) for r in batch], chunksize=50)
        if pending:
            write()
        pending.append((batch, job))
    if pending:
        write()
    pool.close()
    pool.join()
    store.close()


def import_pg(store, url: str, synth, n: int, label: str, writers: int = 2,
              resume: bool = False) -> dict:
    """N articles by ``writers`` processes (see the module), then the text indexes."""
    from khabar.store.postgres_bulk import text_indexes_deferred

    rum = os.environ.get("SEARCH_SCALE_PG_RUM", "1") != "0"
    result: dict = {"articles": n, "writers": writers, "analysis_workers": writers}
    t0, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    with text_indexes_deferred(store.engine, rum=rum):
        procs = [get_context("fork").Process(target=_writer,
                                             args=(url, synth, n, k, writers, label, resume))
                 for k in range(writers)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        if any(p.exitcode for p in procs):
            raise SystemExit(f"a writer failed: {[p.exitcode for p in procs]}")
        t1 = time.perf_counter()
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t2 = time.perf_counter()
    result["client_cpu_seconds"] = (cpu1.ru_utime + cpu1.ru_stime
                                    - cpu0.ru_utime - cpu0.ru_stime)  # writers + analysis
    result.update(load_seconds=t1 - t0, text_index_build_seconds=t2 - t1, seconds=t2 - t0,
                  rate=n / (t2 - t0), text_index_rum=rum)
    print(f"  {label}: {n:,} loaded in {t1 - t0:,.1f} s, text indexes (RUM: {rum}) built in "
          f"{t2 - t1:,.1f} s: {result['rate']:,.0f} articles/s", flush=True)
    return result


if __name__ == "__main__":  # resume a stopped load: search_scale_pg.py URL N [WRITERS]
    from synthetic import ANT, Synthesizer, load_ant

    from khabar.store import open_store

    url, n = sys.argv[1], int(sys.argv[2])
    out = import_pg(open_store(url, migrate=False), url, Synthesizer(load_ant(ANT)), n,
                    "resume", writers=int(sys.argv[3]) if len(sys.argv) > 3 else 2, resume=True)
    print(json.dumps(out))

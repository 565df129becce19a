"""Search at scale: N synthetic ANT articles in each backend, against tantivy as reference.

In four files: the data (``search_scale_data.py``: queries, removing a run's data), this harness
(import, sizes, measured passes, exhaustive-ranking overlap, tantivy reference), PostgreSQL's bulk
import (``search_scale_pg.py``), the report (``search_scale_report.py``: tables, RATIO lines).

    nice -n 10 .venv/bin/python bench/search_scale.py --articles 1000000 \\
        [--backends sqlite,postgresql,tantivy] [--pg-url postgresql://postgres@127.0.0.1:5432/khabar_bench] \\
        [--queries 200] [--data-dir /work/bench-data] [--results FILE] [--skip-import] [--keep]

Articles come from ``bench/synthetic.py`` (ANT paragraphs and headlines recombined, dates
over five years; seed 2026). Each backend runs in its own child process, one after the
other, so peak RSS is that backend's alone:

- import: ``store.add_articles`` in batches of 1,000 (insert, exact-copy and URL lookups, full-text
  indexing of ``khabar.arabic.analyze`` terms; no tagging, no story clustering: ``import_ant.py``).
  Generating the records is timed apart and not counted.
- size on disk (SQLite: file + WAL; PostgreSQL: ``pg_database_size`` and per-relation sizes;
  tantivy: the index directory).
- the same queries (seed 2026, drawn from ANT headlines: 1–3 words, phrases, OR, filters),
  one warm-up pass, then a measured pass: ``store.search`` alone (limit 10, with its total
  count) and the full ``khabar.search.search`` (parse, analyze, compile, store, snippets).
- peak RSS of the benchmarking process (``getrusage``); for PostgreSQL also
  ``shared_buffers`` and the server backend's peak RSS (VmHWM).

tantivy (the reference engine, ratios are against it): the same documents, ``title`` and
``body`` with its ``ar_stem`` tokenizer, ``source``/``category`` raw, ``published`` a date;
one indexing thread (as the stores import on one), a 256 MB writer heap; the same queries
in tantivy's syntax (title boost 3, ``+`` for each required clause, ``"…"`` for phrases),
top 10 with the count and each hit's stored id. Clauses that khabar's analyzer drops as
stop words are dropped from the tantivy query too, so both sides require the same words.

Results of each backend are merged into ``--results`` (JSON), so backends run at different
times (``--backends postgresql`` later) print one table together.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_scale_data import (  # noqa: E402,F401
    BATCH, KINDS, SEED, batches, content_words, make_queries, remove_data,
)
from search_scale_report import (  # noqa: E402,F401
    REFERENCE, merge, peak_rss_mb, percentiles, report, timings,
)
from search_scale_pg import import_pg  # noqa: E402
from synthetic import ANT, Synthesizer, load_ant  # noqa: E402

from khabar.arabic import analyze  # noqa: E402

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/khabar_bench"
#: a query slower than this in the warm-up pass is not run again (its warm-up time stands)
SLOW_SECONDS = 3.0


# --- measuring -------------------------------------------------------------------------

def import_records(add, synth: Synthesizer, n: int, label: str) -> dict:
    """Feed ``add(batch)`` with N records; time only ``add``."""
    spent = gen = 0.0
    done = 0
    marks = []
    spent_mark, done_mark = 0.0, 0
    started = time.perf_counter()
    it = synth.articles(n, SEED)
    while True:
        t0 = time.perf_counter()
        batch = list(islice(it, BATCH))
        t1 = time.perf_counter()
        gen += t1 - t0
        if not batch:
            break
        add(batch)
        spent += time.perf_counter() - t1
        done += len(batch)
        if done % 50_000 == 0 or done == n:
            rate = (done - done_mark) / (spent - spent_mark) if spent > spent_mark else 0
            marks.append((done, round(spent, 1), round(rate)))
            print(f"  {label}: {done:>9,} stored, {spent:8.1f} s in the store, last "
                  f"{done - done_mark:,} at {rate:,.0f}/s, RSS peak {peak_rss_mb():,.0f} MB",
                  flush=True)
            spent_mark, done_mark = spent, done
    return {"articles": done, "seconds": spent, "rate": done / spent,
            "generate_seconds": gen, "wall_seconds": time.perf_counter() - started,
            "progress": marks, "rss_after_import_mb": peak_rss_mb()}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- khabar stores ---------------------------------------------------------------------

def run_store(backend: str, args, synth: Synthesizer, queries) -> dict:
    from khabar.search import prepare, search
    from khabar.search.service import _COMPILERS
    from khabar.store import open_store

    result: dict = {"backend": backend}
    if backend == "sqlite":
        path = Path(args.data_dir) / f"sqlite-{args.articles}.db"
        if not args.skip_import:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            shutil.rmtree(f"{path}.search", ignore_errors=True)
        location = str(path)
    else:
        location = args.pg_url
        if not args.skip_import:
            dbname = location.rsplit("/", 1)[1]
            admin = location.rsplit("/", 1)[0] + "/postgres"
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {dbname}"], check=True)
    index_dir = None
    if backend == "pgtantivy":  # PostgreSQL with this machine's tantivy index
        index_dir = Path(args.data_dir) / f"pgtantivy-{args.articles}"
        shutil.rmtree(index_dir, ignore_errors=True)
    t0, c0 = time.perf_counter(), time.process_time()
    store = open_store(location, search_index_dir=str(index_dir) if index_dir else None)
    if index_dir is not None and args.skip_import:
        # The machine's index is built from the database (in a thread above 20,000
        # articles): wait for it, and count it.
        store.search_index.ensure(background=False)
        result["index_build"] = {"seconds": time.perf_counter() - t0,
                                 "cpu_seconds": time.process_time() - c0,
                                 "articles": store.count_articles()}
        print(f"  {backend}: index built from the database in "
              f"{result['index_build']['seconds']:.1f} s "
              f"({result['index_build']['cpu_seconds']:.1f} s CPU)", flush=True)
    if not args.skip_import and backend == "sqlite":
        result["import"] = import_records(store.add_articles, synth, args.articles, backend)
    elif not args.skip_import:  # PostgreSQL: bulk (search_scale_pg.py), the same rows
        result["import"] = import_pg(store, location, synth, args.articles, backend)
        if getattr(store, "search_index", None) is not None:
            # The tantivy index follows the store in a thread: the import ends when it has
            # caught up, and that wait is counted.
            t0 = time.perf_counter()
            store.search_index.catch_up()
            wait = time.perf_counter() - t0
            imp = result["import"]
            imp["index_catch_up_seconds"] = wait
            imp["seconds"] += wait
            imp["rate"] = imp["articles"] / imp["seconds"]
    result["stored"] = store.count_articles()
    result["size"] = store_size(backend, store, location)
    print(f"  {backend}: size {json.dumps(result['size'])}", flush=True)

    if "import" in result:  # kept if the search phase is stopped
        Path(args.child_out + ".import").write_text(json.dumps(result))
    if args.import_only:
        return store.close() or result
    compile_ = _COMPILERS[store.search_dialect]
    rows = []
    warm: dict[str, tuple[float, float]] = {}
    for measured in (False, True):
        if measured and backend != "sqlite":
            server_before = pg_server_cpu(store)
        for kind, text in queries:
            analyzed = prepare(text)
            compiled = compile_(analyzed)
            if measured and warm[text][0] > SLOW_SECONDS:
                # Not run a second time: its warm-up times stand (marked "once").
                rows.append({"kind": kind, "query": text, "store_ms": warm[text][0] * 1000,
                             "full_ms": warm[text][1] * 1000, "total": warm[text][2],
                             "top": warm[text][3], "once": True})
                continue
            t0, c0 = time.perf_counter(), time.process_time()
            page = store.search(compiled, limit=10, filters=analyzed.filters)
            t1, c1 = time.perf_counter(), time.process_time()
            search(store, text, limit=10)
            t2 = time.perf_counter()
            if not measured:
                warm[text] = (t1 - t0, t2 - t1, page.total, [a.id for a, _ in page.hits])
                if t1 - t0 > SLOW_SECONDS:
                    print(f"  {backend}: slow query ({t1 - t0:.1f} s, measured once): {text}",
                          flush=True)
            else:
                rows.append({"kind": kind, "query": text, "store_ms": (t1 - t0) * 1000,
                             "store_cpu_ms": (c1 - c0) * 1000,
                             "full_ms": (t2 - t1) * 1000, "total": page.total,
                             "top": [a.id for a, _ in page.hits]})
    result["queries"] = rows
    if backend != "sqlite":
        spent = pg_server_cpu(store) - server_before
        result["server_cpu_ms_per_query"] = spent * 1000 / max(1, len(rows))
        print(f"  {backend}: PostgreSQL server CPU per query {result['server_cpu_ms_per_query']:.2f} ms "
              "(its backends of this database, measured pass)", flush=True)
    if getattr(store, "search_index", None) is not None:
        result["overlap_exhaustive"] = exhaustive_overlap(store, queries, compile_)
        print(f"  {backend}: top-10 overlap with the exhaustive ranking "
              f"{result['overlap_exhaustive']:.3f}", flush=True)
    elif backend == "postgresql":
        result["overlap_exhaustive"] = pg_exhaustive_overlap(store, rows)
        print(f"  {backend}: top-10 overlap with the exhaustive ranking "
              f"{result['overlap_exhaustive']:.3f}", flush=True)
    result["store_search"] = timings(rows, "store_ms")
    measured = [r for r in rows if "store_cpu_ms" in r]
    if measured:  # this process's CPU only (PostgreSQL's server process is not counted)
        result["store_search_cpu"] = timings(measured, "store_cpu_ms")["all"]
        print(f"  {backend}: store.search client CPU p50 / p95 ms "
              f"{result['store_search_cpu']['p50']:.2f} / {result['store_search_cpu']['p95']:.2f}",
              flush=True)
    result["full_search"] = timings(rows, "full_ms")
    result["peak_rss_mb"] = peak_rss_mb()
    if backend in ("postgresql", "pgtantivy"):
        result["server"] = pg_memory(store)
    store.close()
    return result


def pg_server_cpu(store) -> float:
    """CPU seconds (user + system) spent so far by the PostgreSQL backends connected to the
    store's database (same machine: read from /proc; the pool is warm, so they stay)."""
    from sqlalchemy import text as sql

    with store.engine.connect() as conn:
        pids = conn.execute(sql("SELECT pid FROM pg_stat_activity "
                                "WHERE datname = current_database()")).scalars().all()
    tick = __import__("os").sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def exhaustive_overlap(store, queries, compile_) -> float:
    """Mean share of the top 10 equal to the exhaustive ranking by the same score (every
    match scored), over the queries without filters tantivy does not hold."""
    from khabar.search import prepare
    from khabar.store import sqlite_search as ts
    from khabar.store import tantivy_index as ti

    _, searcher = store.search_index.searcher()
    shares = []
    with store.engine.connect() as conn:
        now_us = ts.reference_time(conn)
        for _, text in queries:
            analyzed = prepare(text)
            native = ts.native_filters(conn, analyzed.filters)
            if native is None:
                continue
            must, must_not = ts.text_query(ts.decode(compile_(analyzed)))
            query = ti.all_of(must, must_not, native)
            _, count = ti.ranked(searcher, query, 1)
            if not count:
                continue
            hits, _ = ti.ranked(searcher, query, count)
            score = ts.freshness(hits[0].score, now_us)
            full = [h.id for h in sorted(hits, key=lambda h: (-score(h), -h.id))][:10]
            fast = [i for i, _ in ts.best(searcher, query, 10, now_us)[0]]
            shares.append(len(set(full) & set(fast)) / len(full))
    return statistics.mean(shares) if shares else float("nan")


def pg_exhaustive_overlap(store, rows) -> float:
    """PostgreSQL: mean share of each measured top 10 equal to the exhaustive ranking by the
    same score (RUM's rank of every match, ``rum_ts_score``, plus the freshness prior), filters
    included; NaN when the database has no RUM index (the old ts_rank window)."""
    from pg_rank import rum_exhaustive
    from khabar.search import prepare
    from khabar.search.service import compile_query
    from khabar.store import postgres_rum
    from khabar.store import sqlite_search as ts
    from khabar.store.sql import filter_conditions

    shares = []
    with store.engine.connect() as conn:
        if not postgres_rum.has_rum_index(conn):
            return float("nan")
        now = ts.reference_time(conn) / 1e6
        for row in rows:
            analyzed = prepare(row["query"])
            full = rum_exhaustive(conn, filter_conditions(analyzed.filters),
                                  {"query": compile_query("tsquery", analyzed)}, now)
            if full:
                shares.append(len(set(full) & set(row["top"])) / len(full))
    return statistics.mean(shares) if shares else float("nan")


def store_size(backend: str, store, location: str) -> dict:
    from sqlalchemy import text

    if backend == "sqlite":
        files = {s: Path(f"{location}{s}") for s in ("", "-wal")}
        out = {"file_mb": files[""].stat().st_size / 1e6,
               "wal_mb": files["-wal"].stat().st_size / 1e6 if files["-wal"].exists() else 0.0}
        search_dir = Path(f"{location}.search")
        out["tantivy_mb"] = dir_size(search_dir) / 1e6 if search_dir.exists() else 0.0
        out["total_mb"] = out["file_mb"] + out["wal_mb"] + out["tantivy_mb"]
        try:
            with store.engine.connect() as conn:
                rows = conn.execute(text(
                    "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12"
                )).all()
            out["objects_mb"] = {name: size / 1e6 for name, size in rows}
        except Exception as exc:  # noqa: BLE001 - dbstat may be missing from the build
            out["objects_mb"] = f"dbstat unavailable: {exc}"
        return out
    with store.engine.connect() as conn:
        total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        rows = conn.execute(text(
            "SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') "
            "ORDER BY 2 DESC LIMIT 14"
        )).all()
    return {"total_mb": total / 1e6,
            "objects_mb": {r[0]: {"total": r[1] / 1e6, "own": r[2] / 1e6} for r in rows}}


def pg_memory(store) -> dict:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        buffers = conn.execute(text("SHOW shared_buffers")).scalar_one()
        work_mem = conn.execute(text("SHOW work_mem")).scalar_one()
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        status = {}
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    status[key] = value.strip()
        except OSError as exc:
            status["error"] = str(exc)
    return {"shared_buffers": buffers, "work_mem": work_mem, "backend_pid": pid, **status}


# --- tantivy ---------------------------------------------------------------------------

def tantivy_query(text: str) -> str:
    """khabar's query language → tantivy's, requiring the same clauses."""
    from khabar.search.query import AnyOf, Word, parse

    def lit(node) -> str | None:
        words = [node.text] if isinstance(node, Word) else list(node.words)
        if not analyze(" ".join(words)):
            return None  # khabar drops a clause of stop words only
        return '"' + " ".join(w.replace('"', "").replace("\\", "") for w in words) + '"'

    parsed = parse(text)
    parts = []
    for node in parsed.must:
        options = node.options if isinstance(node, AnyOf) else (node,)
        alts = [a for a in (lit(o) for o in options) if a]
        if alts:
            parts.append("+" + (alts[0] if len(alts) == 1 else "(" + " ".join(alts) + ")"))
    for node in parsed.must_not:
        if (a := lit(node)):
            parts.append("-" + a)
    for name, value in parsed.filters:
        if name in ("source", "category"):
            parts.append(f'+{name}:"{value}"')
        elif name == "from":
            parts.append(f"+published:[{value}T00:00:00Z TO *}}")
        elif name == "to":
            end = datetime.fromisoformat(value) + timedelta(days=1)
            parts.append(f"+published:{{* TO {end:%Y-%m-%d}T00:00:00Z}}")
    return " ".join(parts)


def run_tantivy(args, synth: Synthesizer, queries) -> dict:
    import tantivy

    path = Path(args.data_dir) / f"tantivy-{args.articles}"
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=False)
    builder.add_text_field("title", stored=False, tokenizer_name="ar_stem")
    builder.add_text_field("body", stored=False, tokenizer_name="ar_stem")
    builder.add_text_field("source", stored=False, tokenizer_name="raw")
    builder.add_text_field("category", stored=False, tokenizer_name="raw")
    builder.add_date_field("published", stored=False, indexed=True, fast=True)
    schema = builder.build()
    result: dict = {"backend": "tantivy"}
    if not args.skip_import:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        index = tantivy.Index(schema, path=str(path))
        writer = index.writer(heap_size=256_000_000, num_threads=1)
        counter = [0]

        def add(batch) -> None:
            for r in batch:
                counter[0] += 1
                writer.add_document(tantivy.Document(
                    id=counter[0], title=r.title, body=r.body, source=r.source,
                    category=r.category, published=r.published_at))
            if counter[0] % 200_000 == 0:
                writer.commit()

        imported = import_records(add, synth, args.articles, "tantivy")
        t0 = time.perf_counter()
        writer.commit()
        writer.wait_merging_threads()
        final = time.perf_counter() - t0
        imported["seconds"] += final
        imported["rate"] = imported["articles"] / imported["seconds"]
        imported["final_commit_seconds"] = final
        result["import"] = imported
    index = tantivy.Index.open(str(path))
    index.reload()
    searcher = index.searcher()
    result["stored"] = searcher.num_docs
    result["segments"] = searcher.num_segments
    result["size"] = {"total_mb": dir_size(path) / 1e6}
    print(f"  tantivy: {searcher.num_docs:,} docs, {searcher.num_segments} segments, "
          f"{result['size']['total_mb']:,.0f} MB", flush=True)
    translated = [(kind, text, tantivy_query(text)) for kind, text in queries]
    rows = []
    for measured in (False, True):
        for kind, text, tq in translated:
            t0 = time.perf_counter()
            q = index.parse_query(tq, ["title", "body"], field_boosts={"title": 3.0})
            found = searcher.search(q, 10, count=True)
            top = [searcher.doc(addr)["id"][0] for _, addr in found.hits]
            t1 = time.perf_counter()
            if measured:
                rows.append({"kind": kind, "query": text, "tantivy_query": tq,
                             "store_ms": (t1 - t0) * 1000, "total": found.count, "top": top})
    result["queries"] = rows
    result["store_search"] = timings(rows, "store_ms")
    result["peak_rss_mb"] = peak_rss_mb()
    return result


# --- driver ----------------------------------------------------------------------------

def child(args) -> None:
    seeds = load_ant(ANT)
    synth = Synthesizer(seeds)
    queries = make_queries(seeds, args.queries)
    del seeds
    if args.child == "tantivy":
        result = run_tantivy(args, synth, queries)
    else:
        result = run_store(args.child, args, synth, queries)
    result["articles_requested"] = args.articles
    result["load"] = " ".join(f"{x:.1f}" for x in __import__("os").getloadavg())
    result["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    Path(args.child_out).write_text(json.dumps(result, ensure_ascii=False, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--backends", default="sqlite,tantivy")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data-dir", default="/work/bench-data")
    parser.add_argument("--results", type=Path)
    parser.add_argument("--skip-import", action="store_true",
                        help="search the databases a previous run left (with --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--import-only", action="store_true", help="import and measure size only")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    results = args.results or Path(args.data_dir) / f"search_scale-{args.articles}.json"
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    allres = json.loads(results.read_text()) if results.exists() else {}
    if not args.report_only:
        for backend in args.backends.split(","):
            out = Path(args.data_dir) / f"child-{backend}-{args.articles}.json"
            cmd = [sys.executable, __file__, "--child", backend, "--child-out", str(out),
                   "--articles", str(args.articles), "--queries", str(args.queries),
                   "--data-dir", args.data_dir, "--pg-url", args.pg_url]
            cmd += ["--skip-import"] * args.skip_import + ["--import-only"] * args.import_only
            print(f"{backend}: {args.articles:,} articles", flush=True)
            subprocess.run(cmd, check=True)
            allres = merge(results, json.loads(out.read_text()))
            if not (args.keep or args.skip_import):  # data this run did not make stays
                remove_data(args, backend)
    if not args.import_only:
        report(allres)
    print(f"\nresults: {results}")


if __name__ == "__main__":
    main()

"""Import throughput on the ANT corpus (15,110 articles), stage by stage, in one run.

    .venv/bin/python bench/import_ant.py [--path FILE] [--processes 1,2] [--no-enrich]

Baseline: reading alone (ingest.read_file: gunzip + JSON + records). Then read + enrich
(clean, dateline, fingerprint, tags; skipped with --no-enrich) and the full import (read +
enrich + tags + stories + store + FTS5 index of analyzed terms) into a fresh SQLite file, once
per ``--processes`` value (``import_paths(processes=N)``: N worker processes preparing records
for this one, which stores them). Each is reported as articles/s and as a ratio of the
baseline's time, measured side by side in this process.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from khabar.ingest import read_file
from khabar.pipeline import import_paths
from khabar.pipeline.importer import prepare_record
from khabar.store import ReadProblem, open_store

DEFAULT = Path(os.environ.get("KHABAR_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
ANT = DEFAULT / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"


def timed(fn) -> tuple[float, int]:  # noqa: ANN001
    start = time.perf_counter()
    count = fn()
    return time.perf_counter() - start, count


def read_only(path: Path) -> int:
    return sum(1 for item in read_file(path) if not isinstance(item, ReadProblem))


def read_enrich(path: Path) -> int:
    now = datetime.now(timezone.utc)
    return sum(
        1 for item in read_file(path) if not isinstance(item, ReadProblem) and prepare_record(item, None, now)
    )


def full_import(path: Path, processes: int) -> int:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        report = import_paths(store, [path], processes=processes)
        size = (Path(tmp) / "bench.db").stat().st_size
        own_s = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(own)
        workers_s = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(children)
        # CPU seconds do not depend on how busy the machine is; on an idle machine the wall
        # time of the pooled import is about max(writer, (writer + workers) / cores).
        print(f"  {processes} process(es): database {store.count_articles()} articles, "
              f"{size / 1e6:.1f} MB; CPU seconds: this process {own_s:.1f}, "
              f"workers {workers_s:.1f}", flush=True)
        return report.read


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def limited(path: Path, limit: int, folder: Path) -> Path:
    """The first ``limit`` lines of ``path`` in a file of their own."""
    out = folder / "sample.jsonl"
    with gzip.open(path, "rt", encoding="utf-8") as lines, open(out, "w", encoding="utf-8") as f:
        f.writelines(itertools.islice(lines, limit))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=ANT)
    parser.add_argument("--processes", default="1,2", help="comma-separated process counts")
    parser.add_argument("--no-enrich", action="store_true", help="skip the read + enrich stage")
    parser.add_argument("--limit", type=int, default=0, help="only the first N records")
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"bench: corpus not found at {args.path} (set KHABAR_SHARED_DATA)")
    if args.limit:
        args.path = limited(args.path, args.limit, Path(tempfile.mkdtemp()))
    # Warm up imports and caches equally for every stage.
    base_time, n = timed(lambda: read_only(args.path))
    rows = [("read (baseline)", base_time, n)]
    if not args.no_enrich:
        rows.append(("read + enrich", *timed(lambda: read_enrich(args.path))))
    for n in (int(p) for p in args.processes.split(",")):
        rows.append((f"full import, {n} process{'es' if n > 1 else ''}",
                     *timed(lambda: full_import(args.path, n))))  # noqa: B023 - called at once
    print(f"load average before: {os.getloadavg()}", flush=True)
    print(f"{'stage':<45} {'articles':>8} {'seconds':>8} {'articles/s':>11} {'x baseline':>10}")
    for name, seconds, count in rows:
        print(f"{name:<45} {count:>8} {seconds:>8.2f} {count / seconds:>11.0f} {seconds / base_time:>10.2f}")
    full = [s for name, s, _ in rows if name.startswith("full import")]
    if full:
        fastest = min(full)
        print(f"goal: full import ≤ 60 s (15,110 records): {fastest:.1f} s "
              f"({'met' if fastest <= 60 else 'not met'}; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()

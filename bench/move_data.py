"""Moving the ANT archive between databases, in one run: copy and export/import timings.

    .venv/bin/python bench/move_data.py [--path FILE] [--pg postgresql://postgres@127.0.0.1/postgres]

Imports the ANT corpus into a fresh SQLite file (the source), then measures side by side:
``copy_store`` SQLite → SQLite and SQLite → PostgreSQL (a database created and dropped here),
``khabar export`` to .jsonl and .jsonl.gz, and the import of the .gz export into an empty
SQLite file (restore). Re-indexing is reported separately from the table copy, since it is the
same work (``analyze`` over every article) whatever the source. Without PostgreSQL that row is
skipped.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from khabar.pipeline import import_paths
from khabar.pipeline.archive import export_archive
from khabar.store import open_store
from khabar.store.copy import copy_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_ant import ANT  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", type=Path, default=ANT)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="khabar-move-"))
    src = open_store(work / "src.db")
    t = time.perf_counter()
    import_paths(src, [args.path])
    print(f"source: {src.count_articles()} articles imported in {time.perf_counter() - t:.1f} s, "
          f"{(work / 'src.db').stat().st_size / 1e6:.1f} MB")
    rows: list[tuple[str, float, str]] = []

    with open_store(work / "copy.db") as dst:
        start = time.perf_counter()
        report = copy_store(src, dst)
        rows.append(("copy SQLite → SQLite (rows + re-index)", time.perf_counter() - start,
                     f"{sum(report.rows.values())} rows, {report.reindexed} indexed"))

    try:
        import psycopg

        admin_url = make_url(args.pg.replace("postgresql://", "postgresql+psycopg://"))
        admin = psycopg.connect(args.pg, autocommit=True)
    except Exception as exc:  # noqa: BLE001 - a benchmark without PostgreSQL still runs
        print(f"PostgreSQL skipped: {exc}")
        admin = None
    if admin is not None:
        name = "khabar_bench_move"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        url = admin_url.set(database=name).render_as_string(hide_password=False)
        try:
            with open_store(url.replace("postgresql+psycopg://", "postgresql://")) as dst:
                start = time.perf_counter()
                report = copy_store(src, dst)
                rows.append(("copy SQLite → PostgreSQL (rows + re-index)",
                             time.perf_counter() - start,
                             f"{sum(report.rows.values())} rows, {report.failed_total} refused"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    for name in ("export.jsonl", "export.jsonl.gz"):
        start = time.perf_counter()
        summary = export_archive(src, work / name)
        rows.append((f"export → {name}", time.perf_counter() - start,
                     f"{summary['bytes'] / 1e6:.1f} MB"))
    with open_store(work / "restored.db") as restored:
        start = time.perf_counter()
        report = import_paths(restored, [work / "export.jsonl.gz"])
        rows.append(("import export.jsonl.gz into an empty store (restore)",
                     time.perf_counter() - start,
                     f"{report.inserted} articles, {len(report.problems)} problems"))
    src.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n| step | seconds | result |\n|---|---|---|")
    for label, seconds, note in rows:
        print(f"| {label} | {seconds:.1f} | {note} |")
    print(f"\npeak RSS of the whole run: {peak:.0f} MB; files in {work}")


if __name__ == "__main__":
    main()

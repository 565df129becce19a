"""``khabar worker``: a process that shares the polling of one database with other workers."""

from __future__ import annotations

import asyncio
import signal
from typing import Annotated

import typer

from khabar.errors import KhabarError
from khabar.cli.app import JsonFlag, app, db_label, err, fail, open_ctx_store, print_json
from khabar.cli.serve import is_postgres, serve_metrics


@app.command()
def worker(
    ctx: typer.Context,
    concurrency: Annotated[
        int | None,
        typer.Option("--concurrency", min=1,
                     help="Sources polled at once (default: KHABAR_POLL_CONCURRENCY)."),
    ] = None,
    lease: Annotated[
        float | None,
        typer.Option("--lease", min=0.5, metavar="SECONDS",
                     help="How long a claim on a source holds (default: KHABAR_LEASE_SECONDS)."),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Poll what is due now, then exit (cron, tests).")
    ] = False,
    worker_id: Annotated[
        str | None,
        typer.Option("--id", metavar="NAME", help="This worker's name in leases and logs "
                     "(default: hostname:pid)."),
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option("--processes", min=1, max=256,
                     help="Processes extracting article pages (default: one per core)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Claim due sources and poll them, beside any number of other workers (until SIGTERM)."""
    from khabar.pipeline.extraction import use_processes
    from khabar.pipeline.pool import default_processes
    from khabar.pipeline.worker import Worker, default_worker_id
    from khabar.settings import load_settings

    try:
        settings = load_settings()
    except ValueError as exc:
        fail(str(exc))
    name = (worker_id or default_worker_id())[:100]
    use_processes(processes or default_processes())
    # On PostgreSQL, shared by many processes, schema changes are `khabar migrate`'s.
    store = open_ctx_store(ctx, migrate=not is_postgres(ctx.obj["db"]))
    serve_metrics(settings, store)  # KHABAR_METRICS_ADDRESS: this worker's /metrics

    async def main():  # noqa: ANN202 - a WorkerReport
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        worker = Worker(store, settings, worker_id=name, once=once, concurrency=concurrency,
                        lease_seconds=lease)
        return await worker.run(stop)

    err.print(f"khabar worker {name}: polling {db_label(ctx.obj['db'])}"
              + (" once" if once else " until stopped (SIGTERM)"), highlight=False)
    try:
        report = asyncio.run(main())
    except KhabarError as exc:  # --once with the database down: cron sees the failure
        fail(str(exc))
    finally:
        store.close()
    if as_json:
        print_json(report.to_json())
        return
    outcomes = ", ".join(f"{n} {o}" for o, n in sorted(report.outcomes.items())) or "nothing due"
    err.print(f"khabar worker {name}: {report.sources} sources checked ({outcomes}); "
              f"{report.inserted} new articles", highlight=False)

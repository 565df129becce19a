"""Commands that serve khabar: the web site and API, and the scheduler beside them."""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from khabar.cli.app import app, db_label, err, fail, open_ctx_store
from khabar.metrics import multiprocess_dir, start_metrics_server
from khabar.settings import Settings, load_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: the most web processes chosen by default (``--processes 0``: one per core, up to this)
MAX_DEFAULT_PROCESSES = 4
#: how long a web process may take to answer uvicorn's health check (its start imports the
#: application: 2–3 s on an idle machine, over uvicorn's 5 s default on a busy one)
WORKER_START_SECONDS = 60

Processes = Annotated[
    int,
    typer.Option("--processes", min=0,
                 help="Web server processes answering on the port (0: one per core, at most "
                      f"{MAX_DEFAULT_PROCESSES}). They share the database; only one polls."),
]


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
    no_migrate: Annotated[
        bool,
        typer.Option("--no-migrate",
                     help="Run no schema change; refuse to start if `khabar migrate` is due "
                          "(always so on PostgreSQL)."),
    ] = False,
    processes: Processes = 0,
) -> None:
    """Serve the web site and the JSON API."""
    _serve(ctx, host, port, migrate=not no_migrate and not is_postgres(ctx.obj["db"]),
           processes=processes)


def is_postgres(db: str) -> bool:
    """Whether --db names a PostgreSQL database (shared by many processes: web processes run
    no DDL there, ``khabar migrate`` does)."""
    return str(db).lower().startswith(("postgresql:", "postgres:", "postgresql+"))


@app.command()
def run(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
    no_poll: Annotated[
        bool, typer.Option("--no-poll", help="Serve only; do not poll the sources.")
    ] = False,
    processes: Processes = 0,
) -> None:
    """Run khabar: the web site and API, and the scheduler polling every followed source."""
    if no_poll:
        _serve(ctx, host, port, processes=processes)
        return
    from khabar.pipeline.scheduler import SchedulerThread
    from khabar.pipeline.sources import load_default_sources

    with open_ctx_store(ctx) as store:
        added = load_default_sources(store)
        if added:
            err.print(f"khabar: following the {added} default sources")
        scheduler = SchedulerThread(store, load_settings()).start()
        err.print(f"khabar: polling {len(store.followed_sources())} sources")
        try:  # the scheduler stays in this process: one, however many web processes
            _serve(ctx, host, port, processes=processes)
        finally:
            scheduler.stop()


def serve_metrics(settings: Settings, store: object) -> None:
    """Start the separate /metrics listener when ``metrics_address`` is set."""
    if settings.metrics_address:
        try:
            host, port = start_metrics_server(settings.metrics_address, store)
        except (ValueError, OSError) as exc:
            fail(f"metrics: {exc}")
        err.print(f"khabar: metrics on http://{host}:{port}/metrics", highlight=False)


def web_processes(asked: int) -> int:
    """``--processes``: as asked, or one per core up to ``MAX_DEFAULT_PROCESSES`` for 0."""
    return asked or max(1, min(os.cpu_count() or 1, MAX_DEFAULT_PROCESSES))


def _serve(ctx: typer.Context, host: str, port: int, *, migrate: bool = True,
           processes: int = 0) -> None:
    import uvicorn

    from khabar.web.app import DB_VARIABLE, create_app

    store = open_ctx_store(ctx, migrate=migrate)
    processes = web_processes(processes)
    err.print(f"khabar: serving {db_label(ctx.obj['db'])} on http://{host}:{port}"
              + (f" ({processes} processes)" if processes > 1 else ""))
    try:
        settings = load_settings()
        serve_metrics(settings, store)  # KHABAR_METRICS_ADDRESS: /metrics on its own listener
        # log_config=None: uvicorn's lines go through khabar's logging (khabar.logs)
        options = {"host": host, "port": port, "log_config": None, "access_log": False}
        if processes == 1:
            uvicorn.run(create_app(store, settings=settings), **options)
            return
        # Worker processes (spawned: each imports the app and opens the store on its own,
        # migrated above) share the listening socket. What must agree between them comes
        # from the environment they inherit: the database, and the key signing the flash
        # cookie (a random one per process would refuse another process's cookie).
        os.environ[DB_VARIABLE] = str(ctx.obj["db"])
        if not settings.secret_key:
            os.environ["KHABAR_SECRET_KEY"] = secrets.token_hex(32)
        if not multiprocess_dir():
            err.print("khabar: each web process counts its own metrics; set KHABAR_METRICS_DIR "
                      "for their sum (docs/operations.md)", highlight=False)
        uvicorn.run("khabar.web.app:app_from_environment", factory=True, workers=processes,
                    timeout_worker_healthcheck=WORKER_START_SECONDS, **options)
    finally:
        store.close()

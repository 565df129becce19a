"""Commands that serve khabar: the web site and API, and the scheduler beside them."""

from __future__ import annotations

from typing import Annotated

import typer

from khabar.cli.app import app, db_label, err, fail, open_ctx_store
from khabar.metrics import start_metrics_server
from khabar.settings import Settings, load_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


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
) -> None:
    """Serve the web site and the JSON API."""
    _serve(ctx, host, port, migrate=not no_migrate and not is_postgres(ctx.obj["db"]))


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
) -> None:
    """Run khabar: the web site and API, and the scheduler polling every followed source."""
    if no_poll:
        _serve(ctx, host, port)
        return
    from khabar.pipeline.scheduler import SchedulerThread
    from khabar.pipeline.sources import load_default_sources

    with open_ctx_store(ctx) as store:
        added = load_default_sources(store)
        if added:
            err.print(f"khabar: following the {added} default sources")
        scheduler = SchedulerThread(store, load_settings()).start()
        err.print(f"khabar: polling {len(store.followed_sources())} sources")
        try:
            _serve(ctx, host, port)
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


def _serve(ctx: typer.Context, host: str, port: int, *, migrate: bool = True) -> None:
    import uvicorn

    from khabar.web.app import create_app

    store = open_ctx_store(ctx, migrate=migrate)
    err.print(f"khabar: serving {db_label(ctx.obj['db'])} on http://{host}:{port}")
    try:
        settings = load_settings()
        serve_metrics(settings, store)  # KHABAR_METRICS_ADDRESS: /metrics on its own listener
        # log_config=None: uvicorn's lines go through khabar's logging (khabar.logs)
        uvicorn.run(create_app(store, settings=settings), host=host, port=port,
                    log_config=None, access_log=False)
    finally:
        store.close()



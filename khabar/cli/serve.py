"""Commands that serve khabar: the web site and API, and the scheduler beside them."""

from __future__ import annotations

from typing import Annotated

import typer

from khabar.cli.app import app, db_label, err, open_ctx_store

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
    from khabar.settings import load_settings

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


def _serve(ctx: typer.Context, host: str, port: int, *, migrate: bool = True) -> None:
    import uvicorn

    from khabar.web.app import create_app

    store = open_ctx_store(ctx, migrate=migrate)
    err.print(f"khabar: serving {db_label(ctx.obj['db'])} on http://{host}:{port}")
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="info")
    finally:
        store.close()



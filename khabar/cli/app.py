"""The Typer application, its global options and the helpers every command module uses."""

from __future__ import annotations

import json
import sys
from typing import Annotated, NoReturn

import typer
from khabar.cli.console import err

from khabar.errors import KhabarError
from khabar.settings import load_settings
from khabar.store import DEFAULT_DB, Store, open_store

app = typer.Typer(
    help="خبر — Arabic news aggregator and search engine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
#: a stored row's id: larger values cannot be stored ids (and overflow the database's integer)
MAX_ID = 2**63 - 1


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str,
        typer.Option("--db", envvar="KHABAR_DB", help="Database file path or URL."),
    ] = DEFAULT_DB,
) -> None:
    ctx.obj = {"db": db}


#: options of the ``khabar`` command itself that are also accepted after a subcommand
GLOBAL_OPTIONS = ("--db",)


def hoist_global_options(argv: list[str]) -> list[str]:
    """``khabar serve --db X`` as ``khabar --db X serve``: global options written after the
    subcommand are moved before it (Click only reads them there). Nothing after ``--`` moves."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg in GLOBAL_OPTIONS and i + 1 < len(argv):
            front.extend(argv[i:i + 2])
            i += 2
            continue
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def open_ctx_store(ctx: typer.Context, *, migrate: bool = True) -> Store:
    """The store named by --db / KHABAR_DB, migrated; exits with a message if it cannot open.

    ``migrate=False`` runs no DDL: a database whose schema is behind stops the command with
    the instruction to run ``khabar migrate``."""
    from khabar.store.migrate import require_current

    from khabar.cli.progress import terminal_bar

    try:
        store = open_store(ctx.obj["db"], migrate=migrate, progress=terminal_bar(),
                           search_index_dir=load_settings().search_index_dir)
    except KhabarError as exc:
        fail(str(exc))
    if not migrate:
        try:
            require_current(store)
        except KhabarError as exc:
            store.close()
            fail(f"{exc.user_message} ({exc})")
    return store


def db_label(db: str) -> str:
    """The database for messages: a URL without its password."""
    if "://" in str(db) and not str(db).startswith("sqlite:"):
        from khabar.store.postgres import display_url

        return display_url(str(db))
    return str(db)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def print_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")

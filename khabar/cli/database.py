"""Commands that move the database: migrate its schema, copy it to another, export it.

(Importing an export is ``khabar import FILE``, in ``articles.py``.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from khabar.cli.app import JsonFlag, app, db_label, err, fail, open_ctx_store, print_json
from khabar.cli.progress import Update, progress_of, terminal_bar
from khabar.errors import KhabarError
from khabar.store import open_store


@app.command()
def migrate(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Bring the database to the newest schema and print its revision."""
    from khabar.store.migrate import schema_status

    try:
        store = open_store(ctx.obj["db"], migrate=False)
    except KhabarError as exc:
        fail(f"{exc.user_message} ({exc})")
    try:
        before = schema_status(store)
        if before["state"] == "newer":
            fail(f"the database is at revision {', '.join(before['current'])}, newer than this "
                 f"khabar ({', '.join(before['heads'])}): upgrade khabar")
        store.migrate(terminal_bar(), foreground=True)
        after = schema_status(store)
    except KhabarError as exc:
        fail(f"{exc.user_message} ({exc})")
    finally:
        store.close()
    changed = before["current"] != after["current"]
    if as_json:
        print_json({"before": before["current"], "revision": after["current"],
                    "heads": after["heads"], "migrated": changed})
        return
    now = ", ".join(after["current"])
    if changed:
        was = ", ".join(before["current"]) or "empty"
        err.print(f"{db_label(ctx.obj['db'])}: migrated from {was} to {now}", soft_wrap=True)
    else:
        err.print(f"{db_label(ctx.obj['db'])}: already at the newest revision", soft_wrap=True)
    typer.echo(now)


def _stages(update: Update) -> Callable[[str, int, int], None]:
    """A ``progress(stage, done, total)`` for the store's copy and export, shown by the shared
    progress helper (``cli/progress.py``) with the table being moved as its detail."""
    def progress(stage: str, done: int, total: int) -> None:
        update(done, total or None, "search index" if stage == "index" else stage)
    return progress


@app.command()
def copy(
    ctx: typer.Context,
    destination: Annotated[str, typer.Argument(metavar="DEST_URL",
                                               help="Database to copy into (empty).")],
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Rows per statement.")] = 1000,
    as_json: JsonFlag = False,
) -> None:
    """Copy every record of the --db database into another, empty one, ids kept."""
    from khabar.store.copy import copy_store

    with open_ctx_store(ctx) as src:
        try:
            dst = open_store(destination)
        except KhabarError as exc:
            fail(f"{exc.user_message} ({exc})")
        try:
            if as_json:
                report = copy_store(src, dst, batch=batch)
            else:
                with progress_of("copying", unit="rows") as update:
                    report = copy_store(src, dst, batch=batch, progress=_stages(update))
        except KhabarError as exc:
            fail(f"{exc.user_message} ({exc})")
        finally:
            dst.close()
    if as_json:
        print_json(report.to_json())
    else:
        for problem in report.problems:
            err.print(f"[yellow]refused[/yellow] {problem}", highlight=False, soft_wrap=True)
        rows = ", ".join(f"{n} {t}" for t, n in report.rows.items())
        err.print(f"copied {rows} into {db_label(destination)} in {report.seconds:.1f} s; "
                  f"{report.reindexed} articles indexed; {report.failed_total} rows refused",
                  soft_wrap=True)
    if report.failed_total:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    ctx: typer.Context,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", metavar="FILE|-",
                     help="File to write (.gz: compressed); - or none: stdout."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Export the whole archive as JSON Lines (khabar import restores it)."""
    from khabar.pipeline.archive import export_archive

    to_stdout = output in (None, "-")
    if as_json and to_stdout:
        fail("--json prints a summary on stdout: give the export a file with -o FILE", code=2)
    with open_ctx_store(ctx) as store:
        try:
            if as_json or to_stdout:
                summary = export_archive(store, None if to_stdout else Path(output))
            else:
                with progress_of("exporting", unit="rows") as update:
                    summary = export_archive(store, Path(output), progress=_stages(update))
        except (KhabarError, OSError) as exc:
            fail(str(exc))
    if as_json:
        print_json(summary)
    else:
        counts = ", ".join(f"{n} {t}" for t, n in summary["counts"].items())
        err.print(f"exported {counts} to {summary['path']} ({summary['bytes']} bytes, "
                  f"{summary['seconds']:.1f} s)", soft_wrap=True)

"""Commands that move the database: migrate its schema, copy it to another, export it.

(Importing an export is ``khabar import FILE``, in ``articles.py``.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from khabar.cli.app import JsonFlag, app, db_label, err, fail, open_ctx_store, print_json
from khabar.cli.progress import PlainLines
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
        store.migrate()
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


class _Bars:
    """One progress bar per table (and one for the search index) on stderr."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            label = "search index" if stage == "index" else stage
            self.tasks[stage] = self.progress.add_task(label, total=total or None)
        self.progress.update(self.tasks[stage], completed=done, total=total or None)


def _bars() -> Progress:
    return Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err)


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
            elif not err.is_terminal:
                lines = PlainLines("copying", unit="rows")
                report = copy_store(src, dst, batch=batch,
                                    progress=lambda stage, done, total: lines(done, total, stage))
            else:
                with _bars() as progress:
                    report = copy_store(src, dst, batch=batch, progress=_Bars(progress))
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
            if as_json or to_stdout or not err.is_terminal:
                summary = export_archive(store, None if to_stdout else Path(output))
            else:
                with _bars() as progress:
                    summary = export_archive(store, Path(output), progress=_Bars(progress))
        except (KhabarError, OSError) as exc:
            fail(str(exc))
    if as_json:
        print_json(summary)
    else:
        counts = ", ".join(f"{n} {t}" for t, n in summary["counts"].items())
        err.print(f"exported {counts} to {summary['path']} ({summary['bytes']} bytes, "
                  f"{summary['seconds']:.1f} s)", soft_wrap=True)

"""Commands for whoever runs khabar: ``khabar backup`` and ``khabar doctor``
(docs/operations.md)."""

from __future__ import annotations

import os
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console

from khabar.cli.app import (
    JsonFlag,
    app,
    db_label,
    err,
    fail,
    open_ctx_store,
    print_json,
)
from khabar.cli.serve import is_postgres
from khabar.errors import KhabarError
from khabar.pipeline.archive import export_archive
from khabar.pipeline.doctor import diagnose
from khabar.store.backup import (
    BackupResult,
    backup_postgres,
    backup_sqlite,
    rotate,
    target_path,
)


class BackupFormat(str, Enum):
    native = "native"
    export = "export"


@app.command()
def backup(
    ctx: typer.Context,
    dest: Annotated[str, typer.Argument(metavar="DEST",
                                        help="A directory (time-stamped files, rotated) or a "
                                             "file to write.")],
    keep: Annotated[int | None, typer.Option("--keep", min=1, metavar="N",
                                             help="Keep the newest N backups in DEST (a "
                                                  "directory); delete older ones.")] = None,
    fmt: Annotated[BackupFormat, typer.Option("--format", help="native: SQLite's online backup "
                                              "or pg_dump; export: khabar export (JSON Lines, "
                                              "gzip), restorable into either backend.")]
        = BackupFormat.native,
    as_json: JsonFlag = False,
) -> None:
    """Back up the database while khabar runs (SQLite online backup, pg_dump, or an export)."""
    db = ctx.obj["db"]
    postgres = is_postgres(db)
    kind = "export" if fmt is BackupFormat.export else "pg_dump" if postgres else "sqlite"
    try:
        target, rotated = target_path(dest, kind)
    except OSError as exc:
        fail(f"cannot write to {dest}: {exc}")
    if keep is not None and not rotated:
        fail("--keep needs DEST to be a directory (an existing one, or a path ending with /)",
             code=2)
    try:
        if kind == "export":
            with open_ctx_store(ctx, migrate=False) as store:
                summary = export_archive(store, target)
            result = BackupResult("export", summary["path"], summary["bytes"], summary["seconds"])
        elif kind == "pg_dump":
            result = backup_postgres(os.path.expandvars(db), target)
        else:
            result = backup_sqlite(str(db).removeprefix("sqlite:///"), target)
        if keep is not None:
            result.removed = rotate(target.parent, kind, keep)
    except (KhabarError, OSError) as exc:
        fail(str(exc))
    if as_json:
        print_json(result.to_json())
        return
    err.print(f"{db_label(db)}: {result.kind} backup written to {result.path} "
              f"({result.bytes} bytes, {result.seconds:.1f} s)", highlight=False, soft_wrap=True)
    for path in result.removed:
        err.print(f"removed {path}", highlight=False, soft_wrap=True)
    typer.echo(result.path)


_MARKS = {"ok": "[green]ok[/green]     ", "warning": "[yellow]warning[/yellow]",
          "problem": "[red]problem[/red]"}


@app.command()
def doctor(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Check configuration, database, search index, disk, clock and sources; say what to do
    (exit status 1 when something is wrong)."""
    diagnosis = diagnose(ctx.obj["db"])
    if as_json:
        print_json(diagnosis.to_json())
    else:
        out = Console()  # the report is the command's result: stdout
        for check in diagnosis.checks:
            out.print(f"{_MARKS[check.status]} {check.name:<13} {check.detail}",
                      highlight=False, soft_wrap=True, markup=True)
            if check.status != "ok":
                out.print(f"{'':<22}what to do: {check.fix}", highlight=False, soft_wrap=True,
                          markup=False)
                out.print(f"{'':<22}ما العمل: {check.fix_ar}", highlight=False, soft_wrap=True,
                          markup=False)
        verdict = "all good" if diagnosis.ok else "problems found"
        out.print(f"khabar doctor: {verdict}", highlight=False, markup=False)
    if not diagnosis.ok:
        raise typer.Exit(1)


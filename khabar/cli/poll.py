"""``khabar poll``: check the due sources once (every source with --all)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from khabar.cli.app import JsonFlag, app, err, open_ctx_store, print_json
from khabar.pipeline.extraction import use_processes
from khabar.pipeline.poll import PollResult, poll
from khabar.pipeline.pool import default_processes
from khabar.pipeline.sources import load_default_sources


@app.command("poll")
def poll_command(
    ctx: typer.Context,
    everything: Annotated[
        bool, typer.Option("--all", help="Check every followed source, due or not.")
    ] = False,
    processes: Annotated[
        int | None,
        typer.Option("--processes", min=1, max=256,
                     help="Processes extracting article pages (default: one per core)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check the sources that are due, once, and store their new articles."""
    use_processes(processes or default_processes())
    with open_ctx_store(ctx) as store:
        added = load_default_sources(store)
        if added:
            err.print(f"following the {added} default sources")
        if as_json or not err.is_terminal:
            report = poll(store, everything=everything)
        else:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[new]} new"), TimeElapsedColumn())
            with Progress(*columns, console=err) as bar:
                task = bar.add_task("polling", total=None, new=0)
                inserted = 0

                def update(result: PollResult, done: int, total: int) -> None:
                    nonlocal inserted
                    inserted += result.inserted
                    bar.update(task, completed=done, total=total, new=inserted,
                               description=f"polling {result.source[:30]}")

                report = poll(store, everything=everything, progress=update)
    if as_json:
        print_json(report.to_json())
        return
    for r in report.results:
        if not r.ok:
            err.print(f"[yellow]{r.outcome}[/yellow] {r.source}: {r.error}", highlight=False,
                      soft_wrap=True)
    outcomes = report.to_json()["outcomes"]
    summary = ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items())) or "nothing due"
    err.print(f"{len(report.results)} sources checked ({summary}); {report.inserted} new articles")

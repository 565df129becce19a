"""``khabar poll``: check the due sources once (every source with --all)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from khabar.cli.app import JsonFlag, app, err, fail, open_ctx_store, print_json
from khabar.errors import KhabarError
from khabar.pipeline.extraction import use_processes
from khabar.pipeline.poll import PollReport, PollResult
from khabar.pipeline.pool import default_processes
from khabar.pipeline.worker import poll
from khabar.pipeline.sources import load_default_sources
from khabar.store import Store


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
        try:
            report = _poll(store, everything, as_json or not err.is_terminal)
        except KhabarError as exc:  # the database down through the claims: cron sees it
            fail(f"{exc.user_message} ({exc})")
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


def _poll(store: Store, everything: bool, quiet: bool) -> PollReport:
    """One run of the worker loop (``once``), with a progress bar on a terminal."""
    if quiet:
        return poll(store, everything=everything)
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

        return poll(store, everything=everything, progress=update)

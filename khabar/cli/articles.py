"""Commands over the archive: import files, list, show and search articles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from khabar.cli.app import MAX_ID, JsonFlag, app, err, fail, open_ctx_store, print_json
from khabar.cli.progress import progress_of
from khabar.errors import KhabarError
from khabar.pipeline import ImportReport, import_paths
from khabar.pipeline.pool import default_processes
from khabar.pipeline.source_names import source_names
from khabar.search import search as run_search
from khabar.store.records import iso_utc
from khabar.presenters import article_summary_json, hit_json


@app.command("import")
def import_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to import.")],
    source: Annotated[
        Optional[str], typer.Option(help="Outlet name for every imported article.")
    ] = None,
    processes: Annotated[
        Optional[int], typer.Option(min=1, max=256,
                                    help="Processes preparing articles (default: one per core).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import article pages, feeds, JSON Lines and text page dumps."""
    workers = processes or default_processes()
    with open_ctx_store(ctx) as store:
        if as_json:
            report = import_paths(store, paths, source=source, processes=workers)
        else:
            with progress_of("importing") as update:
                def step(report: ImportReport, path: Path | None) -> None:
                    update(report.read, None, path.name if path else "")

                report = import_paths(store, paths, source=source, progress=step,
                                      processes=workers)
    if as_json:
        print_json(report.to_json())
    else:
        for problem in report.problems:
            err.print(f"[yellow]skipped[/yellow] {problem}", highlight=False, soft_wrap=True)
        err.print(
            f"{report.files} files, {report.read} articles read: {report.inserted} new, "
            f"{report.updated} updated, {report.duplicates} duplicates, "
            f"{len(report.problems)} problems"
        )
    if report.read == 0 and report.problems:
        raise typer.Exit(1)


@app.command()
def articles(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """List the latest articles, newest first."""
    with open_ctx_store(ctx) as store:
        items = store.latest(limit=limit)
    if as_json:
        print_json([article_summary_json(a) for a in items])
        return
    for a in items:
        typer.echo(f"{a.id}\t{iso_utc(a.published_at) or '-'}\t{a.source}\t{a.title}")


@app.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[int, typer.Argument(metavar="ID", min=1, max=MAX_ID)],
    as_json: JsonFlag = False,
) -> None:
    """Show one article with every stored field."""
    with open_ctx_store(ctx) as store:
        try:
            article = store.article(article_id)
        except KhabarError as exc:
            fail(str(exc))
        if as_json:
            from khabar.pipeline.stories import article_context

            print_json({**article.to_json(), **article_context(store, article)})
            return
    typer.echo(article.title)
    typer.echo(f"{article.source} · {iso_utc(article.published_at) or '-'} · {article.url or ''}")
    typer.echo("")
    typer.echo(article.body)
    if article.keywords:
        typer.echo("\nكلمات دلالية: " + "، ".join(article.keywords))


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY")],
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many results.")] = 20,
    sort: Annotated[str, typer.Option(help="relevance or newest.")] = "relevance",
    as_json: JsonFlag = False,
) -> None:
    """Search articles: words, "phrases", OR, -excluded words."""
    with open_ctx_store(ctx) as store:
        try:
            results = run_search(store, query, limit=limit, order=sort,
                                 source_names=source_names(store))
        except KhabarError as exc:
            fail(f"{exc.user_message} ({exc})", code=2)
    if as_json:
        print_json([hit_json(h) for h in results.hits])
        return
    err.print(f"{'more than ' if results.total_capped else ''}{results.total} results")
    for hit in results.hits:
        a = hit.article
        typer.echo(f"{a.id}\t{iso_utc(a.published_at) or '-'}\t{a.source}\t{a.title}")




@app.command()
def reindex(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Rebuild the search index with the analyzer in use (done by itself when it changes)."""
    with open_ctx_store(ctx) as store:
        if as_json:
            count = store.reindex()
        else:
            with progress_of("re-indexing") as update:
                count = store.reindex(update)
    if as_json:
        print_json({"reindexed": count})
    else:
        err.print(f"{count} articles re-indexed")

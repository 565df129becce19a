"""Commands over stories: list them, show one, rebuild them all."""

from __future__ import annotations

from typing import Annotated

import typer

from khabar.cli.app import MAX_ID, JsonFlag, app, err, fail, open_ctx_store, print_json
from khabar.cli.progress import progress_of
from khabar.errors import KhabarError
from khabar.pipeline.stories import recluster
from khabar.store.records import iso_utc


@app.command("stories")
def stories_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many stories.")] = 20,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Only stories with this many articles.")
    ] = 2,
    as_json: JsonFlag = False,
) -> None:
    """List stories (the same event across outlets), the most recently active first."""
    with open_ctx_store(ctx) as store:
        found = store.stories(limit=limit, min_articles=min_articles)
    if as_json:
        print_json([s.to_json() for s in found])
        return
    for s in found:
        typer.echo(f"{s.id}\t{s.article_count}\t{iso_utc(s.first_at)}…{iso_utc(s.last_at)}\t"
                   f"{'، '.join(s.outlets)}\t{s.headline.title}")


@app.command("story")
def story_command(
    ctx: typer.Context,
    story_id: Annotated[int, typer.Argument(metavar="ID", min=1, max=MAX_ID)],
    as_json: JsonFlag = False,
) -> None:
    """Show one story: its headline, outlets and every article in arrival order."""
    with open_ctx_store(ctx) as store:
        try:
            story = store.story(story_id)
        except KhabarError as exc:
            fail(str(exc))
    if as_json:
        print_json(story.to_json(articles=True))
        return
    typer.echo(story.headline.title)
    typer.echo(f"{story.article_count} articles · {'، '.join(story.outlets)} · "
               f"{iso_utc(story.first_at)} … {iso_utc(story.last_at)}")
    for a in story.articles:
        copy = f"\t(copy of {a.duplicate_of})" if a.duplicate_of else ""
        typer.echo(f"{a.id}\t{iso_utc(a.published_at) or '-'}\t{a.source}\t{a.title}{copy}")


@app.command("recluster")
def recluster_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Rebuild every story and near-copy link from scratch, in arrival order."""
    with open_ctx_store(ctx) as store:
        if as_json:
            summary = recluster(store)
        else:
            with progress_of("clustering") as update:
                summary = recluster(store, progress=lambda done, total: update(done, total))
    if as_json:
        print_json(summary)
    else:
        err.print(f"{summary['articles']} articles: {summary['stories']} stories "
                  f"({summary['multi_article_stories']} with several articles), "
                  f"{summary['near_copies']} near copies")

"""``khabar sources …``: follow, list, remove, import and export the polled sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from khabar.cli.app import JsonFlag, app, err, fail, open_ctx_store, print_json
from khabar.errors import KhabarError
from khabar.pipeline.countries import match_archive
from khabar.pipeline.sources import add_source, export_opml, import_opml, remove_source
from khabar.store.records import iso_utc

sources_app = typer.Typer(help="Follow, list, remove, import and export sources.",
                          no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("add")
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="A feed, a sitemap or a home page.")],
    name: Annotated[Optional[str], typer.Option(help="Name of the outlet.")] = None,
    category: Annotated[Optional[str], typer.Option(help="Category (a region, a topic).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Follow a source; a home page's feed is discovered from its links."""
    with open_ctx_store(ctx) as store:
        try:
            source = add_source(store, url, name, category)
        except KhabarError as exc:
            fail(f"{exc.user_message} ({exc})")
    if as_json:
        print_json(source.to_json())
    else:
        err.print(f"following {source.name} ({source.kind}): {source.feed_url}", highlight=False)


@sources_app.command("list")
def list_sources(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The followed sources with their health: last success, last error, next check."""
    with open_ctx_store(ctx) as store:
        followed = store.followed_sources()
    if as_json:
        print_json([s.to_json() for s in followed])
        return
    for s in followed:
        problem = f"\t{s.last_outcome}: {s.last_error_user}" if s.error_count else ""
        typer.echo(
            f"{s.id}\t{s.health}\t{s.name}\t{s.feed_url}\tlast ok {iso_utc(s.last_success_at) or '-'}"
            f"\terrors {s.error_count}\tnext {iso_utc(s.next_check_at) or 'now'}{problem}"
        )
    err.print(f"{len(followed)} sources")


@sources_app.command("remove")
def remove(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="ID|NAME|URL")],
    delete_articles: Annotated[
        bool, typer.Option("--delete-articles", help="Delete its stored articles too.")
    ] = False,
) -> None:
    """Stop following a source (its articles are kept unless --delete-articles)."""
    with open_ctx_store(ctx) as store:
        try:
            source = remove_source(store, key, delete_articles=delete_articles)
        except KhabarError as exc:
            fail(f"{exc.user_message} ({exc})")
    err.print(f"no longer following {source.name}", highlight=False)


@sources_app.command("import-opml")
def import_opml_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", exists=True, dir_okay=False)],
    category: Annotated[
        Optional[str], typer.Option(help="Category for every imported source.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Follow every feed of an OPML file."""
    with open_ctx_store(ctx) as store:
        try:
            report = import_opml(store, file, category=category)
        except KhabarError as exc:
            fail(str(exc))
    if as_json:
        print_json(report.to_json())
        return
    for url, reason in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {url}: {reason}", highlight=False, soft_wrap=True)
    err.print(f"{len(report.added)} sources added, {len(report.skipped)} skipped")


@sources_app.command("export-opml")
def export_opml_command(
    ctx: typer.Context,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """Print the followed sources as OPML."""
    with open_ctx_store(ctx) as store:
        document = export_opml(store)
    if output:
        output.write_text(document, encoding="utf-8")
    else:
        typer.echo(document, nl=False)


@sources_app.command("match")
def match(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Match every source to the outlet catalogue (khabar/data/outlets.tsv): record its
    outlet, country and kind, merge the unfollowed sources of one outlet into one (their
    articles kept), then compute the countries of every article and story again."""
    with open_ctx_store(ctx) as store:
        report = match_archive(store)
    if as_json:
        print_json(report)
        return
    for renamed in report["renamed"]:
        err.print(f"renamed {renamed['from']} → {renamed['to']}", highlight=False)
    err.print(f"{report['matched']} sources matched, {report['merged']} merged "
              f"({report['moved_articles']} articles moved); countries of "
              f"{report['articles']} articles and {report['stories']} stories", highlight=False)

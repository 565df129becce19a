"""Commands over quotes: who said what, and computing them again for stored articles."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from khabar.cli.app import JsonFlag, app, err, open_ctx_store, print_json
from khabar.cli.progress import progress_of
from khabar.pipeline.quotes import requote, speaker_quotes
from khabar.store.records import iso_utc


@app.command("quotes")
def quotes_command(
    ctx: typer.Context,
    speaker: Annotated[Optional[str], typer.Option(
        help="What this speaker said (an entity's name as shown); without it, the most "
             "quoted speakers.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many.")] = 30,
    as_json: JsonFlag = False,
) -> None:
    """Who said what: the most quoted speakers, or one speaker's statements, newest first."""
    with open_ctx_store(ctx) as store:
        if speaker is None:
            rows = store.top_speakers(limit=limit)
            if as_json:
                print_json([{"speaker": s, "speaker_type": t, "quotes": n} for s, t, n in rows])
                return
            for name, kind, n in rows:
                typer.echo(f"{name}\t{kind}\t{n}")
            return
        said = speaker_quotes(store, speaker, limit=limit)
    if as_json:
        print_json([s.to_json() for s in said])
        return
    for s in said:
        a = s.article
        typer.echo(f"{a.id}\t{iso_utc(a.published_at) or '-'}\t{a.source}\t{s.quote.verb}: "
                   f"{s.quote.text}")


@app.command("requote")
def requote_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Find the quotes of every stored article again (articles stored before quotes
    existed, or after the rules changed); each article's old quotes are replaced."""
    with open_ctx_store(ctx) as store:
        if as_json:
            articles, found = requote(store)
        else:
            with progress_of("finding quotes") as update:
                articles, found = requote(store, lambda done, total: update(done, total))
    if as_json:
        print_json({"articles": articles, "quotes": found})
    else:
        err.print(f"{articles} articles read, {found} quotes stored")

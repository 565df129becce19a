"""``khabar alerts …``: saved searches, their channels, and sending what is due.

Saved searches and channels belong to a user (``--user NAME``); every change goes through
``khabar.notify.saved``, the same checks as the web pages and the JSON API.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Optional

import typer

from khabar.cli.app import JsonFlag, app, err, fail, open_ctx_store, print_json
from khabar.errors import KhabarError
from khabar.notify import send_due
from khabar.notify.saved import (
    MODE_LABELS,
    create_channel,
    create_search,
    search_fields,
)
from khabar.notify.sender import try_channel
from khabar.pipeline.worker import default_worker_id
from khabar.settings import load_settings
from khabar.store import Store

alerts_app = typer.Typer(help="Saved searches, their alert channels, and sending due alerts.",
                         no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")

UserOption = Annotated[str, typer.Option("--user", metavar="NAME", help="The owner's user name.")]
Mode = Annotated[Optional[str], typer.Option("--mode", help="instant, hourly or daily.")]
Zone = Annotated[Optional[str], typer.Option("--timezone", metavar="ZONE",
                                             help="IANA time zone, e.g. Asia/Riyadh.")]
Quiet = Annotated[Optional[str], typer.Option(
    "--quiet", metavar="HH:MM-HH:MM", help="Quiet hours, e.g. 22:00-07:00 ('' clears them).")]


def _user_id(store: Store, name: str) -> int:
    user = store.user_by_name(name)
    if user is None:
        fail(f"no user named {name!r}")
    return user.id


def _quiet(value: str | None) -> tuple[str | None, str | None, bool]:
    if value is None:
        return None, None, False
    if not value.strip():
        return "", "", True
    start, sep, end = value.partition("-")
    if not sep:
        fail("--quiet: write it as HH:MM-HH:MM, e.g. 22:00-07:00")
    return start, end, True


def _run(action):  # noqa: ANN001, ANN202 - a callable and what it returns
    try:
        return action()
    except KhabarError as exc:
        fail(f"{exc.user_message} ({exc})")


@alerts_app.command("add")
def add(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="The search, in the search language.")],
    user: UserOption,
    name: Annotated[str, typer.Option(help="Its name (default: the query).")] = "",
    mode: Mode = None,
    tz: Zone = None,
    quiet: Quiet = None,
    as_json: JsonFlag = False,
) -> None:
    """Save a search; new articles matching it are announced on the user's channels."""
    start, end, _ = _quiet(quiet)
    with open_ctx_store(ctx) as store:
        saved = _run(lambda: create_search(
            store, load_settings(), _user_id(store, user), query=query, name=name,
            mode=mode or "instant", timezone=tz or "UTC", quiet_start=start, quiet_end=end))
    if as_json:
        print_json(saved.to_json())
    else:
        err.print(f"saved search {saved.id}: {saved.name} ({saved.mode})", highlight=False)


@alerts_app.command("list")
def list_(
    ctx: typer.Context,
    user: Annotated[Optional[str], typer.Option("--user", metavar="NAME",
                                                help="Only this user's.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List saved searches (every user's, or one user's)."""
    with open_ctx_store(ctx) as store:
        searches = store.saved_searches(_user_id(store, user) if user else None)
    if as_json:
        print_json({"items": [s.to_json() for s in searches]})
        return
    for s in searches:
        state = "paused" if s.paused else s.mode
        typer.echo(f"{s.id}\t{state}\t{s.name}\t{s.query}")


@alerts_app.command("show")
def show(ctx: typer.Context, search_id: Annotated[int, typer.Argument(metavar="ID")],
         as_json: JsonFlag = False) -> None:
    """A saved search, what it matched recently and its outbox."""
    with open_ctx_store(ctx) as store:
        saved = _run(lambda: store.saved_search(search_id))
        matched = store.matched_articles(saved.id, limit=10)
        outbox = store.deliveries_of(saved.id)
    states: dict[str, int] = {}
    for row in outbox:
        states[row["state"]] = states.get(row["state"], 0) + 1
    doc = {**saved.to_json(), "recent_matches": [{"id": a.id, "title": a.title, "source": a.source}
                                                 for a in matched], "deliveries": states}
    if as_json:
        print_json(doc)
        return
    typer.echo(f"{saved.name}: {saved.query} ({MODE_LABELS[saved.mode]}"
               f"{', paused' if saved.paused else ''})")
    typer.echo("deliveries: " + (", ".join(f"{n} {s}" for s, n in sorted(states.items())) or "none"))
    for a in matched:
        typer.echo(f"  {a.id}\t{a.source}\t{a.title}")


@alerts_app.command("edit")
def edit(
    ctx: typer.Context,
    search_id: Annotated[int, typer.Argument(metavar="ID")],
    query: Annotated[Optional[str], typer.Option("--query", help="A new query (checked).")] = None,
    name: Annotated[Optional[str], typer.Option(help="A new name.")] = None,
    mode: Mode = None,
    tz: Zone = None,
    quiet: Quiet = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a saved search; a new query is checked as search checks it."""
    start, end, given = _quiet(quiet)
    with open_ctx_store(ctx) as store:
        fields = _run(lambda: search_fields(query=query, name=name, mode=mode, timezone=tz,
                                            quiet_start=start if given else None,
                                            quiet_end=end if given else None,
                                            quiet_given=given))
        saved = _run(lambda: store.update_saved_search(search_id, **fields))
    if as_json:
        print_json(saved.to_json())
    else:
        err.print(f"saved search {saved.id} changed", highlight=False)


def _set_paused(ctx: typer.Context, search_id: int, paused: bool) -> None:
    with open_ctx_store(ctx) as store:
        saved = _run(lambda: store.update_saved_search(search_id, paused=paused))
    err.print(f"saved search {saved.id} {'paused' if paused else 'resumed'}", highlight=False)


@alerts_app.command("pause")
def pause(ctx: typer.Context, search_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Stop a saved search's alerts (and its matching) until it is resumed."""
    _set_paused(ctx, search_id, True)


@alerts_app.command("resume")
def resume(ctx: typer.Context, search_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Resume a paused saved search."""
    _set_paused(ctx, search_id, False)


@alerts_app.command("remove")
def remove(ctx: typer.Context, search_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Delete a saved search, its matches and its pending alerts."""
    with open_ctx_store(ctx) as store:
        _run(lambda: store.delete_saved_search(search_id))
    err.print(f"saved search {search_id} removed", highlight=False)


@alerts_app.command("channel-add")
def channel_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="An Apprise URL (ntfy://, tgram://, "
                                                           "mailto://, json:// …).")],
    user: UserOption,
    name: Annotated[str, typer.Option(help="Its name.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Add a channel to which the user's alerts are sent."""
    with open_ctx_store(ctx) as store:
        channel = _run(lambda: create_channel(store, load_settings(), _user_id(store, user),
                                              name=name, url=url))
    if as_json:
        print_json(channel.to_json(datetime.now(timezone.utc)))
    else:
        err.print(f"channel {channel.id}: {channel.name}", highlight=False)


@alerts_app.command("channels")
def channels(ctx: typer.Context, user: UserOption, as_json: JsonFlag = False) -> None:
    """A user's channels and their health (secrets hidden)."""
    now = datetime.now(timezone.utc)
    with open_ctx_store(ctx) as store:
        found = store.channels(_user_id(store, user))
    if as_json:
        print_json({"items": [c.to_json(now) for c in found]})
        return
    for c in found:
        doc = c.to_json(now)
        health = ("expired" if c.expired else "failing" if doc["failing"] else
                  "error" if c.failing_since else "ok")
        typer.echo(f"{c.id}\t{health}\t{c.name}\t{doc['url']}")


@alerts_app.command("channel-test")
def channel_test(ctx: typer.Context,
                 channel_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Send a test message to a channel now."""
    with open_ctx_store(ctx) as store:
        error = _run(lambda: try_channel(store, load_settings(), channel_id))
    if error:
        fail(f"the channel refused the test message: {error}")
    err.print(f"test message sent to channel {channel_id}", highlight=False)


@alerts_app.command("channel-remove")
def channel_remove(ctx: typer.Context,
                   channel_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Delete a channel and its pending alerts."""
    with open_ctx_store(ctx) as store:
        _run(lambda: store.delete_channel(channel_id))
    err.print(f"channel {channel_id} removed", highlight=False)


@alerts_app.command("send")
def send(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Send the alerts due now, once (`khabar run` and `khabar worker` do it continually)."""
    with open_ctx_store(ctx) as store:
        report = _run(lambda: send_due(store, load_settings(), worker=default_worker_id()))
    if as_json:
        print_json(report.to_json())
    else:
        err.print(f"{report.messages} messages sent, {report.failed} failed", highlight=False)

"""``khabar users app-password …``: a reader's passwords for Google Reader API apps.

    khabar users app-password add NAME [--label L] [--json]   prints the new password once
    khabar users app-password list NAME [--json]
    khabar users app-password revoke NAME ID

The same as the account page's «تطبيقات الهاتف» (``khabar.web.greader_apps``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from khabar.cli.app import JsonFlag, err, fail, open_ctx_store, print_json
from khabar.cli.users import users_app
from khabar.store.app_passwords import create_app_password

app_password_app = typer.Typer(help="App passwords for Google Reader API apps (/api/greader).",
                               no_args_is_help=True)
users_app.add_typer(app_password_app, name="app-password")

UserName = Annotated[str, typer.Argument(metavar="NAME", help="The account's name.")]


@app_password_app.command("add")
def add(
    ctx: typer.Context,
    name: UserName,
    label: Annotated[str, typer.Option(help="What the password is for (an app, a phone).")] = "app",
    as_json: JsonFlag = False,
) -> None:
    """Create an app password for the account and print it (it is shown only once)."""
    with open_ctx_store(ctx) as store:
        user = store.user_by_name(name)
        if user is None:
            fail(f"no user named {name!r}")
        token, password = create_app_password(store, user.id, label)
    if as_json:
        print_json({**token.to_json(), "user": user.name, "password": password})
        return
    typer.echo(password)
    err.print(f"app password {token.id} ({token.name}) for {user.name}: use it with the user "
              "name at <khabar address>/api/greader", highlight=False)


@app_password_app.command("list")
def list_passwords(ctx: typer.Context, name: UserName, as_json: JsonFlag = False) -> None:
    """The account's app passwords (never the passwords themselves)."""
    with open_ctx_store(ctx) as store:
        user = store.user_by_name(name)
        if user is None:
            fail(f"no user named {name!r}")
        found = store.tokens(user.id, "app")
    if as_json:
        print_json([t.to_json() for t in found])
        return
    for t in found:
        used = t.to_json()["last_used_at"] or "-"
        typer.echo(f"{t.id}\t{t.name}\t{t.to_json()['created_at']}\t{used}")
    err.print(f"{len(found)} app passwords")


@app_password_app.command("revoke")
def revoke(
    ctx: typer.Context,
    name: UserName,
    token_id: Annotated[int, typer.Argument(metavar="ID", help="From `app-password list`.")],
) -> None:
    """Revoke one app password: apps logged in with it are logged out."""
    with open_ctx_store(ctx) as store:
        user = store.user_by_name(name)
        if user is None:
            fail(f"no user named {name!r}")
        if not any(t.id == token_id for t in store.tokens(user.id, "app")):
            fail(f"{user.name} has no app password {token_id}")
        store.revoke_token(user.id, token_id)
    err.print(f"revoked app password {token_id} of {user.name}", highlight=False)

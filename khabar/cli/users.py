"""``khabar users …``: create, list, remove accounts and set their passwords.

Passwords are read from the terminal (twice, hidden) or, with ``--password-stdin``, from the
first line of standard input (for scripts); never from the command line, where other users
of the machine could read them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from khabar.cli.app import JsonFlag, app, err, fail, open_ctx_store, print_json
from khabar.errors import KhabarError
from khabar.store.credentials import check_name, check_password, hash_password
from khabar.store.records import iso_utc

users_app = typer.Typer(help="Create, list and remove accounts; set passwords.",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")

PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input.")]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        return check_password(password)
    except KhabarError as exc:
        fail(f"{exc.user_message} ({exc})")


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    role: Annotated[str, typer.Option(help="admin or reader.")] = "reader",
    password_stdin: PasswordStdin = False,
    as_json: JsonFlag = False,
) -> None:
    """Create an account (asks for its password)."""
    try:
        name = check_name(name)
    except KhabarError as exc:
        fail(f"{exc.user_message} ({exc})")
    password = _read_password(password_stdin)
    with open_ctx_store(ctx) as store:
        try:
            user = store.create_user(name, hash_password(password), role=role)
        except KhabarError as exc:
            fail(f"{exc.user_message} ({exc})")
    if as_json:
        print_json(user.to_json())
    else:
        err.print(f"created {user.role} {user.name} (id {user.id})", highlight=False)


@users_app.command("list")
def list_users(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every account: id, name, role, creation date."""
    with open_ctx_store(ctx) as store:
        found = store.users()
    if as_json:
        print_json([u.to_json() for u in found])
        return
    for u in found:
        typer.echo(f"{u.id}\t{u.name}\t{u.role}\t{iso_utc(u.created_at)}")
    err.print(f"{len(found)} users")


@users_app.command("remove")
def remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an account with its sessions, tokens, follows, marks and filters."""
    with open_ctx_store(ctx) as store:
        user = store.user_by_name(name)
        if user is None:
            fail(f"no user named {name!r}")
        if not yes and not typer.confirm(f"Remove {user.name} and all their state?"):
            fail("cancelled")
        store.remove_user(user.id)
    err.print(f"removed {user.name}", highlight=False)


@users_app.command("passwd")
def passwd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set an account's password; every session of the account ends."""
    with open_ctx_store(ctx) as store:
        user = store.user_by_name(name)
        if user is None:
            fail(f"no user named {name!r}")
        ended = store.set_password(user.id, hash_password(_read_password(password_stdin)))
    err.print(f"password of {user.name} changed; {ended} sessions ended", highlight=False)

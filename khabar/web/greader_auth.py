"""Who a Google Reader API call is from: ClientLogin, the Auth token and the edit token T.

    POST /api/greader/accounts/ClientLogin   Email=<user name> Passwd=<app password>
         → SID=<auth>\\nLSID=<auth>\\nAuth=<auth>\\n   (JSON with output=json)
    GET  …/reader/api/0/…   Authorization: GoogleLogin auth=<auth>
    POST …/reader/api/0/…   the same header and T=<edit token> (form or query), the token
                            GET …/reader/api/0/token returned

``<auth>`` is ``<user id>/<auth key>``, the key of one of the user's app passwords
(``khabar.store.app_passwords``); the edit token is an HMAC of it. A revoked app password
ends both. Failed logins are throttled with the web login's policy and memory
(``khabar.web.throttle``: per address and per account name).

Failures answer as Miniflux and FreshRSS do, which clients know: ClientLogin 401
``Error=BadAuthentication``; a bad or missing Auth or T on the API, 401 ``Unauthorized`` with
``X-Reader-Google-Bad-Token: true`` (clients then fetch a new T, or log in again).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from khabar.settings import Settings
from khabar.store import Store
from khabar.store.app_passwords import auth_key
from khabar.store.credentials import token_hash
from khabar.store.users import User, name_key
from khabar.web import throttle
from khabar.web.auth import client_address

#: longest Email / Passwd looked at
MAX_FIELD = 300


class BadToken(Exception):
    """A Google Reader API call without a valid Auth token (or, for a POST, T)."""


@dataclass(frozen=True, slots=True)
class GreaderUser:
    user: User
    auth: str  # "<user id>/<auth key>"

    @property
    def edit_token(self) -> str:
        return edit_token(self.auth)


def edit_token(auth: str) -> str:
    """The T token of an Auth token (57 characters, as FreshRSS's are)."""
    key = auth.rsplit("/", 1)[-1]
    return hmac.new(key.encode(), b"khabar-greader-T", hashlib.sha256).hexdigest()[:57]


def _store(request: Request) -> Store:
    return request.app.state.store


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _now() -> datetime:
    return datetime.now(timezone.utc)


def unauthorized() -> Response:
    return PlainTextResponse("Unauthorized", status_code=401,
                             headers={"X-Reader-Google-Bad-Token": "true",
                                      "Cache-Control": "private, no-store"})


def login(request: Request, email: str, password: str, as_json: bool) -> Response:
    """ClientLogin: the user name and one of their app passwords give an Auth token."""
    store, settings = _store(request), _settings(request)
    address, account = client_address(request), email.strip()[:MAX_FIELD]
    throttle.check(store, settings, address, account, _now())
    key = auth_key(password[:MAX_FIELD])
    found = store.token_user(token_hash(key), "app")
    if found is None or name_key(found[0].name) != name_key(account):
        throttle.failed(store, settings, address, account, _now())
        return PlainTextResponse("Error=BadAuthentication\n", status_code=401,
                                 headers={"Cache-Control": "no-store"})
    throttle.succeeded(store, address, account)
    auth = f"{found[0].id}/{key}"
    headers = {"Cache-Control": "no-store"}
    if as_json:
        return JSONResponse({"SID": auth, "LSID": auth, "Auth": auth}, headers=headers)
    return PlainTextResponse(f"SID={auth}\nLSID={auth}\nAuth={auth}\n", headers=headers)


def _auth_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "").strip()
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "googlelogin":
        return None
    name, _, value = rest.strip().partition("=")
    return value.strip() if name.strip().lower() == "auth" and value.strip() else None


def values(request: Request, name: str) -> list[str]:
    """Every value of a parameter, from the query string and (for a POST) the form body."""
    found = list(request.query_params.getlist(name))
    form = getattr(request.state, "greader_form", None)
    if form is not None:
        found += [v for v in form.getlist(name) if isinstance(v, str)]
    return found


def value(request: Request, name: str, default: str = "") -> str:
    found = values(request, name)
    return found[0] if found else default


def _resolve(request: Request) -> GreaderUser:
    auth = _auth_of(request)
    if not auth or len(auth) > 200 or "/" not in auth:
        raise BadToken()
    user_id, _, key = auth.partition("/")
    found = _store(request).token_user(token_hash(key), "app")
    if found is None or str(found[0].id) != user_id:
        raise BadToken()
    caller = GreaderUser(found[0], auth)
    if request.method == "POST":
        sent = value(request, "T")
        if not hmac.compare_digest(sent.encode(), caller.edit_token.encode()):
            raise BadToken()
    return caller


async def read_form(request: Request) -> None:
    """Parse a POST's form body once, before the route reads its parameters."""
    if request.method == "POST" and not hasattr(request.state, "greader_form"):
        request.state.greader_form = await request.form(max_files=1, max_fields=20_000)


async def resolve(request: Request) -> GreaderUser:
    """The caller of an API route; raises ``BadToken``. A POST must also carry T."""
    await read_form(request)
    return await run_in_threadpool(_resolve, request)


#: a route parameter: the app's user (a bad token answers 401 before the route runs)
Caller = Annotated[GreaderUser, Depends(resolve)]

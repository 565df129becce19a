"""Logging in and out, registration, and a user's own account page.

    GET/POST /login            (also /admin/login)  name + password; throttled (429)
    POST     /logout           ends this session
    GET/POST /register         only with registration_open
    GET      /account          password, sessions, tokens, private feeds
    POST     /account/password                 changes it; every other session ends
    POST     /account/sessions/end-others      "log out everywhere" (but here)
    POST     /account/sessions/{id}/end        ends one session
    POST     /account/tokens                   a new API or feed token, shown once
    POST     /account/tokens/{id}/revoke

Bootstrap: while no admin account exists, the name "admin" with the ``admin_password``
setting logs in and creates that admin account (its password hashed); from then on the
setting is not read.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from khabar.errors import InvalidInput, UserExists
from khabar.settings import Settings
from khabar.store import Store
from khabar.store.credentials import (
    check_name,
    check_password,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from khabar.store.users import User, name_key
from khabar.web import throttle
from khabar.web.auth import (
    Reader,
    check_csrf,
    check_write,
    client_address,
    csrf_token,
    end_session,
    start_session,
    viewer,
)
from khabar.web.flash import flash, pop_flash
from khabar.web.templating import templates
from khabar.web.params import RowId

router = APIRouter(include_in_schema=False)

#: the account the admin_password setting bootstraps
BOOTSTRAP_NAME = "admin"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _store(request: Request) -> Store:
    return request.app.state.store


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def safe_next(value: str | None) -> str:
    """A local path to go to after logging in; anything else goes home."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/"


def authenticate(store: Store, settings: Settings, name: str, password: str) -> User | None:
    """The user whose name and password these are, or None (always an argon2 check's cost)."""
    name = name.strip() or BOOTSTRAP_NAME
    user = store.user_by_name(name)
    if user is not None:
        return user if verify_password(user.password_hash, password) else None
    verify_password(None, password)
    expected = settings.admin_password
    if (
        expected
        and name_key(name) == BOOTSTRAP_NAME
        and store.count_admins() == 0
        and hmac.compare_digest(password.encode(), expected.encode())
    ):
        try:
            return store.create_user(BOOTSTRAP_NAME, hash_password(password), role="admin")
        except UserExists:  # a concurrent bootstrap won
            return authenticate(store, settings, name, password)
    return None


def _login_page(
    request: Request,
    *,
    error: str | None = None,
    name: str = "",
    next_path: str = "/",
    status: int = 200,
) -> HTMLResponse:
    settings = _settings(request)
    return templates.TemplateResponse(
        request,
        "login.html",
        {
            "csrf": csrf_token(request),
            "error": error,
            "name": name,
            "next": next_path,
            "registration_open": settings.registration_open,
            "bootstrap": bool(settings.admin_password) and _store(request).count_admins() == 0,
            "no_accounts": not settings.admin_password and not _store(request).users(),
        },
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse)
@router.get("/admin/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "") -> Response:
    target = safe_next(next or ("/admin" if request.url.path == "/admin/login" else "/"))
    if viewer(request) is not None:
        return RedirectResponse(target, status_code=303)
    return _login_page(request, next_path=target)


@router.post("/login")
@router.post("/admin/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    store, settings, now = _store(request), _settings(request), _now()
    target = safe_next(next or ("/admin" if request.url.path == "/admin/login" else "/"))
    account = name.strip() or BOOTSTRAP_NAME
    address = client_address(request)
    throttle.check(store, settings, address, account, now)
    user = authenticate(store, settings, account, password)
    if user is None:
        throttle.failed(store, settings, address, account, now)
        message = "اسم المستخدم أو كلمة المرور غير صحيحة."
        if not settings.admin_password and not store.users():
            message = (
                "لا توجد حسابات بعد: أنشئ حساباً بالأمر ‎khabar users add‎ أو عيّن "
                "KHABAR_ADMIN_PASSWORD."
            )
        return _login_page(request, error=message, name=name, next_path=target, status=401)
    throttle.succeeded(store, address, account)
    response = RedirectResponse(target, status_code=303)
    start_session(request, response, user)
    return response


@router.post("/logout")
@router.post("/admin/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    response = RedirectResponse("/", status_code=303)
    end_session(request, response)
    return response


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> Response:
    return templates.TemplateResponse(
        request,
        "register.html",
        {
            "csrf": csrf_token(request),
            "open": _settings(request).registration_open,
            "error": None,
            "name": "",
        },
        status_code=200 if _settings(request).registration_open else 404,
    )


@router.post("/register")
def register(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    password2: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    settings, store = _settings(request), _store(request)
    if not settings.registration_open:
        return register_page(request)
    address = client_address(request)
    throttle.check(store, settings, address, name or "-", _now())
    try:
        if password != password2:
            raise InvalidInput("passwords differ", user_message="كلمتا المرور غير متطابقتين.")
        user = store.create_user(check_name(name), hash_password(check_password(password)))
    except (InvalidInput, UserExists) as exc:
        # a failed registration counts like a failed login: names cannot be probed for free
        throttle.failed(store, settings, address, name or "-", _now())
        return templates.TemplateResponse(
            request,
            "register.html",
            {"csrf": csrf_token(request), "open": True, "error": exc.user_message, "name": name},
            status_code=400,
        )
    response = RedirectResponse("/for-you", status_code=303)
    start_session(request, response, user)
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, user: Reader) -> Response:
    return _account(request, user)


def _account(request: Request, user: User, *, new_secret: dict | None = None) -> Response:
    store = _store(request)
    found = viewer(request)
    return templates.TemplateResponse(
        request,
        "account.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "flash": pop_flash(request),
            "sessions": store.user_sessions(user.id),
            "current_session": found.session.id if found and found.session else None,
            "tokens": [t for t in store.tokens(user.id) if t.kind in ("api", "feed")],
            "new_secret": new_secret,
            "base": str(request.base_url).rstrip("/"),
        },
    )


def _back() -> RedirectResponse:
    return RedirectResponse("/account", status_code=303)


@router.post("/account/password")
def change_password(
    request: Request,
    current: Annotated[str, Form(max_length=2000)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    password2: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = check_write(request, csrf)
    store = _store(request)
    throttle.check(store, _settings(request), client_address(request), user.name, _now())
    full = store.get_user(user.id)
    try:
        if not verify_password(full.password_hash, current):
            throttle.failed(store, _settings(request), client_address(request), user.name, _now())
            raise InvalidInput(
                "wrong current password", user_message="كلمة المرور الحالية غير صحيحة."
            )
        if password != password2:
            raise InvalidInput("passwords differ", user_message="كلمتا المرور غير متطابقتين.")
        found = viewer(request)
        ended = store.set_password(
            user.id,
            hash_password(check_password(password)),
            keep_session_id=found.session.id if found and found.session else None,
        )
    except InvalidInput as exc:
        flash(request, exc.user_message, "error")
    else:
        flash(request, f"تغيّرت كلمة المرور، وانتهت الجلسات الأخرى ({ended}).")
    return _back()


@router.post("/account/sessions/end-others")
def end_other_sessions(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    found = viewer(request)
    ended = _store(request).end_sessions(
        user.id, keep_session_id=found.session.id if found and found.session else None
    )
    flash(request, f"سُجّل الخروج من كل الأجهزة الأخرى ({ended}).")
    return _back()


@router.post("/account/sessions/{session_id}/end")
def end_one_session(
    request: Request, session_id: RowId, csrf: Annotated[str, Form()] = ""
) -> Response:
    user = check_write(request, csrf)
    if _store(request).end_session(session_id, user_id=user.id):
        flash(request, "انتهت الجلسة.")
    return _back()


@router.post("/account/tokens")
def create_token(
    request: Request,
    kind: Annotated[str, Form()] = "api",
    name: Annotated[str, Form(max_length=100)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = check_write(request, csrf)
    if kind not in ("api", "feed"):
        raise InvalidInput(f"token kind {kind!r}", user_message="نوع الرمز إما api أو feed.")
    secret = new_token(f"kh_{kind}")
    token = _store(request).create_token(user.id, kind, name or kind, token_hash(secret))
    return _account(request, user, new_secret={"token": token, "secret": secret})


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: RowId, csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    if _store(request).revoke_token(user.id, token_id):
        flash(request, "أُلغي الرمز.")
    return _back()

"""Who is asking: server-side sessions, API tokens, CSRF tokens and the private-install gate.

    cookie khabar_sid=<random token>   →  user_sessions.token_hash = sha256(token)
    Authorization: Bearer kh_api_…      →  api_tokens (kind "api").token_hash

A session ends on logout, on a password change (the others), on "log out everywhere", on
the account's removal and after ``session_days`` unused; the cookie alone opens nothing.
Cookies are HttpOnly, SameSite=Lax, and Secure when the request came over HTTPS (directly,
or through a proxy listed in ``trusted_proxies``).

CSRF: a logged-in form carries a token derived from the session's secret (HMAC), so it
changes with every session; an anonymous form (login, registration) carries the value of a
random ``khabar_csrf`` cookie (double submit). ``check_csrf`` compares in constant time.

``install(app)`` adds the middleware that resolves the viewer once per request into
``request.state.viewer`` (``current_user`` reads it) and, on a private install, sends
anonymous visitors to /login (the API answers 401).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from khabar.errors import InvalidInput, StoreError, UserExists
from khabar.settings import Settings
from khabar.store import Store
from khabar.store.credentials import new_token, token_hash
from khabar.store.users import Token, User, UserSession
from khabar.web.asgi import HttpMiddleware
from khabar.web.templating import templates
from khabar.web.throttle import Throttled

log = logging.getLogger(__name__)

SESSION_COOKIE = "khabar_sid"
CSRF_COOKIE = "khabar_csrf"
#: a session's last use is written at most this often (not on every request)
TOUCH_EVERY = timedelta(minutes=10)
#: paths a private install opens to anonymous visitors
OPEN_PREFIXES = ("/login", "/register", "/static/", "/fonts/", "/feeds/u/", "/api/greader")


class Forbidden(Exception):
    """A POST without a valid CSRF token ("csrf"), or by someone not allowed ("login")."""


class LoginRequired(Exception):
    """A page or API call that needs a logged-in user, asked anonymously."""


@dataclass(frozen=True, slots=True)
class Viewer:
    user: User
    session: UserSession | None = None
    token: Token | None = None
    #: the session cookie's secret (CSRF tokens derive from it)
    secret: str | None = None


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _store(request: Request) -> Store:
    return request.app.state.store


def _now() -> datetime:
    return datetime.now(timezone.utc)


# --- proxies, addresses, HTTPS --------------------------------------------------------------

def _trusted(settings: Settings, host: str | None) -> bool:
    if not host or not settings.trusted_proxies:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    for item in settings.trusted_proxies.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            if address in ipaddress.ip_network(item, strict=False):
                return True
        except ValueError:
            log.warning("web: trusted_proxies: %r is not an address or network", item)
    return False


def client_address(request: Request) -> str:
    """The client's address: X-Forwarded-For's last hop when the peer is a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and _trusted(_settings(request), peer):
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer


def is_https(request: Request) -> bool:
    if request.url.scheme == "https":
        return True
    proto = request.headers.get("x-forwarded-proto", "")
    peer = request.client.host if request.client else None
    return proto.split(",")[0].strip().lower() == "https" and _trusted(_settings(request), peer)


# --- resolving the viewer -------------------------------------------------------------------

def resolve(request: Request) -> Viewer | None:
    """The user behind the request's session cookie or Bearer token (store calls: sync)."""
    store, now = _store(request), _now()
    try:
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            found = store.token_user(token_hash(header[7:].strip()), "api")
            return Viewer(found[0], token=found[1]) if found else None
        secret = request.cookies.get(SESSION_COOKIE)
        if not secret or len(secret) > 200:
            return None
        session_found = store.session_by_token(token_hash(secret), now)
        if session_found is None:
            return None
        user, session = session_found
        if now - session.last_seen_at > TOUCH_EVERY:
            store.touch_session(session.id, now, now + _lifetime(request))
        return Viewer(user, session=session, secret=secret)
    except StoreError as exc:  # the page itself will say the store is down
        log.warning("web: could not look up the session: %s", exc)
        return None


def viewer(request: Request) -> Viewer | None:
    if not hasattr(request.state, "viewer"):
        request.state.viewer = resolve(request)
    return request.state.viewer


def current_user(request: Request) -> User | None:
    """A FastAPI dependency: the logged-in user (session cookie or API token), or None."""
    found = viewer(request)
    return found.user if found else None


def require_user(request: Request) -> User:
    """A dependency: the logged-in user; anonymous requests get the login page (or 401)."""
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return user


def require_admin(request: Request) -> User:
    user = require_user(request)
    if not user.is_admin:
        raise Forbidden("login")
    return user


#: the logged-in user, as a route parameter: ``user: Reader`` (anonymous → login page / 401)
Reader = Annotated[User, Depends(require_user)]
#: an admin, as a route parameter (others → 403)
AdminUser = Annotated[User, Depends(require_admin)]


def _lifetime(request: Request) -> timedelta:
    return timedelta(days=_settings(request).session_days)


# --- sessions -------------------------------------------------------------------------------

def start_session(request: Request, response: Response, user: User) -> None:
    """Log ``user`` in: a new server-side session and its cookie (any old one is ended)."""
    store = _store(request)
    old = request.cookies.get(SESSION_COOKIE)
    if old and len(old) <= 200:
        found = store.session_by_token(token_hash(old), _now())
        if found:
            store.end_session(found[1].id)
    store.prune_sessions(_now())  # expired sessions go at the next login
    secret = new_token("kh_s")
    lifetime = _lifetime(request)
    store.create_session(user.id, token_hash(secret), expires_at=_now() + lifetime,
                         address=client_address(request),
                         user_agent=request.headers.get("user-agent"))
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(lifetime.total_seconds()),
                        httponly=True, samesite="lax", secure=is_https(request), path="/")


def end_session(request: Request, response: Response) -> None:
    found = viewer(request)
    if found and found.session:
        _store(request).end_session(found.session.id)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=is_https(request))


# --- CSRF -----------------------------------------------------------------------------------

def csrf_token(request: Request) -> str:
    """The token a form of this page carries."""
    found = viewer(request)
    if found and found.secret:
        return hmac.new(found.secret.encode(), b"csrf", hashlib.sha256).hexdigest()
    cookie = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not cookie:
        cookie = request.state.new_csrf = secrets.token_urlsafe(32)
    return cookie


def check_csrf(request: Request, value: str | None) -> None:
    expected = csrf_token(request)
    submitted = value or request.headers.get("x-csrf-token", "")
    if not submitted or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise Forbidden("csrf")


def check_write(request: Request, value: str | None = None) -> User:
    """A state-changing call: a logged-in user and, unless an API token authenticates it,
    a valid CSRF token (form field or X-CSRF-Token header)."""
    user = require_user(request)
    found = viewer(request)
    if found is None or found.token is None:
        check_csrf(request, value)
    return user


# --- the middleware -------------------------------------------------------------------------

def _error(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    return templates.TemplateResponse(request, "error.html",
                                      {"status": status, "message": message}, status_code=status)


def install(app: FastAPI) -> None:
    """Resolve the viewer of every request; gate a private install; set the CSRF cookie;
    answer throttled logins (429), anonymous calls that need a user, and refused input."""

    @app.exception_handler(Throttled)
    async def throttled(request: Request, exc: Throttled) -> Response:
        minutes = max(1, round(exc.retry_after / 60))
        response = _error(request, 429, "TooManyAttempts",
                          f"محاولات دخول فاشلة كثيرة؛ حاول بعد {minutes} دقيقة تقريباً.")
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            response = _error(request, 401, "LoginRequired", "يجب تسجيل الدخول.")
            if request.url.path.startswith("/api/"):
                response.headers["WWW-Authenticate"] = "Bearer"
            return response
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(UserExists)
    async def user_exists(request: Request, exc: UserExists) -> Response:
        return _error(request, 409, "UserExists", exc.user_message)

    @app.exception_handler(InvalidInput)
    async def invalid_input(request: Request, exc: InvalidInput) -> Response:
        return _error(request, 400, "InvalidInput", exc.user_message)

    app.add_middleware(Readers)


def _has_credentials(request: Request) -> bool:
    """Whether the request carries a session cookie or a Bearer token (else: anonymous,
    known without asking the store)."""
    return (SESSION_COOKIE in request.cookies
            or request.headers.get("authorization", "")[:7].lower() == "bearer ")


class Readers(HttpMiddleware):
    """The middleware of ``install``: the store is asked only for a request with
    credentials, on a worker thread."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        found = await run_in_threadpool(resolve, request) if _has_credentials(request) else None
        request.state.viewer = found
        path = scope["path"]
        if (_settings(request).private_install and found is None
                and not path.startswith(OPEN_PREFIXES)):
            gate: Response
            if path.startswith("/api/"):
                gate = JSONResponse({"error": {"code": "LoginRequired",
                                               "message": "يجب تسجيل الدخول."}}, status_code=401)
            else:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                gate = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
            await gate(scope, receive, send)
            return

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if found is not None:  # a page or document of one user's own
                    headers["Cache-Control"] = "private, no-store"
                new_csrf = getattr(request.state, "new_csrf", None)
                if new_csrf and not request.cookies.get(CSRF_COOKIE):
                    cookie = Response()
                    cookie.set_cookie(CSRF_COOKIE, new_csrf, httponly=True, samesite="strict",
                                      secure=is_https(request), path="/")
                    headers.append("set-cookie", cookie.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_private)

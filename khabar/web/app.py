"""The web application: server-rendered RTL pages and their JSON twins under /api."""

from __future__ import annotations

import atexit
import logging
import os
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import Message, Receive, Scope, Send

from khabar import __version__
from khabar.errors import IndexBuilding, KhabarError, NotFound, QueryError, StoreUnavailable
from khabar.settings import Settings, load_settings
from khabar.store import Store
from khabar.web.asgi import HttpMiddleware
from khabar.web import accounts, admin_users, auth, me, me_api, private_feeds
from khabar.web import greader, greader_apps
from khabar.web import alerts as alert_pages, alerts_api
from khabar.web import health
from khabar.web import admin, api, api_docs, articles, assets, countries, events, feeds, fonts, front, images, pages
from khabar.web import stories as story_pages
from khabar.web import quotes as quote_pages
from khabar.web.templating import templates
from khabar.presenters import reader_zone

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"

#: headers sent with every response
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


#: the environment variable naming the database of ``app_from_environment``
DB_VARIABLE = "KHABAR_DB"


def app_from_environment() -> FastAPI:
    """The application of one worker process of ``khabar serve --processes N`` (uvicorn's
    factory, imported in each spawned process): its own store on ``KHABAR_DB`` — migrated
    already by the command, so no DDL here — its own logging, closed when the process ends."""
    from khabar.logs import configure_logging
    from khabar.store import open_store

    settings = load_settings()
    configure_logging(settings)
    store = open_store(os.environ[DB_VARIABLE], migrate=False)
    atexit.register(store.close)  # applies what this process still had to index
    return create_app(store, settings=settings)


def create_app(
    store: Store,
    *,
    settings: Settings | None = None,
) -> FastAPI:
    app = FastAPI(
        title="khabar — خبر",
        version=__version__,
        description="Arabic news aggregator and search engine: the JSON API.",
        docs_url=None,  # served by api_docs, from the package and under a CSP
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings = settings or load_settings()
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key or secrets.token_hex(32),
        session_cookie="khabar_flash",  # form messages only: sessions live in the store
        same_site="strict",
        max_age=7 * 24 * 3600,
    )
    if hosts := [h.strip() for h in settings.trusted_hosts.split(",") if h.strip()]:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)  # feeds' self links
    app.state.zone = reader_zone(settings.time_zone)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(front.router)
    app.include_router(pages.router)
    app.include_router(articles.router)
    app.include_router(story_pages.router)
    app.include_router(quote_pages.router)
    app.include_router(api.router)
    app.include_router(feeds.router)
    app.include_router(events.router)
    app.include_router(admin.router)
    app.include_router(fonts.router)
    app.include_router(accounts.router)
    app.include_router(me.router)
    app.include_router(me_api.router)
    app.include_router(private_feeds.router)
    app.include_router(greader.router)
    app.include_router(greader_apps.router)
    app.include_router(admin_users.router)
    app.include_router(alert_pages.router)
    app.include_router(alerts_api.router)
    auth.install(app)
    app.include_router(health.router)
    app.include_router(api_docs.router)
    app.include_router(assets.router)
    app.include_router(countries.router)
    app.include_router(images.router)

    @app.exception_handler(admin.Forbidden)
    async def forbidden(request: Request, exc: admin.Forbidden) -> Response:
        message = (
            "انتهت صلاحية النموذج؛ أعد تحميل الصفحة وحاول مجدداً."
            if str(exc) == "csrf"
            else "يجب تسجيل الدخول إلى لوحة الإدارة."
        )
        return error_response(request, 403, "Forbidden", message)

    app.add_middleware(SecurityHeaders)

    health.instrument(app)  # request ids, request metrics, access log

    @app.exception_handler(KhabarError)
    async def khabar_error(request: Request, exc: KhabarError) -> Response:
        status = 404 if isinstance(exc, NotFound) else 400 if isinstance(exc, QueryError) else 500
        if status == 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(request, status, type(exc).__name__, exc.user_message)

    @app.exception_handler(StoreUnavailable)
    async def database_unavailable(request: Request, exc: StoreUnavailable) -> Response:
        # PostgreSQL restarting or unreachable, SQLite locked past its timeout: say so, and
        # when to come back, instead of a bare 500.
        log.error("%s %.200s: database unavailable: %s", request.method, request.url.path, exc)
        response = error_response(request, 503, "DatabaseUnavailable",
                                  "قاعدة البيانات غير متاحة الآن؛ حاول بعد قليل.")
        response.headers["Retry-After"] = "30"
        return response

    @app.exception_handler(IndexBuilding)
    async def index_building(request: Request, exc: IndexBuilding) -> Response:
        # The search index is rebuilt (deleted, damaged, new analyzer): no results rather
        # than incomplete ones, and when to come back.
        response = error_response(request, 503, "IndexBuilding", exc.user_message)
        response.headers["Retry-After"] = "30"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = "الصفحة غير موجودة." if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, "HTTPError", message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(".".join(str(p) for p in e["loc"][1:]) for e in exc.errors())
        return error_response(
            request, 422, "InvalidParameter", f"قيمة غير صالحة في: {fields}"
        )

    return app


class SecurityHeaders(HttpMiddleware):
    """``SECURITY_HEADERS`` on every answer that does not set its own (/docs has a CSP of its
    own)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    """A JSON error object under /api, an Arabic error page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )

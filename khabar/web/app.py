"""The web application: server-rendered RTL pages and their JSON twins under /api."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from khabar import __version__
from khabar.errors import KhabarError, NotFound, QueryError, StoreUnavailable
from khabar.settings import Settings, load_settings
from khabar.store import Store
from khabar.web import admin, api, events, feeds, fonts, pages
from khabar.web import stories as story_pages
from khabar.web.templating import templates

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


def create_app(
    store: Store,
    *,
    settings: Settings | None = None,
) -> FastAPI:
    app = FastAPI(
        title="khabar — خبر",
        version=__version__,
        description="Arabic news aggregator and search engine: the JSON API.",
    )
    app.state.store = store
    app.state.settings = settings = settings or load_settings()
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key or secrets.token_hex(32),
        session_cookie="khabar_session",
        same_site="strict",
        max_age=7 * 24 * 3600,
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(story_pages.router)
    app.include_router(api.router)
    app.include_router(feeds.router)
    app.include_router(events.router)
    app.include_router(admin.router)
    app.include_router(fonts.router)

    @app.exception_handler(admin.Forbidden)
    async def forbidden(request: Request, exc: admin.Forbidden) -> Response:
        message = (
            "انتهت صلاحية النموذج؛ أعد تحميل الصفحة وحاول مجدداً."
            if str(exc) == "csrf"
            else "يجب تسجيل الدخول إلى لوحة الإدارة."
        )
        return error_response(request, 403, "Forbidden", message)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Content-Security-Policy" and request.url.path in ("/docs", "/redoc"):
                continue  # the OpenAPI explorer needs its own scripts
            response.headers.setdefault(name, value)
        return response

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
        log.error("%s %s: database unavailable: %s", request.method, request.url.path, exc)
        response = error_response(request, 503, "DatabaseUnavailable",
                                  "قاعدة البيانات غير متاحة الآن؛ حاول بعد قليل.")
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


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    """A JSON error object under /api, an Arabic error page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )

"""The admin pages: follow, edit, pause and remove sources, import OPML — behind a password.

The password is the setting ``admin_password`` (``KHABAR_ADMIN_PASSWORD``); while it is empty
the admin pages are closed. A login puts ``admin`` in the signed session cookie; every form
carries the session's CSRF token, checked on each POST. Public pages never need a login.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from khabar.errors import KhabarError
from khabar.pipeline.sources import add_source, import_opml, remove_source
from khabar.web.templating import templates
from khabar.web.views import RowId, sources_health

router = APIRouter(prefix="/admin", include_in_schema=False)

#: largest OPML file accepted, in bytes
MAX_OPML_BYTES = 2 * 1024 * 1024


class Forbidden(Exception):
    """A POST without a valid CSRF token, or by someone not logged in."""


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def _check(request: Request, csrf: str, *, login: bool = True) -> None:
    expected = request.session.get("csrf", "")
    if not expected or not hmac.compare_digest(expected, csrf):
        raise Forbidden("csrf")
    if login and not request.session.get("admin"):
        raise Forbidden("login")


def _flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session["flash"] = {"message": message, "kind": kind}


def _back() -> RedirectResponse:
    return RedirectResponse("/admin", status_code=303)


def _settings(request: Request):  # noqa: ANN202
    return request.app.state.settings


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "admin_login.html",
        {"csrf": csrf_token(request), "enabled": bool(_settings(request).admin_password),
         "error": request.session.pop("login_error", None)},
    )


@router.post("/login")
def login(request: Request, password: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    _check(request, csrf, login=False)
    expected = _settings(request).admin_password
    if expected and hmac.compare_digest(password.encode(), expected.encode()):
        request.session["admin"] = True
        request.session["csrf"] = secrets.token_urlsafe(32)  # a new token after login
        return _back()
    request.session["login_error"] = "كلمة المرور غير صحيحة." if expected else "لوحة الإدارة مغلقة."
    return RedirectResponse("/admin/login", status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    _check(request, csrf)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("", response_class=HTMLResponse)
def admin_page(request: Request) -> Response:
    if not request.session.get("admin"):
        return RedirectResponse("/admin/login", status_code=303)
    store = request.app.state.store
    return templates.TemplateResponse(
        request, "admin.html",
        {"csrf": csrf_token(request), "flash": request.session.pop("flash", None),
         "sources": sources_health(store)},
    )


@router.post("/sources")
async def add(
    request: Request,
    url: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
) -> Response:
    _check(request, csrf)
    try:
        source = await run_in_threadpool(
            add_source, request.app.state.store, url.strip(), name.strip() or None,
            category.strip() or None, settings=_settings(request),
        )
    except KhabarError as exc:
        _flash(request, f"لم تتم إضافة المصدر: {exc.user_message}", "error")
    else:
        _flash(request, f"أضيف المصدر «{source.name}».")
    return _back()


@router.post("/sources/{source_id}/edit")
def edit(
    request: Request,
    source_id: RowId,
    csrf: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
) -> Response:
    _check(request, csrf)
    changes = {"category": category.strip() or None}
    if name.strip():
        changes["name"] = name.strip()
    try:
        request.app.state.store.update_source(source_id, **changes)
    except KhabarError as exc:
        _flash(request, exc.user_message, "error")
    else:
        _flash(request, "حُفظت التعديلات.")
    return _back()


@router.post("/sources/{source_id}/pause")
def pause(request: Request, source_id: RowId, csrf: Annotated[str, Form()] = "",
          paused: Annotated[str, Form()] = "1") -> Response:
    _check(request, csrf)
    try:
        request.app.state.store.update_source(source_id, paused=paused == "1")
    except KhabarError as exc:
        _flash(request, exc.user_message, "error")
    else:
        _flash(request, "أوقف المصدر مؤقتاً." if paused == "1" else "استؤنفت متابعة المصدر.")
    return _back()


@router.post("/sources/{source_id}/remove")
def remove(request: Request, source_id: RowId, csrf: Annotated[str, Form()] = "") -> Response:
    _check(request, csrf)
    try:
        source = remove_source(request.app.state.store, str(source_id))
    except KhabarError as exc:
        _flash(request, exc.user_message, "error")
    else:
        _flash(request, f"توقفت متابعة «{source.name}» (بقيت أخباره في الأرشيف).")
    return _back()


@router.post("/opml")
async def opml(request: Request, file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = "") -> Response:
    _check(request, csrf)
    data = await file.read(MAX_OPML_BYTES + 1)
    if len(data) > MAX_OPML_BYTES:
        _flash(request, "ملف OPML أكبر من المسموح (2 ميغابايت).", "error")
        return _back()
    try:
        report = await run_in_threadpool(import_opml, request.app.state.store, data)
    except KhabarError as exc:
        _flash(request, f"تعذرت قراءة ملف OPML: {exc.user_message}", "error")
    else:
        _flash(request, f"أضيف {len(report.added)} مصدراً، وتُجوهل {len(report.skipped)}.")
    return _back()

"""The admin pages: follow, edit, pause and remove sources, import OPML — for admins.

An admin is a user with the admin role, logged in through a server-side session
(``khabar.web.auth``; the first admin can be bootstrapped from the ``admin_password``
setting, see ``accounts.py``). Every form carries the session's CSRF token, checked on each
POST. Public pages never need a login.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from khabar.errors import KhabarError
from khabar.pipeline.sources import add_source, import_opml, remove_source
from khabar.web import auth
from khabar.web.auth import Forbidden
from khabar.web.flash import flash, pop_flash
from khabar.web.templating import templates
from khabar.web.params import RowId
from khabar.presenters import sources_health

router = APIRouter(prefix="/admin", include_in_schema=False)

#: largest OPML file accepted, in bytes
MAX_OPML_BYTES = 2 * 1024 * 1024


def csrf_token(request: Request) -> str:
    return auth.csrf_token(request)


def _check(request: Request, csrf: str) -> None:
    """A POST of the admin pages: a valid CSRF token and an admin's session."""
    auth.check_csrf(request, csrf)
    user = auth.current_user(request)
    if user is None or not user.is_admin:
        raise Forbidden("login")


def _flash(request: Request, message: str, kind: str = "ok") -> None:
    flash(request, message, kind)


def _back() -> RedirectResponse:
    return RedirectResponse("/admin", status_code=303)


def _settings(request: Request):  # noqa: ANN202
    return request.app.state.settings


@router.get("", response_class=HTMLResponse)
def admin_page(request: Request) -> Response:
    user = auth.current_user(request)
    if user is None:
        return RedirectResponse("/admin/login", status_code=303)
    if not user.is_admin:
        raise Forbidden("login")
    store = request.app.state.store
    return templates.TemplateResponse(
        request, "admin.html",
        {"csrf": csrf_token(request), "flash": pop_flash(request),
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

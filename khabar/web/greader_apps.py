"""«تطبيقات الهاتف»: a reader's app passwords for the Google Reader API, on their account.

    GET  /account/apps                    the address to type into an app, app passwords
    POST /account/apps                    a new app password (name), shown once
    POST /account/apps/{id}/revoke        revoke one (apps using it are logged out)

The same from the command line: ``khabar users app-password add|list|revoke``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from khabar.store import Store
from khabar.store.app_passwords import create_app_password
from khabar.store.users import User
from khabar.web.auth import Reader, check_write, csrf_token
from khabar.web.flash import flash, pop_flash
from khabar.web.templating import templates
from khabar.web.params import RowId

router = APIRouter(include_in_schema=False)

#: app passwords one user may have
MAX_APP_PASSWORDS = 50


def _store(request: Request) -> Store:
    return request.app.state.store


def _page(request: Request, user: User, *, new: dict | None = None) -> Response:
    return templates.TemplateResponse(request, "greader_apps.html", {
        "user": user, "csrf": csrf_token(request), "flash": pop_flash(request),
        "passwords": _store(request).tokens(user.id, "app"), "new": new,
        "endpoint": str(request.base_url).rstrip("/") + "/api/greader"})


@router.get("/account/apps", response_class=HTMLResponse)
def apps_page(request: Request, user: Reader) -> Response:
    return _page(request, user)


@router.post("/account/apps")
def create(request: Request, name: Annotated[str, Form(max_length=100)] = "",
           csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    if len(_store(request).tokens(user.id, "app")) >= MAX_APP_PASSWORDS:
        flash(request, f"الحد الأقصى {MAX_APP_PASSWORDS} كلمة مرور للتطبيقات.", "error")
        return RedirectResponse("/account/apps", status_code=303)
    token, password = create_app_password(_store(request), user.id, name.strip() or "تطبيق")
    return _page(request, user, new={"token": token, "password": password})


@router.post("/account/apps/{token_id}/revoke")
def revoke(request: Request, token_id: RowId, csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    store = _store(request)
    if any(t.id == token_id for t in store.tokens(user.id, "app")):
        store.revoke_token(user.id, token_id)
        flash(request, "أُلغيت كلمة مرور التطبيق؛ التطبيقات التي تستعملها خرجت.")
    return RedirectResponse("/account/apps", status_code=303)

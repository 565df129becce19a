"""The admins' page of accounts: create, remove, change role, set a new password.

    GET  /admin/users                      the accounts
    POST /admin/users                      create (name, password, role)
    POST /admin/users/{id}/remove          remove with all their state (sessions end)
    POST /admin/users/{id}/role            admin or reader
    POST /admin/users/{id}/password        a new password; their sessions end

The last admin can be neither removed nor made a reader.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from khabar.errors import InvalidInput, KhabarError
from khabar.store import Store
from khabar.store.credentials import check_name, check_password, hash_password
from khabar.store.users import check_role
from khabar.web.auth import AdminUser, check_csrf, csrf_token
from khabar.web.flash import flash, pop_flash
from khabar.web.templating import templates
from khabar.web.params import RowId

router = APIRouter(prefix="/admin/users", include_in_schema=False)


def _store(request: Request) -> Store:
    return request.app.state.store


def _back() -> RedirectResponse:
    return RedirectResponse("/admin/users", status_code=303)


def keep_an_admin(store: Store, user_id: int) -> None:
    """Refuse to remove or demote the last admin."""
    if store.get_user(user_id).is_admin and store.count_admins() <= 1:
        raise InvalidInput("the last admin", user_message="لا يمكن ذلك: هذا آخر مشرف.")


@router.get("", response_class=HTMLResponse)
def users_page(request: Request, admin: AdminUser) -> Response:
    return templates.TemplateResponse(
        request,
        "admin_users.html",
        {
            "users": _store(request).users(),
            "me": admin,
            "csrf": csrf_token(request),
            "flash": pop_flash(request),
        },
    )


@router.post("")
def create(
    request: Request,
    admin: AdminUser,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    role: Annotated[str, Form()] = "reader",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    try:
        user = _store(request).create_user(
            check_name(name), hash_password(check_password(password)), role=check_role(role)
        )
    except KhabarError as exc:
        flash(request, exc.user_message, "error")
    else:
        flash(request, f"أُنشئ الحساب «{user.name}».")
    return _back()


@router.post("/{user_id}/remove")
def remove(
    request: Request, admin: AdminUser, user_id: RowId, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(request, csrf)
    store = _store(request)
    try:
        keep_an_admin(store, user_id)
        store.remove_user(user_id)
    except KhabarError as exc:
        flash(request, exc.user_message, "error")
    else:
        flash(request, "حُذف الحساب وانتهت جلساته.")
    return _back()


@router.post("/{user_id}/role")
def set_role(
    request: Request,
    admin: AdminUser,
    user_id: RowId,
    role: Annotated[str, Form()] = "reader",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    store = _store(request)
    try:
        if check_role(role) != "admin":
            keep_an_admin(store, user_id)
        store.set_role(user_id, role)
    except KhabarError as exc:
        flash(request, exc.user_message, "error")
    else:
        flash(request, "تغيّر الدور.")
    return _back()


@router.post("/{user_id}/password")
def set_password(
    request: Request,
    admin: AdminUser,
    user_id: RowId,
    password: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    try:
        _store(request).set_password(user_id, hash_password(check_password(password)))
    except KhabarError as exc:
        flash(request, exc.user_message, "error")
    else:
        flash(request, "تغيّرت كلمة المرور وانتهت جلسات الحساب.")
    return _back()

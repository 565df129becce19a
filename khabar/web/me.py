"""A reader's pages and forms: «لك», «اقرأ لاحقاً», what they follow, their filters.

    GET  /for-you                 stories matching the follows (copies folded)  · /api/me/for-you
    GET  /saved                   saved articles, the last saved first          · /api/me/saved
    GET  /account/follows         what they follow, with unread counts
    GET  /account/filters         block and keep rules
    POST /me/follows              follow / unfollow (kind, key, action)
    POST /me/read-all             mark a whole list read ("for-you" or a list kind + key)
    POST /me/articles/{id}/save   save / unsave        POST /me/articles/{id}/read  read / unread
    POST /account/filters         add a rule           POST /account/filters/{id}/remove

Every POST carries the session's CSRF token and answers with a redirect (POST-redirect-GET).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from khabar.errors import InvalidInput, NotFound
from khabar.notify.saved import follow_search, unfollow_search
from khabar.store import Store
from khabar.store.filters import ArticleFilter
from khabar.store.reading import SEARCH_KIND
from khabar.store.rules import ACTIONS, FIELDS, KINDS, MAX_RULES, check_rule
from khabar.store.users import User
from khabar.web import listings
from khabar.web.accounts import safe_next
from khabar.web.auth import Reader, check_write, csrf_token
from khabar.web.flash import flash, pop_flash
from khabar.web.labels import category_label
from khabar.web.listings import ListingName
from khabar.web.personal import (
    FOLLOW_KIND_OF_LIST,
    follow_filter,
    follows_of,
    for_you,
    rules_of,
    unread_count,
    unread_since,
)
from khabar.web.templating import templates
from khabar.web.params import RowId
from khabar.presenters import display_date, teaser
from khabar.web.visible import mark_list_read

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20


def _store(request: Request) -> Store:
    return request.app.state.store


@router.get("/for-you", response_class=HTMLResponse)
def for_you_page(request: Request, user: Reader, page: int = Query(1, ge=1, le=100)) -> Response:
    store = _store(request)
    found = for_you(store, user, rules_of(request), follows_of(request, user), page=page,
                    per_page=PAGE_SIZE)
    return templates.TemplateResponse(request, "for_you.html", {
        "found": found, "csrf": csrf_token(request), "flash": pop_flash(request),
        "alternate": "/api/me/for-you",
        "next_url": f"/for-you?page={page + 1}" if found.has_next else None,
    })


@router.get("/saved", response_class=HTMLResponse)
def saved_page(request: Request, user: Reader, page: int = Query(1, ge=1, le=500)) -> Response:
    store = _store(request)
    found = store.saved_articles(user.id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    items = [{"article": a, "date": display_date(a.published_at), "teaser": teaser(a)}
             for a in found[:PAGE_SIZE]]
    return templates.TemplateResponse(request, "saved.html", {
        "items": items, "total": store.count_saved(user.id), "csrf": csrf_token(request),
        "flash": pop_flash(request), "alternate": "/api/me/saved",
        "next_url": f"/saved?page={page + 1}" if len(found) > PAGE_SIZE else None,
    })


def _follow_label(store: Store, kind: str, key: str, names: dict[str, str]) -> str:
    if kind == SEARCH_KIND:
        return names.get(f"search:{key}", f"#{key}")
    if kind == "source":
        return names.get(key, f"#{key}")
    if kind == "category":
        return category_label(key) or key
    return key


def _follow_path(kind: str, key: str) -> str:
    if kind == SEARCH_KIND:
        return f"/alerts/{key}"
    plural = {v: k for k, v in FOLLOW_KIND_OF_LIST.items()}[kind]
    return ListingName(plural, key).path


@router.get("/account/follows", response_class=HTMLResponse)
def follows_page(request: Request, user: Reader) -> Response:
    store = _store(request)
    rules, since = rules_of(request), unread_since(store)
    names = {str(s.id): s.name for s in store.sources()}
    names.update({f"search:{s.id}": s.name for s in store.saved_searches(user.id)})
    items = [{"follow": f, "label": _follow_label(store, f.kind, f.key, names),
              "path": _follow_path(f.kind, f.key),
              "unread": unread_count(store, user, rules, [f], since)}
             for f in follows_of(request, user)]
    return templates.TemplateResponse(request, "follows.html", {
        "items": items, "csrf": csrf_token(request), "flash": pop_flash(request),
        "alternate": "/api/me/follows"})


@router.get("/account/filters", response_class=HTMLResponse)
def filters_page(request: Request, user: Reader) -> Response:
    return templates.TemplateResponse(request, "filters.html", {
        "rules": _store(request).rules(user.id), "csrf": csrf_token(request),
        "flash": pop_flash(request), "actions": ACTIONS, "kinds": KINDS, "fields": FIELDS,
        "alternate": "/api/me/filters"})


def _redirect(next_path: str | None, default: str = "/") -> RedirectResponse:
    return RedirectResponse(safe_next(next_path or default), status_code=303)


@router.post("/me/follows")
def follow_form(
    request: Request,
    kind: Annotated[str, Form(max_length=20)],
    key: Annotated[str, Form(max_length=400)],
    action: Annotated[str, Form()] = "follow",
    next: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = check_write(request, csrf)
    store = _store(request)
    if action == "unfollow":
        unfollow(store, user, kind, key)
        flash(request, "أُلغيت المتابعة.")
    else:
        follow(store, user, kind, key)
        flash(request, "تمت المتابعة: ستظهر أخباره في «لك».")
    return _redirect(next)


def follow(store: Store, user: User, kind: str, key: str) -> bool:
    """Follow something; a saved search (one's own only) through ``khabar.notify.saved``,
    which brings its newest results into «لك» at once."""
    if kind == SEARCH_KIND:
        return follow_search(store, user.id, _search_id(key))
    return store.follow(user.id, kind, key)


def unfollow(store: Store, user: User, kind: str, key: str) -> bool:
    if kind == SEARCH_KIND:
        return unfollow_search(store, user.id, _search_id(key))
    return store.unfollow(user.id, kind, key)


def _search_id(key: str) -> int:
    key = key.strip()
    if not key.isdigit() or not 0 < int(key) < 2**63:
        raise NotFound(f"saved search key {key[:40]!r}", user_message="البحث المحفوظ غير موجود.")
    return int(key)


def list_filter(request: Request, user: User, scope: str, key: str) -> ArticleFilter:
    """The filter of a list a reader marks read: «لك» or a named list."""
    if scope == "for-you":
        follows = follows_of(request, user)
        if not follows:
            raise InvalidInput("nothing followed", user_message="لا تتابع شيئاً بعد.")
        return follow_filter(follows)
    if scope not in listings.KINDS:
        raise NotFound(f"no list kind {scope!r}")
    return listings.resolve(_store(request), ListingName(scope, key))[1]


@router.post("/me/read-all")
def read_all_form(
    request: Request,
    scope: Annotated[str, Form(max_length=20)] = "for-you",
    key: Annotated[str, Form(max_length=400)] = "",
    next: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = check_write(request, csrf)
    marked = mark_list_read(_store(request), user.id, rules_of(request),
                            list_filter(request, user, scope, key))
    flash(request, f"عُلّم {marked} خبراً مقروءاً.")
    return _redirect(next, "/for-you")


@router.post("/me/articles/{article_id}/save")
def save_form(request: Request, article_id: RowId, saved: Annotated[str, Form()] = "1",
              next: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    _store(request).set_saved(user.id, article_id, saved=saved == "1")
    flash(request, "حُفظ في «اقرأ لاحقاً»." if saved == "1" else "أُزيل من «اقرأ لاحقاً».")
    return _redirect(next, f"/articles/{article_id}")


@router.post("/me/articles/{article_id}/read")
def read_form(request: Request, article_id: RowId, read: Annotated[str, Form()] = "1",
              next: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    if not _store(request).mark_read(user.id, [article_id], read=read == "1"):
        raise NotFound(f"no article {article_id}", user_message="الخبر غير موجود.")
    return _redirect(next)


@router.post("/account/filters")
def add_filter_form(
    request: Request,
    action: Annotated[str, Form(max_length=10)] = "block",
    kind: Annotated[str, Form(max_length=20)] = "words",
    field: Annotated[str, Form(max_length=20)] = "any",
    pattern: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = check_write(request, csrf)
    try:
        add_rule(_store(request), user, action, kind, field, pattern)
    except InvalidInput as exc:
        flash(request, exc.user_message, "error")
    else:
        flash(request, "أُضيفت القاعدة، وهي تسري على كل القوائم.")
    return RedirectResponse("/account/filters", status_code=303)


def add_rule(store: Store, user: User, action: str, kind: str, field: str, pattern: str):  # noqa: ANN201
    checked = check_rule(action, kind, field, pattern)
    if len(store.rules(user.id)) >= MAX_RULES:
        raise InvalidInput("too many rules", user_message=f"الحد الأقصى {MAX_RULES} قاعدة.")
    return store.add_rule(user.id, *checked)


@router.post("/account/filters/{rule_id}/remove")
def remove_filter_form(request: Request, rule_id: RowId,
                       csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    if _store(request).remove_rule(user.id, rule_id):
        flash(request, "حُذفت القاعدة.")
    return RedirectResponse("/account/filters", status_code=303)


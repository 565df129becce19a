"""The JSON API of a reader's own state, under /api/me (OpenAPI tag "me").

Authentication: ``Authorization: Bearer <API token>`` (created at /account or with
POST /api/me/tokens), or the browser's session cookie — then every write also needs the
``X-CSRF-Token`` header (the token of the session's pages). Every route acts on the caller's
own follows, marks, rules and tokens only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from khabar.errors import NotFound
from khabar.store import Store
from khabar.store.credentials import new_token, token_hash
from khabar.store.users import User
from khabar.web.auth import Reader, check_write
from khabar.web.me import PAGE_SIZE, add_rule, follow, list_filter, unfollow
from khabar.web.personal import (
    follows_of,
    for_you,
    for_you_json,
    header_unread,
    rules_of,
    unread_count,
    unread_since,
)
from khabar.web.params import RowId
from khabar.presenters import article_summary_json
from khabar.web.visible import mark_list_read

router = APIRouter(prefix="/api/me", tags=["me"])


def _store(request: Request) -> Store:
    return request.app.state.store


def _writer(request: Request) -> User:
    return check_write(request)


#: the caller, for a call that changes their state (a session also needs X-CSRF-Token)
Writer = Annotated[User, Depends(_writer)]


class FollowBody(BaseModel):
    kind: Literal["source", "tag", "entity", "category", "country", "search"]
    key: str = Field(min_length=1, max_length=200)


class ReadBody(BaseModel):
    article_ids: list[int] = Field(min_length=1, max_length=1000)
    read: bool = True


class ReadAllBody(BaseModel):
    scope: Literal["for-you", "latest", "sources", "tags", "entities", "categories"] = "for-you"
    key: str = Field("", max_length=200)


class RuleBody(BaseModel):
    action: Literal["block", "keep"] = "block"
    kind: str = Field("words", max_length=20)
    field: str = Field("any", max_length=20)
    pattern: str = Field(min_length=1, max_length=1000)


class TokenBody(BaseModel):
    kind: Literal["api", "feed"] = "api"
    name: str = Field(min_length=1, max_length=100)


@router.get("", summary="The caller: account, unread count in «لك», saved count")
def me(request: Request, user: Reader) -> dict:
    store = _store(request)
    return {
        "user": user.to_json(),
        "unread": header_unread(request),
        "saved": store.count_saved(user.id),
        "follows": len(follows_of(request, user)),
    }


@router.get("/follows", summary="What the caller follows, with unread counts")
def list_follows(request: Request, user: Reader) -> dict:
    store = _store(request)
    rules, since = rules_of(request), unread_since(store)
    return {
        "items": [
            {**f.to_json(), "unread": unread_count(store, user, rules, [f], since)}
            for f in follows_of(request, user)
        ]
    }


@router.post("/follows", summary="Follow an outlet (id), tag, entity, category, country or "
                                  "one's own saved search (id)")
def add_follow(request: Request, user: Writer, body: FollowBody) -> Response:
    created = follow(_store(request), user, body.kind, body.key)
    return JSONResponse(
        {"kind": body.kind, "key": body.key, "created": created},
        status_code=201 if created else 200,
    )


@router.delete("/follows", summary="Stop following")
def remove_follow(
    request: Request,
    user: Writer,
    kind: Literal["source", "tag", "entity", "category", "country", "search"],
    key: str = Query(min_length=1, max_length=200),
) -> dict:
    if not unfollow(_store(request), user, kind, key):
        raise NotFound(f"not following {kind} {key!r}", user_message="لا تتابع هذا.")
    return {"kind": kind, "key": key, "removed": True}


@router.get("/for-you", summary="«لك»: stories matching the caller's follows")
def for_you_api(
    request: Request,
    user: Reader,
    page: int = Query(1, ge=1, le=100),
    limit: int = Query(PAGE_SIZE, ge=1, le=100),
) -> dict:
    found = for_you(
        _store(request),
        user,
        rules_of(request),
        follows_of(request, user),
        page=page,
        per_page=limit,
    )
    return {
        "items": [for_you_json(i) for i in found.items],
        "total": found.total,
        "page": page,
        "next_page": page + 1 if found.has_next else None,
    }


@router.get("/saved", summary="Saved articles («اقرأ لاحقاً»), the last saved first")
def saved_api(
    request: Request,
    user: Reader,
    limit: int = Query(PAGE_SIZE, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100_000),
) -> dict:
    store = _store(request)
    found = store.saved_articles(user.id, limit=limit, offset=offset)
    return {"items": [article_summary_json(a) for a in found], "total": store.count_saved(user.id)}


@router.put("/saved/{article_id}", summary="Save an article to read later")
def save(request: Request, user: Writer, article_id: RowId) -> dict:
    _store(request).set_saved(user.id, article_id, saved=True)
    return {"article_id": article_id, "saved": True}


@router.delete("/saved/{article_id}", summary="Remove an article from the saved ones")
def unsave(request: Request, user: Writer, article_id: RowId) -> dict:
    _store(request).set_saved(user.id, article_id, saved=False)
    return {"article_id": article_id, "saved": False}


@router.get("/states", summary="Read and saved marks of some articles")
def states(
    request: Request, user: Reader, ids: str = Query(max_length=20_000, description="1,2,3")
) -> dict:
    wanted = [int(i) for i in ids.split(",") if i.strip().isdigit()][:1000]
    found = _store(request).article_states(user.id, wanted)
    return {
        "items": [
            {
                "article_id": i,
                "read": bool(found.get(i) and found[i].read),
                "saved": bool(found.get(i) and found[i].saved),
            }
            for i in wanted
        ]
    }


@router.post("/read", summary="Mark articles read (or unread)")
def mark_read(request: Request, user: Writer, body: ReadBody) -> dict:
    marked = _store(request).mark_read(user.id, body.article_ids, read=body.read)
    return {"marked": marked, "read": body.read}


@router.post("/read-all", summary="Mark a whole list read («لك» or a named list)")
def mark_all_read(request: Request, user: Writer, body: ReadAllBody) -> dict:
    filters = list_filter(request, user, body.scope, body.key)
    return {"marked": mark_list_read(_store(request), user.id, rules_of(request), filters)}


@router.get("/filters", summary="The caller's block and keep rules")
def list_rules(request: Request, user: Reader) -> dict:
    return {"items": [r.to_json() for r in _store(request).rules(user.id)]}


@router.post("/filters", status_code=201, summary="Add a block or keep rule")
def create_rule(request: Request, user: Writer, body: RuleBody) -> dict:
    return add_rule(
        _store(request), user, body.action, body.kind, body.field, body.pattern
    ).to_json()


@router.delete("/filters/{rule_id}", summary="Delete a rule")
def delete_rule(request: Request, user: Writer, rule_id: RowId) -> dict:
    if not _store(request).remove_rule(user.id, rule_id):
        raise NotFound(f"no rule {rule_id}", user_message="القاعدة غير موجودة.")
    return {"id": rule_id, "removed": True}


@router.get("/tokens", summary="The caller's API and feed tokens (never their secrets)")
def list_tokens(request: Request, user: Reader) -> dict:
    return {
        "items": [t.to_json() for t in _store(request).tokens(user.id) if t.kind in ("api", "feed")]
    }


@router.post("/tokens", status_code=201, summary="Create a token; its secret is shown once")
def create_token(request: Request, user: Writer, body: TokenBody) -> dict:
    secret = new_token(f"kh_{body.kind}")
    token = _store(request).create_token(user.id, body.kind, body.name, token_hash(secret))
    document = {**token.to_json(), "secret": secret}
    if body.kind == "feed":
        base = str(request.base_url).rstrip("/")
        document["feeds"] = {
            "for_you": f"{base}/feeds/u/{secret}/for-you.rss",
            "saved": f"{base}/feeds/u/{secret}/saved.rss",
        }
    return document


@router.delete("/tokens/{token_id}", summary="Revoke a token")
def revoke_token(request: Request, user: Writer, token_id: RowId) -> dict:
    if not _store(request).revoke_token(user.id, token_id):
        raise NotFound(f"no token {token_id}", user_message="الرمز غير موجود.")
    return {"id": token_id, "revoked": True}

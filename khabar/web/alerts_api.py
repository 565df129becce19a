"""Saved searches and alert channels in the JSON API (the twin of ``/alerts``).

    GET    /api/alerts/searches                 the user's saved searches
    POST   /api/alerts/searches                 save one {query, name?, mode?, timezone?, quiet_start?, quiet_end?}
    GET    /api/alerts/searches/{id}            one, with its private feed
    PATCH  /api/alerts/searches/{id}            change fields (the query is checked again), pause
    DELETE /api/alerts/searches/{id}
    GET    /api/alerts/searches/{id}/articles   what it matched as articles were stored
    PUT    /api/alerts/searches/{id}/follow     follow it: its matches come into «لك»
    DELETE /api/alerts/searches/{id}/follow     stop following it
    GET    /api/alerts/channels                 the user's channels and their health
    POST   /api/alerts/channels                 add one {name?, url}
    DELETE /api/alerts/channels/{id}
    POST   /api/alerts/channels/{id}/test       send a test message now
    GET    /api/alerts/webpush/key              this server's VAPID public key (Web Push)
    POST   /api/alerts/webpush                  add this browser's push subscription {subscription, name?}

Reads need a logged-in user (session or ``Authorization: Bearer`` API token); writes also a
CSRF token (``X-CSRF-Token``) unless an API token authenticates them.
"""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from khabar.notify.saved import (
    create_channel,
    create_push_channel,
    create_search,
    follow_search,
    own_channel,
    own_search,
    search_fields,
    unfollow_search,
)
from khabar.notify import webpush
from khabar.notify.sender import try_channel
from khabar.store import Store
from khabar.store.alert_records import SavedSearch
from khabar.store.users import User
from khabar.web.auth import check_write, require_user
from khabar.web.params import RowId
from khabar.presenters import article_summary_json

router = APIRouter(prefix="/api/alerts", tags=["alerts"])


class NewSearch(BaseModel):
    query: str = Field(max_length=500, description="the search, in the search language")
    name: str = Field("", max_length=200)
    mode: str = Field("instant", description="instant, hourly or daily")
    timezone: str = Field("UTC", max_length=64, description="IANA name, e.g. Asia/Riyadh")
    quiet_start: str | None = Field(None, max_length=5, description='"22:00"')
    quiet_end: str | None = Field(None, max_length=5, description='"07:00"')


class SearchChanges(BaseModel):
    query: str | None = Field(None, max_length=500)
    name: str | None = Field(None, max_length=200)
    mode: str | None = None
    timezone: str | None = Field(None, max_length=64)
    quiet_start: str | None = Field(None, max_length=5)
    quiet_end: str | None = Field(None, max_length=5)
    paused: bool | None = None


class NewChannel(BaseModel):
    name: str = Field("", max_length=200)
    url: str = Field(max_length=2000, description="an Apprise URL: ntfy://, tgram://, mailto://, json:// …")


class PushSubscription(BaseModel):
    subscription: dict = Field(description="PushSubscription.toJSON(): {endpoint, keys: {p256dh, auth}}")
    name: str = Field("", max_length=200)


def _store(request: Request) -> Store:
    return request.app.state.store


def _search_json(request: Request, saved: SavedSearch) -> dict:
    base = str(request.base_url).rstrip("/")
    return {**saved.to_json(), "page": f"{base}/alerts/{saved.id}",
            "feeds": {fmt: f"{base}/feeds/u/searches/{saved.feed_token}.{fmt}"
                      for fmt in ("rss", "atom", "json")}}


@router.get("/searches", summary="The user's saved searches")
def list_searches(request: Request, user: User = Depends(require_user)) -> dict:
    return {"items": [_search_json(request, s) for s in _store(request).saved_searches(user.id)]}


@router.post("/searches", status_code=201, summary="Save a search")
def add_search(request: Request, body: NewSearch) -> JSONResponse:
    user = check_write(request)
    saved = create_search(_store(request), request.app.state.settings, user.id,
                          **body.model_dump())
    return JSONResponse(_search_json(request, saved), status_code=201)


@router.get("/searches/{search_id}", summary="One saved search")
def get_search(request: Request, search_id: RowId, user: User = Depends(require_user)) -> dict:
    return _search_json(request, own_search(_store(request), user.id, search_id))


@router.patch("/searches/{search_id}", summary="Change a saved search (the query is checked again)")
def change_search(request: Request, search_id: RowId, body: SearchChanges) -> dict:
    user = check_write(request)
    store = _store(request)
    saved = own_search(store, user.id, search_id)
    given = body.model_dump(exclude_unset=True)
    quiet = "quiet_start" in given or "quiet_end" in given
    fields = search_fields(**given, quiet_given=quiet)
    return _search_json(request, store.update_saved_search(saved.id, **fields))


@router.delete("/searches/{search_id}", status_code=204, summary="Delete a saved search")
def remove_search(request: Request, search_id: RowId) -> Response:
    user = check_write(request)
    store = _store(request)
    store.delete_saved_search(own_search(store, user.id, search_id).id)
    return Response(status_code=204)


@router.get("/searches/{search_id}/articles", summary="What a saved search matched as stored")
def matched(request: Request, search_id: RowId, limit: int = Query(20, ge=1, le=100),
            offset: int = Query(0, ge=0, le=10_000),
            user: User = Depends(require_user)) -> dict:
    store = _store(request)
    saved = own_search(store, user.id, search_id)
    articles = store.matched_articles(saved.id, limit=limit, offset=offset)
    return {"items": [article_summary_json(a) for a in articles], "limit": limit,
            "offset": offset}


@router.put("/searches/{search_id}/follow",
            summary="Follow a saved search: what it matches comes into «لك»")
def follow(request: Request, search_id: RowId) -> dict:
    user = check_write(request)
    created = follow_search(_store(request), user.id, search_id)
    return {"id": search_id, "following": True, "created": created}


@router.delete("/searches/{search_id}/follow", summary="Stop following a saved search")
def unfollow(request: Request, search_id: RowId) -> dict:
    user = check_write(request)
    removed = unfollow_search(_store(request), user.id, search_id)
    return {"id": search_id, "following": False, "removed": removed}


@router.get("/channels", summary="The user's alert channels and their health")
def list_channels(request: Request, user: User = Depends(require_user)) -> dict:
    now = datetime.now(timezone.utc)
    return {"items": [c.to_json(now) for c in _store(request).channels(user.id)]}


@router.post("/channels", status_code=201, summary="Add an alert channel (an Apprise URL)")
def add_channel(request: Request, body: NewChannel) -> JSONResponse:
    user = check_write(request)
    channel = create_channel(_store(request), request.app.state.settings, user.id,
                             name=body.name, url=body.url)
    return JSONResponse(channel.to_json(datetime.now(timezone.utc)), status_code=201)


@router.delete("/channels/{channel_id}", status_code=204, summary="Delete an alert channel")
def remove_channel(request: Request, channel_id: RowId) -> Response:
    user = check_write(request)
    store = _store(request)
    store.delete_channel(own_channel(store, user.id, channel_id).id)
    return Response(status_code=204)


@router.post("/channels/{channel_id}/test", summary="Send a test message to a channel now")
def test_channel(request: Request, channel_id: RowId) -> dict:
    user = check_write(request)
    store = _store(request)
    channel = own_channel(store, user.id, channel_id)
    error = try_channel(store, request.app.state.settings, channel.id)
    return {"sent": error is None, "error": error}


@router.get("/webpush/key", summary="This server's VAPID public key, for pushManager.subscribe")
def push_key(request: Request, user: User = Depends(require_user)) -> dict:
    return {"public_key": webpush.public_key(_store(request)), "service_worker": "/sw.js"}


@router.post("/webpush", status_code=201,
             summary="Add this browser's push subscription as an alert channel")
def add_push(request: Request, body: PushSubscription) -> JSONResponse:
    user = check_write(request)
    channel = create_push_channel(_store(request), request.app.state.settings, user.id,
                                  subscription=body.subscription, name=body.name)
    return JSONResponse(channel.to_json(datetime.now(timezone.utc)), status_code=201)

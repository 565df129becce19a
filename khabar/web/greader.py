"""The Google Reader API at /api/greader, for phone and desktop reader apps.

The address to type into an app is ``https://<khabar>/api/greader`` (apps add
``/accounts/ClientLogin`` and ``/reader/api/0/…`` themselves); the user name is the khabar
account's, the password one of its app passwords (``/account/apps``, ``khabar users
app-password add``). Behaviour follows Miniflux's and FreshRSS's implementations, which the
apps are written against:

    GET|POST accounts/ClientLogin                 Email, Passwd → SID/LSID/Auth
    GET  reader/api/0/token                       the edit token T of POSTs
    GET  reader/api/0/user-info
    GET  reader/api/0/subscription/list           the outlets the user follows
    POST reader/api/0/subscription/edit           ac=subscribe|unsubscribe|edit, s=feed/…
    POST reader/api/0/subscription/quickadd       quickadd=<URL of a known outlet>
    GET  reader/api/0/subscription/export         OPML
    POST reader/api/0/subscription/import         OPML (the body, or the form field opml)
    GET  reader/api/0/tag/list                    starred and the labels (categories)
    GET  reader/api/0/stream/items/ids            s, n, c, r=o, ot, nt, xt, it
    GET|POST reader/api/0/stream/items/contents   i=<item id>… (any form)
    GET  reader/api/0/stream/contents/<stream>    (or s=) n, c, r=o, ot, nt, xt, it
    POST reader/api/0/edit-tag                    i…, a/r = read, starred (labels: ignored)
    POST reader/api/0/mark-all-as-read           s, ts (seconds or microseconds)
    GET  reader/api/0/unread-count

Streams, item ids and what "unread" means are in ``khabar.web.greader_streams``; tokens in
``khabar.web.greader_auth``. Every call acts on the caller's own follows and marks only.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime, timezone
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from khabar.errors import IngestError, InvalidInput
from khabar.ingest.opml import MAX_OPML_BYTES, Outline, read_opml, write_opml
from khabar.store import Store
from khabar.store.records import Source
from khabar.web.greader_auth import (
    BadToken,
    Caller,
    GreaderUser,
    login,
    read_form,
    unauthorized,
    value,
    values,
)
from khabar.web.greader_streams import (
    FEED,
    MAX_IDS,
    READING_LIST,
    STARRED,
    ItemRef,
    Stream,
    View,
    label_id,
    label_of,
    long_id,
    parse_item_id,
    parse_stream,
    usec,
)

#: items of one stream/contents page by default, and at most
CONTENTS_DEFAULT, CONTENTS_MAX = 20, 1000
#: item ids answered by default
IDS_DEFAULT = 1000
#: items one stream/items/contents or edit-tag call may name
MAX_ITEMS = 10_000
PRIVATE = {"Cache-Control": "private, no-store"}


class GreaderRoute(APIRoute):
    """A route whose bad Auth or T answers as Google Reader clients expect (401 with
    ``X-Reader-Google-Bad-Token``), and whose answers are never cached."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                response = await handler(request)
            except BadToken:
                return unauthorized()
            response.headers.setdefault("Cache-Control", "private, no-store")
            return response

        return route


router = APIRouter(prefix="/api/greader", route_class=GreaderRoute, include_in_schema=False)
API = "/reader/api/0"


def _store(request: Request) -> Store:
    return request.app.state.store


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _ok() -> Response:
    return PlainTextResponse("OK", headers=PRIVATE)


def _json(document: Any) -> Response:
    return JSONResponse(document, headers=PRIVATE)


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = value(request, name).strip()
    if not raw.lstrip("-").isdigit():
        return default
    number = int(raw)
    return default if number < low else min(number, high)


def _time(request: Request, name: str) -> datetime | None:
    raw = value(request, name).strip()
    if not raw.isdigit() or int(raw) <= 0:
        return None
    number = int(raw)
    seconds = number / 1_000_000 if len(raw) >= 16 else number
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _continuation(raw: str) -> tuple[datetime, int] | None:
    when, _, last = raw.partition("_")
    if not (when.isdigit() and last.isdigit()):
        return None
    try:
        return datetime.fromtimestamp(int(when) / 1_000_000, timezone.utc), int(last)
    except (OverflowError, OSError, ValueError):
        return None


def _encode(after: tuple[datetime, int] | None) -> str | None:
    return f"{usec(after[0])}_{after[1]}" if after else None


# --- login and the caller -----------------------------------------------------------------

@router.api_route("/accounts/ClientLogin", methods=["GET", "POST"])
async def client_login(request: Request) -> Response:
    await read_form(request)
    return await run_in_threadpool(login, request, value(request, "Email"),
                                   value(request, "Passwd"), value(request, "output") == "json")


@router.get(API + "/token")
def token(caller: Caller) -> Response:
    return PlainTextResponse(caller.edit_token + "\n", headers=PRIVATE)


@router.get(API + "/user-info")
def user_info(caller: Caller) -> Response:
    user = caller.user
    return _json({"userId": str(user.id), "userName": user.name, "userProfileId": str(user.id),
                  "userEmail": user.name,
                  "signupTimeSec": int(user.created_at.timestamp())})


def _view(request: Request, caller: GreaderUser) -> View:
    return View.of(_store(request), caller.user)


# --- subscriptions and tags ---------------------------------------------------------------

def _subscription(view: View, source: Source, base: str) -> dict:
    label = label_of(source)
    return {"id": f"{FEED}{source.id}", "title": source.name,
            "categories": [{"id": label_id(label), "label": label, "type": "folder"}],
            "url": source.feed_url or f"{base}/feeds/sources/{source.id}.rss",
            "htmlUrl": source.url or f"{base}/sources/{source.id}",
            "iconUrl": "", "sortid": f"{source.id:08x}",
            "firstitemmsec": str(int(source.created_at.timestamp() * 1000))}


@router.get(API + "/subscription/list")
def subscription_list(request: Request, caller: Caller) -> Response:
    view, base = _view(request, caller), _base(request)
    return _json({"subscriptions": [_subscription(view, s, base) for s in view.followed]})


def _outlet_of(view: View, stream_or_url: str, base: str) -> Source | None:
    key = stream_or_url.strip()
    key = key[len(FEED):] if key.startswith(FEED) else key
    own = f"{base}/feeds/sources/"
    if key.startswith(own):  # khabar's own feed of an outlet (as export writes it)
        key = key[len(own):].split(".", 1)[0]
    return view.outlet(key)


@router.post(API + "/subscription/edit")
def subscription_edit(request: Request, caller: Caller) -> Response:
    view, store, base = _view(request, caller), _store(request), _base(request)
    action = value(request, "ac")
    streams = values(request, "s")[:1000]
    if action not in ("subscribe", "unsubscribe", "edit") or not streams:
        return PlainTextResponse("Bad request", status_code=400, headers=PRIVATE)
    for stream in streams:
        source = _outlet_of(view, stream, base)
        if source is None:
            return PlainTextResponse("Not found", status_code=404, headers=PRIVATE)
        if action == "subscribe":
            store.follow(caller.user.id, "source", str(source.id))
        elif action == "unsubscribe":
            store.unfollow(caller.user.id, "source", str(source.id))
        # "edit": titles and labels are the outlet's, the same for every reader: kept as is
    return _ok()


@router.post(API + "/subscription/quickadd")
def quickadd(request: Request, caller: Caller) -> Response:
    view, base = _view(request, caller), _base(request)
    query = value(request, "quickadd").strip()
    source = _outlet_of(view, query, base) if query else None
    if source is None:
        return _json({"numResults": 0, "query": query})
    _store(request).follow(caller.user.id, "source", str(source.id))
    return _json({"numResults": 1, "query": query, "streamId": f"{FEED}{source.id}",
                  "streamName": source.name})


@router.get(API + "/subscription/export")
def export(request: Request, caller: Caller) -> Response:
    view, base = _view(request, caller), _base(request)
    outlines = [Outline(feed_url=s.feed_url or f"{base}/feeds/sources/{s.id}.rss",
                        title=s.name, site_url=s.url, category=label_of(s))
                for s in view.followed]
    document = write_opml(outlines, title=f"khabar — {caller.user.name}")
    return Response(document, media_type="text/x-opml; charset=utf-8",
                    headers={**PRIVATE, "Content-Disposition": 'attachment; filename="khabar.opml"'})


@router.post(API + "/subscription/import")
async def import_opml(request: Request, caller: Caller) -> Response:
    form = getattr(request.state, "greader_form", None)
    field = form.get("opml") if form is not None else None
    if field is not None and not isinstance(field, str):
        data: bytes | str = await field.read(MAX_OPML_BYTES + 1)
    elif isinstance(field, str):
        data = field
    else:
        data = b""
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_OPML_BYTES:
                break
    if len(data) > MAX_OPML_BYTES:
        return PlainTextResponse("Too large", status_code=413, headers=PRIVATE)

    return await run_in_threadpool(_import, request, caller, data)


def _import(request: Request, caller: GreaderUser, data: bytes | str) -> Response:
    try:
        outlines = read_opml(data)
    except IngestError:
        return PlainTextResponse("Bad OPML", status_code=400, headers=PRIVATE)
    view, base, store = _view(request, caller), _base(request), _store(request)
    followed = unknown = 0
    for outline in outlines[:5000]:
        source = _outlet_of(view, outline.feed_url, base) or (
            _outlet_of(view, outline.site_url, base) if outline.site_url else None)
        if source is None:
            unknown += 1
            continue
        followed += store.follow(caller.user.id, "source", str(source.id))
    return _json({"followed": followed, "unknown": unknown})


@router.get(API + "/tag/list")
def tag_list(request: Request, caller: Caller) -> Response:
    view = _view(request, caller)
    tags = [{"id": STARRED}] + [{"id": label_id(label), "label": label, "type": "folder"}
                                for label in view.labels()]
    return _json({"tags": tags})


# --- streams ------------------------------------------------------------------------------

def _refs(request: Request, view: View, stream: Stream, default: int,
          most: int) -> tuple[list[ItemRef], str | None]:
    refs, after = view.refs(
        stream,
        excluded=[parse_stream(s) for s in values(request, "xt")[:10]],
        included=[parse_stream(s) for s in values(request, "it")[:10]],
        since=_time(request, "ot"), until=_time(request, "nt"),
        oldest_first=value(request, "r") == "o",
        after=_continuation(value(request, "c")),
        limit=_int(request, "n", default, 1, most))
    return refs, _encode(after)


@router.get(API + "/stream/items/ids")
def stream_item_ids(request: Request, caller: Caller) -> Response:
    view = _view(request, caller)
    refs, continuation = _refs(request, view, parse_stream(value(request, "s", READING_LIST)),
                               IDS_DEFAULT, MAX_IDS)
    document: dict[str, Any] = {"itemRefs": [
        {"id": str(r.id), "directStreamIds": [f"{FEED}{r.source_id}"],
         "timestampUsec": str(usec(r.time))} for r in refs]}
    if continuation:
        document["continuation"] = continuation
    return _json(document)


def _items(request: Request, view: View, article_ids: list[int]) -> list[dict]:
    store, base = _store(request), _base(request)
    found = {a.id: a for a in store.articles_with_ids(article_ids)}
    states = store.article_states(view.user.id, list(found))
    items = []
    for article_id in article_ids:
        article = found.get(article_id)
        if article is None:
            continue
        state = states.get(article_id)
        items.append(view.item(article, read=view.is_read(article, bool(state and state.read)),
                               saved=bool(state and state.saved), base=base))
    return items


def _stream_document(request: Request, view: View, stream_id: str, items: list[dict],
                     continuation: str | None) -> dict:
    document: dict[str, Any] = {
        "direction": "rtl", "id": stream_id, "title": "khabar",
        "self": [{"href": str(request.url)}], "author": view.user.name,
        "updated": int(datetime.now(timezone.utc).timestamp()), "items": items}
    if continuation:
        document["continuation"] = continuation
    return document


@router.api_route(API + "/stream/items/contents", methods=["GET", "POST"])
def stream_item_contents(request: Request, caller: Caller) -> Response:
    view = _view(request, caller)
    wanted = [parse_item_id(i) for i in values(request, "i")[:MAX_ITEMS]]
    ids = list(dict.fromkeys(i for i in wanted if i is not None))
    items = _items(request, view, ids)
    if value(request, "r") == "o":
        items.sort(key=lambda item: (int(item["timestampUsec"]), item["id"]))
    else:
        items.sort(key=lambda item: (int(item["timestampUsec"]), item["id"]), reverse=True)
    return _json(_stream_document(request, view, READING_LIST, items, None))


@router.get(API + "/stream/contents/{stream_id:path}")
@router.get(API + "/stream/contents")
def stream_contents(request: Request, caller: Caller, stream_id: str = "") -> Response:
    view = _view(request, caller)
    stream_id = stream_id or value(request, "s", READING_LIST)
    refs, continuation = _refs(request, view, parse_stream(stream_id), CONTENTS_DEFAULT,
                               CONTENTS_MAX)
    items = _items(request, view, [r.id for r in refs])
    return _json(_stream_document(request, view, stream_id, items, continuation))


# --- marks --------------------------------------------------------------------------------

@router.post(API + "/edit-tag")
def edit_tag(request: Request, caller: Caller) -> Response:
    store, user_id = _store(request), caller.user.id
    wanted = [parse_item_id(i) for i in values(request, "i")[:MAX_ITEMS]]
    ids = [i for i in dict.fromkeys(wanted) if i is not None]
    if not ids:
        return PlainTextResponse("No items", status_code=400, headers=PRIVATE)
    added = [parse_stream(s) for s in values(request, "a")[:20]]
    removed = [parse_stream(s) for s in values(request, "r")[:20]]
    changes: dict[str, bool] = {}
    for streams, on in ((added, True), (removed, False)):
        for stream in streams:
            kind, state = stream.kind, on
            if kind == "kept-unread":
                kind, state = "read", not on
            if kind not in ("read", "starred"):
                continue  # labels on items, "like", "broadcast": khabar keeps none of them
            if changes.get(kind, state) != state:
                raise InvalidInput(f"edit-tag: {kind} added and removed",
                                   user_message="لا يمكن الإضافة والإزالة معاً.")
            changes[kind] = state
    if "read" in changes:
        store.mark_read(user_id, ids, read=changes["read"])
    if "starred" in changes:
        existing = {a.id for a in store.articles_with_ids(ids)}
        for article_id in ids:
            if article_id in existing:
                store.set_saved(user_id, article_id, saved=changes["starred"])
    return _ok()


@router.post(API + "/mark-all-as-read")
def mark_all_as_read(request: Request, caller: Caller) -> Response:
    view, store = _view(request, caller), _store(request)
    stream = parse_stream(value(request, "s", READING_LIST))
    until = _time(request, "ts")
    for _ in range(20):  # MAX_IDS at a time, up to 200,000 articles
        ids = [r.id for r in view.unread_ids(stream, until=until)]
        if not ids:
            break
        store.mark_read(caller.user.id, ids)
        if len(ids) < MAX_IDS:
            break
    return _ok()


@router.get(API + "/unread-count")
def unread_count(request: Request, caller: Caller) -> Response:
    view = _view(request, caller)
    refs = view.unread_ids(Stream("reading-list"))
    feeds: dict[int, tuple[int, int]] = {}
    for ref in refs:
        count, newest = feeds.get(ref.source_id, (0, 0))
        feeds[ref.source_id] = (count + 1, max(newest, usec(ref.time)))
    labels: dict[str, tuple[int, int]] = {}
    for source in view.followed:
        count, newest = feeds.get(source.id, (0, 0))
        total, latest = labels.get(label_of(source), (0, 0))
        labels[label_of(source)] = (total + count, max(latest, newest))
    rows = [(f"{FEED}{source_id}", c, n) for source_id, (c, n) in feeds.items()]
    rows += [(label_id(label), c, n) for label, (c, n) in labels.items() if c]
    rows.append((READING_LIST, len(refs), max((n for _, n in feeds.values()), default=0)))
    return _json({"max": max(len(refs), 1000), "unreadcounts": [
        {"id": stream_id, "count": count, "newestItemTimestampUsec": str(newest)}
        for stream_id, count, newest in rows]})


__all__ = ["long_id", "router"]

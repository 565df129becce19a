"""Saved searches and alerts on the web: a user's pages.

    GET  /alerts                         saved searches and channels
    POST /alerts                         save a search (from the search page's form)
    GET  /alerts/{id}                    its settings, newest results and private feeds
    POST /alerts/{id}                    edit (the query is checked again)
    POST /alerts/{id}/pause              pause or resume (paused=1/0)
    POST /alerts/{id}/delete
    POST /alerts/channels                add a channel (an Apprise URL)
    POST /alerts/channels/{id}/test      send a test message now
    POST /alerts/channels/{id}/delete
    GET  /feeds/u/searches/{key}.{fmt}   a saved search's private feed (RSS, Atom, JSON Feed)
    GET  /sw.js                          the service worker: shows Web Push alerts (scope "/")

Every change goes through ``khabar.notify.saved`` (the same checks as the API and the CLI);
nothing here knows SQL or Apprise.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from khabar.arabic.wording import CHANNEL, RESULT, counted
from khabar.errors import KhabarError
from khabar.notify.saved import (
    MODE_LABELS,
    create_channel,
    create_search,
    own_channel,
    own_search,
    search_fields,
)
from khabar.notify.sender import try_channel
from khabar.pipeline.source_names import source_names
from khabar.search import search
from khabar.store import Store
from khabar.store.alert_records import SavedSearch
from khabar.store.users import User
from khabar.web.auth import check_write, csrf_token, require_user
from khabar.web.feeds import FEED_ITEMS, _feed_response
from khabar.web.flash import flash, pop_flash
from khabar.web.templating import templates
from khabar.web.params import RowId
from khabar.presenters import display_date, search_text
from khabar.web.render import feed_links

router = APIRouter(include_in_schema=False)

#: the service worker's source (served at the root, so its scope is the whole site)
SERVICE_WORKER = Path(__file__).parent / "static" / "sw.js"

#: results on a saved search's page
PAGE_SIZE = 20
#: recent alert matches shown on a saved search's page
RECENT_MATCHES = 10
#: time zones offered first in the form (any IANA name is accepted)
COMMON_ZONES = ("Asia/Riyadh", "Asia/Dubai", "Africa/Cairo", "Asia/Beirut", "Asia/Amman",
                "Asia/Baghdad", "Africa/Casablanca", "Africa/Algiers", "Africa/Tunis",
                "Asia/Qatar", "Europe/London", "UTC")


def _store(request: Request) -> Store:
    return request.app.state.store


def _now() -> datetime:
    return datetime.now(timezone.utc)


def saved_query(q: str, source: str = "", category: str = "", date_from: str = "",
                date_to: str = "") -> str:
    """The search page's words and form filters as one query text to save."""
    parts = [search_text(q, date_from, date_to).strip()]
    if source:
        parts.append(f'source:"{source}"')
    if category:
        parts.append(f"category:{category}")
    return " ".join(p for p in parts if p)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, user: User = Depends(require_user)) -> Response:
    return _alerts(request, user)


def _alerts(request: Request, user: User, *, error: str | None = None,
            status: int = 200, form: dict | None = None) -> Response:
    store = _store(request)
    now = _now()
    context = {
        "searches": store.saved_searches(user.id), "channels": store.channels(user.id),
        "now": now, "csrf": csrf_token(request), "flash": pop_flash(request), "error": error,
        "modes": MODE_LABELS, "zones": COMMON_ZONES, "form": form or {},
    }
    return templates.TemplateResponse(request, "alerts.html", context, status_code=status)


@router.post("/alerts")
def save_search(
    request: Request,
    q: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
    date_from: Annotated[str, Form(alias="from")] = "",
    date_to: Annotated[str, Form(alias="to")] = "",
    mode: Annotated[str, Form()] = "instant",
    tz: Annotated[str, Form(alias="timezone")] = "UTC",
    quiet_start: Annotated[str, Form()] = "",
    quiet_end: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = check_write(request, csrf)
    text = saved_query(q, source, category, date_from, date_to)
    try:
        saved = create_search(_store(request), request.app.state.settings, user.id, query=text,
                              name=name, mode=mode, timezone=tz, quiet_start=quiet_start,
                              quiet_end=quiet_end)
    except KhabarError as exc:
        return _alerts(request, user, error=exc.user_message, status=400,
                       form={"q": text, "name": name, "mode": mode})
    flash(request, f"حُفظ البحث «{saved.name}»؛ ستصلك التنبيهات عند نشر أخبار جديدة تطابقه.")
    return RedirectResponse(f"/alerts/{saved.id}", status_code=303)


# Channel routes come before /alerts/{search_id}, which would take "channels" for an id.
@router.post("/alerts/channels")
def add_channel(request: Request, name: Annotated[str, Form()] = "",
                url: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    try:
        channel = create_channel(_store(request), request.app.state.settings, user.id,
                                 name=name, url=url)
    except KhabarError as exc:
        return _alerts(request, user, error=exc.user_message, status=400,
                       form={"channel_name": name})
    flash(request, f"أضيفت القناة «{channel.name}». جرّبها بزر «إرسال رسالة تجريبية».")
    return RedirectResponse("/alerts#channels", status_code=303)


@router.post("/alerts/channels/{channel_id}/test")
def test_channel(request: Request, channel_id: RowId,
                 csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    channel = own_channel(_store(request), user.id, channel_id)
    error = try_channel(_store(request), request.app.state.settings, channel.id)
    if error is None:
        flash(request, f"أُرسلت رسالة تجريبية إلى «{channel.name}».")
    else:
        flash(request, f"تعذر الإرسال إلى «{channel.name}»: {error}", "error")
    return RedirectResponse("/alerts#channels", status_code=303)


@router.post("/alerts/channels/{channel_id}/delete")
def delete_channel(request: Request, channel_id: RowId,
                   csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    channel = own_channel(_store(request), user.id, channel_id)
    _store(request).delete_channel(channel.id)
    flash(request, f"حُذفت القناة «{channel.name}».")
    return RedirectResponse("/alerts#channels", status_code=303)


@router.get("/alerts/{search_id}", response_class=HTMLResponse)
def saved_search_page(request: Request, search_id: RowId,
                      page: int = Query(1, ge=1, le=500),
                      user: User = Depends(require_user)) -> Response:
    saved = own_search(_store(request), user.id, search_id)
    return _saved_page(request, user, saved, page=page)


def _saved_page(request: Request, user: User, saved: SavedSearch, *, page: int = 1,
                error: str | None = None, status: int = 200, form: dict | None = None) -> Response:
    store = _store(request)
    channels = store.channels(user.id)
    context: dict = {
        "saved": saved, "csrf": csrf_token(request), "flash": pop_flash(request),
        "error": error, "modes": MODE_LABELS, "zones": COMMON_ZONES, "page": page,
        "form": form or saved.to_json(), "channels": channels, "now": _now(),
        "channel_count": counted(len(channels), CHANNEL),
        "recent": [{"article": a, "date": display_date(a.published_at)}
                   for a in store.matched_articles(saved.id, limit=RECENT_MATCHES)],
        "feeds": feed_links(lambda fmt: f"/feeds/u/searches/{saved.feed_token}.{fmt}"),
        "search_url": "/search?" + urlencode({"q": saved.query, "sort": "newest"}),
        "results": None, "items": [],
    }
    try:
        results = search(store, saved.query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                         order="newest", source_names=source_names(store))
    except KhabarError as exc:  # saved before a parser change made it invalid
        context["error"] = context["error"] or exc.user_message
    else:
        context["results"] = results
        context["items"] = [{"hit": h, "date": display_date(h.article.published_at)}
                            for h in results.hits]
        context["has_next"] = page * PAGE_SIZE < results.total
        context["result_count"] = counted(results.total, RESULT)
    return templates.TemplateResponse(request, "saved_search.html", context, status_code=status)


@router.post("/alerts/{search_id}")
def edit_search(
    request: Request,
    search_id: RowId,
    q: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    mode: Annotated[str, Form()] = "instant",
    tz: Annotated[str, Form(alias="timezone")] = "UTC",
    quiet_start: Annotated[str, Form()] = "",
    quiet_end: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = check_write(request, csrf)
    store = _store(request)
    saved = own_search(store, user.id, search_id)
    try:
        fields = search_fields(query=q, name=name, mode=mode, timezone=tz,
                               quiet_start=quiet_start, quiet_end=quiet_end, quiet_given=True)
    except KhabarError as exc:
        form = {**saved.to_json(), "query": q, "name": name, "mode": mode, "timezone": tz,
                "quiet_start": quiet_start, "quiet_end": quiet_end}
        return _saved_page(request, user, saved, error=exc.user_message, status=400, form=form)
    store.update_saved_search(saved.id, **fields)
    flash(request, "حُفظت التعديلات.")
    return RedirectResponse(f"/alerts/{saved.id}", status_code=303)


@router.post("/alerts/{search_id}/pause")
def pause_search(request: Request, search_id: RowId,
                 paused: Annotated[Literal["0", "1"], Form()] = "1",
                 csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    store = _store(request)
    saved = own_search(store, user.id, search_id)
    store.update_saved_search(saved.id, paused=paused == "1")
    flash(request, "أوقفت التنبيهات مؤقتاً." if paused == "1" else "استؤنفت التنبيهات.")
    return RedirectResponse(f"/alerts/{saved.id}", status_code=303)


@router.post("/alerts/{search_id}/delete")
def delete_search(request: Request, search_id: RowId,
                  csrf: Annotated[str, Form()] = "") -> Response:
    user = check_write(request, csrf)
    store = _store(request)
    saved = own_search(store, user.id, search_id)
    store.delete_saved_search(saved.id)
    flash(request, f"حُذف البحث «{saved.name}».")
    return RedirectResponse("/alerts", status_code=303)


@router.get("/feeds/u/searches/{key}.{fmt}")
def saved_search_feed(request: Request, key: str,
                      fmt: Literal["rss", "atom", "json"]) -> Response:
    """A saved search's private feed: the key in its address is its only credential."""
    store = _store(request)
    saved = store.saved_search_by_token(key[:100])
    results = search(store, saved.query, limit=FEED_ITEMS, order="newest")
    return _feed_response(request, fmt, f"بحث محفوظ: {saved.name}", f"/alerts/{saved.id}",
                          request.url.path, [h.article for h in results.hits])


@router.get("/sw.js")
def service_worker() -> FileResponse:
    """The service worker at the site's root (a worker's scope is its folder)."""
    return FileResponse(SERVICE_WORKER, media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})

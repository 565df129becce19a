"""Checking what a user asks for before it is stored: a saved search's query, name, mode,
time zone and quiet hours, and a channel's Apprise URL. The web pages, the JSON API and the
CLI all go through these, so a saved search is re-validated on every edit the same way.
"""

from __future__ import annotations

from typing import Any

from khabar.errors import InvalidInput, KhabarError, NotFound
from khabar.notify import webpush
from khabar.notify.channels import check_address, check_url
from khabar.notify.schedule import clock, zone
from khabar.search import search
from khabar.search.percolate import compile_saved
from khabar.settings import Settings
from khabar.store import Store
from khabar.store.alert_records import ALERT_MODES, Channel, Match, SavedSearch
from khabar.store.reading import SEARCH_KIND

#: longest name of a saved search or a channel
MAX_NAME_CHARS = 200
#: newest results of a saved search recorded as its matches when it is first followed (so
#: «لك» shows them at once; later ones come as articles are stored)
FOLLOW_BACKFILL = 100
#: what each alert mode is called on the pages
MODE_LABELS = {"instant": "فوري", "hourly": "ملخص كل ساعة", "daily": "ملخص يومي"}


def search_fields(*, query: str | None = None, name: str | None = None,
                  mode: str | None = None, timezone: str | None = None,
                  quiet_start: str | None = None, quiet_end: str | None = None,
                  paused: bool | None = None, quiet_given: bool = False) -> dict[str, Any]:
    """The checked fields of a saved search (those given). Raises ``QueryError`` for a query
    search would refuse and ``InvalidInput`` for the rest, each with an Arabic message.
    ``quiet_given``: the quiet hours were submitted (both empty clears them)."""
    out: dict[str, Any] = {}
    if query is not None:
        query = query.strip()
        compile_saved(query)  # the same parser and analysis as a typed search
        out["query"] = query
    if name is not None:
        name = " ".join(name.split()) or (query or "")[:MAX_NAME_CHARS]
        if not name:
            raise InvalidInput("empty saved-search name", user_message="اكتب اسماً للبحث المحفوظ.")
        if len(name) > MAX_NAME_CHARS:
            raise InvalidInput("saved-search name too long",
                               user_message=f"الاسم أطول من {MAX_NAME_CHARS} حرفاً.")
        out["name"] = name
    if mode is not None:
        if mode not in ALERT_MODES:
            raise InvalidInput(f"unknown alert mode {mode!r}",
                               user_message="نوع التنبيه غير معروف: فوري أو كل ساعة أو يومي.")
        out["mode"] = mode
    if timezone is not None:
        out["timezone"] = zone(timezone.strip() or "UTC").key
    if quiet_given or quiet_start is not None or quiet_end is not None:
        start, end = (quiet_start or "").strip(), (quiet_end or "").strip()
        if bool(start) != bool(end):
            raise InvalidInput("quiet hours need a start and an end",
                               user_message="حدّد بداية ساعات الهدوء ونهايتها معاً، أو اتركهما فارغتين.")
        out["quiet_start"] = f"{clock(start):%H:%M}" if start else None
        out["quiet_end"] = f"{clock(end):%H:%M}" if end else None
    if paused is not None:
        out["paused"] = paused
    return out


def create_search(store: Store, settings: Settings, user_id: int, *, query: str,
                  name: str = "", mode: str = "instant", timezone: str = "UTC",
                  quiet_start: str | None = None, quiet_end: str | None = None) -> SavedSearch:
    """Check and save a user's search (at most ``alerts_max_per_user``)."""
    fields = search_fields(query=query, name=name, mode=mode, timezone=timezone,
                           quiet_start=quiet_start, quiet_end=quiet_end, quiet_given=True)
    if len(store.saved_searches(user_id)) >= settings.alerts_max_per_user:
        raise InvalidInput("too many saved searches", user_message=(
            f"بلغت الحد الأقصى للبحوث المحفوظة ({settings.alerts_max_per_user}); احذف بعضها أولاً."))
    return store.create_saved_search(user_id, fields.pop("name"), fields.pop("query"), **fields)


def create_channel(store: Store, settings: Settings, user_id: int, *, name: str,
                   url: str) -> Channel:
    """Check and add a user's channel (at most ``alerts_max_channels``)."""
    url = check_url(url)
    check_address(url, allow_private=settings.allow_private_networks)
    name = " ".join(name.split())[:MAX_NAME_CHARS] or url.split("://", 1)[0]
    if len(store.channels(user_id)) >= settings.alerts_max_channels:
        raise InvalidInput("too many channels", user_message=(
            f"بلغت الحد الأقصى لقنوات التنبيه ({settings.alerts_max_channels})."))
    return store.add_channel(user_id, name, url)


def create_push_channel(store: Store, settings: Settings, user_id: int, *,
                        subscription: Any, name: str = "") -> Channel:
    """Check and add a browser's push subscription (``PushSubscription.toJSON()``) as a
    channel of the user. The same browser subscribing again replaces its old channel."""
    allow = settings.allow_private_networks
    found = webpush.Subscription.of_json(subscription, allow_http=allow)
    webpush.check_endpoint(found, allow_private=allow)
    name = " ".join(name.split())[:MAX_NAME_CHARS] or "إشعارات المتصفح"
    mine = store.channels(user_id)
    for old in mine:
        if old.kind == "webpush" and not old.expired and \
                webpush.Subscription.of_url(old.url).endpoint == found.endpoint:
            store.delete_channel(old.id)
            mine.remove(old)
    if len(mine) >= settings.alerts_max_channels:
        raise InvalidInput("too many channels", user_message=(
            f"بلغت الحد الأقصى لقنوات التنبيه ({settings.alerts_max_channels})."))
    return store.add_channel(user_id, name, found.url())


def own_search(store: Store, user_id: int, search_id: int) -> SavedSearch:
    """The saved search if it is this user's; another user's is "not found" too."""
    search = store.saved_search(search_id)
    if search.user_id != user_id:
        raise NotFound(f"saved search {search_id} is not user {user_id}'s",
                       user_message="البحث المحفوظ غير موجود.")
    return search


def own_channel(store: Store, user_id: int, channel_id: int) -> Channel:
    channel = store.channel(channel_id)
    if channel.user_id != user_id:
        raise NotFound(f"channel {channel_id} is not user {user_id}'s",
                       user_message="قناة التنبيه غير موجودة.")
    return channel


def follow_search(store: Store, user_id: int, search_id: int) -> bool:
    """Follow one's own saved search: what it matches comes into «لك». Its newest results
    (``FOLLOW_BACKFILL``) are recorded as matches, never announced (as an old article is);
    later ones are matched as they are stored. False if already followed; another user's
    search is "not found"."""
    saved = own_search(store, user_id, search_id)
    created = store.follow(user_id, SEARCH_KIND, str(saved.id))
    if created:
        try:
            results = search(store, saved.query, limit=FOLLOW_BACKFILL, order="newest")
        except KhabarError:  # saved before a parser change made it invalid
            return created
        store.record_matches([Match(saved.id, h.article.id, h.article.story_id or h.article.id,
                                    None, None) for h in results.hits])
    return created


def unfollow_search(store: Store, user_id: int, search_id: int) -> bool:
    saved = own_search(store, user_id, search_id)
    return store.unfollow(user_id, SEARCH_KIND, str(saved.id))

"""Records of alerts: saved searches, delivery channels and the outbox rows a sender claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from khabar.store.records import iso_utc

#: alert modes: a message per new story, or one digest an hour or a day
ALERT_MODES = ("instant", "hourly", "daily")
#: a channel failing this long is marked failing on the user's pages (and its deliveries are
#: given up, see the ``alerts_give_up_after`` setting)
CHANNEL_FAILING_AFTER = timedelta(days=1)
#: the URL of a Web Push channel whose subscription the push service said is gone (its keys
#: are deleted; the user sees it on the alerts page and subscribes again)
EXPIRED_PUSH_URL = "webpush:expired"


@dataclass(slots=True)
class SavedSearch:
    """A user's named query; ``mode`` says how its alerts go out, ``quiet_start`` …
    ``quiet_end`` ("22:00" … "07:00", in ``timezone``) when they wait."""

    id: int
    user_id: int
    name: str
    query: str
    mode: str
    timezone: str
    feed_token: str
    created_at: datetime
    updated_at: datetime
    quiet_start: str | None = None
    quiet_end: str | None = None
    paused: bool = False
    last_match_at: datetime | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id, "name": self.name, "query": self.query, "mode": self.mode,
            "quiet_start": self.quiet_start, "quiet_end": self.quiet_end,
            "timezone": self.timezone, "paused": self.paused,
            "created_at": iso_utc(self.created_at), "updated_at": iso_utc(self.updated_at),
            "last_match_at": iso_utc(self.last_match_at),
        }


@dataclass(slots=True)
class Channel:
    """Where a user's alerts go: an Apprise URL, and how delivery to it went."""

    id: int
    user_id: int
    name: str
    url: str
    created_at: datetime
    last_success_at: datetime | None = None
    failing_since: datetime | None = None
    last_error: str | None = None

    @property
    def kind(self) -> str:
        """"webpush" for a browser's push subscription, else "apprise"."""
        return "webpush" if self.url.startswith("webpush:") else "apprise"

    @property
    def expired(self) -> bool:
        """A push subscription the push service said is gone."""
        return self.url == EXPIRED_PUSH_URL

    def failing(self, now: datetime) -> bool:
        """Failing for a day or more (shown to the user)."""
        return self.failing_since is not None and now - self.failing_since >= CHANNEL_FAILING_AFTER

    def to_json(self, now: datetime) -> dict:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "expired": self.expired,
            "url": redact(self.url),
            "created_at": iso_utc(self.created_at),
            "last_success_at": iso_utc(self.last_success_at),
            "failing_since": iso_utc(self.failing_since), "failing": self.failing(now),
            "last_error": self.last_error,
        }


def redact(url: str) -> str:
    """An Apprise URL with its secrets hidden (everything between ``://`` and the host's
    last ``@``, and the query string): what pages and the API show. A Web Push subscription
    shows its push service's host only."""
    if url.startswith("webpush:"):
        if url == EXPIRED_PUSH_URL:
            return url
        host = url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0]
        return f"webpush://{host}/…"
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "…"
    host = rest.rsplit("@", 1)[-1].split("?", 1)[0]
    shown = host.split("/", 1)[0]
    return f"{scheme}://{'…@' if '@' in rest else ''}{shown}{'/…' if '/' in host else ''}"


@dataclass(frozen=True, slots=True)
class Match:
    """A saved search matched a stored article; ``due`` is when a new story's alert may go
    out on each channel (None: recorded, never announced — an old article), ``update_due``
    when an update of an announced story may (None: with the search's next alert)."""

    saved_search_id: int
    article_id: int
    story_key: int
    due: datetime | None
    update_due: datetime | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """An outbox row claimed by a sender: a story to announce ("pending") or updates of an
    announced one ("sent" with ``updates``), for one saved search on one channel."""

    id: int
    saved_search_id: int
    channel_id: int
    story_key: int
    state: str
    updates: int
    attempts: int
    created_at: datetime

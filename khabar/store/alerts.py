"""Alerts in the store: saved searches, channels, matches and the delivery outbox.

``AlertStore`` is mixed into ``SQLStore``; it needs ``engine`` and ``_write()``. Which articles
a saved search matches is computed in ``khabar.search.percolate`` and wired by
``khabar.pipeline.alerts``; when and how a delivery goes out is ``khabar.notify``'s. This
module writes a match and its outbox rows in one transaction (``record_matches``) and lets
senders claim due rows with ``FOR UPDATE SKIP LOCKED`` (``claim_deliveries``), as workers claim
sources.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, tuple_, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from khabar.errors import InvalidInput, NotFound, StoreError
from khabar.store.alert_records import (
    ALERT_MODES,
    EXPIRED_PUSH_URL,
    Channel,
    Delivery,
    Match,
    SavedSearch,
)
from khabar.store.alerts_schema import (
    alert_channels,
    alert_deliveries,
    alert_matches,
    saved_searches,
)
from khabar.store.readers_schema import follows
from khabar.store.records import Article
from khabar.store.schema import articles, models
from khabar.store.rows import inserted_id, now_utc, utc
from khabar.store.host import StoreHost

#: fields of a saved search ``update_saved_search`` may change
SEARCH_FIELDS = ("name", "query", "mode", "quiet_start", "quiet_end", "timezone", "paused")


def _search(row: RowMapping) -> SavedSearch:
    return SavedSearch(
        id=row["id"], user_id=row["user_id"], name=row["name"], query=row["query"],
        mode=row["mode"], timezone=row["timezone"], feed_token=row["feed_token"],
        created_at=utc(row["created_at"]), updated_at=utc(row["updated_at"]),
        quiet_start=row["quiet_start"], quiet_end=row["quiet_end"], paused=bool(row["paused"]),
        last_match_at=utc(row["last_match_at"]),
    )


def _channel(row: RowMapping) -> Channel:
    return Channel(
        id=row["id"], user_id=row["user_id"], name=row["name"], url=row["url"],
        created_at=utc(row["created_at"]), last_success_at=utc(row["last_success_at"]),
        failing_since=utc(row["failing_since"]), last_error=row["last_error"],
    )


def _not_found(what: str, key: object) -> NotFound:
    messages = {"saved search": "البحث المحفوظ غير موجود.", "channel": "قناة التنبيه غير موجودة."}
    return NotFound(f"no {what} {key}", user_message=messages[what])


class AlertStore(StoreHost):
    """Saved searches, their matches and deliveries (mixed into ``SQLStore``; what it needs
    from the store is declared by ``StoreHost``)."""

    # --- saved searches --------------------------------------------------------------------

    def create_saved_search(self, user_id: int, name: str, query: str, *, mode: str = "instant",
                            quiet_start: str | None = None, quiet_end: str | None = None,
                            timezone: str = "UTC") -> SavedSearch:
        _check_mode(mode)
        now = now_utc()
        values = dict(user_id=user_id, name=name, query=query, mode=mode,
                      quiet_start=quiet_start, quiet_end=quiet_end, timezone=timezone,
                      paused=False, feed_token=secrets.token_urlsafe(24), created_at=now,
                      updated_at=now)
        with self._write() as conn:
            new_id = inserted_id(conn.execute(saved_searches.insert().values(**values)))
            return self._saved(conn, new_id)

    def update_saved_search(self, search_id: int, **changes: Any) -> SavedSearch:
        unknown = set(changes) - set(SEARCH_FIELDS)
        if unknown:
            raise StoreError(f"cannot change {', '.join(sorted(unknown))} of a saved search")
        if "mode" in changes:
            _check_mode(changes["mode"])
        with self._write() as conn:
            self._saved(conn, search_id)
            conn.execute(update(saved_searches).where(saved_searches.c.id == search_id)
                         .values(**changes, updated_at=now_utc()))
            return self._saved(conn, search_id)

    def delete_saved_search(self, search_id: int) -> None:
        with self._write() as conn:
            self._saved(conn, search_id)
            # Children first: SQLite enforces the cascade, but say it for every backend.
            for child in (alert_deliveries, alert_matches):
                conn.execute(delete(child).where(child.c.saved_search_id == search_id))
            conn.execute(delete(follows).where(follows.c.kind == "search",
                                               follows.c.key == str(search_id)))
            conn.execute(delete(saved_searches).where(saved_searches.c.id == search_id))

    def saved_search(self, search_id: int) -> SavedSearch:
        with self._read() as conn:
            return self._saved(conn, search_id)

    def saved_search_by_token(self, token: str) -> SavedSearch:
        with self._read() as conn:
            row = conn.execute(select(saved_searches).where(
                saved_searches.c.feed_token == token)).mappings().first()
        if row is None:
            raise _not_found("saved search", "with that feed key")
        return _search(row)

    def saved_searches(self, user_id: int | None = None, *,
                       active: bool = False) -> list[SavedSearch]:
        """A user's saved searches (every user's with None), by name; ``active``: unpaused."""
        query = select(saved_searches).order_by(saved_searches.c.name, saved_searches.c.id)
        if user_id is not None:
            query = query.where(saved_searches.c.user_id == user_id)
        if active:
            query = query.where(saved_searches.c.paused.is_(False))
        with self._read() as conn:
            return [_search(r) for r in conn.execute(query).mappings()]

    def saved_searches_version(self) -> tuple:
        """Changes whenever a saved search is added, changed or deleted (for caches)."""
        query = select(func.count(), func.max(saved_searches.c.id),
                       func.max(saved_searches.c.updated_at))
        with self._read() as conn:
            return tuple(conn.execute(query).one())

    def _saved(self, conn: Connection, search_id: int) -> SavedSearch:
        row = conn.execute(select(saved_searches).where(
            saved_searches.c.id == search_id)).mappings().first()
        if row is None:
            raise _not_found("saved search", search_id)
        return _search(row)

    # --- channels --------------------------------------------------------------------------

    def add_channel(self, user_id: int, name: str, url: str) -> Channel:
        with self._write() as conn:
            new_id = inserted_id(conn.execute(alert_channels.insert().values(
                user_id=user_id, name=name, url=url, created_at=now_utc())))
            return self._channel(conn, new_id)

    def channels(self, user_id: int) -> list[Channel]:
        query = (select(alert_channels).where(alert_channels.c.user_id == user_id)
                 .order_by(alert_channels.c.name, alert_channels.c.id))
        with self._read() as conn:
            return [_channel(r) for r in conn.execute(query).mappings()]

    def channel(self, channel_id: int) -> Channel:
        with self._read() as conn:
            return self._channel(conn, channel_id)

    def delete_channel(self, channel_id: int) -> None:
        with self._write() as conn:
            self._channel(conn, channel_id)
            conn.execute(delete(alert_deliveries).where(alert_deliveries.c.channel_id == channel_id))
            conn.execute(delete(alert_channels).where(alert_channels.c.id == channel_id))

    def channel_result(self, channel_id: int, now: datetime, error: str | None) -> None:
        """Record a delivery to the channel: a success clears its failure, a failure starts
        (or continues) it."""
        with self._write() as conn:
            _channel_result(conn, [channel_id], now, error)

    def expire_channel(self, channel_id: int, now: datetime, error: str) -> None:
        """A Web Push channel whose subscription is gone: its subscription is deleted (the URL
        becomes ``EXPIRED_PUSH_URL``), its outbox rows too, and ``error`` is kept to show."""
        with self._write() as conn:
            self._channel(conn, channel_id)
            conn.execute(delete(alert_deliveries).where(alert_deliveries.c.channel_id == channel_id))
            conn.execute(update(alert_channels).where(alert_channels.c.id == channel_id).values(
                url=EXPIRED_PUSH_URL, last_error=error[:2000],
                failing_since=func.coalesce(alert_channels.c.failing_since, now)))

    def first_model(self, name: str, data: dict[str, Any]) -> dict[str, Any]:
        """The model ``name``, storing ``data`` under it if there is none yet: of processes
        racing to create it (Web Push's VAPID keys on first use), the first wins and all get
        its data."""
        with self._write() as conn:
            for _ in range(2):
                raw = conn.execute(select(models.c.data).where(models.c.name == name)).scalar()
                if raw:
                    return dict(json.loads(raw))
                try:
                    with conn.begin_nested():
                        conn.execute(models.insert().values(
                            name=name, data=json.dumps(data), updated_at=now_utc()))
                    return data
                except IntegrityError:  # PostgreSQL: another transaction inserted it first
                    continue
        raise StoreError(f"model {name} could be neither read nor stored")

    def _channel(self, conn: Connection, channel_id: int) -> Channel:
        row = conn.execute(select(alert_channels).where(
            alert_channels.c.id == channel_id)).mappings().first()
        if row is None:
            raise _not_found("channel", channel_id)
        return _channel(row)

    # --- matches and the outbox ------------------------------------------------------------

    def record_matches(self, found: Sequence[Match]) -> int:
        """Record matches and, in the same transaction, their outbox rows: a story new to a
        saved search gets one row per channel of its user (due at ``match.due``); a later
        article of an announced story adds an update to its row instead. A match already
        recorded changes nothing. How many matches were new."""
        if not found:
            return 0
        now = now_utc()
        new = 0
        with self._write() as conn:
            ids = {m.saved_search_id for m in found}
            users = dict(conn.execute(select(saved_searches.c.id, saved_searches.c.user_id)
                                      .where(saved_searches.c.id.in_(ids))).all())
            channels: dict[int, list[int]] = {}
            for cid, uid in conn.execute(select(alert_channels.c.id, alert_channels.c.user_id)
                                         .where(alert_channels.c.user_id.in_(set(users.values())),
                                                alert_channels.c.url != EXPIRED_PUSH_URL)):
                channels.setdefault(uid, []).append(cid)
            for match in found:
                if match.saved_search_id not in users:
                    continue  # deleted since the percolator was built
                if not _insert_match(conn, match, now):
                    continue
                new += 1
                if match.due is None:
                    continue  # recorded for the page and feed, not announced
                for channel_id in channels.get(users[match.saved_search_id], []):
                    _enqueue(conn, match, channel_id, now)
            conn.execute(update(saved_searches).where(saved_searches.c.id.in_(ids))
                         .values(last_match_at=now))
        return new

    def matched_articles(self, search_id: int, *, limit: int = 20,
                         offset: int = 0) -> list[Article]:
        """Articles the saved search matched as they were stored, newest match first."""
        query = (select(alert_matches.c.article_id)
                 .where(alert_matches.c.saved_search_id == search_id)
                 .order_by(alert_matches.c.id.desc()).limit(limit).offset(offset))
        with self._read() as conn:
            ids = list(conn.execute(query).scalars())
            found = self.articles_by_id(conn, ids)
        return [found[i] for i in ids if i in found]

    def story_matches(self, search_id: int, story_keys: Sequence[int]) -> dict[int, list[Article]]:
        """The articles the saved search matched in each story, in arrival order."""
        query = (select(alert_matches.c.story_key, alert_matches.c.article_id)
                 .where(alert_matches.c.saved_search_id == search_id,
                        alert_matches.c.story_key.in_(list(story_keys)))
                 .order_by(alert_matches.c.id))
        with self._read() as conn:
            rows = conn.execute(query).all()
            found = self.articles_by_id(conn, [r.article_id for r in rows])
        out: dict[int, list[Article]] = {}
        for key, article_id in rows:
            if article_id in found:
                out.setdefault(key, []).append(found[article_id])
        return out

    def claim_deliveries(self, worker: str, now: datetime, *, lease_seconds: float,
                         limit: int) -> list[Delivery]:
        """Claim due outbox rows of unpaused saved searches for ``worker`` (PostgreSQL:
        ``FOR UPDATE SKIP LOCKED``; SQLite: writers are serialized): new stories due, and
        updates due (digests). Updates that wait for their search's next alert (no due time)
        are claimed with the rows of the same search and channel."""
        if limit <= 0:
            return []
        d = alert_deliveries
        free = or_(d.c.lease_expires_at.is_(None), d.c.lease_expires_at < now)
        ready = or_(d.c.next_attempt_at.is_(None), d.c.next_attempt_at <= now)
        active = d.c.saved_search_id.in_(
            select(saved_searches.c.id).where(saved_searches.c.paused.is_(False)))
        due = (select(d).where(
            d.c.due_at <= now, free, ready, active,
            or_(d.c.state == "pending", and_(d.c.state == "sent", d.c.updates > 0)))
            .order_by(d.c.due_at, d.c.id).limit(limit).with_for_update(skip_locked=True))
        expires = now + timedelta(seconds=lease_seconds)
        with self._write() as conn:
            rows = list(conn.execute(due).mappings())
            pairs = {(r["saved_search_id"], r["channel_id"]) for r in rows}
            if pairs:
                riders = (select(d).where(
                    d.c.due_at.is_(None), d.c.state == "sent", d.c.updates > 0, free,
                    tuple_(d.c.saved_search_id, d.c.channel_id).in_(list(pairs)))
                    .with_for_update(skip_locked=True))
                rows += list(conn.execute(riders).mappings())
            if not rows:
                return []
            conn.execute(update(d).where(d.c.id.in_([r["id"] for r in rows]))
                         .values(lease_owner=worker, lease_expires_at=expires))
        return [Delivery(id=r["id"], saved_search_id=r["saved_search_id"],
                         channel_id=r["channel_id"], story_key=r["story_key"], state=r["state"],
                         updates=r["updates"], attempts=r["attempts"],
                         created_at=utc(r["created_at"]))
                for r in rows]

    def finish_deliveries(self, worker: str, ids: Sequence[int], now: datetime, *,
                          error: str | None = None, retry_at: datetime | None = None,
                          give_up_before: datetime | None = None) -> int:
        """Record how sending the claimed rows ``ids`` went, if ``worker`` still holds them:
        sent (no ``error``), or failed and due again at ``retry_at`` — or given up when created
        before ``give_up_before``. The channel's health follows. How many rows were held."""
        d = alert_deliveries
        with self._write() as conn:
            rows = conn.execute(select(d.c.id, d.c.channel_id).where(
                d.c.id.in_(list(ids)), d.c.lease_owner == worker)).all()
            if not rows:
                return 0
            held = d.c.id.in_([r.id for r in rows])
            released = dict(lease_owner=None, lease_expires_at=None)
            if error is None:
                conn.execute(update(d).where(held, d.c.state == "pending").values(
                    state="sent", sent_at=now, last_error=None))
                conn.execute(update(d).where(held).values(updates=0, due_at=None, **released))
            else:
                conn.execute(update(d).where(held).values(
                    attempts=d.c.attempts + 1, next_attempt_at=retry_at, last_error=error[:2000],
                    **released))
                if give_up_before is not None:
                    conn.execute(update(d).where(held, d.c.state == "pending",
                                                 d.c.created_at < give_up_before)
                                 .values(state="failed"))
            _channel_result(conn, sorted({r.channel_id for r in rows}), now, error)
        return len(rows)

    def deliveries_of(self, search_id: int) -> list[dict]:
        """The outbox rows of a saved search (for the CLI and tests): state and attempts."""
        query = (select(alert_deliveries).where(alert_deliveries.c.saved_search_id == search_id)
                 .order_by(alert_deliveries.c.id))
        with self._read() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]


def _check_mode(mode: str) -> None:
    if mode not in ALERT_MODES:
        raise InvalidInput(f"unknown alert mode {mode!r}",
                         user_message="نوع التنبيه غير معروف: فوري أو كل ساعة أو يومي.")


def _insert_match(conn: Connection, match: Match, now: datetime) -> bool:
    exists = conn.execute(select(alert_matches.c.id).where(
        alert_matches.c.saved_search_id == match.saved_search_id,
        alert_matches.c.article_id == match.article_id)).first()
    if exists is not None:
        return False
    if conn.execute(select(articles.c.id).where(articles.c.id == match.article_id)).first() is None:
        return False  # deleted meanwhile
    conn.execute(alert_matches.insert().values(
        saved_search_id=match.saved_search_id, article_id=match.article_id,
        story_key=match.story_key, matched_at=now))
    return True


def _enqueue(conn: Connection, match: Match, channel_id: int, now: datetime) -> None:
    d = alert_deliveries
    key = and_(d.c.saved_search_id == match.saved_search_id, d.c.story_key == match.story_key,
               d.c.channel_id == channel_id)
    row = conn.execute(select(d.c.id, d.c.state, d.c.due_at).where(key)).first()
    if row is None:
        conn.execute(d.insert().values(
            saved_search_id=match.saved_search_id, channel_id=channel_id,
            story_key=match.story_key, state="pending", updates=0, due_at=match.due,
            attempts=0, created_at=now))
    elif row.state == "sent":  # announced: an update line in the next alert or digest
        due = row.due_at if row.due_at is not None else match.update_due
        conn.execute(update(d).where(d.c.id == row.id).values(updates=d.c.updates + 1,
                                                              due_at=due))
    # pending: the alert is not out yet and will list this article too; failed: given up


def _channel_result(conn: Connection, channel_ids: Sequence[int], now: datetime,
                    error: str | None) -> None:
    c = alert_channels
    if error is None:
        conn.execute(update(c).where(c.c.id.in_(channel_ids)).values(
            last_success_at=now, failing_since=None, last_error=None))
    else:
        conn.execute(update(c).where(c.c.id.in_(channel_ids)).values(
            failing_since=func.coalesce(c.c.failing_since, now), last_error=error[:2000]))

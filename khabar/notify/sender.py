"""The sender: claims due outbox rows, writes one message per saved search and channel,
sends it through Apprise, and records the outcome.

Rows are claimed under a lease (``store.claim_deliveries``: ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL), so any number of senders (``khabar run``, every ``khabar worker``) share the work
and never announce the same row twice while it is held. A sender killed after claiming loses
its lease when it expires; the rows are claimed again and delivered once. A failed send is
tried again after ``alerts_retry_backoff`` seconds, doubling up to ``alerts_max_backoff``;
a delivery still failing after ``alerts_give_up_after`` is given up, and the channel, failing
since its first failure, is shown as failing to its user after a day.

What is not guaranteed: a sender killed after the channel accepted a message and before the
outcome is written sends it again (at least once, not exactly once, in that one window);
JSON, form and XML webhooks get an ``Idempotency-Key`` header to drop such a repeat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from khabar.errors import KhabarError
from khabar.notify import channels, webpush
from khabar.notify.message import Message, StoryLines, compose
from khabar.settings import Settings
from khabar.store import Store
from khabar.store.alert_records import Delivery
from khabar.store.rows import now_utc

log = logging.getLogger(__name__)

#: outbox rows claimed per round
CLAIM_LIMIT = 200
#: what the alerts page says of a push subscription the push service dropped
EXPIRED_MESSAGE = ("انتهى اشتراك هذا الجهاز في الإشعارات (ألغاه المتصفح أو انتهت صلاحيته)، "
                   "فحُذف. افتح هذه الصفحة على الجهاز واضغط «تفعيل الإشعارات على هذا الجهاز» من جديد.")
#: longest pause (seconds) between two tries of a failing database
MAX_DB_RETRY_DELAY = 60.0

Send = Callable[..., "str | None"]


@dataclass
class SendReport:
    messages: int = 0
    failed: int = 0
    deliveries: int = 0

    def to_json(self) -> dict:
        return {"messages": self.messages, "failed": self.failed, "deliveries": self.deliveries}


def send_due(store: Store, settings: Settings, *, worker: str, now: datetime | None = None,
             send: Send = channels.send) -> SendReport:
    """Send every message due at ``now``: claim, compose, send, record. Never raises for one
    channel's failure (it is recorded against the channel)."""
    now = now or now_utc()
    report = SendReport()
    claimed = store.claim_deliveries(worker, now, lease_seconds=settings.alerts_lease_seconds,
                                     limit=CLAIM_LIMIT)
    groups: dict[tuple[int, int], list[Delivery]] = {}
    for row in claimed:
        groups.setdefault((row.saved_search_id, row.channel_id), []).append(row)
    for (search_id, channel_id), rows in groups.items():
        report.deliveries += len(rows)
        try:
            error = _send_group(store, settings, search_id, channel_id, rows, send)
        except KhabarError as exc:  # the search or channel was deleted meanwhile
            log.info("notify: skipping deliveries of search %d: %s", search_id, exc)
            error = None
        except Exception as exc:  # noqa: BLE001 - one channel never stops the others
            log.exception("notify: sending to channel %d failed", channel_id)
            error = f"notify: {type(exc).__name__}: {exc}"
        ids = [r.id for r in rows]
        if error == webpush.GONE:  # the browser dropped the subscription: never again
            _expire(store, channel_id, now)
            report.failed += 1
            continue
        if error is None:
            store.finish_deliveries(worker, ids, now)
            report.messages += 1
            continue
        report.failed += 1
        attempts = max(r.attempts for r in rows)
        delay = min(settings.alerts_retry_backoff * 2 ** min(attempts, 20),
                    settings.alerts_max_backoff)
        at = now
        store.finish_deliveries(
            worker, ids, at, error=error, retry_at=at + timedelta(seconds=delay),
            give_up_before=at - timedelta(seconds=settings.alerts_give_up_after))
        log.warning("notify: channel %d failed (%s); trying again in %.0f s",
                    channel_id, error, delay)
    return report


def _send_group(store: Store, settings: Settings, search_id: int, channel_id: int,
                rows: list[Delivery], send: Send) -> str | None:
    search = store.saved_search(search_id)
    channel = store.channel(channel_id)
    matched = store.story_matches(search_id, [r.story_key for r in rows])
    new = [StoryLines(matched[r.story_key]) for r in rows
           if r.state == "pending" and matched.get(r.story_key)]
    updates = [StoryLines(matched[r.story_key], r.updates) for r in rows
               if r.state == "sent" and r.updates and matched.get(r.story_key)]
    if not new and not updates:
        return None  # the articles were deleted: nothing left to say
    message = compose(search.name, search.mode, new, updates, tz=search.timezone,
                      base_url=settings.alerts_base_url)
    key = f"{search_id}-{channel_id}-" + "-".join(str(r.story_key) for r in rows)
    return deliver(store, settings, channel.url, message, key=key[:200], send=send)


def deliver(store: Store, settings: Settings, url: str, message: Message, *,
            key: str | None = None, send: Send = channels.send) -> str | None:
    """Send ``message`` to one channel: a browser's push subscription through
    ``khabar.notify.webpush``, anything else through Apprise (``send``)."""
    if webpush.is_push(url):
        return webpush.send(store, url, message, subject=push_subject(settings), key=key,
                            allow_private=settings.allow_private_networks)
    return send(url, message, key=key, allow_private=settings.allow_private_networks)


def push_subject(settings: Settings) -> str:
    """The VAPID ``sub`` claim: the setting, else a placeholder push services accept."""
    return settings.webpush_subject.strip() or "mailto:khabar@localhost"


def _expire(store: Store, channel_id: int, now: datetime) -> None:
    log.info("notify: push subscription of channel %d is gone; removed", channel_id)
    store.expire_channel(channel_id, now, EXPIRED_MESSAGE)


def try_channel(store: Store, settings: Settings, channel_id: int) -> str | None:
    """Send a test message to a channel now (the page's test button); None if it went. The
    outcome is recorded as the channel's health."""
    channel = store.channel(channel_id)
    error = deliver(store, settings, channel.url, Message(
        title="خبر: رسالة تجريبية",
        body=f"وصلت هذه الرسالة من khabar إلى القناة «{channel.name}». التنبيهات ستصل هنا.",
        link="/alerts"))
    if error == webpush.GONE:
        _expire(store, channel_id, now_utc())
        return EXPIRED_MESSAGE
    store.channel_result(channel_id, now_utc(), error)
    return error


async def run_sender(store: Store, settings: Settings, stop: asyncio.Event, *,
                     worker: str, send: Send = channels.send) -> None:
    """Send due alerts every ``alerts_tick`` seconds until ``stop`` is set. A database that
    fails is logged and tried again with a growing pause."""
    failures = 0
    while not stop.is_set():
        try:
            await asyncio.to_thread(send_due, store, settings, worker=worker, send=send)
            failures = 0
            delay = settings.alerts_tick
        except Exception as exc:  # noqa: BLE001 - the sender outlives a database restart
            failures += 1
            delay = min(MAX_DB_RETRY_DELAY, settings.alerts_tick * 2 ** min(failures, 8))
            log.error("notify: sending alerts failed (%s: %s); trying again in %.0f s",
                      type(exc).__name__, exc, delay)
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except asyncio.TimeoutError:
            pass

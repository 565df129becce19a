"""Alerts end to end: matched as stored, sent through Apprise to real receivers on loopback,
one per story, digests and quiet hours on a controlled clock, failures retried."""

from __future__ import annotations

from datetime import timedelta

import pytest

from khabar.notify import send_due
from khabar.notify.sender import try_channel
from tests.notify.conftest import NOW, OUTLETS, SETTINGS, oil, store_and_match, toronto

USER = 1


def hook_url(hook, path="/hook"):
    return f"json://127.0.0.1:{hook.port}{path}"


def test_one_alert_per_story_when_five_outlets_publish_it(store, hook, mail):
    search = store.create_saved_search(USER, "تورونتو", "تورونتو")
    store.add_channel(USER, "hook", hook_url(hook))
    store.add_channel(USER, "mail", f"mailto://127.0.0.1:{mail.port}"
                      "?from=khabar@example.com&to=reader@example.com")
    assert store_and_match(store, [toronto(o, i) for i, o in enumerate(OUTLETS)]) == 5
    report = send_due(store, SETTINGS, worker="w", now=NOW)
    assert report.messages == 2 and report.failed == 0
    [alert] = hook.json_bodies()
    assert alert["title"].startswith("تنبيه «تورونتو»: مقتل عشرة أشخاص")
    for outlet in ("الجزيرة", "العربية", "\u2068BBC Arabic\u2069", "فرانس 24"):
        assert outlet in alert["message"]
    assert "المصادر: " in alert["message"] and "https://khabar.example/articles/" in alert["message"]
    assert "10:" in alert["message"]  # the time, in the search's zone (UTC)
    [letter] = mail.texts()
    assert "تورونتو" in letter and "فرانس 24" in letter
    # A sixth copy later: no new alert, an update line in the next one.
    store_and_match(store, [toronto("الشرق الأوسط", 6, NOW + timedelta(minutes=30))],
                    NOW + timedelta(minutes=30))
    assert send_due(store, SETTINGS, worker="w", now=NOW + timedelta(minutes=31)).messages == 0
    assert len(hook.json_bodies()) == 1
    store_and_match(store, [oil(NOW + timedelta(hours=1))], NOW + timedelta(hours=1))
    send_due(store, SETTINGS, worker="w", now=NOW + timedelta(hours=1))
    second = hook.json_bodies()[-1]
    assert "أسعار النفط" in second["title"]
    assert "تحديثات" in second["message"] and "نشرته أيضاً: الشرق الأوسط" in second["message"]
    assert len(hook.json_bodies()) == 2
    rows = store.deliveries_of(search.id)
    assert {r["state"] for r in rows} == {"sent"} and all(r["updates"] == 0 for r in rows)


def test_hourly_digest_waits_for_the_hour_and_lists_each_story_once(store, hook):
    store.create_saved_search(USER, "أخبار", "تورونتو", mode="hourly")
    store.add_channel(USER, "hook", hook_url(hook))
    store_and_match(store, [toronto(o, i) for i, o in enumerate(OUTLETS[:3])])
    store_and_match(store, [oil(NOW + timedelta(minutes=20))], NOW + timedelta(minutes=20))
    assert send_due(store, SETTINGS, worker="w", now=NOW + timedelta(minutes=39)).messages == 0
    assert send_due(store, SETTINGS, worker="w", now=NOW.replace(hour=11, minute=0)).messages == 1
    [digest] = hook.json_bodies()
    assert digest["title"] == "ملخص الساعة لـ«أخبار»: قصتان"
    assert digest["message"].count("مقتل عشرة أشخاص") == 1


def test_daily_digest_at_the_hour_of_the_users_time_zone(store, hook):
    store.create_saved_search(USER, "يومي", "تورونتو", mode="daily", timezone="Asia/Riyadh")
    store.add_channel(USER, "hook", hook_url(hook))
    store_and_match(store, [toronto("الجزيرة", 1)])
    # 07:00 in Riyadh is 04:00 UTC, the next day (it is 13:20 there now).
    next_day = (NOW + timedelta(days=1)).replace(hour=4, minute=0)
    assert send_due(store, SETTINGS, worker="w", now=next_day - timedelta(minutes=1)).messages == 0
    assert send_due(store, SETTINGS, worker="w", now=next_day).messages == 1
    assert hook.json_bodies()[0]["title"] == "ملخص اليوم لـ«يومي»: قصة واحدة"


def test_quiet_hours_hold_an_instant_alert_until_they_end(store, hook):
    store.create_saved_search(USER, "ليلي", "تورونتو", timezone="Asia/Riyadh",
                              quiet_start="22:00", quiet_end="07:00")
    store.add_channel(USER, "hook", hook_url(hook))
    night = NOW.replace(hour=20, minute=30)  # 23:30 in Riyadh
    store_and_match(store, [toronto("الجزيرة", 1, night), oil(night)], night)
    morning = (night + timedelta(days=1)).replace(hour=4, minute=0)  # 07:00 in Riyadh
    assert send_due(store, SETTINGS, worker="w", now=morning - timedelta(minutes=1)).messages == 0
    assert send_due(store, SETTINGS, worker="w", now=morning).messages == 1
    [held] = hook.json_bodies()
    assert held["title"] == "تنبيه «ليلي»: قصتان"


def test_a_failing_channel_is_retried_with_backoff_and_marked_after_a_day(store, hook):
    search = store.create_saved_search(USER, "تورونتو", "تورونتو")
    channel = store.add_channel(USER, "hook", hook_url(hook))
    store_and_match(store, [toronto("الجزيرة", 1)])
    hook.status = 500
    assert send_due(store, SETTINGS, worker="w", now=NOW).failed == 1
    [row] = store.deliveries_of(search.id)
    assert row["attempts"] == 1 and row["state"] == "pending" and row["last_error"]
    # Not before the backoff (60 s); the channel is failing but not a day yet.
    assert send_due(store, SETTINGS, worker="w", now=NOW).deliveries == 0
    failing = store.channel(channel.id)
    assert failing.failing_since is not None and not failing.failing(failing.failing_since)
    assert failing.failing(failing.failing_since + timedelta(days=1))
    hook.status = 200
    later = row["next_attempt_at"]
    assert send_due(store, SETTINGS, worker="w", now=NOW + timedelta(minutes=2)).messages == 1
    assert len(hook.json_bodies()) == 1 and later is not None
    healed = store.channel(channel.id)
    assert healed.failing_since is None and healed.last_success_at is not None


def test_a_delivery_failing_past_the_give_up_time_is_given_up(store, hook):
    search = store.create_saved_search(USER, "تورونتو", "تورونتو")
    store.add_channel(USER, "hook", hook_url(hook))
    store_and_match(store, [toronto("الجزيرة", 1)])
    hook.status = 500
    send_due(store, SETTINGS.replace(alerts_give_up_after=0.0), worker="w",
             now=NOW + timedelta(days=2))
    assert [r["state"] for r in store.deliveries_of(search.id)] == ["failed"]


def test_paused_searches_and_old_articles_are_not_announced(store, hook):
    paused = store.create_saved_search(USER, "موقوف", "تورونتو")
    store.update_saved_search(paused.id, paused=True)
    archive = store.create_saved_search(USER, "أرشيف", "النفط")
    store.add_channel(USER, "hook", hook_url(hook))
    store_and_match(store, [toronto("الجزيرة", 1), oil(NOW - timedelta(days=30))])
    assert send_due(store, SETTINGS, worker="w", now=NOW).messages == 0
    assert store.matched_articles(paused.id) == []
    assert [a.source for a in store.matched_articles(archive.id)] == ["العربية"]  # listed only


def test_the_test_button_sends_and_records_the_channel_health(store, hook):
    good = store.add_channel(USER, "hook", hook_url(hook))
    assert try_channel(store, SETTINGS, good.id) is None
    assert "رسالة تجريبية" in hook.json_bodies()[0]["title"]
    bad = store.add_channel(USER, "dead", "json://127.0.0.1:9/none")
    assert try_channel(store, SETTINGS, bad.id)
    assert store.channel(bad.id).failing_since is not None


def test_channels_on_private_addresses_are_refused_unless_allowed(store, hook):
    from khabar.errors import InvalidInput
    from khabar.notify.saved import create_channel

    closed = SETTINGS.replace(allow_private_networks=False)
    for url in (f"json://127.0.0.1:{hook.port}/hook", "ntfy://10.0.0.5/topic",
                "json://[::1]:8080/x", "json://localhost/x"):
        with pytest.raises(InvalidInput) as refused:
            create_channel(store, closed, USER, name="x", url=url)
        assert "شبكة داخلية" in refused.value.user_message
    telegram = create_channel(store, closed, USER, name="tg", url="tgram://123456789:ABC/1234")
    store.delete_channel(telegram.id)  # a token, not a host: not checked (and not sent here)
    # Added while allowed, sent while refused: the delivery fails and says why.
    store.create_saved_search(USER, "تورونتو", "تورونتو")
    create_channel(store, SETTINGS, USER, name="hook", url=f"json://127.0.0.1:{hook.port}/hook")
    store_and_match(store, [toronto("الجزيرة", 1)])
    assert send_due(store, closed, worker="w", now=NOW).failed == 1
    assert hook.received == []
    [channel] = store.channels(USER)
    assert "private address" in (channel.last_error or "")


def test_workers_send_due_alerts_once_and_continually(store, hook):
    import asyncio

    from khabar.pipeline.worker import Worker
    from khabar.store.rows import now_utc

    store.create_saved_search(USER, "تورونتو", "تورونتو")
    store.add_channel(USER, "hook", hook_url(hook))
    now = now_utc()
    store_and_match(store, [toronto("الجزيرة", 1, now)], now)
    asyncio.run(Worker(store, SETTINGS, once=True).run(asyncio.Event()))  # khabar worker --once
    assert len(hook.json_bodies()) == 1
    store_and_match(store, [oil(now)], now)

    async def until_sent() -> None:  # khabar worker / khabar run: the sender runs beside polls
        stop = asyncio.Event()
        running = asyncio.create_task(Worker(store, SETTINGS.replace(alerts_tick=0.1)).run(stop))
        for _ in range(100):
            if len(hook.json_bodies()) == 2:
                break
            await asyncio.sleep(0.1)
        stop.set()
        await running

    asyncio.run(until_sent())
    assert "أسعار النفط" in hook.json_bodies()[1]["title"]

"""Web Push with a real push service on 127.0.0.1 (``push_service.PushService``): the alert
is signed with this server's VAPID key (the JWT verified with the public key pages get),
encrypted for the browser (decrypted with the subscription's private key), once per story;
an expired subscription (410) is removed and its user told; private endpoints are refused
without the tests' allowance. Both backends."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from khabar.errors import InvalidInput
from khabar.notify import send_due, webpush
from khabar.notify.message import Message
from khabar.notify.saved import create_push_channel
from khabar.notify.sender import EXPIRED_MESSAGE, try_channel
from khabar.settings import load_settings
from khabar.store.alert_records import EXPIRED_PUSH_URL
from tests.notify.conftest import NOW, OUTLETS, SETTINGS, store_and_match, toronto
from tests.notify.push_service import Browser, PushService, verify_vapid

USER = 1


@pytest.fixture
def push():
    service = PushService()
    yield service
    service.close()


def test_an_alert_is_pushed_signed_and_encrypted_once_per_story(store, push, caplog):
    caplog.set_level(logging.DEBUG)
    browser = Browser()
    channel = create_push_channel(store, SETTINGS, USER,
                                  subscription=browser.subscription(push.endpoint()))
    shown = channel.to_json(NOW)
    assert shown["kind"] == "webpush" and shown["url"] == f"webpush://127.0.0.1:{push.port}/…"
    search = store.create_saved_search(USER, "تورونتو", "تورونتو")
    store_and_match(store, [toronto(o, i) for i, o in enumerate(OUTLETS)])
    report = send_due(store, SETTINGS, worker="w", now=NOW)
    assert report.messages == 1 and report.failed == 0
    [(path, headers, body)] = push.received
    assert path == "/push/device"
    assert headers["content-encoding"] == "aes128gcm" and int(headers["ttl"]) > 0
    assert len(headers["topic"]) <= 32
    claims = verify_vapid(headers["authorization"], webpush.public_key(store), push.origin)
    assert claims["sub"] == "mailto:khabar@localhost"
    message = browser.decrypt(body)
    assert message["title"].startswith("تنبيه «تورونتو»: مقتل عشرة أشخاص")
    assert "المصادر: " in message["body"] and "فرانس 24" in message["body"]
    [first] = store.matched_articles(search.id, limit=100)[-1:]
    assert message["url"] == f"https://khabar.example/articles/{first.id}"
    # Later copies of the story: no second push.
    store_and_match(store, [toronto("الشرق الأوسط", 6, NOW + timedelta(minutes=30))],
                    NOW + timedelta(minutes=30))
    assert send_due(store, SETTINGS, worker="w", now=NOW + timedelta(minutes=31)).messages == 0
    assert len(push.received) == 1
    # The private key never reaches the log.
    private = store.load_model(webpush.VAPID_MODEL)["private_pem"]
    body_lines = private.splitlines()[1]
    assert all(body_lines not in r.getMessage() for r in caplog.records)


def test_an_expired_subscription_is_removed_and_its_user_told(store, push):
    browser = Browser()
    channel = create_push_channel(store, SETTINGS, USER,
                                  subscription=browser.subscription(push.endpoint("gone")))
    search = store.create_saved_search(USER, "تورونتو", "تورونتو")
    store_and_match(store, [toronto("الجزيرة", 1)])
    push.status = 410
    report = send_due(store, SETTINGS, worker="w", now=NOW)
    assert report.failed == 1 and len(push.received) == 1
    gone = store.channel(channel.id)
    assert gone.expired and gone.url == EXPIRED_PUSH_URL and "p256dh" not in gone.url
    assert gone.last_error == EXPIRED_MESSAGE
    assert store.deliveries_of(search.id) == []
    # New matches are not queued for it, and nothing is sent to it again.
    store_and_match(store, [toronto("العربية", 2, NOW + timedelta(hours=1))],
                    NOW + timedelta(hours=1))
    assert store.deliveries_of(search.id) == []
    assert send_due(store, SETTINGS, worker="w", now=NOW + timedelta(hours=2)).deliveries == 0
    assert len(push.received) == 1
    # The test button says so too (a 404 is "gone" as well).
    again = create_push_channel(store, SETTINGS, USER,
                                subscription=browser.subscription(push.endpoint("other")))
    push.status = 404
    assert try_channel(store, SETTINGS, again.id) == EXPIRED_MESSAGE
    assert store.channel(again.id).expired


def test_the_same_browser_subscribing_again_replaces_its_channel(store, push):
    browser = Browser()
    first = create_push_channel(store, SETTINGS, USER,
                                subscription=browser.subscription(push.endpoint()))
    second = create_push_channel(store, SETTINGS, USER, name="هاتفي",
                                 subscription=browser.subscription(push.endpoint()))
    [only] = store.channels(USER)
    assert only.id == second.id and only.name == "هاتفي" and first.name == "إشعارات المتصفح"
    assert try_channel(store, SETTINGS, second.id) is None
    assert browser.decrypt(push.received[0][2])["title"] == "خبر: رسالة تجريبية"


def test_private_endpoints_and_bad_subscriptions_are_refused(store, push):
    strict = load_settings()  # allow_private_networks off: production
    browser = Browser()
    with pytest.raises(InvalidInput):  # http:// is for the tests' loopback service only
        create_push_channel(store, strict, USER, subscription=browser.subscription(push.endpoint()))
    loopback = browser.subscription(f"https://127.0.0.1:{push.port}/push/x")
    with pytest.raises(InvalidInput) as refused:
        create_push_channel(store, strict, USER, subscription=loopback)
    assert "شبكة داخلية" in refused.value.user_message
    for bad in ({"endpoint": "https://push.example/x"}, {"endpoint": "https://push.example/x",
                "keys": {"p256dh": "AAAA", "auth": "AAAA"}}, "not json", {"keys": {}},
                {**browser.subscription("https://[::1/x")}, {**browser.subscription("ftp://x/y")},
                {**browser.subscription("https://push.example:99999/x")}):
        with pytest.raises(InvalidInput):
            create_push_channel(store, SETTINGS, USER, subscription=bad)
    assert store.channels(USER) == []
    # Sending checks the address again, at connect time (a name may resolve elsewhere later).
    url = webpush.Subscription.of_json(browser.subscription(push.endpoint()), allow_http=True).url()
    error = webpush.send(store, url, Message("t", "b"), subject="mailto:a@localhost",
                         allow_private=False)
    assert error is not None and "private address" in error and push.received == []


def test_vapid_keys_are_generated_once_and_kept_in_the_store(store):
    key = webpush.public_key(store)
    assert len(webpush._b64decode(key)) == 65
    webpush._keys.clear()  # another process: reads the stored key
    assert webpush.public_key(store) == key
    assert "PRIVATE KEY" in store.load_model(webpush.VAPID_MODEL)["private_pem"]
    # Processes racing on first use: the first key stored wins, for every one of them.
    assert store.first_model("race", {"k": 1}) == {"k": 1}
    assert store.first_model("race", {"k": 2}) == {"k": 1} == store.load_model("race")


def test_a_long_message_is_cut_to_fit_a_push():
    body = ("سطر طويل فيه \"اقتباس\" ورمز 📰 وكلمات عربية كثيرة\n" * 400)
    data = webpush.payload(Message("تنبيه «بحث»: " + "عنوان " * 200, body, "/articles/7"))
    assert len(data) <= webpush.MAX_PAYLOAD_BYTES
    decoded = json.loads(data)
    assert decoded["body"].endswith("…") and decoded["body"].startswith("سطر طويل")
    assert decoded["url"] == "/articles/7" and len(decoded["title"]) <= webpush.MAX_TITLE_CHARS
    short = json.loads(webpush.payload(Message("عنوان", "نص قصير", "")))
    assert short == {"title": "عنوان", "body": "نص قصير", "url": "/"}

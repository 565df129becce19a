"""Saved searches and alerts on the web and in the JSON API, on both backends: save from the
search page, see its page and feed, edit (re-validated), pause, delete; channels with a test
button; one user never sees another's."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from khabar.pipeline.importer import prepare_record
from khabar.settings import load_settings
from khabar.store.credentials import new_token, token_hash
from khabar.web.app import create_app
from tests.conftest import SAMPLE_ARTICLES, _fresh
from tests.notify.receivers import HookServer

#: the receivers listen on 127.0.0.1, a private address khabar refuses by default
OPEN = load_settings(allow_private_networks=True)


def logged_in(store, name: str) -> tuple[TestClient, str]:
    """A client with a session of a new user ``name``, and the CSRF token of its forms."""
    user = store.create_user(name, "unused-hash")
    secret = new_token("kh_s")
    store.create_session(user.id, token_hash(secret),
                         expires_at=datetime.now(timezone.utc) + timedelta(days=1))
    client = TestClient(create_app(store, settings=OPEN))
    client.cookies.set("khabar_sid", secret)
    return client, hmac.new(secret.encode(), b"csrf", hashlib.sha256).hexdigest()


@pytest.fixture
def filled(store):
    now = datetime(2018, 6, 1, tzinfo=timezone.utc)
    store.add_articles([prepare_record(r, None, now) for r in _fresh(SAMPLE_ARTICLES)])
    return store


@pytest.fixture
def hook():
    server = HookServer()
    yield server
    server.close()


def test_save_a_search_from_the_results_page_then_edit_pause_and_delete(filled):
    client, csrf = logged_in(filled, "sara")
    page = client.get("/search", params={"q": "النفط", "source": "سكاي نيوز عربية"})
    assert 'action="/alerts"' in page.text and "حفظ ونبّهني" in page.text
    saved = client.post("/alerts", data={"q": "النفط", "source": "سكاي نيوز عربية",
                                         "name": "", "mode": "hourly", "csrf": csrf},
                        follow_redirects=False)
    assert saved.status_code == 303
    location = saved.headers["location"]
    page = client.get(location)
    assert page.status_code == 200, page.text[-2000:]
    assert "حُفظ البحث" in page.text and "ترتفع بعد قرار أوبك" in page.text
    assert "نتيجتان" in page.text
    assert 'النفط source:"سكاي نيوز عربية"' in page.text.replace("&#34;", '"')
    [search] = filled.saved_searches()
    assert search.mode == "hourly" and search.query == 'النفط source:"سكاي نيوز عربية"'
    # Its private feed, by key, without a session.
    feed = TestClient(create_app(filled)).get(f"/feeds/u/searches/{search.feed_token}.rss")
    assert feed.status_code == 200 and "أسعار النفط" in feed.text
    # Editing checks the query again: only stop words are refused, and nothing changes.
    bad = client.post(location, data={"q": "في من", "name": "x", "mode": "daily",
                                      "timezone": "UTC", "csrf": csrf})
    assert bad.status_code == 400 and "الكلمات الشائعة" in bad.text
    assert filled.saved_search(search.id).query == search.query
    bad_zone = client.post(location, data={"q": "غزة", "timezone": "Mars/Base", "csrf": csrf})
    assert bad_zone.status_code == 400 and "المنطقة الزمنية" in bad_zone.text
    ok = client.post(location, data={"q": "غزة", "name": "غزة", "mode": "instant",
                                     "timezone": "Asia/Riyadh", "quiet_start": "22:00",
                                     "quiet_end": "07:00", "csrf": csrf})
    assert ok.status_code == 200 and "وقف إطلاق النار" in ok.text
    edited = filled.saved_search(search.id)
    assert (edited.query, edited.timezone, edited.quiet_start) == ("غزة", "Asia/Riyadh", "22:00")
    client.post(f"{location}/pause", data={"paused": "1", "csrf": csrf})
    assert filled.saved_search(search.id).paused
    assert "موقوف مؤقتاً" in client.get("/alerts").text
    client.post(f"{location}/delete", data={"csrf": csrf})
    assert filled.saved_searches() == []
    assert client.get(location).status_code == 404


def test_forms_need_a_session_and_a_csrf_token(filled):
    anonymous = TestClient(create_app(filled))
    page = anonymous.get("/search", params={"q": "النفط"})
    assert "سجّل الدخول" in page.text and "حفظ ونبّهني" not in page.text
    client, _ = logged_in(filled, "sara")
    assert client.post("/alerts", data={"q": "النفط"}).status_code == 403
    assert filled.saved_searches() == []


def test_another_users_saved_search_and_channel_are_not_found(filled):
    sara, _ = logged_in(filled, "sara")
    omar, csrf = logged_in(filled, "omar")
    theirs = filled.create_saved_search(1, "سري", "النفط")
    channel = filled.add_channel(1, "hook", "json://127.0.0.1:9/x")
    assert omar.get(f"/alerts/{theirs.id}").status_code == 404
    assert omar.post(f"/alerts/{theirs.id}/delete", data={"csrf": csrf}).status_code == 404
    assert omar.post(f"/alerts/channels/{channel.id}/delete",
                     data={"csrf": csrf}).status_code == 404
    assert sara.get(f"/alerts/{theirs.id}").status_code == 200


def test_channels_with_a_test_button_and_a_failing_mark(filled, hook):
    client, csrf = logged_in(filled, "sara")
    bad = client.post("/alerts/channels", data={"name": "x", "url": "nonsense://", "csrf": csrf})
    assert bad.status_code == 400 and "عنوان القناة غير صالح" in bad.text
    client.post("/alerts/channels", data={"name": "خطاف", "csrf": csrf,
                                          "url": f"json://127.0.0.1:{hook.port}/hook"})
    [channel] = filled.channels(1)
    page = client.post(f"/alerts/channels/{channel.id}/test", data={"csrf": csrf})
    assert "أُرسلت رسالة تجريبية" in page.text
    assert "رسالة تجريبية" in hook.json_bodies()[0]["title"]
    # A channel failing for a day is shown as failing.
    filled.channel_result(channel.id, datetime.now(timezone.utc) - timedelta(days=2), "boom")
    assert "لا تستقبل التنبيهات منذ" in client.get("/alerts").text
    [shown] = client.get("/api/alerts/channels").json()["items"]
    assert shown["failing"] is True and shown["last_error"] == "boom"


def test_the_json_api_saves_edits_and_deletes_with_an_api_token(filled, hook):
    user = filled.create_user("sara", "unused-hash")
    secret = new_token("kh_api")
    filled.create_token(user.id, "api", "test", token_hash(secret))
    api = TestClient(create_app(filled, settings=OPEN), headers={"Authorization": f"Bearer {secret}"})
    created = api.post("/api/alerts/searches", json={"query": "غزة OR أوبك", "mode": "daily",
                                                     "timezone": "Africa/Cairo"})
    assert created.status_code == 201
    doc = created.json()
    assert doc["name"] == "غزة OR أوبك" and doc["feeds"]["json"].endswith(".json")
    assert api.get("/api/alerts/searches").json()["items"][0]["id"] == doc["id"]
    refused = api.patch(f"/api/alerts/searches/{doc['id']}", json={"query": "-غزة"})
    assert refused.status_code == 400 and "كلمة واحدة على الأقل" in refused.json()["error"]["message"]
    changed = api.patch(f"/api/alerts/searches/{doc['id']}", json={"paused": True, "quiet_start": "23:00", "quiet_end": "06:30"})
    assert changed.json()["paused"] is True and changed.json()["quiet_end"] == "06:30"
    half = api.patch(f"/api/alerts/searches/{doc['id']}", json={"quiet_start": "23:00"})
    assert half.status_code == 400
    channel = api.post("/api/alerts/channels", json={"name": "hook", "url": f"json://user:secret@127.0.0.1:{hook.port}/h"})
    assert channel.status_code == 201 and "secret" not in channel.text
    assert api.post(f"/api/alerts/channels/{channel.json()['id']}/test").json() == {"sent": True, "error": None}
    assert api.get(f"/api/alerts/searches/{doc['id']}/articles").json()["items"] == []
    assert api.delete(f"/api/alerts/searches/{doc['id']}").status_code == 204
    assert api.get(f"/api/alerts/searches/{doc['id']}").status_code == 404
    assert TestClient(create_app(filled)).get("/api/alerts/searches").status_code == 401

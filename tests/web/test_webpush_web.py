"""Web Push on the web: the alerts page's button, the service worker at /sw.js under the
site's CSP, the VAPID public key and subscribing through the API with a session; an expired
subscription is shown to its user. Both backends, a push service on 127.0.0.1."""

from __future__ import annotations

import dataclasses

import pytest

from khabar.notify import webpush
from khabar.web.app import SECURITY_HEADERS
from tests.notify.push_service import Browser, PushService
from tests.web.test_alerts_web import filled, logged_in  # noqa: F401 - fixture


@pytest.fixture
def push():
    service = PushService()
    yield service
    service.close()


def test_the_button_the_worker_and_subscribing_from_the_page(filled, push):  # noqa: F811
    client, csrf = logged_in(filled, "sara")
    page = client.get("/alerts")
    assert "تفعيل الإشعارات على هذا الجهاز" in page.text
    assert 'src="/static/push.js"' in page.text and f'data-csrf="{csrf}"' in page.text
    assert page.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker.headers["content-type"].startswith("text/javascript")
    assert 'addEventListener("push"' in worker.text and "notificationclick" in worker.text
    assert worker.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    assert client.get("/static/push.js").status_code == 200
    key = client.get("/api/alerts/webpush/key").json()
    assert key == {"public_key": webpush.public_key(filled), "service_worker": "/sw.js"}
    browser = Browser()
    subscription = browser.subscription(push.endpoint())
    assert client.post("/api/alerts/webpush", json={"subscription": subscription}).status_code == 403
    added = client.post("/api/alerts/webpush", json={"subscription": subscription, "name": "هاتفي"},
                        headers={"X-CSRF-Token": csrf})
    assert added.status_code == 201
    assert added.json()["kind"] == "webpush" and subscription["keys"]["auth"] not in added.text
    [channel] = filled.channels(1)
    # The page's test button pushes to it; the browser reads the Arabic message.
    tested = client.post(f"/alerts/channels/{channel.id}/test", data={"csrf": csrf})
    assert "أُرسلت رسالة تجريبية" in tested.text
    assert browser.decrypt(push.received[0][2]) == {
        "title": "خبر: رسالة تجريبية", "url": "/alerts",
        "body": "وصلت هذه الرسالة من khabar إلى القناة «هاتفي». التنبيهات ستصل هنا."}
    # The browser dropped the subscription: the next push gets 410; the page says so.
    push.status = 410
    client.post(f"/alerts/channels/{channel.id}/test", data={"csrf": csrf})
    page = client.get("/alerts")
    assert "انتهى اشتراك هذا الجهاز في الإشعارات" in page.text and "انتهى الاشتراك" in page.text
    assert client.get("/api/alerts/channels").json()["items"][0]["expired"] is True


def test_no_one_subscribes_without_a_session_or_to_a_private_address(filled):  # noqa: F811
    from fastapi.testclient import TestClient

    from khabar.web.app import create_app

    anonymous = TestClient(create_app(filled))
    assert anonymous.get("/api/alerts/webpush/key").status_code == 401
    # Production settings (no private networks): a loopback endpoint is refused.
    client, csrf = logged_in(filled, "sara")
    client.app.state.settings = dataclasses.replace(client.app.state.settings,
                                                    allow_private_networks=False)
    refused = client.post("/api/alerts/webpush", headers={"X-CSRF-Token": csrf}, json={
        "subscription": Browser().subscription("https://127.0.0.1:9/push/x")})
    assert refused.status_code == 400 and "شبكة داخلية" in refused.json()["error"]["message"]

"""The admin pages: a password, CSRF tokens, and source management on a loopback feed."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from khabar.settings import load_settings
from khabar.web.app import create_app
from tests.loopback import Loopback

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>وكالة الاختبار</title><link>http://127.0.0.1/</link>
<description>اختبار</description>
<item><title>خبر</title><link>http://127.0.0.1/a/1</link><guid>a-1</guid>
<description>نص الخبر.</description></item></channel></rss>"""

OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline type="rss" text="صحيفة أ" xmlUrl="https://a.example/feed.xml" htmlUrl="https://a.example/"/>
<outline type="rss" text="صحيفة ب" xmlUrl="https://b.example/rss"/>
</body></opml>"""


@pytest.fixture
def server():
    loopback = Loopback()
    loopback.static("/feed.xml", FEED)
    yield loopback
    loopback.close()


@pytest.fixture
def admin(store):
    settings = load_settings(admin_password="كلمة-سر", allow_private_networks=True,
                             secret_key="test-key", retries=0)
    return TestClient(create_app(store, settings=settings))


def token(client, path="/admin"):
    page = client.get(path)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def log_in(client, password="كلمة-سر"):
    return client.post("/admin/login", data={"password": password, "csrf": token(client, "/admin/login")})


def test_anonymous_users_cannot_reach_the_admin(admin, server):
    assert admin.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"
    csrf = token(admin, "/admin/login")
    response = admin.post("/admin/sources", data={"url": server.url("/feed.xml"), "csrf": csrf})
    assert response.status_code == 403 and "تسجيل الدخول" in response.text
    assert admin.app.state.store.followed_sources() == []


def test_a_wrong_password_is_refused(admin):
    page = log_in(admin, "خطأ")
    assert "اسم المستخدم أو كلمة المرور غير صحيحة" in page.text
    assert admin.get("/admin", follow_redirects=False).status_code == 303


def test_admin_adds_edits_pauses_and_removes_a_source(admin, server):
    assert "إدارة المصادر" in log_in(admin).text
    page = admin.post("/admin/sources", data={"url": server.url("/feed.xml"), "csrf": token(admin)})
    assert "أضيف المصدر «وكالة الاختبار»" in page.text
    [source] = admin.app.state.store.followed_sources()
    assert source.feed_url == server.url("/feed.xml")

    admin.post(f"/admin/sources/{source.id}/edit",
               data={"name": "وكالة معدلة", "category": "economy", "csrf": token(admin)})
    admin.post(f"/admin/sources/{source.id}/pause", data={"paused": "1", "csrf": token(admin)})
    source = admin.app.state.store.get_source(source.id)
    assert (source.name, source.category, source.paused) == ("وكالة معدلة", "economy", True)
    assert "متوقف مؤقتاً" in admin.get("/admin").text

    page = admin.post(f"/admin/sources/{source.id}/remove", data={"csrf": token(admin)})
    assert "توقفت متابعة" in page.text
    assert admin.app.state.store.followed_sources() == []


def test_adding_an_unreachable_source_explains_why(admin):
    log_in(admin)
    page = admin.post("/admin/sources", data={"url": "http://127.0.0.1:9/feed", "csrf": token(admin)})
    assert "لم تتم إضافة المصدر" in page.text


def test_opml_import(admin):
    log_in(admin)
    page = admin.post("/admin/opml", data={"csrf": token(admin)},
                      files={"file": ("feeds.opml", OPML.encode(), "text/xml")})
    assert "أضيف 2 مصدراً" in page.text
    assert {s.name for s in admin.app.state.store.followed_sources()} == {"صحيفة أ", "صحيفة ب"}


def test_posts_without_the_csrf_token_are_refused(admin, server):
    log_in(admin)
    response = admin.post("/admin/sources", data={"url": server.url("/feed.xml"), "csrf": "forged"})
    assert response.status_code == 403 and "انتهت صلاحية النموذج" in response.text
    assert admin.app.state.store.followed_sources() == []


def test_admin_is_closed_without_a_password(store):
    client = TestClient(create_app(store, settings=load_settings(admin_password="")))
    assert "لا توجد حسابات بعد ولوحة الإدارة مغلقة" in client.get("/admin/login").text
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"
    assert client.post("/admin/login", data={"password": "", "csrf": "x"}).status_code == 403

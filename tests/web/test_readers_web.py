"""A reader's layer on the web: follow buttons, «لك», read and saved, filters on every list,
API tokens with write endpoints, private feeds."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.web.readers_helpers import (
    add_user,
    csrf,
    fast_hashing,  # noqa: F401 - autouse
    log_in,
    make_client,
)

IRAN = "إدارة ترامب تفرض عقوبات جديدة على إيران"
GAZA = "وقف إطلاق النار في غزة يدخل حيز التنفيذ"
OIL = "أسعار النفط ترتفع بعد قرار أوبك"


@pytest.fixture
def reader(filled_store):
    add_user(filled_store, "sara")
    client = make_client(filled_store)
    log_in(client, "sara")
    return client


def article_id(store, title):
    return next(a.id for a in store.latest(limit=50) if a.title == title)


def follow(client, kind, key, next_path="/"):
    return client.post(
        "/me/follows",
        data={
            "kind": kind,
            "key": key,
            "action": "follow",
            "next": next_path,
            "csrf": csrf(client, "/account"),
        },
        follow_redirects=False,
    )


def test_the_follow_button_on_an_entity_page_fills_for_you(reader):
    page = reader.get("/entities/" + quote("دونالد ترامب"))
    assert 'action="/me/follows"' in page.text and "تابِع" in page.text
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    response = reader.post(
        "/me/follows",
        data={
            "kind": "entity",
            "key": "دونالد ترامب",
            "action": "follow",
            "next": "/entities/" + quote("دونالد ترامب"),
            "csrf": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303  # POST-redirect-GET, back to the page
    assert response.headers["location"] == "/entities/" + quote("دونالد ترامب")
    assert "تتابعه" in reader.get(response.headers["location"]).text
    for_you = reader.get("/for-you").text
    assert IRAN in for_you and GAZA not in for_you
    assert 'class="unread-count"' in for_you  # unread in the header and on the story
    follows = reader.get("/account/follows").text
    assert "دونالد ترامب" in follows and "إلغاء المتابعة" in follows
    reader.post(
        "/me/follows",
        data={"kind": "entity", "key": "دونالد ترامب", "action": "unfollow", "csrf": token},
    )
    assert IRAN not in reader.get("/for-you").text


def test_anonymous_visitors_see_no_follow_button_and_for_you_asks_to_log_in(filled_store):
    client = make_client(filled_store)
    assert 'action="/me/follows"' not in client.get("/tags/" + quote("غزة")).text
    response = client.get("/for-you", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Ffor-you"
    assert client.get("/api/me").status_code == 401
    assert client.post("/me/follows", data={"kind": "tag", "key": "غزة"}).status_code == 401


def test_opening_an_article_marks_it_read_and_the_unread_count_falls(reader, filled_store):
    source_id = str(filled_store.latest(limit=50)[-1].source_id)
    follow(reader, "source", source_id)
    before = reader.get("/api/me").json()["unread"]
    assert before == 3  # the unread window: 7 days before the newest article (IRAN is older)
    reader.get(f"/articles/{article_id(filled_store, OIL)}")
    assert reader.get("/api/me").json()["unread"] == before - 1
    assert 'class="item is-read"' in reader.get("/for-you").text
    reader.post("/me/read-all", data={"scope": "for-you", "csrf": csrf(reader, "/for-you")})
    assert reader.get("/api/me").json()["unread"] == 0
    page = reader.get("/account/follows").text
    assert 'class="unread-count"' not in page


def test_mark_all_read_of_a_named_list(reader, filled_store):
    follow(reader, "tag", "أسعار النفط")
    assert reader.get("/api/me").json()["unread"] == 1
    reader.post(
        "/me/read-all",
        data={
            "scope": "tags",
            "key": "أسعار النفط",
            "next": "/tags/x",
            "csrf": csrf(reader, "/account"),
        },
    )
    assert reader.get("/api/me").json()["unread"] == 0


def test_saving_an_article_for_later(reader, filled_store):
    oil = article_id(filled_store, OIL)
    page = reader.get(f"/articles/{oil}").text
    assert "اقرأ لاحقاً" in page
    reader.post(
        f"/me/articles/{oil}/save",
        data={"saved": "1", "next": f"/articles/{oil}", "csrf": csrf(reader, "/account")},
    )
    assert "✓ محفوظ" in reader.get(f"/articles/{oil}").text
    saved = reader.get("/saved").text
    assert OIL in saved and "1 محفوظ" in saved
    reader.post(f"/me/articles/{oil}/save", data={"saved": "0", "csrf": csrf(reader, "/account")})
    assert OIL not in reader.get("/saved").text
    # mark unread from the article page
    reader.post(f"/me/articles/{oil}/read", data={"read": "0", "csrf": csrf(reader, "/account")})
    assert not filled_store.article_states(filled_store.user_by_name("sara").id, [oil])[oil].read


def test_a_block_rule_changes_every_list_search_feed_and_api_response(reader, filled_store):
    assert IRAN in reader.get("/").text
    page = reader.post(
        "/account/filters",
        data={
            "action": "block",
            "kind": "words",
            "field": "any",
            "pattern": "ادارة",
            "csrf": csrf(reader, "/account/filters"),
        },
    )
    assert "أُضيفت القاعدة" in page.text and "ادارة" in page.text
    assert IRAN not in reader.get("/").text
    assert IRAN not in reader.get("/sources/1").text
    assert IRAN not in str(reader.get("/api/articles").json())
    assert IRAN not in reader.get("/feeds/latest.rss").text
    assert IRAN not in reader.get("/search", params={"q": "عقوبات"}).text
    assert IRAN not in str(reader.get("/api/search", params={"q": "عقوبات"}).json())
    # others still see it
    assert IRAN in make_client(filled_store).get("/").text
    rule = filled_store.rules(filled_store.user_by_name("sara").id)[0]
    reader.post(f"/account/filters/{rule.id}/remove", data={"csrf": csrf(reader, "/account")})
    assert IRAN in reader.get("/").text


def test_a_muted_outlet_disappears_and_counts_follow(reader, filled_store):
    france = next(a.source_id for a in filled_store.latest(limit=50) if a.title == GAZA)
    reader.post(
        "/account/filters",
        data={
            "action": "block",
            "kind": "source",
            "pattern": str(france),
            "csrf": csrf(reader, "/account"),
        },
    )
    assert GAZA not in reader.get("/").text
    assert reader.get("/api/articles").json()["total"] == 4
    page = reader.get(f"/sources/{france}")  # still opens, empty, so it can be undone
    assert page.status_code == 200 and GAZA not in page.text


def test_a_bad_rule_is_explained(reader):
    page = reader.post(
        "/account/filters",
        data={"action": "block", "kind": "regex", "pattern": "(", "csrf": csrf(reader, "/account")},
    )
    assert "التعبير النمطي غير صالح" in page.text


def test_api_tokens_write_follows_marks_and_filters(reader, filled_store):
    created = reader.post(
        "/api/me/tokens",
        json={"kind": "api", "name": "هاتفي"},
        headers={"X-CSRF-Token": csrf(reader, "/account")},
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("kh_api_")
    assert secret not in str(reader.get("/api/me/tokens").json())  # shown once
    api = make_client(filled_store)
    api.headers["Authorization"] = f"Bearer {secret}"
    assert api.get("/api/me").json()["user"]["name"] == "sara"
    assert api.post("/api/me/follows", json={"kind": "tag", "key": "غزة"}).status_code == 201
    assert api.post("/api/me/follows", json={"kind": "tag", "key": "غزة"}).status_code == 200
    assert [f["key"] for f in api.get("/api/me/follows").json()["items"]] == ["غزة"]
    items = api.get("/api/me/for-you").json()["items"]
    assert [i["article"]["title"] for i in items] == [GAZA] and items[0]["unread"] == 1
    gaza = items[0]["article"]["id"]
    assert api.post("/api/me/read", json={"article_ids": [gaza]}).json()["marked"] == 1
    assert api.get("/api/me/for-you").json()["items"][0]["read"] is True
    assert api.put(f"/api/me/saved/{gaza}").json()["saved"] is True
    assert [a["id"] for a in api.get("/api/me/saved").json()["items"]] == [gaza]
    assert api.get("/api/me/states", params={"ids": f"{gaza},1"}).json()["items"][0] == {
        "article_id": gaza,
        "read": True,
        "saved": True,
    }
    assert api.delete(f"/api/me/saved/{gaza}").status_code == 200
    rule = api.post("/api/me/filters", json={"kind": "words", "pattern": "النفط"})
    assert rule.status_code == 201
    assert OIL not in str(api.get("/api/articles").json())
    assert api.post("/api/me/filters", json={"kind": "regex", "pattern": "("}).status_code == 400
    assert api.delete(f"/api/me/filters/{rule.json()['id']}").status_code == 200
    assert api.delete("/api/me/follows", params={"kind": "tag", "key": "غزة"}).status_code == 200
    assert api.post("/api/me/read-all", json={"scope": "latest"}).json()["marked"] == 4
    # revoked: the token opens nothing any more
    token_id = created.json()["id"]
    assert api.delete(f"/api/me/tokens/{token_id}").json()["revoked"] is True
    assert api.get("/api/me").status_code == 401


def test_cookie_writes_to_the_api_need_the_csrf_header(reader):
    assert reader.post("/api/me/follows", json={"kind": "tag", "key": "غزة"}).status_code == 403
    assert (
        reader.post(
            "/api/me/follows",
            json={"kind": "tag", "key": "غزة"},
            headers={"X-CSRF-Token": csrf(reader, "/account")},
        ).status_code
        == 201
    )


def test_private_feeds_for_you_and_saved_until_revoked(reader, filled_store):
    follow(reader, "tag", "غزة")
    gaza = article_id(filled_store, GAZA)
    reader.put(
        f"/api/me/saved/{article_id(filled_store, OIL)}",
        headers={"X-CSRF-Token": csrf(reader, "/account")},
    )
    page = reader.post(
        "/account/tokens",
        data={"kind": "feed", "name": "قارئ الخلاصات", "csrf": csrf(reader, "/account")},
    )
    secret = re.search(r"/feeds/u/([^/]+)/for-you\.rss", page.text).group(1)
    anonymous = make_client(filled_store)
    feed = anonymous.get(f"/feeds/u/{secret}/for-you.rss")
    assert feed.status_code == 200 and GAZA in feed.text and OIL not in feed.text
    assert feed.headers["cache-control"] == "private, no-store"
    assert str(gaza) in anonymous.get(f"/feeds/u/{secret}/for-you.json").text
    assert OIL in anonymous.get(f"/feeds/u/{secret}/saved.atom").text
    assert anonymous.get("/feeds/u/kh_feed_not-a-real-token/saved.rss").status_code == 404
    [token] = [
        t for t in filled_store.tokens(filled_store.user_by_name("sara").id) if t.kind == "feed"
    ]
    reader.post(f"/account/tokens/{token.id}/revoke", data={"csrf": csrf(reader, "/account")})
    assert anonymous.get(f"/feeds/u/{secret}/for-you.rss").status_code == 404
    # an API token does not open feeds, a feed token does not open the API
    assert (
        anonymous.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_pages_of_one_user_are_not_cached_by_shared_caches(reader):
    assert reader.get("/").headers["cache-control"] == "private, no-store"
    assert "cache-control" not in make_client(reader.app.state.store).get("/").headers

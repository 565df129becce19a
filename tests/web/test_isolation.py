"""Isolation: user A never sees or changes user B's follows, marks, filters, tokens, sessions
or feeds, through any page, form, API call, feed or Google Reader API call made with A's app
password (every readers' route, both backends)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from khabar.store.app_passwords import create_app_password
from khabar.store.credentials import new_token, token_hash
from khabar.store.rules import check_rule
from tests.web.readers_helpers import (
    add_user,
    csrf,
    fast_hashing,  # noqa: F401 - autouse
    log_in,
    make_client,
)

B_TAG = "وسم-خاص-بسارة"
B_RULE = "نمط-خاص-بسارة"
B_TOKEN = "رمز-خاص-بسارة"
MARKERS = (B_TAG, B_RULE, B_TOKEN)


@dataclass
class World:
    a: object  # omar's client
    store: object
    b_id: int
    ids: dict  # what B owns: token, feed, rule, session, saved article, feed secret
    a_feed: str
    a_greader: dict  # A's Google Reader API headers and edit token (T)


@pytest.fixture
def world(filled_store):
    store = filled_store
    add_user(store, "omar")
    sara = add_user(store, "sara")
    b_client = make_client(store)
    log_in(b_client, "sara")
    articles = store.latest(limit=10)
    store.follow(sara.id, "tag", B_TAG)
    store.follow(sara.id, "source", str(articles[0].source_id))
    store.set_saved(sara.id, articles[0].id)
    store.mark_read(sara.id, [a.id for a in articles[:3]])
    rule = store.add_rule(sara.id, *check_rule("block", "words", "any", B_RULE))
    token = store.create_token(sara.id, "api", B_TOKEN, token_hash(new_token()))
    b_feed_secret = new_token("kh_feed")
    feed = store.create_token(sara.id, "feed", B_TOKEN, token_hash(b_feed_secret))
    b_app, b_app_password = create_app_password(store, sara.id, B_TOKEN)
    [session] = store.user_sessions(sara.id)
    a = make_client(store)
    log_in(a, "omar")
    a_feed = new_token("kh_feed")
    omar = store.user_by_name("omar")
    store.create_token(omar.id, "feed", "omar", token_hash(a_feed))
    _, a_app_password = create_app_password(store, omar.id, "omar")
    login = a.post("/api/greader/accounts/ClientLogin",
                   data={"Email": "omar", "Passwd": a_app_password}).text
    headers = {"Authorization": "GoogleLogin auth=" + login.split("Auth=")[1].strip()}
    a_greader = {"headers": headers,
                 "T": a.get("/api/greader/reader/api/0/token", headers=headers).text.strip()}
    ids = {"token": token.id, "feed": feed.id, "rule": rule.id, "session": session.id,
           "article": articles[0].id, "read": [a.id for a in articles[:3]],
           "source": str(articles[0].source_id), "b_feed": b_feed_secret, "b_id": sara.id,
           "b_app": b_app.id, "b_app_password": b_app_password}
    return World(a, store, sara.id, ids, a_feed, a_greader)


def snapshot(store, user_id, ids):
    return (
        [(f.kind, f.key) for f in store.follows(user_id)],
        [(r.id, r.pattern) for r in store.rules(user_id)],
        [(t.id, t.kind, t.name) for t in store.tokens(user_id)],
        [s.id for s in store.user_sessions(user_id)],
        sorted((k, v.read, v.saved) for k, v in store.article_states(user_id, ids["read"]).items()),
        store.count_saved(user_id),
    )


GR = "/api/greader/reader/api/0"

# (method, path, form/json body); {token} {feed} {rule} {session} {article} {source} are B's
ROUTES = [
    ("GET", "/for-you", None), ("GET", "/saved", None), ("GET", "/account", None),
    ("GET", "/account/follows", None), ("GET", "/account/filters", None), ("GET", "/", None),
    ("GET", "/api/me", None), ("GET", "/api/me/follows", None), ("GET", "/api/me/for-you", None),
    ("GET", "/api/me/saved", None), ("GET", "/api/me/filters", None),
    ("GET", "/api/me/tokens", None), ("GET", "/api/me/states?ids={article}", None),
    ("GET", "/api/articles", None), ("GET", "/feeds/latest.rss", None),
    ("GET", "/feeds/u/{a_feed}/for-you.rss", None), ("GET", "/feeds/u/{a_feed}/saved.json", None),
    ("POST", "/account/tokens/{token}/revoke", {}), ("POST", "/account/tokens/{feed}/revoke", {}),
    ("POST", "/account/filters/{rule}/remove", {}),
    ("POST", "/account/sessions/{session}/end", {}),
    ("POST", "/account/sessions/end-others", {}),
    ("POST", "/me/follows", {"kind": "tag", "key": B_TAG, "action": "unfollow"}),
    ("POST", "/me/follows", {"kind": "tag", "key": B_TAG, "action": "follow"}),
    ("POST", "/me/articles/{article}/save", {"saved": "0"}),
    ("POST", "/me/articles/{article}/read", {"read": "0"}),
    ("POST", "/me/read-all", {"scope": "latest"}),
    ("POST", "/account/filters", {"action": "block", "kind": "words", "pattern": "x"}),
    ("POST", "/account/tokens", {"kind": "api", "name": "x"}),
    ("POST", "/account/password", {"current": "x", "password": "y" * 8, "password2": "y" * 8}),
    ("DELETE", "/api/me/tokens/{token}", None), ("DELETE", "/api/me/filters/{rule}", None),
    ("DELETE", "/api/me/saved/{article}", None),
    ("DELETE", "/api/me/follows?kind=tag&key=" + B_TAG, None),
    ("POST", "/api/me/read", {"article_ids": "{read}", "read": False}),
    ("POST", "/api/me/read-all", {"scope": "latest"}),
    ("PUT", "/api/me/saved/{article}", None),
    ("POST", "/api/me/follows", {"kind": "source", "key": "{source}"}),
    ("POST", "/api/me/filters", {"kind": "words", "pattern": "x"}),
    ("POST", "/account/apps/{b_app}/revoke", {}), ("GET", "/account/apps", None),
    ("POST", "/account/apps", {"name": "x"}), ("POST", "/account/tokens/{b_app}/revoke", {}),
    # the Google Reader API, called with A's app password
    ("POST", "/api/greader/accounts/ClientLogin", {"Email": "sara", "Passwd": "{b_app_password}x"}),
    ("GET", GR + "/user-info", None), ("GET", GR + "/token", None),
    ("GET", GR + "/tag/list?output=json", None),
    ("GET", GR + "/subscription/list?output=json", None),
    ("GET", GR + "/subscription/export", None),
    ("GET", GR + "/unread-count?output=json", None),
    ("GET", GR + "/stream/items/ids?s=user/-/state/com.google/starred", None),
    ("GET", GR + "/stream/items/ids?s=user/{b_id}/state/com.google/read", None),
    ("GET", GR + "/stream/items/ids?s=user/-/state/com.google/reading-list", None),
    ("GET", GR + "/stream/contents/user/{b_id}/state/com.google/starred", None),
    ("GET", GR + "/stream/contents/user/-/label/عام", None),
    ("GET", GR + "/stream/contents/feed/{source}", None),
    ("POST", GR + "/stream/items/contents", {"i": "{article}"}),
    ("POST", GR + "/edit-tag", {"i": "{article}", "r": "user/-/state/com.google/starred"}),
    ("POST", GR + "/edit-tag", {"i": "{article}", "r": "user/{b_id}/state/com.google/read"}),
    ("POST", GR + "/edit-tag", {"i": "{article}", "a": "user/-/state/com.google/starred"}),
    ("POST", GR + "/mark-all-as-read", {"s": "user/-/state/com.google/reading-list"}),
    ("POST", GR + "/mark-all-as-read", {"s": "feed/{source}"}),
    ("POST", GR + "/subscription/edit", {"ac": "unsubscribe", "s": "feed/{source}"}),
    ("POST", GR + "/subscription/edit", {"ac": "subscribe", "s": "feed/{source}"}),
    ("POST", GR + "/subscription/quickadd", {"quickadd": "feed/{source}"}),
]


@pytest.mark.parametrize("method, path, body", ROUTES,
                         ids=[f"{m} {p}" + (f" {b}" if b else "") for m, p, b in ROUTES])
def test_a_never_sees_or_changes_b(world, method, path, body):
    store, ids = world.store, world.ids
    before = snapshot(store, world.b_id, ids)
    url = path.format(a_feed=world.a_feed, **{k: v for k, v in ids.items() if k != "read"})
    token = csrf(world.a, "/account")
    if url.startswith("/api/greader"):
        fields = {k: v.format(**{k2: v2 for k2, v2 in ids.items() if k2 != "read"})
                  for k, v in (body or {}).items()}
        if method == "POST":
            fields["T"] = world.a_greader["T"]
        response = world.a.request(method, url, headers=world.a_greader["headers"],
                                   data=fields if method == "POST" else None)
        if "ClientLogin" not in url:
            assert response.status_code == 200, response.text
        for item in response.json().get("items", []) if "json" in response.headers.get(
                "content-type", "") and isinstance(response.json(), dict) else []:
            # B's read and saved marks never show on A's items (B read the newest three,
            # inside the unread window: for A they are unread)
            assert not any(c.endswith("/starred") for c in item["categories"])
            if int(item["id"][-16:], 16) in ids["read"]:
                assert not any(c.endswith("/read") for c in item["categories"])
    elif method == "GET":
        response = world.a.get(url)
    elif url.startswith("/api/"):
        payload = None
        if body is not None:
            payload = {k: (ids["read"] if v == "{read}" else
                           ids["source"] if v == "{source}" else v) for k, v in body.items()}
        response = world.a.request(method, url, json=payload, headers={"X-CSRF-Token": token})
    else:
        response = world.a.request(method, url, data={**body, "csrf": token})
    assert response.status_code < 500
    for marker in MARKERS + (ids["b_feed"], ids["b_app_password"]):
        assert marker not in response.text
    assert snapshot(store, world.b_id, ids) == before


def test_b_feed_secret_opens_only_b_feed_and_a_cannot_guess_it(world):
    anonymous = make_client(world.store)
    assert anonymous.get(f"/feeds/u/{world.ids['b_feed']}/saved.rss").status_code == 200
    mangled = world.ids["b_feed"][:-2] + ("AA" if not world.ids["b_feed"].endswith("AA") else "BB")
    assert anonymous.get(f"/feeds/u/{mangled}/saved.rss").status_code == 404
    a_saved = world.a.get(f"/feeds/u/{world.a_feed}/saved.rss").text
    b_saved = anonymous.get(f"/feeds/u/{world.ids['b_feed']}/saved.rss").text
    b_title = world.store.article(world.ids["article"]).title
    assert b_title in b_saved and b_title not in a_saved
    assert world.ids["b_feed"] not in a_saved

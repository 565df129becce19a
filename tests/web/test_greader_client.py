"""Acceptance: the independent PyPI ``google-reader`` client (written against Miniflux and
FreshRSS) drives khabar's Google Reader API on a real uvicorn server on loopback: login,
subscriptions, tags, unread ids, contents, marking read and starred, mark-all-as-read and
subscribing, while the unread count falls and rises as it should. Both backends."""

from __future__ import annotations

import os

import pytest

from khabar.settings import load_settings
from khabar.web.app import create_app
from tests.web.greader_helpers import READ, READING_LIST, STARRED, reader, serving
from tests.web.readers_helpers import fast_hashing  # noqa: F401 - autouse

if os.environ.get("CI") == "true":
    import google_reader  # installed by the Makefile: CI must have it
else:
    google_reader = pytest.importorskip("google_reader")

import requests  # noqa: E402 - google-reader's own dependency


@pytest.fixture
def world(store):
    r = reader(store)
    app = create_app(store, settings=load_settings(secret_key="test-key"))
    with serving(app) as base:
        yield r, base


def _unread_total(session: requests.Session, base: str, auth) -> dict:
    response = session.get(f"{base}/api/greader/reader/api/0/unread-count",
                           params={"output": "json"},
                           headers={"Authorization": f"GoogleLogin auth={auth.AccessToken}"})
    assert response.status_code == 200
    return {row["id"]: row["count"] for row in response.json()["unreadcounts"]}


def test_the_google_reader_client_syncs_a_reader(world):
    r, base = world
    session = requests.Session()
    client = google_reader.Client(f"{base}/api/greader", session=session)

    with pytest.raises(google_reader.AuthenticationError):
        client.login("sara", "not-the-app-password")
    with pytest.raises(google_reader.AuthenticationError):  # the web password is not it
        client.login("sara", "كلمة-سر-طويلة")
    auth = client.login("sara", r.password)
    token = client.get_token(auth)
    assert token

    info = client.get_user_info(auth)
    assert info.user_name == "sara" and info.user_id == str(r.user.id)

    subscriptions = {s.id: s for s in client.list_subscriptions(auth)}
    assert set(subscriptions) == {f"feed/{r.sport.id}", f"feed/{r.economy.id}"}
    sport = subscriptions[f"feed/{r.sport.id}"]
    assert sport.title == "وكالة الرياضة"
    assert [c.label for c in sport.categories] == ["رياضة"]
    assert {t.id for t in client.list_tags(auth)} == {
        STARRED, "user/-/label/رياضة", "user/-/label/اقتصاد"}

    # unread ids of the reading list: the followed outlets' 8 articles, newest first
    unread = client.get_stream_items_ids(auth, READING_LIST, exclude_target=READ)
    followed = r.ids[r.sport.id] + r.ids[r.economy.id]
    assert sorted(int(i.id) for i in unread.item_refs) == sorted(followed)
    assert not set(int(i.id) for i in unread.item_refs) & set(r.ids[r.other.id])
    assert unread.continuation in ("", None)

    # pages of 3 with continuation give the same ids, once each
    seen, continuation = [], None
    for _ in range(5):
        page = client.get_stream_items_ids(auth, READING_LIST, limit=3, exclude_target=READ,
                                           continuation=continuation)
        seen += [i.id for i in page.item_refs]
        continuation = page.continuation
        if not continuation:
            break
    assert seen == [i.id for i in unread.item_refs]

    # oldest first
    oldest = client.get_stream_items_ids(auth, READING_LIST, direction="asc")
    assert [i.id for i in oldest.item_refs] == [i.id for i in unread.item_refs][::-1]

    # contents of the first three
    first = [i.id for i in unread.item_refs[:3]]
    contents = client.get_stream_items_contents(auth, token, first)
    assert [int(item.id.rsplit("/", 1)[1], 16) for item in contents.items] == [int(i) for i in first]
    item = contents.items[0]
    article = r.store.article(int(first[0]))
    assert item.title == article.title
    assert item.canonical[0].href == article.url and item.alternate[0].href == article.url
    assert item.origin.title == article.source and item.origin.stream_id == f"feed/{article.source_id}"
    assert "<p>" in item.content.content and "الفقرة الثانية" in item.content.content
    assert item.published > 0 and READ not in item.categories

    counts = _unread_total(session, base, auth)
    assert counts[READING_LIST] == 8 and counts[f"feed/{r.sport.id}"] == 4

    # marking two read (long ids, as apps send them): the unread count falls by two
    client.edit_tags(auth, token, [contents.items[0].id, contents.items[1].id], add_tags=[READ])
    assert _unread_total(session, base, auth)[READING_LIST] == 6
    unread_now = client.get_stream_items_ids(auth, READING_LIST, exclude_target=READ)
    assert len(unread_now.item_refs) == 6
    assert READ in client.get_stream_items_contents(auth, token, first[:1]).items[0].categories
    read_stream = client.get_stream_items_ids(auth, READ)
    assert {i.id for i in read_stream.item_refs} == set(first[:2])
    assert r.store.article_states(r.user.id, [int(first[0])])[int(first[0])].read

    # and unread again (short decimal id)
    client.edit_tags(auth, token, [first[0]], remove_tags=[READ])
    assert _unread_total(session, base, auth)[READING_LIST] == 7

    # starred is khabar's «اقرأ لاحقاً»
    client.edit_tags(auth, token, [first[2]], add_tags=[STARRED])
    starred = client.get_stream_items_ids(auth, STARRED)
    assert [i.id for i in starred.item_refs] == [first[2]]
    assert r.store.count_saved(r.user.id) == 1
    assert STARRED in client.get_stream_items_contents(auth, token, [first[2]]).items[0].categories
    client.edit_tags(auth, token, [first[2]], remove_tags=[STARRED])
    assert client.get_stream_items_ids(auth, STARRED).item_refs == []

    # mark a whole feed read: its unread count goes to zero, the other keeps its own
    before = _unread_total(session, base, auth)
    client.mark_all_as_read(auth, token, f"feed/{r.sport.id}")
    after = _unread_total(session, base, auth)
    assert after.get(f"feed/{r.sport.id}", 0) == 0
    assert after[f"feed/{r.economy.id}"] == before[f"feed/{r.economy.id}"]
    assert after[READING_LIST] == before[READING_LIST] - before[f"feed/{r.sport.id}"]

    # subscribing by the outlet's address, and unsubscribing
    added = client.quick_add_subscription(auth, token, "http://www.other.example")
    assert added.num_results == 1 and added.stream_id == f"feed/{r.other.id}"
    assert f"feed/{r.other.id}" in {s.id for s in client.list_subscriptions(auth)}
    assert _unread_total(session, base, auth)[f"feed/{r.other.id}"] == 4
    client.edit_subscription(auth, token, f"feed/{r.other.id}", "unsubscribe")
    assert f"feed/{r.other.id}" not in {s.id for s in client.list_subscriptions(auth)}
    assert ("source", str(r.other.id)) not in {(f.kind, f.key) for f in r.store.follows(r.user.id)}

    # a wrong edit token is refused as clients expect
    with pytest.raises(google_reader.AuthenticationError):
        client.edit_tags(auth, "not-the-token", [first[1]], add_tags=[READ])

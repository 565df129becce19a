"""The Google Reader API as apps call it: the request sequences NetNewsWire- and Reeder-style
clients send, every form of item id, continuation, ot/nt, xt/it, r=o, the edit token,
app passwords (page, command line, revocation, throttling), the reader's filters, and what
"unread" means for an archive. Both backends."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from khabar.store.app_passwords import create_app_password, normalize
from khabar.store.rules import check_rule
from tests.web.greader_helpers import API, READ, READING_LIST, STARRED, reader
from tests.web.readers_helpers import csrf, fast_hashing, log_in, make_client  # noqa: F401

LOGIN = "/api/greader/accounts/ClientLogin"


@pytest.fixture
def r(store):
    return reader(store)


def _login(client, name, password, **extra):
    return client.post(LOGIN, data={"Email": name, "Passwd": password, **extra})


@pytest.fixture
def app(r):
    """(client, headers, T) of a logged-in app."""
    client = make_client(r.store)
    response = _login(client, "sara", r.password)
    assert response.status_code == 200
    auth = re.search(r"^Auth=(.+)$", response.text, re.M).group(1)
    headers = {"Authorization": f"GoogleLogin auth={auth}"}
    token = client.get(f"{API}/token", headers=headers).text.strip()
    return client, headers, token


def _ids(client, headers, **params):
    response = client.get(f"{API}/stream/items/ids", headers=headers,
                          params={"output": "json", **params})
    assert response.status_code == 200, response.text
    return [int(ref["id"]) for ref in response.json()["itemRefs"]], response.json().get(
        "continuation")


def _unread(client, headers) -> dict:
    rows = client.get(f"{API}/unread-count", headers=headers, params={"output": "json"}).json()
    return {row["id"]: row["count"] for row in rows["unreadcounts"]}


def test_netnewswire_style_sync(r, app):
    """tag/list → subscription/list → unread ids (xt=read) → starred ids → contents (POST,
    ids in the body, as NetNewsWire batches them) → mark read."""
    client, headers, token = app
    tags = client.get(f"{API}/tag/list", headers=headers, params={"output": "json"}).json()
    labels = {t["id"] for t in tags["tags"] if t.get("type") == "folder"}
    assert labels == {"user/-/label/رياضة", "user/-/label/اقتصاد"}
    subs = client.get(f"{API}/subscription/list", headers=headers,
                      params={"output": "json"}).json()["subscriptions"]
    assert {s["categories"][0]["id"] for s in subs} == labels
    unread, _ = _ids(client, headers, s=READING_LIST, xt=READ, n=1000)
    starred, _ = _ids(client, headers, s=STARRED, n=1000)
    assert len(unread) == 8 and starred == []
    response = client.post(f"{API}/stream/items/contents", headers=headers,
                           data={"i": [str(i) for i in unread], "T": token},
                           params={"output": "json"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [int(i["id"].rsplit("/", 1)[1], 16) for i in items] == unread
    assert all(READING_LIST in i["categories"] and READ not in i["categories"] for i in items)
    sport_ids = set(r.ids[r.sport.id])
    for item in items:
        expected = "user/-/label/رياضة" if int(item["id"][-16:], 16) in sport_ids else (
            "user/-/label/اقتصاد")
        assert expected in item["categories"]
    assert client.post(f"{API}/edit-tag", headers=headers,
                       data={"i": items[0]["id"], "a": READ, "T": token}).text == "OK"
    assert _ids(client, headers, s=READING_LIST, xt=READ)[0] == unread[1:]


def test_reeder_style_stream_contents_pages_and_orders(r, app):
    client, headers, _ = app
    feed = f"feed/{r.sport.id}"
    first = client.get(f"{API}/stream/contents/{feed}", headers=headers,
                       params={"n": 3, "xt": READ}).json()
    assert first["id"] == feed and len(first["items"]) == 3 and first["continuation"]
    second = client.get(f"{API}/stream/contents/{feed}", headers=headers,
                        params={"n": 3, "xt": READ, "c": first["continuation"]}).json()
    assert "continuation" not in second
    got = [int(i["id"][-16:], 16) for i in first["items"] + second["items"]]
    assert got == r.ids[r.sport.id]
    oldest = client.get(f"{API}/stream/contents", headers=headers,
                        params={"s": feed, "r": "o", "n": 10}).json()
    assert [int(i["id"][-16:], 16) for i in oldest["items"]] == got[::-1]
    label = client.get(f"{API}/stream/contents/user/-/label/اقتصاد", headers=headers).json()
    assert {int(i["id"][-16:], 16) for i in label["items"]} == set(r.ids[r.economy.id])
    # another user's id in a stream name still means the caller's own stream
    mine = client.get(f"{API}/stream/items/ids", headers=headers,
                      params={"s": "user/999/state/com.google/reading-list"}).json()
    assert len(mine["itemRefs"]) == 8


def test_every_form_of_item_id_is_read(r, app):
    client, headers, token = app
    article_id = r.ids[r.sport.id][0]
    forms = [str(article_id), f"{article_id:016x}", f"tag:google.com,2005:reader/item/{article_id:016x}",
             f"tag:google.com,2005:reader/item/{article_id:x}"]
    for form in forms:
        items = client.post(f"{API}/stream/items/contents", headers=headers,
                            data={"i": form, "T": token}).json()["items"]
        assert [i["id"] for i in items] == [f"tag:google.com,2005:reader/item/{article_id:016x}"]
    # sixteen digits are hex even when they are all decimal digits
    from khabar.web.greader_streams import parse_item_id

    assert parse_item_id("0000000000000123") == 0x123
    assert parse_item_id("tag:google.com,2005:reader/item/0") is None
    assert parse_item_id("x") is None and parse_item_id("-5") is None


def test_ot_nt_xt_it_and_n(r, app):
    client, headers, token = app
    sport = r.ids[r.sport.id]
    refs = client.get(f"{API}/stream/items/ids", headers=headers,
                      params={"s": f"feed/{r.sport.id}"}).json()["itemRefs"]
    times = [int(ref["timestampUsec"]) // 1_000_000 for ref in refs]
    assert _ids(client, headers, s=f"feed/{r.sport.id}", ot=times[1])[0] == sport[:2]
    assert _ids(client, headers, s=f"feed/{r.sport.id}", nt=times[1])[0] == sport[2:]
    assert _ids(client, headers, s=f"feed/{r.sport.id}", n=1)[0] == sport[:1]
    client.post(f"{API}/edit-tag", headers=headers,
                data={"i": [str(sport[0])], "a": STARRED, "T": token})
    assert _ids(client, headers, s=READING_LIST, it=STARRED)[0] == [sport[0]]
    assert sport[0] not in _ids(client, headers, s=READING_LIST, xt=STARRED)[0]
    client.post(f"{API}/edit-tag", headers=headers,
                data={"i": [str(sport[1])], "a": READ, "T": token})
    assert _ids(client, headers, s=READING_LIST, it=READ)[0] == [sport[1]]
    assert _ids(client, headers, s=READ, xt=READ)[0] == []  # read and unread at once
    # kept-unread is the unread list; removing it marks read
    assert sport[1] not in _ids(client, headers, s="user/-/state/com.google/kept-unread")[0]
    client.post(f"{API}/edit-tag", headers=headers,
                data={"i": [str(sport[2])], "r": "user/-/state/com.google/kept-unread", "T": token})
    assert r.store.article_states(r.user.id, [sport[2]])[sport[2]].read


def test_mark_all_as_read_of_a_label_before_a_time(r, app):
    client, headers, token = app
    economy = r.ids[r.economy.id]
    refs = client.get(f"{API}/stream/items/ids", headers=headers,
                      params={"s": f"feed/{r.economy.id}"}).json()["itemRefs"]
    second_usec = refs[1]["timestampUsec"]
    # microseconds (16+ digits): only articles before the second newest
    assert client.post(f"{API}/mark-all-as-read", headers=headers,
                       data={"s": "user/-/label/اقتصاد", "ts": second_usec, "T": token}).text == "OK"
    assert _ids(client, headers, s=f"feed/{r.economy.id}", xt=READ)[0] == economy[:2]
    assert _unread(client, headers)[f"feed/{r.sport.id}"] == 4
    client.post(f"{API}/mark-all-as-read", headers=headers, data={"s": READING_LIST, "T": token})
    assert _unread(client, headers)[READING_LIST] == 0


def test_a_post_needs_the_edit_token_and_a_call_needs_auth(r, app):
    client, headers, token = app
    article = str(r.ids[r.sport.id][0])
    for data in ({"i": article, "a": READ}, {"i": article, "a": READ, "T": token + "x"}):
        response = client.post(f"{API}/edit-tag", headers=headers, data=data)
        assert response.status_code == 401
        assert response.headers["X-Reader-Google-Bad-Token"] == "true"
    assert not r.store.article_states(r.user.id, [int(article)])
    # T in the query string, as some clients send it
    assert client.post(f"{API}/edit-tag?T={token}", headers=headers,
                       data={"i": article, "a": READ}).text == "OK"
    for bad in ({}, {"Authorization": "GoogleLogin auth=1/abc"},
                {"Authorization": headers["Authorization"].replace("auth=", "auth=9")},
                {"Authorization": "Bearer " + headers["Authorization"].split("=", 1)[1]}):
        response = client.get(f"{API}/subscription/list", headers=bad)
        assert response.status_code == 401 and response.text == "Unauthorized"


def test_client_login_answers_json_and_accepts_the_password_loosely(r):
    client = make_client(r.store)
    document = _login(client, "SARA", r.password.upper().replace("-", " "), output="json").json()
    assert set(document) == {"SID", "LSID", "Auth"}
    assert document["Auth"].startswith(f"{r.user.id}/")
    assert normalize(r.password) not in document["Auth"]  # the token is not the password
    # the app password of one user does not log in another
    create_app_password(r.store, r.store.create_user("omar", "x").id, "x")
    assert _login(client, "omar", r.password).status_code == 401


def test_client_login_is_throttled_like_the_web_login(r):
    client = make_client(r.store, login_failures_per_account=3)
    for _ in range(3):
        response = _login(client, "sara", "wrong-password")
        assert response.status_code == 401 and "BadAuthentication" in response.text
    throttled = _login(client, "sara", r.password)
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0


def test_revoking_an_app_password_logs_its_apps_out(r, app):
    client, headers, _ = app
    [token] = r.store.tokens(r.user.id, "app")
    r.store.revoke_token(r.user.id, token.id)
    assert client.get(f"{API}/user-info", headers=headers).status_code == 401
    assert _login(client, "sara", r.password).status_code == 401


def test_app_passwords_on_the_account_page(r):
    web = make_client(r.store)
    log_in(web, "sara")
    page = web.get("/account/apps")
    assert page.status_code == 200 and "/api/greader" in page.text and "هاتفي" in page.text
    assert 'href="/account/apps"' in web.get("/account").text
    created = web.post("/account/apps", data={"name": "جهازي اللوحي",
                                              "csrf": csrf(web, "/account/apps")})
    password = re.search(r'class="secret">([^<]+)<', created.text).group(1)
    assert "جهازي اللوحي" in created.text
    assert password not in web.get("/account/apps").text  # shown once
    app_client = make_client(r.store)
    assert _login(app_client, "sara", password).status_code == 200
    new = [t for t in r.store.tokens(r.user.id, "app") if t.name == "جهازي اللوحي"][0]
    web.post(f"/account/apps/{new.id}/revoke", data={"csrf": csrf(web, "/account/apps")})
    assert _login(app_client, "sara", password).status_code == 401
    assert len(r.store.tokens(r.user.id, "app")) == 1  # the other one stays
    # a form without the session's CSRF token changes nothing
    assert web.post("/account/apps", data={"name": "x"}).status_code == 403


def test_app_password_command(tmp_path, monkeypatch):
    from khabar.cli import app as cli
    from khabar.store import open_store
    from khabar.web.app import create_app  # noqa: F401 - the same store the server opens

    monkeypatch.setenv("KHABAR_DB", str(tmp_path / "cli.db"))
    runner = CliRunner()
    assert runner.invoke(cli, ["users", "add", "sara", "--password-stdin"],
                         input="كلمة-سر-طويلة\n").exit_code == 0
    added = runner.invoke(cli, ["users", "app-password", "add", "sara", "--label", "phone",
                                "--json"])
    assert added.exit_code == 0, added.output
    document = json.loads(added.stdout)
    listed = runner.invoke(cli, ["users", "app-password", "list", "sara", "--json"])
    assert [t["name"] for t in json.loads(listed.stdout)] == ["phone"]
    assert document["password"] not in listed.stdout
    with open_store(tmp_path / "cli.db") as store:
        client = make_client(store)
        assert _login(client, "sara", document["password"]).status_code == 200
    assert runner.invoke(cli, ["users", "app-password", "revoke", "sara",
                               str(document["id"])]).exit_code == 0
    with open_store(tmp_path / "cli.db") as store:
        assert _login(make_client(store), "sara", document["password"]).status_code == 401
    assert runner.invoke(cli, ["users", "app-password", "add", "nobody"]).exit_code != 0


def test_the_readers_filters_apply_to_streams_counts_and_marking(r, app):
    client, headers, token = app
    r.store.add_rule(r.user.id, *check_rule("block", "words", "title", "النفط"))
    unread, _ = _ids(client, headers, s=READING_LIST, xt=READ)
    assert sorted(unread) == sorted(r.ids[r.sport.id])
    counts = _unread(client, headers)
    assert counts[READING_LIST] == 4 and f"feed/{r.economy.id}" not in counts
    label = client.get(f"{API}/stream/contents/user/-/label/اقتصاد", headers=headers).json()
    assert label["items"] == []
    client.post(f"{API}/mark-all-as-read", headers=headers, data={"s": READING_LIST, "T": token})
    assert not any(s.read for s in r.store.article_states(
        r.user.id, r.ids[r.economy.id]).values())  # hidden ones stay as they were
    # a muted outlet (SQL) too
    r.store.remove_rule(r.user.id, r.store.rules(r.user.id)[0].id)
    r.store.add_rule(r.user.id, *check_rule("block", "source", "any", str(r.economy.id)))
    assert sorted(_ids(client, headers, s=READING_LIST)[0]) == sorted(r.ids[r.sport.id])


def test_articles_older_than_the_unread_window_are_read(r, app):
    from datetime import datetime, timezone

    from khabar.store import ArticleRecord

    client, headers, token = app
    r.store.add_articles([ArticleRecord(
        title="خبر قديم من الأرشيف", body="نص قديم.", source="وكالة الرياضة",
        url="https://sport.example/old",
        published_at=datetime.now(timezone.utc) - timedelta(days=30))])
    old = [a for a in r.store.latest(limit=50) if a.title == "خبر قديم من الأرشيف"][0]
    assert old.id in _ids(client, headers, s=f"feed/{r.sport.id}")[0]
    assert old.id not in _ids(client, headers, s=f"feed/{r.sport.id}", xt=READ)[0]
    assert old.id in _ids(client, headers, s=READ)[0]
    item = client.post(f"{API}/stream/items/contents", headers=headers,
                       data={"i": str(old.id), "T": token}).json()["items"][0]
    assert READ in item["categories"]
    assert _unread(client, headers)[f"feed/{r.sport.id}"] == 4


def test_subscriptions_edit_export_and_import(r, app):
    client, headers, token = app
    subscribe = client.post(f"{API}/subscription/edit", headers=headers,
                            data={"ac": "subscribe", "s": f"feed/{r.other.id}", "T": token})
    assert subscribe.text == "OK"
    assert client.post(f"{API}/subscription/edit", headers=headers,
                       data={"ac": "subscribe", "s": "feed/https://unknown.example/rss",
                             "T": token}).status_code == 404
    # "edit" (a title, a label) keeps the outlet's own: accepted, nothing changes
    assert client.post(f"{API}/subscription/edit", headers=headers,
                       data={"ac": "edit", "s": f"feed/{r.other.id}", "t": "x",
                             "T": token}).text == "OK"
    opml = client.get(f"{API}/subscription/export", headers=headers)
    assert opml.status_code == 200 and opml.text.count("xmlUrl=") == 3
    assert "وكالة أخرى" in opml.text and 'title="رياضة"' in opml.text
    for source in (r.sport, r.economy, r.other):
        client.post(f"{API}/subscription/edit", headers=headers,
                    data={"ac": "unsubscribe", "s": f"feed/{source.id}", "T": token})
    assert client.get(f"{API}/subscription/list", headers=headers).json()["subscriptions"] == []
    imported = client.post(f"{API}/subscription/import?T={token}", headers={
        **headers, "Content-Type": "text/x-opml"}, content=opml.content)
    assert imported.json() == {"followed": 3, "unknown": 0}
    # as an uploaded file too (nothing new to follow the second time)
    uploaded = client.post(f"{API}/subscription/import", headers=headers, data={"T": token},
                           files={"opml": ("khabar.opml", opml.content, "text/x-opml")})
    assert uploaded.json() == {"followed": 0, "unknown": 0}
    assert len(client.get(f"{API}/subscription/list", headers=headers).json()[
        "subscriptions"]) == 3


def test_nothing_followed_means_an_empty_reading_list(store):
    from tests.web.greader_helpers import fill

    fill(store)
    user = store.create_user("new", "x")
    _, password = create_app_password(store, user.id, "x")
    client = make_client(store)
    auth = re.search(r"Auth=(.+)", _login(client, "new", password).text).group(1)
    headers = {"Authorization": f"GoogleLogin auth={auth}"}
    assert _ids(client, headers, s=READING_LIST)[0] == []
    assert _unread(client, headers) == {READING_LIST: 0}

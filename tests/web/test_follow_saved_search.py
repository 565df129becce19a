"""Following a saved search (issue 14, item 2): its matches come into «لك», from the saved
search's page (a button), the /me/follows form and the JSON API; one user can neither follow
nor see another's saved search. Both backends."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from khabar.errors import NotFound
from khabar.pipeline.alerts import match_stored
from khabar.pipeline.importer import prepare_record
from khabar.store.credentials import new_token, token_hash
from khabar.web.app import create_app
from tests.conftest import record
from tests.web.test_alerts_web import OPEN, filled, logged_in  # noqa: F401 - fixture

NOW = datetime(2018, 6, 1, tzinfo=timezone.utc)


def _for_you_titles(client: TestClient) -> list[str]:
    return [i["article"]["title"] for i in client.get("/api/me/for-you").json()["items"]]


def test_following_a_saved_search_brings_its_matches_into_for_you(filled):  # noqa: F811
    client, csrf = logged_in(filled, "sara")
    saved = client.post("/alerts", data={"q": "النفط", "name": "نفط", "csrf": csrf},
                        follow_redirects=False)
    page = client.get(saved.headers["location"])
    assert "+ تابِع" in page.text and 'name="kind" value="search"' in page.text
    [search] = filled.saved_searches()
    assert _for_you_titles(client) == []
    followed = client.post("/me/follows", data={"kind": "search", "key": str(search.id),
                                                "next": f"/alerts/{search.id}", "csrf": csrf},
                           follow_redirects=False)
    assert followed.status_code == 303
    assert "✓ تتابعه" in client.get(f"/alerts/{search.id}").text
    from khabar.search import search as run

    assert sorted(_for_you_titles(client)) == sorted(
        h.article.title for h in run(filled, "النفط").hits)  # the search's results, now
    # A later article the search matches as it is stored comes in too; others do not.
    results = filled.add_articles([prepare_record(r, None, NOW) for r in [
        record(title="النفط يهبط مع زيادة الإنتاج", url="https://example.com/oil/9"),
        record(title="أمطار في الرياض", url="https://example.com/rain/9")]])
    assert match_stored(filled, results, settings=OPEN, now=NOW) == 1
    page = client.get("/for-you")
    assert "النفط يهبط مع زيادة الإنتاج" in page.text and "أمطار في الرياض" not in page.text
    follows = client.get("/account/follows").text
    assert "بحث محفوظ" in follows and f'href="/alerts/{search.id}"' in follows
    # Unfollow; deleting a followed saved search removes the follow too.
    client.post("/me/follows", data={"kind": "search", "key": str(search.id),
                                     "action": "unfollow", "csrf": csrf})
    assert _for_you_titles(client) == []
    client.post("/me/follows", data={"kind": "search", "key": str(search.id), "csrf": csrf})
    client.post(f"/alerts/{search.id}/delete", data={"csrf": csrf})
    assert filled.follows(1) == [] and _for_you_titles(client) == []


def test_the_api_follows_a_saved_search(filled):  # noqa: F811
    user = filled.create_user("sara", "unused-hash")
    secret = new_token("kh_api")
    filled.create_token(user.id, "api", "test", token_hash(secret))
    api = TestClient(create_app(filled, settings=OPEN),
                     headers={"Authorization": f"Bearer {secret}"})
    doc = api.post("/api/alerts/searches", json={"query": "غزة"}).json()
    put = api.put(f"/api/alerts/searches/{doc['id']}/follow")
    assert put.json() == {"id": doc["id"], "following": True, "created": True}
    assert any("غزة" in t for t in _for_you_titles(api))
    follows = api.get("/api/me/follows").json()["items"]
    assert [(f["kind"], f["key"]) for f in follows] == [("search", str(doc["id"]))]
    assert api.delete(f"/api/alerts/searches/{doc['id']}/follow").json()["removed"] is True
    assert _for_you_titles(api) == []
    again = api.post("/api/me/follows", json={"kind": "search", "key": str(doc["id"])})
    assert again.status_code == 201 and _for_you_titles(api)
    assert api.delete("/api/me/follows", params={"kind": "search",
                                                 "key": str(doc["id"])}).status_code == 200


def test_no_one_follows_or_sees_another_users_saved_search(filled):  # noqa: F811
    sara, sara_csrf = logged_in(filled, "sara")
    omar, csrf = logged_in(filled, "omar")
    sara.post("/alerts", data={"q": "النفط", "name": "سري", "csrf": sara_csrf})
    [theirs] = filled.saved_searches()
    key = str(theirs.id)
    assert omar.post("/me/follows", data={"kind": "search", "key": key,
                                          "csrf": csrf}).status_code == 404
    assert omar.post("/api/me/follows", json={"kind": "search", "key": key},
                     headers={"X-CSRF-Token": csrf}).status_code == 404
    assert omar.put(f"/api/alerts/searches/{key}/follow",
                    headers={"X-CSRF-Token": csrf}).status_code == 404
    assert omar.post("/me/follows", data={"kind": "search", "key": "abc",
                                          "csrf": csrf}).status_code == 404
    with pytest.raises(NotFound):
        filled.follow(2, "search", key)  # the store checks the owner too
    assert filled.follows(2) == [] and _for_you_titles(omar) == []
    assert "سري" not in omar.get("/account/follows").text
    # Sara follows it; Omar's «لك» and follows stay his own.
    sara.post("/me/follows", data={"kind": "search", "key": key, "csrf": sara_csrf})
    assert _for_you_titles(sara) and _for_you_titles(omar) == []
    assert omar.get("/api/me/follows").json()["items"] == []
    assert omar.delete("/api/me/follows", params={"kind": "search", "key": key},
                       headers={"X-CSRF-Token": csrf}).status_code == 404
    assert [f.key for f in filled.follows(1)] == [key]


#: every route that names a saved search, with B's search id in {id}
SEARCH_ROUTES = [
    ("GET", "/alerts/{id}", None), ("GET", "/api/alerts/searches/{id}", None),
    ("GET", "/api/alerts/searches/{id}/articles", None),
    ("PUT", "/api/alerts/searches/{id}/follow", None),
    ("DELETE", "/api/alerts/searches/{id}/follow", None),
    ("POST", "/me/follows", {"kind": "search", "key": "{id}", "action": "follow"}),
    ("POST", "/me/follows", {"kind": "search", "key": "{id}", "action": "unfollow"}),
    ("POST", "/api/me/follows", {"kind": "search", "key": "{id}"}),
    ("DELETE", "/api/me/follows?kind=search&key={id}", None),
    ("GET", "/for-you", None), ("GET", "/api/me/for-you", None),
    ("GET", "/account/follows", None), ("GET", "/api/me/follows", None),
]


@pytest.mark.parametrize("method, path, body", SEARCH_ROUTES,
                         ids=[f"{m} {p}" + (f" {b['action']}" if b and "action" in b else "")
                              for m, p, b in SEARCH_ROUTES])
def test_a_never_follows_or_sees_bs_followed_search(filled, method, path, body):  # noqa: F811
    sara, sara_csrf = logged_in(filled, "sara")
    omar, csrf = logged_in(filled, "omar")
    sara.post("/alerts", data={"q": "النفط", "name": "بحث-سارة-الخاص", "csrf": sara_csrf})
    [theirs] = filled.saved_searches()
    sara.post("/me/follows", data={"kind": "search", "key": str(theirs.id), "csrf": sara_csrf})
    before = [(f.kind, f.key) for f in filled.follows(1)]
    url = path.format(id=theirs.id)
    if method == "GET":
        response = omar.get(url)
    elif url.startswith("/api/"):
        payload = {k: v.format(id=theirs.id) for k, v in body.items()} if body else None
        response = omar.request(method, url, json=payload, headers={"X-CSRF-Token": csrf})
    else:
        response = omar.request(method, url, data={**{k: v.format(id=theirs.id)
                                                       for k, v in body.items()}, "csrf": csrf})
    assert response.status_code in (200, 404), response.text[:300]
    if "{id}" in path or body:
        assert response.status_code == 404
    assert "بحث-سارة-الخاص" not in response.text and "أوبك" not in response.text
    assert filled.follows(2) == [] and [(f.kind, f.key) for f in filled.follows(1)] == before

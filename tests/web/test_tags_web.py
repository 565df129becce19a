"""Entity pages with their JSON twin and feeds, entities on the article page, trending tags."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient

from khabar.web.app import create_app


def _client(store):
    return TestClient(create_app(store))


def test_entity_page_json_and_feed(filled_store):
    client = _client(filled_store)
    a = filled_store.latest(limit=10)
    named = next(x for x in a if x.entities)
    entity = named.entities[0].name
    page = client.get("/entities/" + quote(entity))
    assert page.status_code == 200 and entity in page.text
    twin = client.get("/api/entities/" + quote(entity)).json()
    assert twin["total"] >= 1 and any(i["id"] == named.id for i in twin["items"])
    feed = client.get("/feeds/entities/" + quote(entity) + ".rss")
    assert feed.status_code == 200 and "<rss" in feed.text
    assert client.get("/entities/" + quote("لا أحد")).status_code == 404


def test_article_page_links_entities_and_tags(filled_store):
    client = _client(filled_store)
    named = next(x for x in filled_store.latest(limit=10) if x.entities and x.keywords)
    html = client.get(f"/articles/{named.id}").text
    assert f'href="/entities/{quote(named.entities[0].name)}"' in html
    assert f'href="/tags/{quote(named.keywords[0])}"' in html
    doc = client.get(f"/api/articles/{named.id}").json()
    assert doc["entities"][0].keys() == {"name", "type"}


def test_trending_api_and_home(filled_store):
    client = _client(filled_store)
    doc = client.get("/api/trending").json()
    assert isinstance(doc["items"], list)
    for item in doc["items"]:
        assert item.keys() >= {"tag", "articles", "rise"}
    assert client.get("/").status_code == 200

"""``khabar.web.render``: every resource answers with a Link header to its other format and
its feeds, and its HTML page with the same links as <link rel="alternate">."""

from __future__ import annotations

from urllib.parse import quote

from tests.web.test_stories_web import story_client  # noqa: F401 - fixture


def _links(response) -> list[str]:  # noqa: ANN001
    return [part.split(";")[0].strip().strip("<>") for part in response.headers["Link"].split(",")]


def test_an_article_page_and_its_json_twin_link_each_other(client):
    article_id = client.get("/api/articles").json()["items"][0]["id"]
    page = client.get(f"/articles/{article_id}")
    assert _links(page) == [f"/api/articles/{article_id}"]
    assert 'rel="alternate"; type="application/json"' in page.headers["Link"]
    assert f'href="/api/articles/{article_id}"' in page.text
    twin = client.get(f"/api/articles/{article_id}")
    assert _links(twin) == [f"/articles/{article_id}"]
    assert 'type="text/html"' in twin.headers["Link"]


def test_a_search_links_its_twin_and_feeds_in_header_and_page(client):
    page = client.get("/search", params={"q": "السعودية"})
    query = "q=" + quote("السعودية") + "&sort=relevance"
    assert _links(page) == [f"/api/search?{query}", f"/feeds/search.rss?{query}",
                            f"/feeds/search.atom?{query}", f"/feeds/search.json?{query}"]
    twin = client.get("/api/search", params={"q": "السعودية"})
    assert _links(twin)[0] == f"/search?{query}"
    assert "Link" not in client.get("/search").headers  # the empty form links nothing


def test_an_arabic_listing_name_goes_percent_encoded_in_the_header(client):
    assert _links(client.get("/latest"))[:2] == ["/api/articles", "/feeds/latest.rss"]
    page = client.get("/tags/" + quote("غزة"))
    assert page.status_code == 200 and page.headers["Link"].isascii()
    assert _links(page)[:2] == ["/api/tags/" + quote("غزة"), "/feeds/tags/" + quote("غزة") + ".rss"]
    twin = client.get("/api/tags/" + quote("غزة"))
    assert _links(twin)[0] == "/tags/" + quote("غزة")


def test_a_story_answers_with_its_twin_and_feeds(story_client):  # noqa: F811
    [item] = story_client.get("/api/stories").json()["items"]
    page = story_client.get(f"/stories/{item['id']}")
    assert _links(page) == [f"/api/stories/{item['id']}"] + [
        f"/feeds/stories/{item['id']}.{fmt}" for fmt in ("rss", "atom", "json")]
    twin = story_client.get(f"/api/stories/{item['id']}")
    assert _links(twin)[0] == f"/stories/{item['id']}"
    assert twin.json()["links"]["html"] == f"/stories/{item['id']}"

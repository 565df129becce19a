"""Output feeds parse cleanly and carry the right items."""

from __future__ import annotations

import feedparser
import pytest

FORMATS = ["rss", "atom", "json"]


def titles(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [e.title for e in parsed.entries], parsed, response


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_latest_feed_is_valid_and_newest_first(client, fmt):
    items, parsed, response = titles(client, f"/feeds/latest.{fmt}")
    assert items[0] == "مدرسة جديدة في القرية" and len(items) == 5
    assert parsed.feed.title.startswith("آخر الأخبار")
    assert response.headers["content-type"].startswith(f"application/{fmt}+xml")
    entry = parsed.entries[0]
    assert entry.link == "https://example.com/news/5"
    assert "افتتحت الحكومة" in entry.content[0].value


def test_json_feed_has_the_required_fields(client):
    document = client.get("/feeds/latest.json").json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["items"]
    for item in document["items"]:
        assert item["id"] and ("content_text" in item or "content_html" in item)
    assert document["items"][0]["title"] == "مدرسة جديدة في القرية"


@pytest.mark.parametrize("fmt", FORMATS)
def test_search_and_outlet_feeds_carry_the_right_items(client, fmt):
    if fmt == "json":
        search_items = [i["title"] for i in client.get(f"/feeds/search.{fmt}", params={"q": "النفط"}).json()["items"]]
    else:
        search_items, _, _ = titles(client, f"/feeds/search.{fmt}?q=%D8%A7%D9%84%D9%86%D9%81%D8%B7")
    assert set(search_items) == {"أسعار النفط ترتفع بعد قرار أوبك", "إدارة ترامب تفرض عقوبات جديدة على إيران"}


def test_feeds_answer_304_when_unchanged(client):
    first = client.get("/feeds/latest.rss")
    assert client.get("/feeds/latest.rss", headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_unknown_format_is_rejected(client):
    assert client.get("/feeds/latest.xml").status_code in (404, 422)


def test_control_characters_never_break_a_feed(client, filled_store):
    from tests.conftest import record

    filled_store.add_articles([record(title="عنوان\x08 غريب", body="نص\x01 ]]> فيه\x0b رموز",
                                      canonical_url="https://x.com/ctrl")])
    for fmt in ("rss", "atom"):
        items, _, _ = titles(client, f"/feeds/latest.{fmt}")
        assert "عنوان غريب" in items
        assert client.get(f"/feeds/search.{fmt}", params={"q": "0\x08"}).status_code == 200

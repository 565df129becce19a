"""Story pages, their JSON twins and feeds; the article page's story sections."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from khabar.pipeline import import_paths
from khabar.web.app import create_app
from tests.pipeline.test_stories import ROWS


@pytest.fixture
def story_client(store, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    import_paths(store, [path])
    return TestClient(create_app(store))


def test_stories_list_and_story_page_with_json_twin(story_client):
    [item] = story_client.get("/api/stories").json()["items"]
    assert item["article_count"] == 3 and item["outlets"] == ["سكاي نيوز عربية", "سي إن إن بالعربية", "بي بي سي عربي"]
    listed = story_client.get("/stories")
    assert listed.status_code == 200 and f'href="/stories/{item["id"]}"' in listed.text
    page = story_client.get(f"/stories/{item['id']}")
    assert page.status_code == 200 and "التغطية الكاملة" in page.text
    assert page.text.index("سكاي نيوز عربية") < page.text.index("بي بي سي عربي")
    assert f'href="/api/stories/{item["id"]}"' in page.text
    twin = story_client.get(f"/api/stories/{item['id']}")
    assert [a["source"] for a in twin.json()["articles"]] == ["سكاي نيوز عربية", "سي إن إن بالعربية", "بي بي سي عربي"]
    again = story_client.get(f"/api/stories/{item['id']}", headers={"If-None-Match": twin.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("fmt,media", [("rss", "rss+xml"), ("atom", "atom+xml"), ("json", "feed+json")])
def test_story_feeds(story_client, fmt, media):
    [item] = story_client.get("/api/stories").json()["items"]
    feed = story_client.get(f"/feeds/stories/{item['id']}.{fmt}")
    assert feed.status_code == 200 and media in feed.headers["content-type"]
    assert "تورونتو" in feed.text


def test_article_page_shows_copies_related_and_its_story(story_client):
    [item] = story_client.get("/api/stories").json()["items"]
    page = story_client.get(f"/articles/{item['id']}")
    assert f'href="/stories/{item["id"]}"' in page.text
    assert "نشره أيضاً" in page.text and "العربية" in page.text and "سي إن إن بالعربية" in page.text


def test_unknown_story_is_404(story_client):
    assert story_client.get("/stories/999").status_code == 404
    assert story_client.get("/api/stories/999").json()["error"]["code"] == "NotFound"

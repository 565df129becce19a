"""Quotes on the web: a story's "ماذا قالوا", an entity's "تصريحات", /quotes and its JSON
twin and feeds, and the speaker: search operator — on each backend."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from khabar.pipeline import import_paths
from khabar.web.app import create_app
from tests.enrich.story_fixtures import at

SAID = "سنواصل التحقيق حتى نعرف دوافع الهجوم كاملة"
WIRE = ("أعلنت الشرطة الكندية أن سيارة فان صدمت عددا من المارة في شارع يونغ وسط مدينة تورونتو "
        "بعد ظهر الاثنين، ما أسفر عن مقتل عشرة أشخاص.\n"
        f"وقال رئيس الوزراء الكندي جاستن ترودو: «{SAID}».\n"
        "وأغلقت السلطات عدة شوارع ومحطات مترو في المنطقة.")
ROWS = [
    {"title": "مقتل عشرة أشخاص في حادث دهس في تورونتو", "text": WIRE, "source": "skynews",
     "url": "https://sky.example/1", "time_utc": at(0).isoformat()},
    # a near copy of the same wire story: its quote is shown once
    {"title": "دهس جماعي في كندا", "text": "أوتاوا - رويترز: " + WIRE, "source": "CNN",
     "url": "https://cnn.example/3", "time_utc": at(2).isoformat()},
]


@pytest.fixture
def quote_client(store, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    import_paths(store, [path])
    return TestClient(create_app(store))


def _story_id(client: TestClient) -> int:
    return client.get("/api/stories?min_articles=1").json()["items"][0]["id"]


def test_a_story_page_says_who_said_what_once_across_copies(quote_client):
    story_id = _story_id(quote_client)
    page = quote_client.get(f"/stories/{story_id}")
    assert page.status_code == 200 and "ماذا قالوا" in page.text
    section = page.text[page.text.index("ماذا قالوا"):page.text.index("التغطية الكاملة")]
    assert section.count(SAID) == 1  # two copies, one statement
    assert 'href="/entities/' + quote("جاستن ترودو") in section or "جاستن ترودو" in section
    twin = quote_client.get(f"/api/stories/{story_id}").json()
    speakers = {g["speaker"]: g for g in twin["quotes"]}
    trudeau = speakers["جاستن ترودو"]
    assert trudeau["outlets"] == 2 and [q["text"] for q in trudeau["quotes"]] == [SAID]
    assert trudeau["quotes"][0]["direct"] is True
    assert trudeau["quotes"][0]["article"]["links"]["html"].startswith("/articles/")


def test_an_entity_page_lists_its_statements_with_json_twin_and_feeds(quote_client):
    name = quote("جاستن ترودو", safe="")
    page = quote_client.get(f"/entities/{name}")
    assert page.status_code == 200 and "تصريحات" in page.text and SAID in page.text
    assert f"/feeds/quotes/{name}.atom" in page.text
    twin = quote_client.get(f"/api/entities/{name}").json()
    assert [q["text"] for q in twin["quotes"]] == [SAID]


def test_quotes_page_api_and_feeds_by_speaker(quote_client):
    listed = quote_client.get("/quotes")
    assert listed.status_code == 200 and "جاستن ترودو" in listed.text
    assert "جاستن ترودو" in [s["speaker"] for s in quote_client.get("/api/quotes").json()["speakers"]]
    page = quote_client.get("/quotes", params={"speaker": "جاستن ترودو"})
    assert page.status_code == 200 and page.text.count(SAID) == 1
    api = quote_client.get("/api/quotes", params={"speaker": "جاستن ترودو"}).json()
    assert [q["text"] for q in api["items"]] == [SAID] and api["next_offset"] is None
    assert quote_client.get("/api/quotes", params={"speaker": "لا أحد"}).json()["items"] == []
    for fmt, media in (("rss", "rss+xml"), ("atom", "atom+xml"), ("json", "feed+json")):
        feed = quote_client.get(f"/feeds/quotes/{quote('جاستن ترودو', safe='')}.{fmt}")
        assert feed.status_code == 200 and media in feed.headers["content-type"]
        assert SAID in feed.text


def test_speaker_search_operator_finds_the_articles_with_a_statement(quote_client):
    for q in ('speaker:"جاستن ترودو"', "speaker:ترودو", "قائل:ترودو"):
        found = quote_client.get("/api/search", params={"q": q}).json()
        assert found["total"] == 2, q
    assert quote_client.get("/api/search", params={"q": "speaker:ماكرون"}).json()["total"] == 0
    page = quote_client.get("/search", params={"q": "تورونتو speaker:ترودو"})
    assert page.status_code == 200 and "تورونتو" in page.text


def test_a_speaker_with_control_characters_gets_a_feed_not_an_error(quote_client):
    odd = quote("a\x0bb", safe="")
    for fmt in ("rss", "atom", "json"):
        answer = quote_client.get(f"/feeds/quotes/{odd}.{fmt}")
        assert answer.status_code == 200

"""The story page's summary, «الجديد», provenance and timeline, their JSON twin and feed."""

from __future__ import annotations

import json

import pytest

from khabar.pipeline import import_paths
from tests.enrich.story_fixtures import at
from tests.pipeline.test_stories import ROWS
from tests.web.readers_helpers import add_user, log_in, make_client


@pytest.fixture
def story_client(store, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    import_paths(store, [path])
    client = make_client(store)
    [item] = client.get("/api/stories").json()["items"]
    client.story_id = item["id"]
    return client


def test_story_page_shows_summary_provenance_and_timeline(story_client):
    page = story_client.get(f"/stories/{story_client.story_id}").text
    assert "الخلاصة" in page and "تطور القصة" in page and "أول خبر" in page
    # the wire text came through Sky News; CNN's copy credits Reuters; Al Arabiya's same text
    # was a sighting; BBC wrote its own report
    assert ('المصدر الأول: <a href="/articles/1"><bdi>رويترز</bdi></a>' in page
            and "أعاد نشره موقعان" in page)
    assert "الجديد" not in page  # anonymous, no ?since=
    assert page.index("الخلاصة") < page.index("تطور القصة") < page.index("التغطية الكاملة")


def test_story_api_carries_summary_provenance_timeline_and_new(story_client):
    doc = story_client.get(f"/api/stories/{story_client.story_id}").json()
    assert 3 <= len(doc["summary"]) <= 5 and doc["new"] is None
    for s in doc["summary"]:
        assert {"text", "article_id", "source", "first_at", "also"} <= set(s)
    prov = doc["provenance"]
    assert prov["first_publisher"] == "رويترز" and prov["first_kind"] == "agency"
    assert set(prov["republished"]) == {"سي إن إن بالعربية", "العربية"}
    assert [e["kind"] for e in doc["timeline"]][0] == "first"
    since = at(2.5).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = story_client.get(f"/api/stories/{story_client.story_id}?since={since}").json()
    assert doc["new"]["since"] == since
    assert {s["source"] for s in doc["new"]["sentences"]} == {"بي بي سي عربي"}
    page = story_client.get(f"/stories/{story_client.story_id}?since={since}").text
    assert "الجديد" in page and "ترودو" in page


def test_a_readers_last_visit_starts_new(story_client, store):
    add_user(store, "sara")
    log_in(story_client, "sara")
    url = f"/stories/{story_client.story_id}"
    assert "الجديد" not in story_client.get(url).text  # the first visit
    page = story_client.get(url).text  # nothing appeared since
    assert "الجديد" in page and "لا جديد منذ ذلك الحين" in page
    doc = story_client.get(f"/api/stories/{story_client.story_id}").json()
    assert doc["new"]["sentences"] == []


def test_story_feed_carries_the_summary(story_client):
    feed = story_client.get(f"/feeds/stories/{story_client.story_id}.json").json()
    assert "اعتقلت سائق الشاحنة" in feed["description"] or "عشرة" in feed["description"]
    rss = story_client.get(f"/feeds/stories/{story_client.story_id}.rss").text
    assert feed["description"].split()[0] in rss


def test_the_timeline_shows_each_entrys_new_statements(story_client):
    """Issue 19, item 4: the stored quotes of each article that no earlier one carried."""
    doc = story_client.get(f"/api/stories/{story_client.story_id}").json()
    said = [(e["source"], q["speaker"]) for e in doc["timeline"] for q in e["new_quotes"]]
    assert ("بي بي سي عربي", "ترودو") in said
    assert len(said) == len(set(said))
    page = story_client.get(f"/stories/{story_client.story_id}").text
    timeline_part = page[page.index("تطور القصة"):page.index("التغطية الكاملة")]
    assert 'class="tl-quotes"' in timeline_part and "ترودو" in timeline_part


def test_the_kept_storyline_follows_the_quotes_of_its_articles(story_client, store):
    """The storyline (summary, timeline, statements) is kept per version of the story; quotes
    computed again (``khabar requote``) make a new version, as a new article would."""
    url = f"/api/stories/{story_client.story_id}"
    before = story_client.get(url).json()
    assert before["quotes"] and any(e["new_quotes"] for e in before["timeline"])
    assert story_client.get(url).json() == before  # read again: the kept storyline
    store.requote(lambda body, entities: [])
    after = story_client.get(url).json()
    assert after["quotes"] == [] and not any(e["new_quotes"] for e in after["timeline"])
    assert after["summary"] == before["summary"]
    assert "ماذا قالوا" not in story_client.get(f"/stories/{story_client.story_id}").text

"""Stories through the pipeline: import places articles, copies fold, recluster rebuilds."""

from __future__ import annotations

import json

from khabar.pipeline import import_paths
from khabar.pipeline.stories import article_context, recluster, related
from tests.enrich.story_fixtures import CHESS, OIL, TORONTO_REWRITE, WIRE, at

ROWS = [
    {"title": "مقتل عشرة أشخاص في حادث دهس بشاحنة في تورونتو", "text": WIRE, "source": "skynews",
     "url": "https://sky.example/1", "time_utc": at(0).isoformat()},
    # the same text under another URL: seen, not stored again
    {"title": "مقتل عشرة أشخاص في حادث دهس بشاحنة في تورونتو", "text": WIRE, "source": "alarabia",
     "url": "https://alarabiya.example/2", "time_utc": at(1).isoformat()},
    # a near copy: another headline, a dateline added
    {"title": "دهس جماعي في كندا", "text": "أوتاوا - رويترز: " + WIRE, "source": "CNN",
     "url": "https://cnn.example/3", "time_utc": at(2).isoformat()},
    # the same event rewritten
    {"title": "الشرطة الكندية: عشرة قتلى في دهس تورونتو", "text": TORONTO_REWRITE,
     "source": "BBC", "url": "https://bbc.example/4", "time_utc": at(3).isoformat()},
    {"title": "النفط يتجاوز 80 دولارا", "text": OIL, "source": "france24",
     "url": "https://f24.example/5", "time_utc": at(4).isoformat()},
    {"title": "كارلسن بطلا للعالم في الشطرنج السريع", "text": CHESS, "source": "BBC",
     "url": "https://bbc.example/6", "time_utc": at(5).isoformat()},
]


def _import(store, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    return import_paths(store, [path])


def test_import_folds_copies_and_groups_the_event(store, tmp_path):
    report = _import(store, tmp_path)
    assert report.inserted == 5 and report.duplicates == 1
    first, near, rewrite, oil, chess = store.latest(limit=10)[::-1]
    assert near.duplicate_of == first.id
    assert first.story_id == near.story_id == rewrite.story_id == first.id
    assert len({first.story_id, oil.story_id, chess.story_id}) == 3
    [seen] = store.sightings(first.id)
    assert seen.source == "العربية" and seen.url == "https://alarabiya.example/2"
    # the copies a result shows: its near copy and its sighting, counted in one statement
    assert store.copy_counts([first.id, oil.id]) == {first.id: 2}
    story = store.story(first.id)
    assert [a.id for a in story.articles] == [first.id, near.id, rewrite.id]
    assert story.outlets == ["سكاي نيوز عربية", "سي إن إن بالعربية", "بي بي سي عربي"] and story.article_count == 3
    [listed] = store.stories()
    assert listed.id == first.id and listed.outlets == ["سكاي نيوز عربية", "سي إن إن بالعربية", "بي بي سي عربي"]


def test_article_context_lists_other_copies_and_never_relates_the_same_story(store, tmp_path):
    _import(store, tmp_path)
    first = store.latest(limit=10)[-1]
    context = article_context(store, first)
    kinds = {(c["source"], c["kind"]) for c in context["also_reported_by"]}
    assert kinds == {("سي إن إن بالعربية", "near_copy"), ("العربية", "same_text")}
    assert context["story_id"] == first.id
    story_ids = {r["story_id"] for r in context["related"]}
    assert first.story_id not in story_ids
    for article in store.latest(limit=10):
        for r in related(store, article):
            assert r.article.story_id != article.story_id and r.shared


def test_recluster_rebuilds_the_same_stories(store, tmp_path):
    _import(store, tmp_path)
    before = {a.id: (a.story_id, a.duplicate_of) for a in store.latest(limit=10)}
    summary = recluster(store)
    assert summary["articles"] == 5 and summary["multi_article_stories"] == 1
    assert {a.id: (a.story_id, a.duplicate_of) for a in store.latest(limit=10)} == before

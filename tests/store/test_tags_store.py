"""Entities, models, term statistics and trending tags in the store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from khabar.store.filters import ArticleFilter
from khabar.store.records import Entity
from tests.conftest import record


def test_entities_are_stored_and_filtered(store):
    r = record(title="حماس", url="https://example.com/a", entities=[Entity("حماس", "organization")])
    other = record(title="أخرى", url="https://example.com/b", entities=[Entity("غزة", "place")])
    (a, _) = store.add_articles([r, other])
    assert store.article(a.article_id).entities == [Entity("حماس", "organization")]
    assert store.article(a.article_id).to_json()["entities"] == [{"name": "حماس", "type": "organization"}]
    assert store.count_articles(ArticleFilter(entity="حماس")) == 1
    assert store.count_articles(ArticleFilter(entity="حما")) == 0
    assert store.entity_counts() == [("حماس", "organization", 1), ("غزة", "place", 1)]
    assert store.entity_counts(kind="place") == [("غزة", "place", 1)]


def test_models_round_trip(store):
    assert store.load_model("categories") is None
    store.save_model("categories", {"a": [1, 2]})
    store.save_model("categories", {"a": [3]})
    assert store.load_model("categories") == {"a": [3]}


def test_term_document_frequencies_come_from_the_index(filled_store):
    n, df = filled_store.term_document_frequencies()
    assert n == 5 and df["نفط"] >= 1


def test_trending_compares_the_last_day_with_the_week_before(store):
    now = datetime(2024, 9, 20, 12, tzinfo=timezone.utc)
    rows = []
    for i in range(4):
        rows.append(record(url=f"https://e.com/new{i}", keywords=["غزة", "النفط"] if i < 2 else ["غزة"],
                           published_at=now - timedelta(hours=i + 1)))
    for i in range(7):
        rows.append(record(url=f"https://e.com/old{i}", keywords=["النفط"],
                           published_at=now - timedelta(days=i + 2)))
    store.add_articles(rows)
    trending = store.trending_keywords(now)
    assert [t for t, _, _ in trending] == ["غزة", "النفط"]
    assert trending[0][1] == 4 and trending[0][2] > trending[1][2]
    assert store.newest_time() == now - timedelta(hours=1)

"""Quotes in the store (0014), on both backends: written with their article, replaced with
its text, deleted with it, listed by speaker, computed again by ``requote``."""

from __future__ import annotations

from datetime import datetime, timezone

from khabar.store.records import Entity, Quote
from tests.conftest import record

BODY = "وقال الوزير إن المحادثات مستمرة."
SAID = Quote("أحمد علي", "person", "قال", "المحادثات مستمرة", 15, 31)


def _with_quotes(url: str, *quotes: Quote, **fields) -> object:
    return record(url=url, canonical_url=url, content_hash=url, body=BODY, quotes=list(quotes),
                  **fields)


def test_quotes_are_stored_with_their_article_and_read_back(store):
    (a,) = store.add_articles([_with_quotes("https://e.com/1", SAID)])
    assert store.quotes_of([a.article_id]) == {a.article_id: [SAID]}
    assert store.quotes_of([]) == {}


def test_a_changed_text_replaces_the_quotes_and_leaves_none_stale(store):
    (a,) = store.add_articles([_with_quotes("https://e.com/1", SAID)])
    other = Quote("سارة", "person", "أكدت", "الاتفاق قريب", 0, 12)
    changed = record(url="https://e.com/1", canonical_url="https://e.com/1", content_hash="b",
                     body="أكدت سارة أن الاتفاق قريب.", quotes=[other])
    (b,) = store.add_articles([changed], replace=True)
    assert b.article_id == a.article_id and b.status == "updated"
    assert store.quotes_of([a.article_id]) == {a.article_id: [other]}
    none_now = record(url="https://e.com/1", canonical_url="https://e.com/1", content_hash="c",
                      body="نص آخر بلا تصريحات.", quotes=[])
    store.add_articles([none_now], replace=True)
    assert store.quotes_of([a.article_id]) == {}


def test_deleting_the_articles_deletes_their_quotes(store):
    (a,) = store.add_articles([_with_quotes("https://e.com/1", SAID)])
    source_id = store.article(a.article_id).source_id
    assert store.remove_source(source_id, delete_articles=True) == 1
    assert store.quotes_of([a.article_id]) == {}
    assert store.top_speakers() == []


def test_quotes_by_a_speaker_newest_article_first(store):
    old = _with_quotes("https://e.com/old", SAID,
                       published_at=datetime(2018, 3, 1, tzinfo=timezone.utc))
    new = _with_quotes("https://e.com/new", SAID, Quote("غيره", "person", "قال", "شيء", 0, 3),
                       published_at=datetime(2018, 4, 1, tzinfo=timezone.utc), title="آخر")
    store.add_articles([old, new])
    found = store.quotes_by("أحمد علي")
    assert [a.url for _, a in found] == ["https://e.com/new", "https://e.com/old"]
    assert all(q.speaker == "أحمد علي" for q, _ in found)
    assert store.quotes_by("أحمد علي", limit=1, offset=1)[0][1].url == "https://e.com/old"
    assert store.top_speakers() == [("أحمد علي", "person", 2), ("غيره", "person", 1)]


def test_requote_computes_every_article_again(store):
    store.add_articles([record(url="https://e.com/1", body=BODY,
                               entities=[Entity("أحمد علي", "person")]),
                        record(url="https://e.com/2", body="نص.", title="ثان")])
    seen = []

    def find(body: str, entities: list[Entity]) -> list[Quote]:
        seen.append((body, entities))
        return [SAID] if "الوزير" in body else []

    assert store.requote(find) == (2, 1)
    assert (BODY, [Entity("أحمد علي", "person")]) in seen
    assert store.requote(find) == (2, 1)  # again: replaced, not doubled
    assert store.top_speakers() == [("أحمد علي", "person", 1)]

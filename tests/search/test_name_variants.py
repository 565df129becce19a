"""A name query finds the articles of every spelling of the name, and no others (both
backends): the tagger learns «ترمب» as a spelling of «دونالد ترامب», search expands."""

from __future__ import annotations

from datetime import datetime, timezone

from khabar.enrich.tagger import Tagger
from khabar.pipeline.importer import prepare_record
from khabar.search import search
from khabar.search.expand import expand_names
from khabar.search.query import AnyOf, Phrase, Word, parse
from khabar.store.tags import NAME_VARIANTS_MODEL
from tests.conftest import record

ARTICLES = [
    ("ترامب يهدد بعقوبات", "قال الرئيس الأمريكي دونالد ترامب إن بلاده ستفرض عقوبات.", "1"),
    ("ترمب يلتقي ماكرون", "استقبل الرئيس الأمريكي دونالد ترمب نظيره الفرنسي في واشنطن.", "2"),
    ("ترمب والاتفاق النووي", "أعلن ترمب انسحاب بلاده من الاتفاق النووي مع إيران.", "3"),
    ("خط الترام الجديد", "افتتحت البلدية خط الترام الجديد وسط المدينة بحضور المحافظ.", "4"),
    ("تراجع أسعار النفط", "تراجعت أسعار النفط بعد قرار منظمة أوبك.", "5"),
]


def _fill(store) -> Tagger:  # noqa: ANN001
    tagger = Tagger()
    now = datetime(2018, 6, 1, tzinfo=timezone.utc)
    records = [record(title=t, body=b, url=f"https://example.com/{n}",
                      published_at=datetime(2018, 5, int(n), tzinfo=timezone.utc))
               for t, b, n in ARTICLES]
    store.add_articles([prepare_record(r, None, now, tagger=tagger) for r in records])
    tagger.save(store)
    return tagger


def test_a_name_query_finds_every_spelling_and_nothing_else(store):
    tagger = _fill(store)
    assert "ترمب" in store.load_model(NAME_VARIANTS_MODEL)["ترامب"]
    for query in ("ترامب", "ترمب"):
        found = {h.article.url for h in search(store, query).hits}
        # precision: the tram and the oil articles name neither spelling
        assert found == {f"https://example.com/{n}" for n in "123"}, query
    assert {h.article.url for h in search(store, "ترامب -النووي").hits} == {
        "https://example.com/1", "https://example.com/2"}
    # one entity under both spellings
    shown = {e.name for a in store.latest(limit=10) for e in a.entities if e.type == "person"}
    assert "دونالد ترمب" not in shown and "دونالد ترامب" in shown
    assert tagger.names.canonical("دونالد ترمب") == "دونالد ترامب"


def test_expansion_of_words_phrases_and_exclusions():
    variants = {"ترامب": ["ترمب"], "ترمب": ["ترامب"]}
    q = expand_names(parse('ترامب "دونالد ترامب" -ترمب النفط'), variants)
    assert q.must[0] == AnyOf((Word("ترامب"), Word("ترمب")))
    assert q.must[1] == AnyOf((Phrase(("دونالد", "ترامب")), Phrase(("دونالد", "ترمب"))))
    assert q.must[2] == Word("النفط")
    assert set(q.must_not) == {Word("ترمب"), Word("ترامب")}
    assert expand_names(parse("النفط"), {}) == parse("النفط")


def test_a_saved_name_search_matches_every_spelling_at_ingest(store):
    # the percolator expands names as search does: saved «ترامب» records the «ترمب» articles
    from khabar.pipeline.alerts import match_stored

    store.save_model(NAME_VARIANTS_MODEL, {"ترامب": ["ترمب"], "ترمب": ["ترامب"]})
    user = store.create_user("reader", "not-a-real-hash")
    saved = store.create_saved_search(user.id, "ترامب", "ترامب")
    now = datetime(2018, 6, 1, tzinfo=timezone.utc)
    records = [record(title=t, body=b, url=f"https://example.com/{n}",
                      published_at=datetime(2018, 5, int(n), tzinfo=timezone.utc))
               for t, b, n in ARTICLES]
    match_stored(store, store.add_articles([prepare_record(r, None, now) for r in records]),
                 now=now)
    matched = {a.url for a in store.matched_articles(saved.id)}
    assert matched == {h.article.url for h in search(store, "ترامب").hits} == {
        f"https://example.com/{n}" for n in "123"}


def test_entity_pages_feeds_and_trending_count_the_merged_person_once(store):
    """«دونالد ترمب» is shown as «دونالد ترامب»: its entity page and feed (the store's entity
    filter) list the articles of both spellings, the entity counts and trending tags hold one
    person, not two."""
    from khabar.store.filters import ArticleFilter

    _fill(store)
    people = [(n, c) for n, t, c in store.entity_counts(kind="person")]
    assert [n for n, _ in people if "ترامب" in n or "ترمب" in n] == ["دونالد ترامب"]
    assert dict(people)["دونالد ترامب"] >= 2
    listed = {a.url for a in store.latest(limit=10, filters=ArticleFilter(entity="دونالد ترامب"))}
    assert {"https://example.com/1", "https://example.com/2"} <= listed
    trending = [tag for tag, _, _ in store.trending_keywords(datetime(2018, 5, 4, tzinfo=timezone.utc))]
    assert not any("ترمب" in tag for tag in trending)

"""Percolation: a saved search matches at ingest exactly the articles the same search typed
later returns, on both backends, and the index of queries agrees with checking every one."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timezone

import pytest

from khabar.errors import QueryError
from khabar.ingest import read_file
from khabar.pipeline.importer import prepare_record
from khabar.search import search
from khabar.search.percolate import Document, Percolator, compile_saved, naive_match
from khabar.store import ArticleRecord
from tests.conftest import SAMPLE_ARTICLES, _fresh, record

#: ANT articles added to the sample ones when the corpus is present
ANT_ARTICLES = 250
NOW = datetime(2018, 6, 1, tzinfo=timezone.utc)

HAND_WRITTEN = [
    "ادارة", "ايران", "اطلاق النار", '"وقف إطلاق النار"', '"النار إطلاق وقف"', "غزة OR أوبك",
    "النفط -أوبك", "النفط -\"قرار أوبك\"", "source:\"فرانس 24\" غزة", "source:\"فرانس 24\"",
    "المنتخب from:2018-05-20", "النفط to:2018-05-20", "مدرسه", "category:sport",
    "النفط | المنتخب -روسيا", "عقوبات OR \"أسعار النفط\" طهران",
    "country:sa", "country:السعودية", "النفط country:sa", "بلد:فلسطين غزة", "country:ru روسيا -المنتخب",
]


def _ant_records(ant_path, n: int) -> list[ArticleRecord]:
    out = []
    for item in read_file(ant_path):
        if isinstance(item, ArticleRecord):
            out.append(item)
            if len(out) >= n:
                break
    return out


@pytest.fixture
def archive(store, shared_data_dir_or_none):
    records = _fresh(SAMPLE_ARTICLES)
    records.append(record(title="خبر رياضي عن المنتخب", body="فاز المنتخب في روسيا.",
                          category="sport", url="https://example.com/news/6"))
    if shared_data_dir_or_none is not None:
        records += _ant_records(shared_data_dir_or_none, ANT_ARTICLES)
    ready = [prepare_record(r, None, NOW) for r in records]
    store.add_articles(ready)
    return store


@pytest.fixture
def shared_data_dir_or_none():
    from tests.conftest import shared_data_dir

    path = shared_data_dir() / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"
    return path if path.is_file() else None


def generated_queries(articles, rng: random.Random, n: int = 120) -> list[str]:
    """Queries of every shape built from words of stored titles: words, phrases, OR,
    exclusions, source:, category:, entity:, country:, from:/to:."""
    queries = []
    for article in rng.sample(articles, min(n, len(articles))):
        words = [w for w in article.title.split() if len(w) > 2 and '"' not in w]
        if len(words) < 3:
            continue
        a, b, c = rng.sample(words, 3)
        at = rng.randrange(len(words) - 1)
        shape = rng.randrange(9)
        if shape == 0:
            queries.append(f"{a} {b}")
        elif shape == 1:
            queries.append(f'"{words[at]} {words[at + 1]}"')
        elif shape == 2:
            queries.append(f"{a} OR {b} {c}")
        elif shape == 3:
            queries.append(f"{a} -{b}")
        elif shape == 4:
            queries.append(f'source:"{article.source}" {a}')
        elif shape == 5 and article.category:
            queries.append(f"category:{article.category} {a} OR {b}")
        elif shape == 6 and article.entities:
            queries.append(f'entity:"{article.entities[0].name}"')
        elif shape == 8 and article.countries:
            queries.append(f"country:{article.countries[0].lower()} {a} OR {b}")
        else:
            day = (article.published_at or article.fetched_at).date().isoformat()
            queries.append(f"{a} from:{day} to:{day}")
    return [q for q in queries if _valid(q)]


def _valid(text: str) -> bool:
    try:
        compile_saved(text)
    except QueryError:  # only stop words, or only exclusions: search refuses it too
        return False
    return True


def searched_ids(store, text: str) -> set[int]:
    ids: set[int] = set()
    for offset in itertools.count(0, 100):
        page = search(store, text, order="newest", limit=100, offset=offset)
        ids |= {h.article.id for h in page.hits}
        if len(page.hits) < 100:
            return ids


def test_a_saved_search_matches_what_the_same_search_typed_later_returns(archive):
    articles = [a for chunk in archive.articles_in_arrival_order() for a in chunk]
    queries = HAND_WRITTEN + generated_queries(articles, random.Random(15))
    percolator = Percolator(archive.term_document_frequencies()[1])
    for i, text in enumerate(queries):
        percolator.add(i, compile_saved(text))
    matched: dict[int, set[int]] = {i: set() for i in range(len(queries))}
    for article in articles:  # as each article is stored
        for key in percolator.match(Document.of(article)):
            matched[key].add(article.id)  # type: ignore[index]
    differ = {text: (matched[i], searched_ids(archive, text)) for i, text in enumerate(queries)
              if matched[i] != searched_ids(archive, text)}
    assert not differ
    assert sum(1 for ids in matched.values() if ids) > len(queries) // 2  # not all empty


def test_the_index_agrees_with_checking_every_query_and_wakes_few(archive):
    articles = [a for chunk in archive.articles_in_arrival_order() for a in chunk]
    queries = {i: compile_saved(t) for i, t in enumerate(
        HAND_WRITTEN + generated_queries(articles, random.Random(7), 200))}
    percolator = Percolator(archive.term_document_frequencies()[1])
    for key, query in queries.items():
        percolator.add(key, query)
    woken = 0
    for article in articles:
        doc = Document.of(article)
        assert sorted(percolator.match(doc)) == sorted(naive_match(queries, doc))  # type: ignore[type-var]
        woken += len(percolator.candidates(doc))
    assert woken < len(articles) * len(queries) / 4


def test_removed_and_replaced_queries_stop_matching():
    doc = Document(title_terms=("غزه",), body_terms=(), source="x", terms=frozenset({"غزه"}))
    p = Percolator()
    p.add_text("a", "غزة")
    p.add_text("b", "source:x")
    assert sorted(p.match(doc)) == ["a", "b"]  # type: ignore[type-var]
    p.add_text("a", "القدس")
    p.remove("b")
    assert p.match(doc) == [] and len(p) == 1


def test_a_filter_the_percolator_cannot_check_is_refused_not_ignored(monkeypatch):
    from dataclasses import replace as changed

    from khabar.search import percolate

    real = percolate.analyze_query
    monkeypatch.setattr(percolate, "analyze_query", lambda q, *_: changed(
        real(q), filters=changed(real(q).filters, follows=(("country", "eg"),))))
    with pytest.raises(QueryError) as refused:
        compile_saved("غزة")
    assert refused.value.user_message == "لا يمكن حفظ هذا المرشّح في بحث محفوظ بعد."

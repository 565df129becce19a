"""Search end to end on the sample articles: Arabic the way people type it."""

from __future__ import annotations

import pytest

from khabar.errors import QueryError
from khabar.search import search


def titles(results):
    return [h.article.title for h in results.hits]


@pytest.mark.parametrize(
    "query, expected_title",
    [
        ("ادارة", "إدارة ترامب تفرض عقوبات جديدة على إيران"),  # no hamza typed
        ("ايران", "إدارة ترامب تفرض عقوبات جديدة على إيران"),
        ("اطلاق النار", "وقف إطلاق النار في غزة يدخل حيز التنفيذ"),
        ("غزه", "وقف إطلاق النار في غزة يدخل حيز التنفيذ"),  # ه typed for ة
        ("المدرسة", "مدرسة جديدة في القرية"),  # article, ta marbuta
        ("مدرسه", "مدرسة جديدة في القرية"),
        ("اوبك", "أسعار النفط ترتفع بعد قرار أوبك"),
        ("المغربى", "المنتخب المغربي يستعد لكأس العالم"),  # ى typed for ي
        ("إدارة ترامب", "إدارة ترامب تفرض عقوبات جديدة على إيران"),
    ],
)
def test_arabic_spelling_variants_find_the_article(filled_store, query, expected_title):
    assert expected_title in titles(search(filled_store, query))


def test_phrase_or_and_exclusion(filled_store):
    assert titles(search(filled_store, '"وقف إطلاق النار"')) == ["وقف إطلاق النار في غزة يدخل حيز التنفيذ"]
    assert len(search(filled_store, "غزة OR أوبك").hits) == 2
    assert search(filled_store, "النفط -أوبك").total == 1  # the sanctions article mentions oil
    assert search(filled_store, '"النار إطلاق وقف"').total == 0  # order matters in a phrase


def test_title_matches_rank_first(filled_store):
    # "النفط" is in the title of the OPEC article and only in the body of the sanctions one.
    assert titles(search(filled_store, "النفط"))[0] == "أسعار النفط ترتفع بعد قرار أوبك"


def test_newest_first_order(filled_store):
    results = search(filled_store, "النفط", order="newest")
    dates = [h.article.published_at for h in results.hits]
    assert dates == sorted(dates, reverse=True)


def test_snippets_mark_the_matched_words_as_written(filled_store):
    [hit] = search(filled_store, "ادارة").hits
    assert "<mark>إدارة</mark>" in hit.title_html
    assert "<mark>الإدارة</mark>" in hit.snippet_html


def test_paging(filled_store):
    first = search(filled_store, "النفط OR غزة OR المنتخب", limit=2)
    second = search(filled_store, "النفط OR غزة OR المنتخب", limit=2, offset=2)
    assert first.total == second.total == 4
    assert len(first.hits) == 2 and len(second.hits) == 2
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize("query", ['"', "((((", "NEAR(غزة", "غزة*", "title:غزة", "^غزة", "غزة AND",
                                   "غزة & !x", "'غزة' <-> x", "غزة:*", "\\' | !"])
def test_query_syntax_typed_by_a_user_is_plain_text(filled_store, query):
    try:
        search(filled_store, query)
    except QueryError:
        pass


def test_unknown_order_is_a_query_error(filled_store):
    with pytest.raises(QueryError):
        search(filled_store, "غزة", order="random")


def test_random_input_reaches_the_backend_safely(filled_store):
    import random

    rng = random.Random(11)
    alphabet = "غزةالنفطأوبك \"-()*:^|!&<>'\\ OR AND NOT x1"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        try:
            results = search(filled_store, text)
        except QueryError:
            continue
        assert results.total >= len(results.hits)


@pytest.mark.parametrize("query", ["النفط OR غزة OR المنتخب", "ادارة", "source:nothing"])
def test_ranked_gives_the_hits_of_search_without_snippets(filled_store, query, monkeypatch):
    from khabar.search import ranked, service

    expected = [(h.article.id, h.score) for h in search(filled_store, query, limit=3).hits]

    def no_snippets(*args, **kwargs):
        raise AssertionError("ranked made a snippet or a highlight")

    monkeypatch.setattr(service, "kept_snippet", no_snippets)
    monkeypatch.setattr(service, "kept_highlight", no_snippets)
    monkeypatch.setattr(service, "snippet", no_snippets)
    assert [(a.id, score) for a, score in ranked(filled_store, query, limit=3)] == expected

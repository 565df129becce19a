"""Filters in the query language (source:, category:, tag:, from:, to:) and in forms."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from khabar.errors import QueryError
from khabar.search import search
from khabar.search.query import parse
from khabar.search.service import prepare
from khabar.store.filters import ArticleFilter


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("غزة source:skynews", ArticleFilter(sources=("skynews",))),
        ('غزة source:"فرانس 24" source:bbc', ArticleFilter(sources=("فرانس 24", "bbc"))),
        ("غزة SOURCE:bbc", ArticleFilter(sources=("bbc",))),
        ("غزة المصدر:bbc", ArticleFilter(sources=("bbc",))),
        ("غزة category:sport", ArticleFilter(category="sport")),
        ('غزة tag:"الأمن الوطني"', ArticleFilter(keyword="الأمن الوطني")),
        ("غزة from:2018-03-01", ArticleFilter(since=utc(2018, 3, 1))),
        ("غزة to:2018-03-31", ArticleFilter(until=utc(2018, 4, 1))),
        ('غزة from:"1 مارس 2018"', ArticleFilter(since=utc(2018, 3, 1))),
        ("غزة source:", ArticleFilter()),
        ("غزة country:sa", ArticleFilter(country="SA")),
        ("غزة country:EG", ArticleFilter(country="EG")),
        ("غزة country:السعودية", ArticleFilter(country="SA")),
        ("غزة بلد:مصر", ArticleFilter(country="EG")),
        ('غزة البلد:"الولايات المتحدة"', ArticleFilter(country="US")),
    ],
)
def test_filters_are_parsed_out_of_the_words(text, expected):
    analyzed = prepare(text)
    assert analyzed.filters == expected
    assert [a.terms for clause in analyzed.must for a in clause] == [("غزه",)]


def test_unknown_keys_stay_words():
    assert [w.text for w in parse("title:غزة").must] == ["title:غزة"]


def test_an_unreadable_date_says_so_in_arabic():
    with pytest.raises(QueryError) as info:
        prepare("غزة from:blah")
    assert "لم أفهم التاريخ" in info.value.user_message


def test_an_unknown_country_says_so_in_arabic():
    with pytest.raises(QueryError) as info:
        prepare("غزة country:zz")
    assert "لم أعرف البلد" in info.value.user_message


def test_search_narrowed_by_country_as_the_country_edition_files_articles(store):
    from tests.conftest import record

    store.add_articles([
        record(title="أمطار غزيرة في الرياض", url="https://example.com/c/1", countries=["SA"]),
        record(title="أمطار غزيرة في القاهرة", url="https://example.com/c/2",
               countries=["EG", "SA"]),
        record(title="أمطار غزيرة في باريس", url="https://example.com/c/3", countries=["FR"]),
    ])
    titles = lambda text: sorted(h.article.title for h in search(store, text).hits)  # noqa: E731
    assert titles("أمطار country:sa") == ["أمطار غزيرة في الرياض", "أمطار غزيرة في القاهرة"]
    assert titles("أمطار country:مصر") == ["أمطار غزيرة في القاهرة"]
    assert titles("country:fr") == ["أمطار غزيرة في باريس"]  # filters only: a listing
    assert titles("أمطار country:us") == []


def test_search_narrowed_by_source_and_dates(filled_store):
    assert search(filled_store, "النفط").total == 2
    assert search(filled_store, "النفط from:2018-05-21").total == 1
    assert search(filled_store, "النفط to:2018-05-20").total == 1
    assert search(filled_store, "غزة source:skynews").total == 0
    assert search(filled_store, 'غزة source:"فرانس 24"').total == 1


def test_form_filters_combine_with_typed_ones(filled_store):
    form = ArticleFilter(sources=("فرانس 24",))
    assert search(filled_store, "غزة OR النفط", filters=form).total == 1


def test_a_query_of_filters_only_lists_articles_newest_first(filled_store):
    results = search(filled_store, 'source:"سكاي نيوز عربية"')
    assert results.total == 4
    dates = [h.article.published_at for h in results.hits]
    assert dates == sorted(dates, reverse=True)

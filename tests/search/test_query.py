"""The query language: parsing, analysis, compilation to FTS5 and to tsquery."""

from __future__ import annotations

import random

import pytest

from khabar.errors import QueryError
from khabar.search.compile_fts5 import compile_fts5
from khabar.search.compile_tsquery import compile_tsquery
from khabar.search.query import MAX_QUERY_CHARS, AnyOf, Phrase, Query, Word, parse
from khabar.search.service import prepare


@pytest.mark.parametrize(
    "text, expected",
    [
        ("غزة", Query((Word("غزة"),), ())),
        ("إدارة ترامب", Query((Word("إدارة"), Word("ترامب")), ())),
        ('"وقف إطلاق النار"', Query((Phrase(("وقف", "إطلاق", "النار")),), ())),
        ("غزة OR القدس", Query((AnyOf((Word("غزة"), Word("القدس"))),), ())),
        ("غزة | القدس | رام", Query((AnyOf((Word("غزة"), Word("القدس"), Word("رام"))),), ())),
        ("النفط -أوبك", Query((Word("النفط"),), (Word("أوبك"),))),
        ('النفط -"منظمة أوبك"', Query((Word("النفط"),), (Phrase(("منظمة", "أوبك")),))),
        ('"غير منتهية', Query((Phrase(("غير", "منتهية")),), ())),
        ("OR غزة", Query((Word("غزة"),), ())),
        ("غزة OR", Query((Word("غزة"),), ())),
        ("- غزة", Query((Word("-"), Word("غزة")), ())),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ادارة", '"اداره"'),
        ("إدارة ترامب", '"اداره" AND "ترامب"'),
        ('"وقف إطلاق النار"', '"وقف اطلاق نار"'),
        ("غزة OR القدس", '("غزه" OR "قدس")'),
        ("النفط -أوبك", '"نفط" NOT "اوبك"'),
        ('النفط" AND (أوبك*', '"نفط" AND "اوبك"'),
        ("F-16", '"f 16"'),
    ],
)
def test_compile_fts5(text, expected):
    assert compile_fts5(prepare(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ادارة", "'اداره'"),
        ("إدارة ترامب", "'اداره' & 'ترامب'"),
        ('"وقف إطلاق النار"', "('وقف' <-> 'اطلاق' <-> 'نار')"),
        ("غزة OR القدس", "('غزه' | 'قدس')"),
        ("النفط -أوبك", "'نفط' & !'اوبك'"),
        ('النفط -"منظمة أوبك"', "'نفط' & !('منظمه' <-> 'اوبك')"),
        ("النفط' AND (أوبك* & !x", "'نفط' & 'اوبك' & 'x'"),
        ("F-16", "('f' <-> '16')"),
    ],
)
def test_compile_tsquery(text, expected):
    assert compile_tsquery(prepare(text)) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "اكتب كلمة"),
        ("   ", "اكتب كلمة"),
        ("في من على", "اكتب كلمة"),
        ("-غزة", "كلمات مستبعدة فقط"),
        ("!!! ??? ***", "اكتب كلمة"),
        ("غزة " * 40, "أكثر من"),
        ("ب" * (MAX_QUERY_CHARS + 1), "أطول من"),
    ],
)
def test_queries_that_cannot_run_say_why_in_arabic(text, message):
    with pytest.raises(QueryError) as info:
        prepare(text)
    assert message in info.value.user_message
    assert str(info.value).startswith("search: ")


def test_random_input_never_raises_anything_but_query_error():
    rng = random.Random(7)
    alphabet = 'ابتثجحخ دذرز"-()*:^|OR AND NOT NEAR{}[]\\\'، ؟٣ x1'
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        try:
            compiled = compile_fts5(prepare(text))
        except QueryError:
            continue
        # Every compiled term is a quoted FTS5 string literal.
        assert compiled.count('"') % 2 == 0

from __future__ import annotations

import pytest

from khabar.arabic import term, tokens
from khabar.search.term_finder import finder, term_spans

#: forms the stemmer changes more than by cutting: a ه put back (ات, ته, تها), broken
#: plurals, marks, hamza seats, tatweel, Persian letters, digits written with separators
FORMS = ("الإمارات السلطات العقوبات وابنته جهته حكومتها مفاوضاتها حياتها دولتين مدارس دول "
         "المدارس شركات طائرات الطائرات رئيسًا رئيساً الرَّئيس مسؤولو إدارةُ الإدارـــة "
         "فرنسيون السعودية العربية برنامجها لبنان اللبناني کتاب 1,000 ١٬٥٠٠ 2018 "
         "Trump TRUMP iPhone")


def word_by_word(text: str, terms: set[str]) -> list[tuple[int, int]]:
    return [(s, e) for w, s, e in tokens(text) if term(w) in terms]


@pytest.mark.parametrize("word", FORMS.split())
def test_every_form_is_found_by_its_terms_regex(word):
    word_term = term(word)
    patterns = finder(frozenset({word_term}))
    assert patterns is not None and any(p.search(word) for p in patterns)
    text = f"قبل {word} بعد {word}، ثم"
    assert list(term_spans(text, {word_term})) == word_by_word(text, {word_term}) != []


def test_the_words_found_are_those_word_by_word_reading_finds():
    text = " ".join(FORMS.split() * 3) + " https://example.com/الإمارات-دول (السلطات)"
    terms = {term(w) for w in FORMS.split()[::3]} - {None}
    assert list(term_spans(text, terms)) == word_by_word(text, terms)


def test_presentation_forms_are_read_word_by_word():
    # "ﻹ" (a lam-alef ligature) folds to two letters: no class covers it
    text = "قال اﻹنسان إن الإنسان"
    terms = {term("الانسان")}
    assert list(term_spans(text, terms)) == word_by_word(text, terms)
    assert len(list(term_spans(text, terms))) == 2


def test_no_terms_no_spans():
    assert list(term_spans("الإدارة", set())) == []

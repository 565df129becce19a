"""Quotes read the body's words from the tagger's reading (``reading.body_tokens``), and the
near-copy shingles are joined in C: both exactly what they computed on their own before."""

from __future__ import annotations

import pytest

from khabar.arabic import fold, tokens
from khabar.enrich.near_copies import SHINGLE_WORDS, shingles_of
from khabar.enrich.quote_text import words
from khabar.enrich.quotes import extract_quotes
from khabar.enrich.reading import body_tokens, read
from khabar.enrich.tagforms import fold as cached_fold
from khabar.enrich.tagforms import plain
from khabar.store.records import Entity

TITLE = "الوزير يتحدث"
BODY = ("قال وزير الخارجية أحمد علي، اليوم، إن «المحادثات مستمرة». وأضاف علي أن الاتفاق قريب.\n"
        "وبحسب مصادر https://example.com/a?b=1 فإن اللقاء في القاهرة.")


def test_the_body_tokens_are_the_last_readings_when_it_read_this_body():
    reading = read(TITLE, BODY)
    assert body_tokens(BODY) is reading.body_tokens
    assert body_tokens(BODY) == list(tokens(BODY))
    other = "نص آخر لم يقرأه أحد."
    assert body_tokens(other) == list(tokens(other))
    assert read(TITLE, BODY) is reading  # reading another body alone made no new reading


@pytest.mark.parametrize("first", [True, False])
def test_quotes_find_the_same_words_with_or_without_the_reading(first):
    if first:
        assert read(TITLE, BODY).body_tokens
    else:
        read("عنوان", "نص آخر.")
    assert [tuple(t) for t in words(BODY)] == [
        (w, cached_fold(plain(w)), s, e) for w, s, e in tokens(BODY)]
    people = [Entity("أحمد علي", "person")]
    alone = extract_quotes(BODY, people)
    read(TITLE, BODY)
    assert extract_quotes(BODY, people) == alone and alone


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 50])
def test_the_shingles_are_the_runs_of_three_words(n):
    folded = [w for w, _, _ in tokens(fold(BODY * 2))][:n]
    assert shingles_of(folded) == {
        " ".join(folded[i:i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(max(0, len(folded) - SHINGLE_WORDS + 1))}

"""The analyzer's fast paths give what the plain ones gave: ``fold`` and ``clean`` without
their tidy passes on a single word, and ``analyze`` with its own token loop and term table."""

from __future__ import annotations

import gzip
import itertools
import json

from khabar.arabic import analyzer
from khabar.arabic.analyzer import PHRASE_LIGATURES, _phrase_terms, analyze, term, tokens, words
from khabar.arabic.normalize import CLEAN_TABLE, FOLD_TABLE, _tidy, clean, fold

EDGES = ["", " ", "\n", "a\u00a0b", "كلمة\u2003", "\r\nسطر", "\u200fو\u200dقال", "ﷺ", "İ",
         "الإستراتيجيّة", "١٬٥٠٠", "ﻻ", "\u2028", "  x  ", "أ\tب", "ـــ"]


def old_fold(text: str) -> str:
    return _tidy(text.replace("\r\n", "\n").translate(FOLD_TABLE).casefold())


def old_clean(text: str) -> str:
    return _tidy(text.replace("\r\n", "\n").translate(CLEAN_TABLE))


def old_analyze(text: str) -> list[str]:
    terms: list[str] = []
    for word, _, _ in tokens(text):
        if t := term(word):
            terms.append(t)
        elif not PHRASE_LIGATURES.isdisjoint(word):
            terms.extend(_phrase_terms(word))
    return terms


def _ant_texts(ant_file, n: int) -> list[str]:
    with gzip.open(ant_file, "rt", encoding="utf-8") as lines:
        docs = [json.loads(line) for line in itertools.islice(lines, n)]
    return [d.get(k) or "" for d in docs for k in ("title", "text")]


def test_fold_and_clean_are_unchanged_on_every_word_and_line_of_a_large_sample(ant_file):
    texts = _ant_texts(ant_file, 1500)
    words = {w for t in texts for w in t.split()} | {w for t in texts for w, _, _ in tokens(t)}
    assert len(words) > 30_000
    for sample in itertools.chain(words, texts[:300], EDGES):
        assert fold(sample) == old_fold(sample), sample
        assert clean(sample) == old_clean(sample), sample


def test_analyze_is_unchanged_on_a_large_sample(ant_file, monkeypatch):
    monkeypatch.setattr(analyzer, "_TERMS_MAX", 5000)  # the table empties several times
    for text in [*_ant_texts(ant_file, 800), *EDGES, " ".join(EDGES)]:
        assert analyze(text) == old_analyze(text), text
        assert words(text) == [w for w, _, _ in tokens(text)]

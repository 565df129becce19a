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


SCANNER_EDGES = [
    "abcعربي ٣abc 3٣ ٣3 a٣", "1,a 1,,2 ٣,٤ 3.5. ,5 5, ١٬٥٠٠م", "a\u200d \u200da a\u200d\u200cb",
    "abchttp://x.com/y", "3.5http://x.com", "awww.x www. www.x http:// https://a", "https www http",
    "اقرأ https://example.com/a-b-c?x=1 الآن", "ﷺ محمدﷺ", "İstanbul Café", "رئيساً ـــ ﻻ",
    "\u0610\u0627 \u064b", "G20 و5G", "x" * 3 + "ـ" + "٣",
]


def test_both_word_scanners_give_the_tokens_words_on_any_part():
    """``words`` reads text without a URL with its own pattern: the same words as ``tokens``,
    on the whole text and on any part of it (``pos``/``endpos``, out of range included)."""
    for text in [*SCANNER_EDGES, *EDGES, " ".join(SCANNER_EDGES)]:
        n = len(text)
        for pos, endpos in [(0, None), (-3, None), (0, -1), (2, n + 5), (n + 1, None),
                            *((i, j) for i in range(min(n, 12)) for j in range(i, min(n, 12) + 1))]:
            expected = [w for w, _, _ in tokens(text, pos, endpos)]
            assert words(text, pos, endpos) == expected, (text, pos, endpos)
        assert analyze(text) == old_analyze(text), text


def test_a_url_free_text_takes_the_fast_scanner_and_a_url_the_plain_one(monkeypatch):
    calls: list[str] = []
    fast, plain = analyzer._WORD_NO_URL, analyzer._WORD

    class Spy:
        def __init__(self, pattern, name):
            self.pattern, self.name = pattern, name

        def findall(self, *args):
            calls.append(self.name)
            return self.pattern.findall(*args)

    monkeypatch.setattr(analyzer, "_WORD_NO_URL", Spy(fast, "fast"))
    monkeypatch.setattr(analyzer, "_WORD", Spy(plain, "plain"))
    assert words("قال 3.5 G20") == ["قال", "3.5", "G20"]
    assert words("اقرأ www.x.com الآن") == ["اقرأ", "الآن"]
    assert words("اقرأ https://x.com الآن") == ["اقرأ", "الآن"]
    assert calls == ["fast", "plain", "plain"]

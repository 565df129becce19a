"""The keyphrase candidates counted per article (``keyphrase_counts.counted``) are those of
counting every n-gram occurrence in turn (the loop it replaced, kept here as the reference),
and the per-word readings built by ``map`` are those of the per-word loops."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from khabar.arabic import tokens
from khabar.arabic.analyzer import token_list
from khabar.enrich.entity_words import Word, words_of
from khabar.enrich.entity_words import BREAK as ENTITY_BREAK
from khabar.enrich.entity_words import _plain_folded
from khabar.enrich.keyphrase_counts import MAX_WORDS, Candidate, counted
from khabar.enrich.keyphrases import NAME_OCCURRENCES, segments
from khabar.enrich.memo import Memo

TEXTS = [
    ("الاتفاق النووي الإيراني", "قال الرئيس الأمريكي دونالد ترامب إن الاتفاق النووي الإيراني سيئ.\n"
     "وأضاف أن الاتفاق النووي لا يمنع إيران، والاتفاق النووي الإيراني يبقى.\n"
     "الاتفاق النووي الإيراني الاتفاق النووي الإيراني، للأمن الوطني والأمن الوطني الأمن الوطني."),
    ("قصير", " ".join(["كلمة"] * 3 + ["ثانية", "ثالثة", "رابعة"] * 10)),
    ("", "النبي ﷺ قال النبي ﷺ في المدينة المنورة، المدينة المنورة المدينة المنورة"),
    ("عنوان فقط", ""),
]


def _reference(runs: list[tuple[list[tuple[str, str, str]], float, bool]]) -> list[Candidate]:
    """The per-occurrence counting ``counted`` replaced, then its filters and order."""
    candidates: dict[tuple[str, ...], Candidate] = {}
    position = 0
    for run, weight, is_title in runs:
        size = len(run)
        definite = [shown.startswith("ال") for _, shown, _ in run]
        for i in range(size):
            for n in range(1, min(MAX_WORDS, size - i) + 1):
                terms = tuple(t for _, _, t in run[i:i + n])
                form = " ".join([run[i][1], *(w for w, _, _ in run[i + 1:i + n])])
                c = candidates.setdefault(terms, Candidate(terms))
                c.count += weight
                c.occurrences += 1
                c.in_title = c.in_title or is_title
                c.first = min(c.first, position + i)
                c.forms[form] = c.forms.get(form, 0) + 1
                if n == 1:
                    c.heads += i + 1 < size and definite[i + 1]
                    c.tails += i > 0 and definite[i - 1] and definite[i]
        position += size
    doomed = set()
    for terms, c in candidates.items():
        if len(terms) < 2 or (c.occurrences < 2 and not c.in_title):
            continue
        for n in range(1, len(terms)):
            for i in range(len(terms) - n + 1):
                sub = candidates.get(terms[i:i + n])
                if sub is not None and sub.occurrences <= c.occurrences:
                    doomed.add(sub.terms)
    return [c for terms, c in candidates.items() if terms not in doomed
            and (c.occurrences >= 2 and len(set(terms)) == len(terms) if len(terms) > 1
                 else c.in_title or c.occurrences >= NAME_OCCURRENCES
                 or any(len(f.split()) != 1 for f in c.forms))]


def _seen(rest: str, whole: str) -> bool:
    return len(rest) > 3


@pytest.mark.parametrize(("title", "body"), TEXTS)
def test_counted_is_counting_each_occurrence(title: str, body: str):
    parts = [(title, 3.0, True)] + [(line, 1.5 if k == 0 else 1.0, False)
                                     for k, line in enumerate(body.split("\n"))]
    runs = [(run, weight, is_title) for text, weight, is_title in parts
            for run in segments(text, _seen)]
    entries, numbers, bounds = [], [], []
    for number, (run, weight, is_title) in enumerate(runs):
        bounds.append((len(entries), len(entries) + len(run), weight, is_title))
        entries += run
        numbers += [number] * len(run)
    got = counted(entries, numbers, bounds, NAME_OCCURRENCES)
    reference = _reference(runs)
    assert got == reference
    assert [list(c.forms.items()) for c in got] == [list(c.forms.items()) for c in reference]
    assert got  # the texts give candidates


@pytest.mark.parametrize(("title", "body"), TEXTS)
def test_token_list_and_words_of_are_the_loops(title: str, body: str):
    for text in (title, body, body + " https://example.com/a_b?c=1 www.example.org بعد"):
        assert token_list(text) == list(tokens(text))
        out: list[Word] = []
        last = 0
        for word, start, end in tokens(text):
            gap = text[last:start]
            last = end
            shown, folded = _plain_folded(word)
            out.append(Word(shown, folded, bool(ENTITY_BREAK.search(gap)) or not out,
                            "" if gap == " " else gap.strip()))
        assert words_of(text) == out == words_of(text, token_list(text))


def test_memo_computes_once_and_empties_at_its_limit():
    calls: list[str] = []
    function: Callable[[str], int] = lambda key: calls.append(key) or len(key)  # noqa: E731
    memo = Memo(function, 2)
    assert list(map(memo.__getitem__, ["ab", "abc", "ab"])) == [2, 3, 2]
    assert calls == ["ab", "abc"]
    assert memo["abcd"] == 4 and len(memo) == 1  # full: emptied before the third key

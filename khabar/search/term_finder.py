"""Where the words of a text whose index term is one of a query's are, without analyzing
every word of it (issue 16: the search page's snippets analyzed each result's body word by
word, most of its CPU).

A word's term (``khabar.arabic.term``) is its folded form with clitics and inflection
suffixes cut off; what the stemmer puts back is a final ه (``حكومتها`` → ``حكومه``,
``شركات`` → ``شركه``), and a broken plural's stem is replaced by its singular's
(``مدارس`` → ``مدرسه``). So every word whose term is ``t`` holds, folded, one of ``t``'s
*cores*: ``t`` or a broken plural of it, without that final ه. One regex of the cores,
each letter a class of every character that folds to it, with the marks and tatweel that
folding drops allowed between letters, finds the candidates at the regex engine's speed;
each candidate's word (its run of non-space characters, tokenized) is then checked with
``term`` as before, so a word is marked exactly when its term is one of the query's.

Checked on the 156,846 distinct words of the ANT corpus: every word with a term holds one
of its term's cores (``tests/search/test_term_finder.py`` keeps a sample of the forms).
A text holding a presentation form (or any character past them: ``max(text)``), a Latin term
in a text holding a character whose folded form is several (ß), or terms with a character
no class covers, is read word by word, as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from khabar.arabic import term, tokens
from khabar.arabic.analyzer import ARABIC_BLOCKS, NUMBER_SEPARATORS
from khabar.arabic.normalize import FOLD_TABLE, INVISIBLE, PRESENTATION_RANGES
from khabar.arabic.stem import BROKEN_PLURALS

#: the characters a term is made of, and what they are written as: Latin letters (the
#: tokenizer's Latin class), digits, the Arabic blocks
_SCRIPT_RANGES = ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), *ARABIC_BLOCKS)
#: a text with a character from the first presentation form on (presentation forms, the
#: BOM, emoji) is read word by word, so the classes need not hold the presentation forms
#: (one range: a class of both presentation blocks took twice as long)
_PRESENTATION_ON = re.compile(f"[{chr(min(lo for lo, _ in PRESENTATION_RANGES))}-\U0010ffff]")


def _tables() -> tuple[dict[str, str], str, str]:
    """Each folded character → the regex of what folds to it (a letter, or a class); the
    class of what folding drops; the characters below the presentation forms that fold to
    several (ß, İ: a Latin term's word may hold them)."""
    written: dict[str, set[str]] = defaultdict(set)
    dropped, several = set(INVISIBLE) - {"\ufeff"}, set()
    for lo, hi in _SCRIPT_RANGES:
        for cp in range(lo, hi + 1):
            char = chr(cp)
            folded = char.translate(FOLD_TABLE).casefold()
            if not folded:
                dropped.add(char)
            elif len(folded) == 1:
                written[folded].add(char)
            else:
                several.add(char)

    def klass(chars: set[str]) -> str:
        if len(chars) == 1:
            return re.escape(next(iter(chars)))
        spans: list[list[int]] = []  # as ranges: a class of single characters took ~1 ms
        for cp in sorted(map(ord, chars)):  # to compile for each new query
            if spans and spans[-1][1] == cp - 1:
                spans[-1][1] = cp
            else:
                spans.append([cp, cp])
        return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                             for a, b in spans) + "]"

    letters = {f: klass(chars | {f}) for f, chars in written.items()}
    return letters, klass(dropped), "".join(sorted(several))


_LETTER, _DROPPED, _SEVERAL = _tables()
_NUMBER_FILL = "[" + re.escape(NUMBER_SEPARATORS) + _DROPPED[1:-1] + "]*"
_PLURALS_OF: dict[str, set[str]] = defaultdict(set)
for _plural, _singular in BROKEN_PLURALS.items():
    _PLURALS_OF[_singular].add(_plural)
_SPACE = re.compile(r"\s")


def cores(word_term: str) -> set[str]:
    """What every word whose term is ``word_term`` holds, folded (one of them)."""
    return {form[:-1] if form.endswith("ه") and len(form) > 2 else form
            for form in (word_term, *_PLURALS_OF.get(word_term, ()))}


@lru_cache(maxsize=1024)
def finder(terms: frozenset[str]) -> tuple[re.Pattern[str], ...] | None:
    """A regex for each of ``terms``' cores as written (one alternation of them all was 3×
    slower: a pattern that opens with a letter lets the regex engine skip to it), or None
    when a core has a character no class covers (the words are then read one by one)."""
    found: set[str] = set()
    for each in terms:
        found |= cores(each)
    if not found or any(c not in _LETTER for core in found for c in core):
        return None
    return tuple(map(_pattern, sorted(found)))


@lru_cache(maxsize=4096)
def _pattern(core: str) -> re.Pattern[str]:
    fill = _NUMBER_FILL if core[0].isdigit() else _DROPPED + "*"
    return re.compile(fill.join(_LETTER[c] for c in core))


def _read_word_by_word(text: str, terms: frozenset[str]) -> bool:
    if _PRESENTATION_ON.search(text):
        return True
    return any(c.isascii() for each in terms for c in each) and any(c in text for c in _SEVERAL)


def term_spans(text: str, terms: set[str] | frozenset[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each word of ``text`` whose term is in ``terms``, in order."""
    if not terms:
        return
    key = frozenset(terms)
    patterns = finder(key)
    if patterns is None or _read_word_by_word(text, key):
        for word, start, end in tokens(text):
            if term(word) in terms:
                yield start, end
        return
    found = sorted({m.start() for pattern in patterns for m in pattern.finditer(text)})
    checked = 0  # candidates before this offset are in a run of characters already read
    for at in found:
        if at < checked:
            continue
        begin = max(text.rfind(" ", 0, at) + 1, text.rfind("\n", 0, at) + 1, checked)
        space = _SPACE.search(text, at)
        checked = space.start() if space else len(text)
        for word, start, end in tokens(text, begin, checked):
            if term(word) in terms:
                yield start, end

"""Dictionary forms of words for tags: what an editor would write, not what the text spelled.

- ``plain(word)``: ``clean``ed letters without harakat or tatweel ("الوطنی" → "الوطني").
- ``bare(word)``: the word without attached و ف ب ك ل, keeping the article when it belongs to
  the noun ("للأمن" → "الأمن", "وبالنفط" → "النفط", "بنسبة" → "نسبة"); a letter that is part
  of the word stays ("لبنان", "وزير", "بيان"): a single letter goes only when the analyzer
  also takes it for a clitic (``term(word) == term(word[1:])``).
- ``key(text)``: the matching key of a name or phrase: each word bared, then folded.
- ``tag_form(phrase)``: a keyword given by a source, made a clean tag (first word bared).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from khabar.arabic import clean, term, tokens
from khabar.arabic import fold as _fold

#: ``khabar.arabic.fold``, remembered per word (tags fold the same words again and again)
fold = lru_cache(maxsize=200_000)(_fold)

# Harakat (064B–065F), superscript alef (0670) and tatweel (0640).
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")

# Article combinations: what they become in dictionary form, longest first.
_ARTICLE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("وبال", "ال"), ("وكال", "ال"), ("فبال", "ال"), ("ولل", "ال"), ("فلل", "ال"),
    ("وال", "ال"), ("فال", "ال"), ("بال", "ال"), ("كال", "ال"), ("لل", "ال"),
)
_SINGLE_CLITICS = "وفبلك"
#: letters left after the article for it to be one ("الله" keeps its لل)
_MIN_AFTER_ARTICLE = 2


@lru_cache(maxsize=200_000)
def plain(word: str) -> str:
    """Display letters: ``clean``ed, no harakat or tatweel."""
    return _MARKS.sub("", clean(word)).strip()


def bare(word: str, seen: Callable[[str, str], bool] | None = None) -> str:
    """The word without attached conjunctions and prepositions (see the module docstring).

    ``seen(rest, whole)`` (both folded) says whether the rest is a word of its own (in the
    same article, or more common in the corpus than the whole); given, a clitic is taken off
    only then, so "لافروف", "فالنسيا" and "لجنة" stay whole. Without it the analyzer's own guards decide."""
    word = plain(word)
    if word in ("الله", "لله"):
        return "الله"
    for prefix, replacement in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_AFTER_ARTICLE:
            rest = replacement + word[len(prefix):]
            if prefix[0] == "ف" and not (seen(fold(rest), fold(word)) if seen else _agrees(word, rest)):
                break
            return rest
    # One or two single clitics (و then ب/ل/ك).
    for _ in range(2):
        if len(word) > 3 and word[0] in _SINGLE_CLITICS:
            rest = word[1:]
            if (seen(fold(rest), fold(word)) if seen else _agrees(word, rest)):
                word = rest
                continue
        break
    return word


@lru_cache(maxsize=100_000)
def _agrees(word: str, rest: str) -> bool:
    whole = term(word)
    return whole is not None and whole == term(rest)


@lru_cache(maxsize=200_000)
def key(text: str) -> str:
    """Matching key of a name or phrase: words bared and folded, joined by one space."""
    return " ".join(fold(bare(w)) for w in text.split())


def tag_form(phrase: str) -> str:
    """A keyword as a clean tag: letters ``plain``, the first word ``bare``; "" if nothing
    Arabic or Latin is left."""
    words = [plain(w) for w, _, _ in tokens(phrase) if plain(w)]
    if not words:
        return ""
    words[0] = bare(words[0])
    return " ".join(words)

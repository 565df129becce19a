"""Tokens and index terms: the same analysis at index time and at query time.

- ``tokens(text)`` finds raw words in the original text, with offsets, for highlighting.
- ``term(word)`` turns one raw word into its index term (or None for a stop word).
- ``analyze(text)`` is the two together: the list of index terms of a text.

A token is a run of Arabic letters and marks (harakat and tatweel included, presentation forms
too), a run of Latin letters and digits, or a number whose digits may be grouped by "," "." or
the Arabic separators ٫ ٬ ("3.5", "1,000", "١٬٥٠٠"). Punctuation and symbols separate tokens,
so "#وسم" gives "وسم" and "@user" gives "user". The invisible characters that ``clean()``
removes (bidi marks, zero-width characters, soft hyphen) do not split a word, so a text gives
the same terms before and after ``clean()``.

URLs (``http://``, ``https://``, ``www.``) give no tokens at all: their path pieces would be
junk terms, and the outlet an article comes from is stored apart from its text.

Terms contain only letters and digits, as the SQLite FTS5 unicode61 tokenizer expects.
A number's separators are dropped ("1,000" → "1000"), which keeps "1.000" and "1,000" equal
and makes "3.5" the same term as "35", an accepted collision.
"""

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from khabar.arabic.normalize import INVISIBLE, PRESENTATION_RANGES, clean, fold
from khabar.arabic.stem import stem
from khabar.arabic.stopwords import CONJUNCTION_KEEP, STOP_WORDS

# --- Data -------------------------------------------------------------------------------------

#: Bumped whenever ``analyze`` gives other terms for the same text: a search index built with
#: another version must be rebuilt. 1: walking skeleton. 2: ب/ل before any letter and و before
#: an alef stripped as proclitics (stem.LONG_PROCLITICS), guarded by stem.RADICAL_START_WORDS.
#: 3: the alef of the accusative tanween dropped ("رئيساً" → "رئيس"), feminine plurals in ات
#: meet their singular in ة (stem.FEMININE_PLURAL_STEMS), broken plurals their singular
#: (stem.BROKEN_PLURALS). Stores built with 2 rebuild their index on start (index_state).
ANALYZER_VERSION = 3

# Blocks whose letters (L*) and marks (M*) make Arabic words: Arabic, Supplement, Extended-A,
# Presentation Forms A and B.
ARABIC_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

URL_PATTERN = r"(?:https?://|www\.)[^\s<>\"'«»]+"
NUMBER_SEPARATORS = ".,\u066b\u066c"  # . , ٫ ٬
LATIN_CLASS = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
ARABIC_DIGITS = "\u0660-\u0669\u06f0-\u06f9"
CONJUNCTIONS = "وف"

# Presentation-form ligatures that unfold to several words (ﷺ "صلى الله عليه وسلم", ﷻ).
PHRASE_LIGATURES: frozenset[str] = frozenset(
    chr(cp)
    for lo, hi in PRESENTATION_RANGES
    for cp in range(lo, hi + 1)
    if " " in clean(chr(cp)).strip()
)

# --- Regex ------------------------------------------------------------------------------------


def _class_of(ranges: tuple[tuple[int, int], ...], categories: tuple[str, ...]) -> str:
    """A regex character class body with the code points of the given categories."""
    spans: list[tuple[int, int]] = []
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            if unicodedata.category(chr(cp)).startswith(categories):
                if spans and spans[-1][1] == cp - 1:
                    spans[-1] = (spans[-1][0], cp)
                else:
                    spans.append((cp, cp))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in spans)


_ARABIC_CLASS = _class_of(ARABIC_BLOCKS, ("L", "M"))
_ARABIC = f"[{_ARABIC_CLASS}]"
_JOIN = f"[{re.escape(INVISIBLE)}]"
_DIGIT = f"[0-9{ARABIC_DIGITS}]"

#: each kind of word: its name, the class of its first character, and what follows that
#: character (the word is ``class+tail``), in the order they are tried
_WORD_KINDS: tuple[tuple[str, str, str], ...] = (
    ("number", _DIGIT, f"(?:[{NUMBER_SEPARATORS}]{_DIGIT}+)+"),
    ("latin", f"[{LATIN_CLASS}]", f"(?:{_JOIN}+[{LATIN_CLASS}]+)*"),
    ("digits", f"[{ARABIC_DIGITS}]", f"(?:{_JOIN}+[{ARABIC_DIGITS}]+)*"),
    ("arabic", _ARABIC, f"(?:{_JOIN}+{_ARABIC}+)*"),
)
_TOKEN = re.compile(f"(?P<url>{URL_PATTERN})"
                    + "".join(f"|(?P<{name}>{first}+{tail})" for name, first, tail in _WORD_KINDS))
#: the same tokens, for ``findall``: a word, or "" for a URL
_WORD = re.compile(f"(?:{URL_PATTERN})|("
                   + "|".join(f"(?:{first}+{tail})" for _, first, tail in _WORD_KINDS) + ")")
#: the same words in a text without URLs (no "://", no "www."), nearly every article. The
#: pattern opens with one class, every character a word can start with, so the regex engine
#: skips the characters between words without trying a match at each of them (it does that
#: only for a pattern that starts with a class); a lookbehind then tells the kinds apart.
#: Arabic goes first (the most words; its first characters start no other kind), the other
#: kinds keep their order. Possessive quantifiers: nothing after them could make them give back.
_WORD_NO_URL = re.compile(
    f"[{_ARABIC_CLASS}{LATIN_CLASS}{ARABIC_DIGITS}](?:"
    + "|".join(f"(?<={first}){first}*+{tail}+"
               for _, first, tail in sorted(_WORD_KINDS, key=lambda kind: kind[0] != "arabic"))
    + ")")

# An alef carrying (or carried by) the accusative tanween at the end of a word, marks around
# it allowed ("رئيساً", "سفيراً", "مسؤولًا"); the alef is no letter of the noun.
_TANWEEN_ALEF = re.compile("(?:\u0627[\u064b\u0651\u0640]*\u064b|\u064b\u0627)[\u0640\u064b-\u0652]*$")
#: letters that must remain once the tanween alef is gone ("جداً" is a stop word first)
MIN_TANWEEN_STEM = 3

_DROP_SEPARATORS = str.maketrans("", "", NUMBER_SEPARATORS)
_ARABIC_LETTER = re.compile(_ARABIC)

# --- Public functions -------------------------------------------------------------------------


def tokens(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[str, int, int]]:
    """Raw words of ``text`` with their offsets: ``text[start:end] == word``. URLs are skipped.
    ``pos`` and ``endpos`` read a part only (cut it at whitespace: no word holds any)."""
    for match in _TOKEN.finditer(text, pos, len(text) if endpos is None else endpos):
        if match.lastgroup != "url":
            yield match.group(), match.start(), match.end()


_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end


def token_list(text: str) -> list[tuple[str, int, int]]:
    """``list(tokens(text))``, made without a Python step per token when the text holds no
    URL (``_WORD_NO_URL`` finds the same words then, see ``words``)."""
    if text.find("://") < 0 and text.find("www.") < 0:
        found = list(_WORD_NO_URL.finditer(text))
        return list(zip(map(_GROUP, found), map(_START, found), map(_END, found)))
    return list(tokens(text))


def words(text: str, pos: int = 0, endpos: int | None = None) -> list[str]:
    """The words of ``tokens(text, pos, endpos)`` without their offsets (faster)."""
    end = len(text) if endpos is None else endpos
    if 0 <= pos and 0 <= end and text.find("://", pos, end) < 0 and text.find("www.", pos, end) < 0:
        return _WORD_NO_URL.findall(text, pos, end)
    return list(filter(None, _WORD.findall(text, pos, end)))


@lru_cache(maxsize=200_000)
def term(word: str) -> str | None:
    """The index term of one raw token, or None (stop word, single Arabic letter, empty)."""
    folded = fold(word)
    if not folded:
        return None
    if folded[0].isdigit():
        folded = folded.translate(_DROP_SEPARATORS)
        return folded if folded.isalnum() else None
    if not folded.isalnum():
        # A combining mark left by casefold ("İ" → "i̇"), or a ligature that unfolds to a
        # phrase such as ﷺ (analyze() handles those).
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        if not folded.isalnum():
            return None
    if len(folded) == 1 and _ARABIC_LETTER.match(folded):
        return None
    if folded in STOP_WORDS:
        return None
    if folded[0] in CONJUNCTIONS and folded[1:] in STOP_WORDS and folded not in CONJUNCTION_KEEP:
        return None  # وفي, ولم, فهو
    if folded[-1] == "ا" and len(folded) > MIN_TANWEEN_STEM and _TANWEEN_ALEF.search(word):
        folded = folded[:-1]  # "رئيساً" -> "رئيس": the alef of the accusative tanween
    stemmed = stem(folded)
    # A stop word left by a suffix is one ("بعضها" → "بعض"); one left by the article alone
    # is a noun ("الآلي" → "الي", not إلى).
    if stemmed in STOP_WORDS and not folded.endswith("ال" + stemmed):
        return None
    return stemmed


@lru_cache(maxsize=10_000)
def _phrase_terms(word: str) -> tuple[str, ...]:
    """Terms of a ligature that unfolds to a phrase (ﷺ), as ``clean()`` would have spelled it."""
    return tuple(t for w, _, _ in tokens(clean(word)) if (t := term(w)))


class _TermTable(dict[str, str]):
    """The terms of the words met, for ``analyze``: a word's term, "" for none, or a
    ligature's terms joined by spaces (terms hold no space). A word met for the first time is
    looked up with ``term`` (``__missing__``); the table empties when it reaches
    ``_TERMS_MAX`` words."""

    def __missing__(self, word: str) -> str:
        t = term(word)
        if t is None:
            t = " ".join(_phrase_terms(word)) if not PHRASE_LIGATURES.isdisjoint(word) else ""
        if len(self) >= _TERMS_MAX:
            self.clear()
        self[word] = t
        return t


_TERMS = _TermTable()
_TERMS_MAX = 400_000


def analyze(text: str) -> list[str]:
    """The index terms of ``text``, in order; the same for ``text`` and ``clean(text)``."""
    found = list(filter(None, map(_TERMS.__getitem__, words(text))))
    if " " in "".join(found):  # a ligature's phrase (ﷺ): its terms are space-joined
        return " ".join(found).split()
    return found

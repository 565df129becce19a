"""One reading of an article's text, shared by every enrichment step.

Enriching an article used to tokenize its text once per step: the tagger's corpus counts, the
keyphrases' document spellings, the exact-duplicate fingerprint, the near-copy shingles, each
over the same title and body. ``read(title, body)`` does each of those readings once and keeps
them for the other steps: it remembers the last text read (per thread), so the steps of one
article — ``enrich``, the tagger, ``analyze_item_text`` right after — share one ``Reading``
without being handed it. The rules that use a reading (which words make a tag, a name, a copy)
stay in their own modules; this one only decides how often the text is read.

Every value here is exactly what the step computed on its own before (the tests in
``tests/enrich/test_reading.py`` compare them), so sharing changes no result.
"""

from __future__ import annotations

import threading
from typing import cast

from khabar.arabic import fold as _fold
from khabar.arabic import term
from khabar.arabic.analyzer import token_list
from khabar.arabic.analyzer import words as raw_words
from khabar.enrich.memo import Memo
from khabar.enrich.tagforms import fold, plain


def _spelling(word: str) -> str:
    return fold(plain(word))


#: a raw word's folded display spelling (``fold(plain(word))``), remembered per word
spelling = Memo(_spelling, 200_000).__getitem__


class Reading:
    """What the enrichment steps read of one article's title and body, each read once."""

    __slots__ = ("title", "body", "_spellings", "_terms", "_title_folded", "_body_folded",
                 "_title_tokens", "_body_tokens")

    def __init__(self, title: str, body: str) -> None:
        self.title = title
        self.body = body
        self._spellings: frozenset[str] | None = None
        self._terms: frozenset[str] | None = None
        self._title_folded: list[str] | None = None
        self._body_folded: list[str] | None = None
        self._title_tokens: list[tuple[str, int, int]] | None = None
        self._body_tokens: list[tuple[str, int, int]] | None = None

    @property
    def text(self) -> str:
        """Title and body as one text, as the steps joined them."""
        return self.title + "\n" + self.body

    @property
    def spellings(self) -> frozenset[str]:
        """The folded spellings of every word of title and body (``TermStats`` counts them,
        keyphrases ask whether a bared word is one of them)."""
        if self._spellings is None:
            self._spellings = frozenset(map(spelling, raw_words(self.text)))
        return self._spellings

    @property
    def terms(self) -> frozenset[str]:
        """The analyzer terms of those spellings (the document frequencies count them)."""
        if self._terms is None:
            self._terms = cast(frozenset[str], frozenset(map(term, self.spellings)) - _NONE)
        return self._terms

    @property
    def title_tokens(self) -> list[tuple[str, int, int]]:
        """``tokens(title)``: the raw words with their offsets (the entity words, the
        keyphrases' segments)."""
        if self._title_tokens is None:
            self._title_tokens = token_list(self.title)
        return self._title_tokens

    @property
    def body_tokens(self) -> list[tuple[str, int, int]]:
        """``tokens(body)``; a paragraph's are those between its line breaks (no token holds
        one), at the same offsets."""
        if self._body_tokens is None:
            self._body_tokens = token_list(self.body)
        return self._body_tokens

    @property
    def title_folded(self) -> list[str]:
        """The words of the folded title (``tokens(fold(title))``)."""
        if self._title_folded is None:
            self._title_folded = _folded_words(self.title)
        return self._title_folded

    @property
    def body_folded(self) -> list[str]:
        """The words of the folded body."""
        if self._body_folded is None:
            self._body_folded = _folded_words(self.body)
        return self._body_folded

    def folded_words(self) -> list[str]:
        """The words of ``fold(title + "\\n" + body)``: the title's then the body's (a line
        break ends every token, and folding changes no line break)."""
        return self.title_folded + self.body_folded


def _folded_words(text: str) -> list[str]:
    return raw_words(_fold(text))  # the words of ``tokens(fold(text))``, without offsets


_NONE = frozenset((None,))


_LAST = threading.local()


def body_tokens(body: str) -> list[tuple[str, int, int]]:
    """``tokens(body)``: the last reading's when it was of this body (the tagger read it just
    before: quotes read the same words), else read now. The list is shared: not to be changed."""
    last: Reading | None = getattr(_LAST, "reading", None)
    if last is not None and last.body == body:
        return last.body_tokens
    return token_list(body)


def read(title: str, body: str) -> Reading:
    """The reading of this title and body: the one made last in this thread when it was of
    the same text, else a new one."""
    last: Reading | None = getattr(_LAST, "reading", None)
    if last is not None and last.title == title and last.body == body:
        return last
    reading = Reading(title, body)
    _LAST.reading = reading
    return reading

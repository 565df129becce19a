"""The text side of quote extraction: words with their offsets, sentences that do not end
inside a quotation, quotation-mark regions, and where the entities of an article are named
in it (a person also by the last word of their name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from khabar.enrich.entity_words import PARTICLES, word_variants
from khabar.enrich.quote_cues import QUOTE_MARKS
from khabar.enrich.reading import body_tokens, spelling
from khabar.enrich.tagforms import fold, plain
from khabar.store.records import Entity

_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s|$)|\n")
#: any mark that opens a quotation
_OPENING = re.compile("[" + "".join(map(re.escape, QUOTE_MARKS)) + "]")


class Tok(NamedTuple):
    """A word of the text: as written, folded (``fold(plain(shown))``), its offsets."""

    shown: str
    folded: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    first: int  # index of the first word
    last: int  # index of the last word
    entity: Entity


def words(text: str) -> list[Tok]:
    """The words of ``text`` (an article's body: its tokens as the tagger read them)."""
    new = tuple.__new__  # a Tok without a Python-level ``__new__`` per word
    return [new(Tok, (w, spelling(w), s, e)) for w, s, e in body_tokens(text)]


@lru_cache(maxsize=200_000)
def forms_of(folded: str) -> frozenset[str]:
    """A folded word under any clitic (``word_variants``), remembered per word."""
    return frozenset(v for v, _ in word_variants(folded))


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation, marks included, within one paragraph; an unclosed
    mark quotes nothing."""
    out: list[tuple[int, int]] = []
    i = 0
    while (found := _OPENING.search(text, i)) is not None:
        i = found.start()  # the next opening mark: the characters before it open nothing
        close = QUOTE_MARKS[text[i]]
        j = text.find(close, i + 1)
        newline = text.find("\n", i + 1)
        if j < 0 or (0 <= newline < j):
            i += 1
            continue
        out.append((i, j + 1))
        i = j + 1
    return out


def sentences(text: str, quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a full stop inside a quotation does not end one."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() != "\n" and any(a < m.start() < b - 1 for a, b in quoted):
            continue
        if text[start:m.end()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def inside(pos: int, regions: list[tuple[int, int]]) -> bool:
    for a, b in regions:
        if a <= pos < b:
            return True
    return False


def mentions(toks: list[Tok], entities: list[Entity]) -> list[Mention]:
    """Where each person, organization and place of ``entities`` is named in ``toks``: all the words
    of its name in a row (a word may carry a clitic: "لوزارة"), or for a person the last
    word of the name alone ("قال أوغلو")."""
    named: list[tuple[Entity, list[list[str]]]] = []
    for entity in entities:
        if entity.type not in ("person", "organization", "place"):
            continue
        name = [fold(plain(w)) for w in entity.name.split()]
        if not name:
            continue
        forms = [name]
        last = name[-1]
        if entity.type == "person" and len(name) > 1 and len(last) >= 3 and last not in PARTICLES:
            forms.append([last])
        named.append((entity, forms))
    if not named:
        return []
    variants = [forms_of(t.folded) for t in toks]
    # where each word a name opens with stands (under any clitic); no other word is asked for
    openers = frozenset(form[0] for _, forms in named for form in forms)
    at: dict[str, list[int]] = {}
    for i, forms_here in enumerate(variants):
        if not openers.isdisjoint(forms_here):
            for v in forms_here & openers:
                at.setdefault(v, []).append(i)
    out: list[Mention] = []
    for entity, forms in named:
        taken: set[int] = set()
        for form in forms:
            n = len(form)
            for i in at.get(form[0], ()):
                if i not in taken and i + n <= len(toks) and \
                        all(form[k] in variants[i + k] for k in range(1, n)):
                    out.append(Mention(i, i + n - 1, entity))
                    taken.add(i)
    # a longer name over a shorter one at the same words
    out.sort(key=lambda m: (m.first, -(m.last - m.first)))
    kept: list[Mention] = []
    for m in out:
        if kept and kept[-1].first <= m.first <= kept[-1].last:
            continue
        kept.append(m)
    return kept

"""The search query language, parsed once into a tree that each backend compiles.

    words            all must match                 إدارة ترامب
    "a phrase"       words in this order            "وقف إطلاق النار"
    a OR b, a | b    either (binds tighter than AND) غزة OR القدس
    -word, -"phrase" must not match                 النفط -أوبك

Anything else a user types (stray quotes, brackets, FTS operators, symbols) is plain text:
it never reaches a backend's query syntax. Words are raw here; ``analyze_query`` turns them
into index terms with ``khabar.arabic`` — the same analyzer that indexed the articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khabar.arabic import analyze
from khabar.errors import QueryError

#: longest query accepted, in characters
MAX_QUERY_CHARS = 500
#: most index terms a query may hold
MAX_QUERY_TERMS = 32

_TOKEN = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]+)')
_OR = {"OR", "|"}


@dataclass(frozen=True, slots=True)
class Word:
    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    options: tuple[Word | Phrase, ...]


Node = Word | Phrase | AnyOf


@dataclass(frozen=True, slots=True)
class Query:
    """``must`` all match, none of ``must_not`` does."""

    must: tuple[Node, ...]
    must_not: tuple[Word | Phrase, ...]


def parse(text: str) -> Query:
    """Parse what a user typed; raises ``QueryError`` only for an over-long query."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query longer than {MAX_QUERY_CHARS} characters",
            user_message=f"عبارة البحث أطول من {MAX_QUERY_CHARS} حرفاً.",
        )
    must: list[Node] = []
    must_not: list[Word | Phrase] = []
    pending_or = False
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word in _OR:
            pending_or = bool(must)
            continue
        negated = bool(match.group("neg"))
        if match.group("phrase") is not None:
            node: Word | Phrase = Phrase(tuple(match.group("phrase").split()))
        elif word.startswith("-") and len(word) > 1:
            negated, node = True, Word(word[1:])
        else:
            node = Word(word)
        if negated:
            must_not.append(node)
        elif pending_or:
            last = must.pop()
            options = last.options if isinstance(last, AnyOf) else (last,)
            must.append(AnyOf(options + (node,)))
        else:
            must.append(node)
        pending_or = False
    return Query(tuple(must), tuple(must_not))


# --- analysis: raw words → index terms ---------------------------------------------------

@dataclass(frozen=True, slots=True)
class Terms:
    """One analyzed clause: a single term, or terms that must stand in this order."""

    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnalyzedQuery:
    must: tuple[tuple[Terms, ...], ...]  # each clause: any of its alternatives
    must_not: tuple[Terms, ...]

    def positive_terms(self) -> set[str]:
        return {t for clause in self.must for alt in clause for t in alt.terms}


def analyze_query(query: Query) -> AnalyzedQuery:
    """Index terms for every clause; clauses that analyze to nothing (stop words) drop out."""
    must = []
    for node in query.must:
        options = node.options if isinstance(node, AnyOf) else (node,)
        alternatives = tuple(t for t in (_terms(o) for o in options) if t is not None)
        if alternatives:
            must.append(alternatives)
    must_not = tuple(t for t in (_terms(n) for n in query.must_not) if t is not None)
    count = sum(len(a.terms) for c in must for a in c) + sum(len(t.terms) for t in must_not)
    if count > MAX_QUERY_TERMS:
        raise QueryError(
            f"query has {count} terms, more than {MAX_QUERY_TERMS}",
            user_message=f"عبارة البحث تحتوي على أكثر من {MAX_QUERY_TERMS} كلمة.",
        )
    if not must:
        if must_not:
            raise QueryError(
                "query has only excluded words",
                user_message="أضف كلمة واحدة على الأقل للبحث عنها، لا كلمات مستبعدة فقط.",
            )
        raise QueryError(
            "query has no searchable words",
            user_message="اكتب كلمة أو أكثر للبحث عنها (الكلمات الشائعة مثل «في» و«من» لا تكفي وحدها).",
        )
    return AnalyzedQuery(tuple(must), must_not)


def _terms(node: Word | Phrase) -> Terms | None:
    text = node.text if isinstance(node, Word) else " ".join(node.words)
    terms = tuple(analyze(text))
    return Terms(terms) if terms else None

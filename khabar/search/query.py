"""The search query language, parsed once into a tree that each backend compiles.

    words            all must match                 إدارة ترامب
    "a phrase"       words in this order            "وقف إطلاق النار"
    a OR b, a | b    either (binds tighter than AND) غزة OR القدس
    -word, -"phrase" must not match                 النفط -أوبك
    source:NAME      from this outlet (any of several) source:skynews source:"فرانس 24"
                     (name, code, domain or English name: see ``SourceNames``)
    category:NAME    in this category               category:sport
    tag:WORD         with this keyword              tag:"الأمن الوطني"
    entity:NAME      naming this entity             entity:حماس  entity:"دونالد ترامب"
    speaker:NAME     with a statement by this speaker speaker:"رجب طيب أردوغان"  speaker:أردوغان
                     (a quote's speaker, ``khabar.enrich.quotes``: the full name or its last word)
    country:CC       filed under this country       country:sa  country:السعودية  بلد:مصر
                     (as the country editions /country/{cc}; an ISO code or the Arabic name)
    from:DATE        published on or after          from:2018-03-01  from:"1 مارس 2018"
    to:DATE          published on or before         to:2018-03-31

Anything else a user types (stray quotes, brackets, FTS operators, symbols) is plain text:
it never reaches a backend's query syntax. Words are raw here; ``analyze_query`` turns them
into index terms with ``khabar.arabic`` — the same analyzer that indexed the articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from khabar.arabic import analyze, parse_date
from khabar.errors import QueryError
from khabar.search.countries import country_code
from khabar.store.filters import ArticleFilter

#: longest query accepted, in characters
MAX_QUERY_CHARS = 500
#: most index terms a query may hold
MAX_QUERY_TERMS = 32

#: filter names as typed (English, or Arabic) → the filter they set
FILTER_KEYS = {
    "source": "source", "المصدر": "source", "مصدر": "source",
    "category": "category", "القسم": "category", "قسم": "category",
    "tag": "tag", "وسم": "tag",
    "entity": "entity", "اسم": "entity",
    "speaker": "speaker", "قائل": "speaker", "المتحدث": "speaker",
    "country": "country", "البلد": "country", "بلد": "country", "الدولة": "country",
    "دولة": "country",
    "from": "from", "منذ": "from",
    "to": "to", "حتى": "to",
}

_TOKEN = re.compile(
    r'(?P<key>' + "|".join(FILTER_KEYS) + r')[:：](?:"(?P<qvalue>[^"]*)(?:"|$)|(?P<value>[^\s"]*))'
    r'|(?P<neg>-)?"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]+)',
    re.IGNORECASE,
)
_OR = {"OR", "|"}

#: the source names a typed ``source:`` value stands for (an outlet's code, domain or English
#: name → its stored sources' names; ``khabar.pipeline.source_names`` reads the catalogue)
SourceNames = Callable[[str], Iterable[str]]


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
    """``must`` all match, none of ``must_not`` does; ``filters`` as (name, value) pairs."""

    must: tuple[Node, ...]
    must_not: tuple[Word | Phrase, ...]
    filters: tuple[tuple[str, str], ...] = ()


def parse(text: str) -> Query:
    """Parse what a user typed; raises ``QueryError`` only for an over-long query."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query longer than {MAX_QUERY_CHARS} characters",
            user_message=f"عبارة البحث أطول من {MAX_QUERY_CHARS} حرفاً.",
        )
    must: list[Node] = []
    must_not: list[Word | Phrase] = []
    filters: list[tuple[str, str]] = []
    pending_or = False
    for match in _TOKEN.finditer(text):
        if match.group("key"):
            value = (match.group("qvalue") or match.group("value") or "").strip()
            if value:
                filters.append((FILTER_KEYS[match.group("key").lower()], value))
            continue
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
    return Query(tuple(must), tuple(must_not), tuple(filters))


# --- analysis: raw words → index terms ---------------------------------------------------

@dataclass(frozen=True, slots=True)
class Terms:
    """One analyzed clause: a single term, or terms that must stand in this order."""

    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnalyzedQuery:
    must: tuple[tuple[Terms, ...], ...]  # each clause: any of its alternatives
    must_not: tuple[Terms, ...]
    filters: ArticleFilter = ArticleFilter()

    @property
    def has_terms(self) -> bool:
        """False for a query of filters only, which lists articles instead of matching text."""
        return bool(self.must)

    def positive_terms(self) -> set[str]:
        return {t for clause in self.must for alt in clause for t in alt.terms}


def analyze_query(query: Query, base: ArticleFilter | None = None,
                  source_names: SourceNames | None = None) -> AnalyzedQuery:
    """Index terms for every clause; clauses that analyze to nothing (stop words) drop out.

    Filters typed in the query narrow ``base`` (filters chosen outside it, e.g. in a form);
    ``source_names`` widens each ``source:`` value to the names it stands for."""
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
    filters = build_filter(query.filters, base or ArticleFilter(), source_names)
    if not must and not must_not and not filters.is_empty():
        return AnalyzedQuery((), (), filters)
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
    return AnalyzedQuery(tuple(must), must_not, filters)


def build_filter(pairs: tuple[tuple[str, str], ...], base: ArticleFilter,
                 source_names: SourceNames | None = None) -> ArticleFilter:
    """An ``ArticleFilter`` from typed (name, value) pairs on top of ``base``; a ``source:``
    value also matches the names ``source_names`` gives for it."""
    changes: dict = {}
    sources = list(base.sources)
    for name, value in pairs:
        if name == "source":
            sources.append(value)
            if source_names is not None:
                sources.extend(source_names(value))
        elif name == "category":
            changes["category"] = value
        elif name == "tag":
            changes["keyword"] = value
        elif name == "entity":
            changes["entity"] = value
        elif name == "speaker":
            changes["speaker"] = value
        elif name == "country":
            changes["country"] = country_code(value)
        elif name == "from":
            changes["since"] = _day(value, name)
        elif name == "to":
            until = _day(value, name)
            # "to:2018-03-31" includes that whole day.
            changes["until"] = until + timedelta(days=1) if until.time() == time() else until
    if sources:
        changes["sources"] = tuple(dict.fromkeys(sources))
    return replace(base, **changes)


def _day(value: str, name: str) -> datetime:
    parsed = parse_date(value)
    if parsed is None:
        raise QueryError(
            f"cannot read the date {value!r} of {name}:",
            user_message=f"لم أفهم التاريخ «{value}». اكتبه مثل 2018-03-01 أو «1 مارس 2018».",
        )
    return parsed


def _terms(node: Word | Phrase) -> Terms | None:
    text = node.text if isinstance(node, Word) else " ".join(node.words)
    terms = tuple(analyze(text))
    return Terms(terms) if terms else None

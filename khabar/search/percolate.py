"""Percolation: which saved searches a newly stored article matches.

Search runs one query against many articles; percolation runs one article against many
queries. Saved queries are parsed and analyzed by the same code as a typed search
(``query.parse`` → ``query.analyze_query``), then compiled into an inverted index from one
*anchor* term per query to the queries it anchors:

- a query's anchor clause is one of its required clauses (``must``): every matching article
  contains a term of each required clause, so it contains a term of the anchor clause. Each
  alternative of the anchor clause (``a OR b``, a phrase) is indexed under one of its terms
  (for a phrase, its least frequent term).
- the clause chosen is the one whose alternatives are rarest in the archive (document
  frequencies from the store, when given), so a query ``النفط أوبك`` waits under ``أوبك``.
- queries of filters only ("source:bbc") have no terms; they are indexed under their source,
  category, entity, keyword or country, and only queries with nothing to index by are checked against
  every article.

Matching an article therefore looks up each distinct term of the article once and checks the
full semantics (phrases, OR, exclusions, every filter) only on the candidates: its cost grows
with the terms the article shares with anchors, not with the number of saved queries
(``bench/alerts.py``).

The full check reads the article as the backends index it: ``analyze(title)`` and
``analyze(body)``, a phrase matching consecutive terms within one of the two (FTS5 columns; the
tsvector's gap between title and body), filters compared as ``store.sql.filter_conditions``
compares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from khabar.arabic import analyze
from khabar.errors import QueryError
from khabar.search.expand import Variants, expand_names
from khabar.search.query import AnalyzedQuery, SourceNames, Terms, analyze_query, parse
from khabar.store.filters import ArticleFilter
from khabar.store.records import Article, Entity


@dataclass(frozen=True, slots=True)
class Document:
    """An article as the percolator reads it: its terms and what the filters look at."""

    title_terms: tuple[str, ...]
    body_terms: tuple[str, ...]
    source: str
    source_id: int | None = None
    category: str | None = None
    keywords: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    time: datetime | None = None  # publication, else fetch time (the lists' sort time)
    article_id: int | None = None
    terms: frozenset[str] = field(default=frozenset())

    @classmethod
    def of(cls, article: Article) -> Document:
        title, body = tuple(analyze(article.title)), tuple(analyze(article.body))
        return cls(
            title_terms=title, body_terms=body, source=article.source or "",
            source_id=article.source_id, category=article.category,
            keywords=frozenset(article.keywords or ()),
            entities=frozenset(_entity_name(e) for e in article.entities or ()),
            countries=frozenset(c.upper() for c in article.countries or ()),
            time=_utc(article.published_at or article.fetched_at), article_id=article.id,
            terms=frozenset(title) | frozenset(body),
        )


def _entity_name(entity: Entity | str) -> str:
    return entity if isinstance(entity, str) else entity.name


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


#: the filter fields ``matches`` checks; a query setting any other cannot be saved
CHECKED_FILTERS = ("sources", "source_id", "category", "keyword", "entity", "country", "since",
                   "until", "stored_after_id")


def compile_saved(text: str, variants: Variants | None = None,
                  source_names: SourceNames | None = None) -> AnalyzedQuery:
    """A saved query's text, parsed and analyzed as a typed search would be (``variants``
    and ``source_names`` as ``khabar.search.service.prepare`` takes them: a name matches its
    other spellings, ``source:bbc`` the outlet's stored sources); raises
    ``QueryError`` (with an Arabic message) for a query search would refuse, and for a filter
    the percolator cannot check on one article (none today: a guard for filters added to the
    query language later, which would otherwise be ignored silently)."""
    query = analyze_query(expand_names(parse(text), variants or {}), None, source_names)
    rest = replace(query.filters, **{name: getattr(ArticleFilter(), name)
                                     for name in CHECKED_FILTERS})
    if not rest.is_empty():
        raise QueryError(f"percolate: cannot check {rest} on a stored article",
                         user_message="لا يمكن حفظ هذا المرشّح في بحث محفوظ بعد.")
    return query


def matches(query: AnalyzedQuery, doc: Document) -> bool:
    """Whether the article matches the query: the full semantics, no index involved."""
    if not _filters_match(query.filters, doc):
        return False
    for clause in query.must:
        if not any(_has(alt, doc) for alt in clause):
            return False
    return not any(_has(alt, doc) for alt in query.must_not)


def _has(alt: Terms, doc: Document) -> bool:
    terms = alt.terms
    if len(terms) == 1:
        return terms[0] in doc.terms
    if not all(t in doc.terms for t in terms):
        return False
    return _phrase_in(terms, doc.title_terms) or _phrase_in(terms, doc.body_terms)


def _phrase_in(phrase: tuple[str, ...], seq: tuple[str, ...]) -> bool:
    n, first = len(phrase), phrase[0]
    for at, term in enumerate(seq):
        if term == first and seq[at:at + n] == phrase:
            return True
    return False


def _filters_match(f: ArticleFilter, doc: Document) -> bool:
    if f.sources and doc.source.lower() not in {s.lower() for s in f.sources}:
        return False
    if f.source_id is not None and doc.source_id != f.source_id:
        return False
    if f.category and doc.category != f.category:
        return False
    if f.keyword and f.keyword not in doc.keywords:
        return False
    if f.entity and f.entity not in doc.entities:
        return False
    if f.country and f.country not in doc.countries:
        return False
    if f.since is not None and (doc.time is None or doc.time < _utc(f.since)):  # type: ignore[operator]
        return False
    if f.until is not None and (doc.time is None or doc.time >= _utc(f.until)):  # type: ignore[operator]
        return False
    if f.stored_after_id is not None and (doc.article_id or 0) <= f.stored_after_id:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Check:
    """A query compiled for checking many documents: its single required and excluded terms
    as sets (one C-level subset test each), the rest (``OR``, phrases, filters) as in
    ``matches``, which it agrees with."""

    all_of: frozenset[str]
    none_of: frozenset[str]
    clauses: tuple[tuple[Terms, ...], ...]
    excluded: tuple[Terms, ...]
    filters: ArticleFilter | None

    @classmethod
    def of(cls, query: AnalyzedQuery) -> Check:
        single = [c[0].terms[0] for c in query.must if len(c) == 1 and len(c[0].terms) == 1]
        rest = tuple(c for c in query.must if not (len(c) == 1 and len(c[0].terms) == 1))
        return cls(
            all_of=frozenset(single),
            none_of=frozenset(t.terms[0] for t in query.must_not if len(t.terms) == 1),
            clauses=rest,
            excluded=tuple(t for t in query.must_not if len(t.terms) > 1),
            filters=None if query.filters.is_empty() else query.filters,
        )

    @property
    def one_word(self) -> bool:
        """One required word and nothing else: any article holding it matches."""
        return (len(self.all_of) == 1 and not self.none_of and not self.clauses
                and not self.excluded and self.filters is None)

    def matches(self, doc: Document) -> bool:
        terms = doc.terms
        if not self.all_of <= terms or not self.none_of.isdisjoint(terms):
            return False
        if self.filters is not None and not _filters_match(self.filters, doc):
            return False
        for clause in self.clauses:
            if not any(_has(alt, doc) for alt in clause):
                return False
        return not any(_has(alt, doc) for alt in self.excluded)


class Percolator:
    """Saved queries compiled into an inverted index of anchor terms.

    ``add(key, query)`` and ``remove(key)`` keep it current; ``match(doc)`` returns the keys of
    the queries the document matches. ``frequencies`` (term → articles containing it, e.g.
    ``store.term_document_frequencies()[1]``) steers the choice of anchors to rare terms."""

    def __init__(self, frequencies: Mapping[str, int] | None = None) -> None:
        self._df = frequencies or {}
        self._queries: dict[object, Check] = {}
        self._by_term: dict[str, set[object]] = {}
        self._by_filter: dict[tuple[str, str], set[object]] = {}
        self._always: set[object] = set()
        self._anchors: dict[object, list[tuple[str, str]]] = {}
        #: one-word queries: woken by their only word, they match without a check
        self._sure: set[object] = set()

    def __len__(self) -> int:
        return len(self._queries)

    def add(self, key: object, query: AnalyzedQuery) -> None:
        self.remove(key)
        check = self._queries[key] = Check.of(query)
        if check.one_word:
            self._sure.add(key)
        anchors: list[tuple[str, str]] = []
        if query.must:
            clause = min(query.must, key=self._clause_cost)
            for alt in clause:
                anchors.append(("term", min(alt.terms, key=self._cost)))
        else:
            anchors.extend(self._filter_anchors(query.filters))
        self._anchors[key] = anchors
        for kind, value in anchors:
            if kind == "term":
                self._by_term.setdefault(value, set()).add(key)
            elif kind == "all":
                self._always.add(key)
            else:
                self._by_filter.setdefault((kind, value), set()).add(key)

    def add_text(self, key: object, text: str) -> None:
        self.add(key, compile_saved(text))

    def remove(self, key: object) -> None:
        if self._queries.pop(key, None) is None:
            return
        self._sure.discard(key)
        for kind, value in self._anchors.pop(key, []):
            bucket = (self._by_term.get(value) if kind == "term" else
                      self._always if kind == "all" else self._by_filter.get((kind, value)))
            if bucket is not None:
                bucket.discard(key)

    def candidates(self, doc: Document) -> set[object]:
        """Keys of the queries the document may match (a superset of ``match``)."""
        found = set(self._always)
        by_term = self._by_term
        if len(by_term) < len(doc.terms):  # few anchors: look them up in the document
            for term, keys in by_term.items():
                if keys and term in doc.terms:
                    found |= keys
        else:
            for term in doc.terms:
                woken = by_term.get(term)
                if woken:
                    found |= woken
        if self._by_filter:
            for anchor in _filter_keys(doc):
                waiting = self._by_filter.get(anchor)
                if waiting:
                    found |= waiting
        return found

    def match(self, doc: Document) -> list[object]:
        """Keys of the saved queries the document matches."""
        queries, sure = self._queries, self._sure
        return [k for k in self.candidates(doc) if k in sure or queries[k].matches(doc)]

    def _cost(self, term: str) -> int:
        return self._df.get(term, 0)

    def _clause_cost(self, clause: tuple[Terms, ...]) -> tuple[int, int]:
        # Articles one clause's anchors would wake; fewer alternatives break ties.
        return sum(min(self._cost(t) for t in alt.terms) for alt in clause), len(clause)

    @staticmethod
    def _filter_anchors(f: ArticleFilter) -> list[tuple[str, str]]:
        if f.sources:  # any of them
            return [("source", s.lower()) for s in f.sources]
        if f.category:
            return [("category", f.category)]
        if f.entity:
            return [("entity", f.entity)]
        if f.keyword:
            return [("keyword", f.keyword)]
        if f.country:
            return [("country", f.country)]
        return [("all", "")]


def _filter_keys(doc: Document) -> Iterable[tuple[str, str]]:
    yield "source", doc.source.lower()
    if doc.category:
        yield "category", doc.category
    for name in doc.entities:
        yield "entity", name
    for keyword in doc.keywords:
        yield "keyword", keyword
    for code in doc.countries:
        yield "country", code


def naive_match(queries: Mapping[object, AnalyzedQuery | Check], doc: Document) -> list[object]:
    """Every query checked against the document: the baseline ``Percolator`` is measured
    against (``bench/alerts.py``, with ``Check``s) and must agree with (the tests, with the
    plain ``matches``)."""
    return [k for k, q in queries.items()
            if (q.matches(doc) if isinstance(q, Check) else matches(q, doc))]


"""Search from what a user typed to highlighted hits: parse → analyze → compile → store."""

from __future__ import annotations

import time
from dataclasses import dataclass
from html import escape

from khabar import metrics
from khabar.errors import QueryError
from khabar.search.compile_fts5 import compile_fts5
from khabar.search.compile_tantivy import compile_tantivy
from khabar.search.compile_tsquery import compile_tsquery
from khabar.search.expand import Variants, expand_names
from khabar.search.query import AnalyzedQuery, SourceNames, analyze_query, parse
from khabar.search.snippet import kept_highlight, kept_snippet, snippet
from khabar.store import Article, Store
from khabar.store.base import SearchOrder
from khabar.store.filters import ArticleFilter
from khabar.store.tags import NAME_VARIANTS_MODEL

_COMPILERS = {"fts5": compile_fts5, "tantivy": compile_tantivy, "tsquery": compile_tsquery}
#: most results one page may hold
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Hit:
    article: Article
    score: float
    title_html: str
    snippet_html: str


@dataclass(frozen=True, slots=True)
class Results:
    query: str
    hits: list[Hit]
    total: int
    limit: int
    offset: int
    #: more than ``total`` articles match (the count stops at ``COUNT_CAP``)
    total_capped: bool = False


def compile_query(dialect: str, query: AnalyzedQuery) -> str:
    """An analyzed query in the query language of a store's ``search_dialect``."""
    return _COMPILERS[dialect](query)


def prepare(text: str, filters: ArticleFilter | None = None,
            variants: Variants | None = None,
            source_names: SourceNames | None = None) -> AnalyzedQuery:
    """Parse and analyze a query; raises ``QueryError`` with a message for the user.
    ``variants`` (folded name word → other spellings) expands names (``expand_names``);
    ``source_names`` widens ``source:`` values (an outlet's code, domain, English name)."""
    return analyze_query(expand_names(parse(text), variants or {}), filters, source_names)


def search(
    store: Store,
    text: str,
    *,
    limit: int = 20,
    offset: int = 0,
    order: SearchOrder = "relevance",
    filters: ArticleFilter | None = None,
    source_names: SourceNames | None = None,
    variants: Variants | None = None,
) -> Results:
    """Articles matching what a user typed (words and filters), narrowed by ``filters``;
    ``source_names`` (``khabar.pipeline.source_names``) resolves ``source:`` values;
    ``variants``: the names' spellings (``NAME_VARIANTS_MODEL``), read from the store if not
    given (the web keeps them a minute: a store read on every search).

    A query of filters only ("source:bbc") lists the articles they allow, newest first."""
    if order not in ("relevance", "newest"):
        raise QueryError(f"unknown order {order!r}", user_message="ترتيب غير معروف.")
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    started = time.perf_counter()
    if variants is None:
        variants = store.load_model(NAME_VARIANTS_MODEL) or {}
    analyzed = prepare(text, filters, variants, source_names)
    if not analyzed.has_terms:
        listing = _listing(store, text, analyzed.filters, limit, offset)
        metrics.observe_since(metrics.SEARCH_SECONDS, started, "listing")
        return listing
    compiled = compile_query(store.search_dialect, analyzed)
    page = store.search(
        compiled, limit=limit, offset=offset, order=order, filters=analyzed.filters
    )
    terms = analyzed.positive_terms()
    hits = [
        Hit(
            article=article,
            score=score,
            title_html=kept_highlight(article.title, terms),
            snippet_html=kept_snippet(article.body or article.summary or "", terms),
        )
        for article, score in page.hits
    ]
    metrics.observe_since(metrics.SEARCH_SECONDS, started, order)
    return Results(query=text, hits=hits, total=page.total, limit=limit, offset=offset,
                   total_capped=page.total_capped)


def _listing(store: Store, text: str, filters: ArticleFilter, limit: int, offset: int) -> Results:
    articles = store.latest(limit=limit, offset=offset, filters=filters)
    hits = [
        Hit(article=a, score=0.0, title_html=escape(a.title), snippet_html=snippet(a.body, set()))
        for a in articles
    ]
    total = store.count_articles(filters)
    return Results(query=text, hits=hits, total=total, limit=limit, offset=offset)


def ranked(store: Store, text: str, *, limit: int = 20) -> list[tuple[Article, float]]:
    """The ``limit`` best articles matching ``text``, with their scores, as ``search`` ranks
    them but without the highlighted titles and snippets it makes for a page of results: for a
    caller that shows neither (the related articles). A query of filters only gives the newest
    articles they allow, scored 0."""
    limit = max(1, min(limit, MAX_LIMIT))
    started = time.perf_counter()
    analyzed = prepare(text, None, store.load_model(NAME_VARIANTS_MODEL))
    if not analyzed.has_terms:
        found = [(a, 0.0) for a in store.latest(limit=limit, filters=analyzed.filters)]
        metrics.observe_since(metrics.SEARCH_SECONDS, started, "listing")
        return found
    page = store.search(compile_query(store.search_dialect, analyzed), limit=limit,
                        filters=analyzed.filters)
    metrics.observe_since(metrics.SEARCH_SECONDS, started, "relevance")
    return list(page.hits)

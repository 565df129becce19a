"""Search from what a user typed to highlighted hits: parse → analyze → compile → store."""

from __future__ import annotations

from dataclasses import dataclass

from khabar.errors import QueryError
from khabar.search.compile_fts5 import compile_fts5
from khabar.search.query import AnalyzedQuery, analyze_query, parse
from khabar.search.snippet import highlight, snippet
from khabar.store import Article, Store
from khabar.store.base import SearchOrder

_COMPILERS = {"fts5": compile_fts5}
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


def prepare(text: str) -> AnalyzedQuery:
    """Parse and analyze a query; raises ``QueryError`` with a message for the user."""
    return analyze_query(parse(text))


def search(
    store: Store,
    text: str,
    *,
    limit: int = 20,
    offset: int = 0,
    order: SearchOrder = "relevance",
) -> Results:
    if order not in ("relevance", "newest"):
        raise QueryError(f"unknown order {order!r}", user_message="ترتيب غير معروف.")
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    analyzed = prepare(text)
    compiled = _COMPILERS[store.search_dialect](analyzed)
    page = store.search(compiled, limit=limit, offset=offset, order=order)
    terms = analyzed.positive_terms()
    hits = [
        Hit(
            article=article,
            score=score,
            title_html=highlight(article.title, terms),
            snippet_html=snippet(article.body or article.summary or "", terms),
        )
        for article, score in page.hits
    ]
    return Results(query=text, hits=hits, total=page.total, limit=limit, offset=offset)

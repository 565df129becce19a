"""The JSON API: the twin of every page, documented at /docs (OpenAPI)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request

from khabar.search import search
from khabar.web.views import article_summary_json, hit_json

router = APIRouter(prefix="/api", tags=["articles"])


@router.get("/articles", summary="Latest articles, newest first")
def list_articles(
    request: Request,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> dict:
    store = request.app.state.store
    articles = store.latest(limit=limit, offset=offset)
    return {
        "items": [article_summary_json(a) for a in articles],
        "total": store.count_articles(),
        "limit": limit,
        "offset": offset,
    }


@router.get("/articles/{article_id}", summary="One article with every stored field")
def get_article(request: Request, article_id: int) -> dict:
    return request.app.state.store.article(article_id).to_json()


@router.get("/search", summary="Search articles (words, \"phrases\", OR, -exclusion)")
def search_articles(
    request: Request,
    q: str = Query(..., description="the query, as a reader types it"),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
    sort: Literal["relevance", "newest"] = "relevance",
) -> dict:
    results = search(request.app.state.store, q, limit=limit, offset=offset, order=sort)
    return {
        "query": q,
        "items": [hit_json(h) for h in results.hits],
        "total": results.total,
        "limit": results.limit,
        "offset": results.offset,
    }

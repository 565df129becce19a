"""Server-rendered pages. Each has a JSON twin in ``api.py``, linked with rel="alternate"."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from khabar.errors import QueryError
from khabar.search import search
from khabar.web.templating import templates
from khabar.web.views import display_date, teaser

router = APIRouter(include_in_schema=False)

#: articles or results on one page
PAGE_SIZE = 20


def _store(request: Request):  # noqa: ANN202
    return request.app.state.store


@router.get("/", response_class=HTMLResponse)
def home(request: Request, page: int = Query(1, ge=1, le=10_000)) -> HTMLResponse:
    store = _store(request)
    articles = store.latest(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return templates.TemplateResponse(
        request,
        "home.html",
        {
            "items": [_item(a) for a in articles[:PAGE_SIZE]],
            "total": store.count_articles(),
            "page": page,
            "has_next": len(articles) > PAGE_SIZE,
            "alternate": f"/api/articles?limit={PAGE_SIZE}&offset={(page - 1) * PAGE_SIZE}",
        },
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int) -> HTMLResponse:
    article = _store(request).article(article_id)
    return templates.TemplateResponse(
        request,
        "article.html",
        {
            "article": article,
            "date": display_date(article.published_at),
            "paragraphs": [p for p in article.body.split("\n") if p.strip()],
            "alternate": f"/api/articles/{article.id}",
        },
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    page: int = Query(1, ge=1, le=500),
    sort: Literal["relevance", "newest"] = "relevance",
) -> HTMLResponse:
    context: dict = {"q": q, "sort": sort, "page": page, "results": None, "error": None}
    if q.strip():
        try:
            results = search(
                _store(request), q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=sort
            )
        except QueryError as exc:
            context["error"] = exc.user_message
        else:
            context["results"] = results
            context["items"] = [
                {"hit": h, "date": display_date(h.article.published_at)} for h in results.hits
            ]
            context["has_next"] = page * PAGE_SIZE < results.total
            context["page_url"] = lambda n: "/search?" + urlencode({"q": q, "sort": sort, "page": n})
        context["alternate"] = "/api/search?" + urlencode({"q": q, "sort": sort})
    status = 400 if context["error"] else 200
    return templates.TemplateResponse(request, "search.html", context, status_code=status)


def _item(article) -> dict:  # noqa: ANN001
    return {"article": article, "date": display_date(article.published_at), "teaser": teaser(article)}

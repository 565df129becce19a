"""Server-rendered pages. Each has a JSON twin in ``api.py``, linked with rel="alternate"."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from khabar.errors import QueryError
from khabar.search import search
from khabar.store.filters import ArticleFilter
from khabar.web import listings
from khabar.web.views import RowId
from khabar.web.labels import category_label
from khabar.web.listings import ListingName
from khabar.web.trending import trending_tags
from khabar.web.templating import templates
from khabar.web.views import display_date, feed_links, search_text, sources_health, teaser

router = APIRouter(include_in_schema=False)

#: articles or results on one page
PAGE_SIZE = 20


def _store(request: Request):  # noqa: ANN202
    return request.app.state.store


@router.get("/", response_class=HTMLResponse)
def home(request: Request, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("latest"), cursor, home=True)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: RowId, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("sources", str(source_id)), cursor)


@router.get("/tags/{tag}", response_class=HTMLResponse)
def tag_page(request: Request, tag: str, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("tags", tag), cursor)


@router.get("/entities/{name}", response_class=HTMLResponse)
def entity_page(request: Request, name: str, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("entities", name), cursor)


@router.get("/categories/{category}", response_class=HTMLResponse)
def category_page(request: Request, category: str, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("categories", category), cursor)


def _listing_page(
    request: Request, name: ListingName, cursor: str | None, home: bool = False
) -> HTMLResponse:
    store = _store(request)
    listing = listings.build(store, name, limit=PAGE_SIZE, cursor=cursor)
    context = {
        "listing": listing,
        "items": [_item(a) for a in listing.articles],
        "home": home,
        "categories": [(c, category_label(c), n) for c, n in store.categories()] if home else [],
        "trending": trending_tags(store) if home else [],
        "newest_id": max((a.id for a in listing.articles), default=0),
        "alternate": name.api_path,
        "feeds": feed_links(name.feed_path),
        "next_url": f"{name.path}?{urlencode({'cursor': listing.next_cursor})}"
        if listing.next_cursor
        else None,
    }
    return templates.TemplateResponse(request, "listing.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: RowId) -> HTMLResponse:
    from khabar.pipeline.stories import also_reported_by, related

    store = _store(request)
    article = store.article(article_id)
    return templates.TemplateResponse(
        request,
        "article.html",
        {
            "article": article,
            "also": also_reported_by(store, article),
            "related": related(store, article),
            "date": display_date(article.published_at),
            "category": category_label(article.category),
            "paragraphs": [p for p in article.body.split("\n") if p.strip()],
            "alternate": f"/api/articles/{article.id}",
        },
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    store = _store(request)
    rows = sources_health(store)
    return templates.TemplateResponse(
        request, "sources.html", {"sources": rows, "alternate": "/api/sources"}
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    page: int = Query(1, ge=1, le=500),
    sort: Literal["relevance", "newest"] = "relevance",
    source: str = "",
    category: str = "",
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
) -> HTMLResponse:
    store = _store(request)
    form = {"q": q, "sort": sort, "source": source, "category": category,
            "from": date_from, "to": date_to}
    context: dict = {
        **form, "page": page, "results": None, "error": None,
        "source_names": [s.name for s in store.sources()],
        "categories": [(c, category_label(c)) for c, _ in store.categories()],
    }
    typed = search_text(q, date_from, date_to)
    filters = ArticleFilter(sources=(source,) if source else (), category=category or None)
    if typed.strip() or not filters.is_empty():
        try:
            results = search(
                store, typed, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=sort,
                filters=filters,
            )
        except QueryError as exc:
            context["error"] = exc.user_message
        else:
            params = {k: v for k, v in form.items() if v}
            context["results"] = results
            context["items"] = [
                {"hit": h, "date": display_date(h.article.published_at)} for h in results.hits
            ]
            context["has_next"] = page * PAGE_SIZE < results.total
            context["page_url"] = lambda n: "/search?" + urlencode({**params, "page": n})
            context["alternate"] = "/api/search?" + urlencode(params)
            context["feeds"] = feed_links(lambda fmt: f"/feeds/search.{fmt}?" + urlencode(params))
    status = 400 if context["error"] else 200
    return templates.TemplateResponse(request, "search.html", context, status_code=status)


def _item(article) -> dict:  # noqa: ANN001
    return {"article": article, "date": display_date(article.published_at), "teaser": teaser(article)}

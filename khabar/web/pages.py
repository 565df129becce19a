"""Server-rendered pages of lists, sources and search. Each has a JSON twin in ``api.py``
(one article: ``articles.py``; stories: ``stories.py``), linked with rel="alternate"."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from khabar.errors import QueryError
from khabar.web import listings
from khabar.web.personal import FOLLOW_KIND_OF_LIST, personal_search, rules_of
from khabar.web.params import Name, RowId
from khabar.web.quotes import entity_quotes_context
from khabar.web.front import category_tabs
from khabar.web.kept import kept
from khabar.web.listings import ListingName
from khabar.web.render import render
from khabar.web.search_params import SearchParams, sorted_search_params
from khabar.web.templating import templates
from khabar.presenters import all_sources_failing, display_date, sources_health, teaser

router = APIRouter(include_in_schema=False)


#: articles or results on one page
PAGE_SIZE = 20
#: seconds the search form's list of outlets is kept (read on every search page before; a
#: new source shows in the list within this time)
SOURCES_TTL = 60.0


def source_choices(state) -> list[str]:  # noqa: ANN001 - the app's state
    """The names of the search form's outlet list, kept in the app for ``SOURCES_TTL``."""
    return kept(state, "source_choices", SOURCES_TTL,
                lambda: [s.name for s in state.store.sources()])


def _store(request: Request):  # noqa: ANN202
    return request.app.state.store


@router.get("/latest", response_class=HTMLResponse)
def latest_page(request: Request, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("latest"), cursor, stream=True)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: RowId, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("sources", str(source_id)), cursor)


@router.get("/tags/{tag}", response_class=HTMLResponse)
def tag_page(request: Request, tag: Name, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("tags", tag), cursor)


@router.get("/entities/{name}", response_class=HTMLResponse)
def entity_page(request: Request, name: Name, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("entities", name), cursor)


@router.get("/categories/{category}", response_class=HTMLResponse)
def category_page(request: Request, category: Name, cursor: str | None = None) -> HTMLResponse:
    return _listing_page(request, ListingName("categories", category), cursor)


def _listing_page(
    request: Request, name: ListingName, cursor: str | None, stream: bool = False
) -> Response:
    store = _store(request)
    zone = request.app.state.zone
    listing = listings.build(store, name, limit=PAGE_SIZE, cursor=cursor, rules=rules_of(request))
    context = {
        "listing": listing,
        "items": [_item(a, zone, listing.copies.get(a.id, 0)) for a in listing.articles],
        "stream": stream,
        "sources_failing": stream and all_sources_failing(store.sources()),
        "newest_id": max((a.id for a in listing.articles), default=0),
        "follow": {"kind": FOLLOW_KIND_OF_LIST.get(name.kind), "key": name.key},
        "entity_quotes": entity_quotes_context(request, name.key) if name.kind == "entities" else None,
        "next_url": f"{name.path}?{urlencode({'cursor': listing.next_cursor})}"
        if listing.next_cursor
        else None,
    }
    return render(request, "html", name.links, template="listing.html", context=context)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    store = _store(request)
    found = store.sources()
    rows = sources_health(store)
    return templates.TemplateResponse(
        request, "sources.html", {"sources": rows, "alternate": "/api/sources",
                                  "sources_failing": all_sources_failing(found)}
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    search: SearchParams = Depends(sorted_search_params),
    page: int = Query(1, ge=1, le=500),
) -> Response:
    store = _store(request)
    context: dict = {
        **search.form(), "page": page, "results": None, "error": None,
        "source_names": source_choices(request.app.state),
        "categories": [(c, label) for c, label, _ in category_tabs(request.app.state)],
        "presets": search.date_presets(request.app.state.zone),
    }
    links = None
    if not search.is_empty():
        try:
            results = personal_search(
                request, search.text, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                order=search.sort, filters=replace(search.filters, originals=True),
            )
        except QueryError as exc:
            context["error"] = exc.user_message
        else:
            params = search.url_params()
            links = search.links()
            context["results"] = results
            copies = store.copy_counts([h.article.id for h in results.hits])
            context["items"] = [
                {"hit": h, "date": display_date(h.article.published_at, request.app.state.zone),
                 "copies": copies.get(h.article.id, 0)}
                for h in results.hits
            ]
            context["has_next"] = page * PAGE_SIZE < results.total
            context["page_url"] = lambda n: "/search?" + urlencode({**params, "page": n})
    status = 400 if context["error"] else 200
    return render(request, "html", links, template="search.html", context=context,
                  status_code=status)


def _item(article, zone, copies: int = 0) -> dict:  # noqa: ANN001 - Article, tzinfo
    return {"article": article, "date": display_date(article.published_at, zone),
            "teaser": teaser(article), "copies": copies}

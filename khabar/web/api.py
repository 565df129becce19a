"""The JSON API: the twin of every page, documented at /docs (OpenAPI).

Lists continue with ``next_cursor`` (pass it back as ``cursor``); every response carries an
ETag (and Last-Modified where it means something) and answers 304 to a current copy.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from khabar.web import listings
from khabar.web.quotes import entity_quotes_json
from khabar.web.params import MAX_NAME_CHARS, Name, RowId
from khabar.web.caching import json_response, newest_time
from khabar.web.labels import category_label
from khabar.web.listings import ListingName
from khabar.web.personal import personal_search, rules_of
from khabar.web.render import render
from khabar.web.search_params import SearchParams, sorted_search_params
from khabar.web.trending import trending_json
from khabar.presenters import article_summary_json, hit_json, sources_health
from khabar.web.render import feed_links

router = APIRouter(prefix="/api", tags=["articles"])

Limit = Query(20, ge=1, le=100, description="items per page")
CursorParam = Query(None, max_length=MAX_NAME_CHARS, description="next_cursor of the previous page")


def listing_response(request: Request, name: ListingName, limit: int, cursor: str | None) -> Response:
    listing = listings.build(request.app.state.store, name, limit=limit, cursor=cursor,
                             rules=rules_of(request))
    document = {
        "title": listing.title,
        "items": [{**article_summary_json(a), "copies": listing.copies.get(a.id, 0)}
                  for a in listing.articles],
        "total": listing.total,
        "next_cursor": listing.next_cursor,
        "links": {"html": name.path, "feeds": feed_links(name.feed_path)},
    }
    if listing.about is not None:
        document["outlet"] = listing.about
    if name.kind == "entities":  # what the entity said (the newest), see /api/quotes
        document["quotes"] = entity_quotes_json(request, name.key)
    return render(request, "json", name.links, document=document,
                  last_modified=newest_time(listing.articles))


@router.get("/articles", summary="Latest articles, newest first")
def list_articles(request: Request, limit: int = Limit, cursor: str | None = CursorParam) -> Response:
    return listing_response(request, ListingName("latest"), limit, cursor)


@router.get("/sources", summary="Every source with its health", tags=["sources"])
def list_sources(request: Request) -> Response:
    store = request.app.state.store
    return json_response(request, {"items": sources_health(store)})


@router.get("/sources/{source_id}", summary="Articles of one source, newest first", tags=["sources"])
def source_articles(
    request: Request, source_id: RowId, limit: int = Limit, cursor: str | None = CursorParam
) -> Response:
    return listing_response(request, ListingName("sources", str(source_id)), limit, cursor)


@router.get("/tags/{tag}", summary="Articles with a keyword, newest first")
def tag_articles(request: Request, tag: Name, limit: int = Limit,
                 cursor: str | None = CursorParam) -> Response:
    return listing_response(request, ListingName("tags", tag), limit, cursor)


@router.get("/entities/{name}", summary="Articles naming an entity, newest first")
def entity_articles(request: Request, name: Name, limit: int = Limit,
                    cursor: str | None = CursorParam) -> Response:
    return listing_response(request, ListingName("entities", name), limit, cursor)


@router.get("/trending", summary="Tags rising in the last 24 hours against the week before")
def trending(request: Request, limit: int = Query(10, ge=1, le=50)) -> Response:
    return json_response(request, {"items": trending_json(request.app.state.store, limit)})


@router.get("/categories", summary="Categories with their number of articles")
def list_categories(request: Request) -> Response:
    items = [
        {"category": c, "label": category_label(c), "articles": n}
        for c, n in request.app.state.store.categories()
    ]
    return json_response(request, {"items": items})


@router.get("/categories/{category}", summary="Articles of a category, newest first")
def category_articles(
    request: Request, category: Name, limit: int = Limit, cursor: str | None = CursorParam
) -> Response:
    return listing_response(request, ListingName("categories", category), limit, cursor)


@router.get("/search", summary="Search articles (words, \"phrases\", OR, -exclusion, filters)")
def search_articles(
    request: Request,
    search: SearchParams = Depends(sorted_search_params),
    limit: int = Limit,
    offset: int = Query(0, ge=0, le=10_000),
) -> Response:
    results = personal_search(
        request, search.text, limit=limit, offset=offset, order=search.sort,
        filters=search.filters,
    )
    next_offset = offset + limit if offset + limit < results.total else None
    document = {
        "query": search.q,
        "items": [hit_json(h) for h in results.hits],
        "total": results.total,
        "total_is_lower_bound": results.total_capped,
        "limit": results.limit,
        "offset": results.offset,
        "next_offset": next_offset,
    }
    return render(request, "json", search.links(), document=document)

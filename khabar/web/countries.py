"""Country editions: the stories about one country, and the list of countries.

    /countries                        countries with stories, most first  · /api/countries
    /country/{cc}                     a country's stories (cc: ISO 3166 alpha-2, "sa")
                                      newest day first, biggest first within a day
                                                                            · /api/country/{cc}
    /feeds/country/{cc}.{fmt}         the headlines of its newest stories as a feed

Which countries a story is about is decided below (``khabar.enrich.countries``) and stored
(``story_countries``); these pages only list it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from khabar.enrich.countries import ARAB_COUNTRIES, country_name
from khabar.errors import NotFound
from khabar.store.records import Story
from khabar.web.caching import conditional, json_response, newest_time
from khabar.web.feeds import (
    MEDIA_TYPES,
    FeedSpec,
    Format,
    render_json_feed,
    render_xml_feed,
)
from khabar.web.templating import templates
from khabar.presenters import display_date
from khabar.web.render import feed_links

router = APIRouter()

#: stories on one page of a country edition
COUNTRY_PAGE = 30
#: stories whose headlines make a country's feed
COUNTRY_FEED_ITEMS = 50

CountryCode = Annotated[str, Path(min_length=2, max_length=2, pattern="^[A-Za-z]{2}$")]
PageParam = Query(1, ge=1, le=1000, description="page number")


#: (one, two, 3–10, 11–99, 100 and up) of the nouns these pages count
STORY_FORMS = ("قصة واحدة", "قصتان", "{n} قصص", "{n} قصة", "{n} قصة")
ARTICLE_FORMS = ("خبر واحد", "خبران", "{n} أخبار", "{n} خبراً", "{n} خبر")


def counted(n: int, forms: tuple[str, str, str, str, str]) -> str:
    """A counted noun as Arabic agrees it with its number ("3 قصص", "11 قصة", "100 خبر")."""
    if n == 1:
        form = forms[0]
    elif n == 2:
        form = forms[1]
    elif 3 <= n % 100 <= 10:
        form = forms[2]
    elif 11 <= n % 100 <= 99:
        form = forms[3]
    else:  # 0, 100, 200 … (and 101, 102: the hundreds govern the genitive singular)
        form = forms[4]
    return form.format(n=n)


templates.env.globals["stories_count"] = lambda n: counted(n, STORY_FORMS)
templates.env.globals["articles_count"] = lambda n: counted(n, ARTICLE_FORMS)


def _country(code: str) -> tuple[str, str]:
    """(upper-case code, Arabic name), or NotFound for a code that names no country."""
    code = code.upper()
    name = country_name(code)
    if name is None:
        raise NotFound(f"no country {code!r}", user_message="البلد غير معروف.")
    return code, name


def _feeds(code: str) -> list[dict]:
    return feed_links(lambda fmt: f"/feeds/country/{code.lower()}.{fmt}")


def _countries(request: Request) -> list[dict]:
    counts = request.app.state.store.country_counts()
    arab = {c: i for i, c in enumerate(ARAB_COUNTRIES)}
    items = [{"code": c, "name": country_name(c) or c, "stories": n, "arab": c in arab,
              "links": {"html": f"/country/{c.lower()}", "api": f"/api/country/{c.lower()}"}}
             for c, n in counts]
    # The Arab countries first (in the Arab League's order), then the rest, most stories first.
    return sorted(items, key=lambda i: (not i["arab"], arab.get(i["code"], 0), -i["stories"]))


def _story_json(story: Story) -> dict:
    doc = story.to_json()
    doc["links"] = {"html": f"/stories/{story.id}"}
    return doc


@router.get("/countries", response_class=HTMLResponse, include_in_schema=False)
def countries_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "countries.html", {
        "countries": _countries(request), "alternate": "/api/countries"})


@router.get("/api/countries", tags=["countries"],
            summary="Countries with stories (the country editions), most first")
def countries_api(request: Request) -> Response:
    return json_response(request, {"items": _countries(request)})


@router.get("/country/{code}", response_class=HTMLResponse, include_in_schema=False)
def country_page(request: Request, code: CountryCode, page: int = PageParam) -> HTMLResponse:
    code, name = _country(code)
    store = request.app.state.store
    found = store.country_stories(code, limit=COUNTRY_PAGE, offset=(page - 1) * COUNTRY_PAGE)
    total = store.count_country_stories(code)
    items = [{"story": s, "last": display_date(s.last_at)} for s in found]
    base = f"/country/{code.lower()}"
    return templates.TemplateResponse(request, "country.html", {
        "code": code, "name": name, "items": items, "total": total,
        "alternate": f"/api{base}", "feeds": _feeds(code),
        "next_url": f"{base}?page={page + 1}" if page * COUNTRY_PAGE < total else None,
        "prev_url": f"{base}?page={page - 1}" if page > 1 else None,
    })


@router.get("/api/country/{code}", tags=["countries"],
            summary="A country's stories: the newest day first, the biggest first within a day")
def country_api(request: Request, code: CountryCode, page: int = PageParam,
                limit: int = Query(COUNTRY_PAGE, ge=1, le=100)) -> Response:
    code, name = _country(code)
    store = request.app.state.store
    found = store.country_stories(code, limit=limit, offset=(page - 1) * limit)
    total = store.count_country_stories(code)
    document = {
        "country": code, "name": name, "total": total, "page": page,
        "next_page": page + 1 if page * limit < total else None,
        "items": [_story_json(s) for s in found],
        "links": {"html": f"/country/{code.lower()}", "feeds": _feeds(code)},
    }
    return json_response(request, document, max((s.last_at for s in found), default=None))


@router.get("/feeds/country/{code}.{fmt}", tags=["feeds"],
            summary="The headlines of a country's newest stories as a feed")
def country_feed(request: Request, code: CountryCode, fmt: Format) -> Response:
    code, name = _country(code)
    found = request.app.state.store.country_stories(code, limit=COUNTRY_FEED_ITEMS)
    headlines = [s.headline for s in found]
    base = str(request.base_url).rstrip("/")
    spec = FeedSpec(f"{name} — خبر", f"{base}/country/{code.lower()}",
                    f"{base}{request.url.path}", base)
    body = (render_json_feed(spec, headlines) if fmt == "json"
            else render_xml_feed(spec, headlines, fmt))
    return conditional(request, body, MEDIA_TYPES[fmt], newest_time(headlines))

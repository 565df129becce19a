"""The home page: top stories first, then each category's top stories, then the latest.

    /          top stories (ranked by ``khabar.enrich.story_rank``), a section per category,
               the newest articles (the full stream is /latest)          · /api/top

Everything comes from stored summaries: the top stories (with their headlines and other
outlets' articles), the categories of the window's stories, every category section's stories
in one query, one page of the latest list. Nothing here scans the stories' articles.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from khabar.enrich.story_rank import TOP_WINDOW
from khabar.store import Store
from khabar.store.records import Story
from khabar.web import listings
from khabar.web.caching import json_response
from khabar.web.labels import category_label
from khabar.web.personal import rules_of
from khabar.web.listings import ListingName
from khabar.web.templating import templates
from khabar.web.trending import trending_tags
from khabar.web.views import all_sources_failing, display_date, teaser

router = APIRouter()

#: top stories at the head of the home page
TOP_STORIES = 8
#: category sections, and stories in each
CATEGORY_SECTIONS = 6
CATEGORY_STORIES = 3
#: newest articles shown under the sections (the stream goes on at /latest)
LATEST_PREVIEW = 10
#: seconds the home page's stories are reused while no newer article arrives
HOME_TTL = 30.0


def top_since(newest: datetime | None) -> datetime:
    """Start of the top-stories window: ``TOP_WINDOW`` before the newest article's time
    (``newest``; an imported archive that stopped in the past still has top stories)."""
    now = datetime.now(timezone.utc)
    return (min(now, newest) if newest else now) - TOP_WINDOW


def story_card(story: Story, zone) -> dict:  # noqa: ANN001 - tzinfo
    """What a story card shows: its headline, other outlets' headlines, outlets, time."""
    return {"story": story, "headline": story.headline, "others": story.others,
            "last": display_date(story.last_at, zone), "teaser": teaser(story.headline)}


@dataclass(slots=True)
class _Stories:
    """The home page's stories, categories and trending tags, as last computed."""

    newest: datetime | None
    at: float
    context: dict


def _home_stories(request: Request) -> dict:
    """Top stories, category sections, category tabs and trending tags, rendered as HTML:
    recomputed when a newer article arrives, else at most every ``HOME_TTL`` seconds
    (stories also change when late articles join them). Computing and rendering them cost
    ~100 ms on the ANT archive; a page that reuses them, ~10 ms."""
    store: Store = request.app.state.store
    newest = store.newest_time()
    rules = rules_of(request)  # a reader's block rules: computed for them, never cached
    cached: _Stories | None = getattr(request.app.state, "home_stories", None)
    if (not rules and cached and cached.newest == newest
            and time.monotonic() - cached.at < HOME_TTL):
        return cached.context
    zone = request.app.state.zone
    since = top_since(newest)
    top = [s for s in store.top_stories(since=since, limit=TOP_STORIES)
           if not rules or rules.allows(s.headline)]
    codes = [code for code, _ in store.story_categories(since=since)[:CATEGORY_SECTIONS]]
    # every section in one query, without the top stories; a small archive whose section
    # would be short shows its top stories again rather than leave it empty
    ranked = store.top_stories_by_category(codes, since=since, per_category=CATEGORY_STORIES,
                                           exclude=[s.id for s in top])
    sections = []
    for code in codes:
        found = [s for s in ranked.get(code, []) + [s for s in top if s.category == code]
                 if not rules or rules.allows(s.headline)][:CATEGORY_STORIES]
        if found:
            sections.append({"code": code, "label": category_label(code),
                             "cards": [story_card(s, zone) for s in found]})
    html = templates.get_template("_home_stories.html").render(
        top=[story_card(s, zone) for s in top], sections=sections,
        categories=[(c, category_label(c), n) for c, n in store.categories()],
        trending=trending_tags(store))
    context = {"stories_html": Markup(html), "has_stories": bool(top)}
    if not rules:
        request.app.state.home_stories = _Stories(newest, time.monotonic(), context)
    return context


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    store: Store = request.app.state.store
    zone = request.app.state.zone
    latest = listings.build(store, ListingName("latest"), limit=LATEST_PREVIEW, count=False,
                            rules=rules_of(request))
    context = {
        **_home_stories(request),
        "latest": latest,
        "items": [{"article": a, "date": display_date(a.published_at, zone),
                   "teaser": teaser(a), "copies": latest.copies.get(a.id, 0)}
                  for a in latest.articles],
        "newest_id": max((a.id for a in latest.articles), default=0),
        "sources_failing": all_sources_failing(store.sources()),
        "alternate": "/api/top",
        "description": "أهم القصص كما غطّتها المصادر العربية، وآخر الأخبار.",
    }
    return templates.TemplateResponse(request, "home.html", context)


@router.get("/api/top", tags=["stories"], summary="The home page's top stories, ranked")
def top_api(request: Request, limit: int = Query(TOP_STORIES, ge=1, le=50),
            category: str | None = Query(None, description="only this category's")) -> Response:
    store: Store = request.app.state.store
    found = store.top_stories(since=top_since(store.newest_time()), limit=limit,
                              category=category)
    items = []
    for story in found:
        doc = story.to_json()
        doc["links"] = {"html": f"/stories/{story.id}"}
        items.append(doc)
    return json_response(request, {"items": items}, max((s.last_at for s in found), default=None))

"""The home page: top stories first, then each category's top stories, then the latest.

    /          top stories (ranked by ``khabar.enrich.story_rank``), a section per category,
               the newest articles (the full stream is /latest)          · /api/top

Everything comes from stored summaries: the top stories (with their headlines and other
outlets' articles), the categories of the window's stories, every category section's stories
in one query, one page of the latest list. Nothing here scans the stories' articles. The
page is made once per newer article (or ``HOME_TTL``) and kept: an anonymous reader gets the
kept page itself, a logged-in one the kept content in their header (``_home``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from khabar.enrich.story_rank import TOP_WINDOW
from khabar.store import Store
from khabar.store.front import FrontMark
from khabar.store.records import Story
from khabar.store.rules import RuleSet
from khabar.web import listings
from khabar.web.auth import current_user
from khabar.web.caching import json_response
from khabar.web.kept import kept
from khabar.web.labels import category_label
from khabar.web.listings import ListingName
from khabar.web.personal import rules_of
from khabar.web.templating import templates
from khabar.web.trending import trending_tags
from khabar.presenters import display_date, teaser

router = APIRouter()

#: top stories at the head of the home page
TOP_STORIES = 8
#: category sections, and stories in each
CATEGORY_SECTIONS = 6
CATEGORY_STORIES = 3
#: newest articles shown under the sections (the stream goes on at /latest)
LATEST_PREVIEW = 10
#: seconds the home page is reused at most while no newer article arrives (stories also
#: change when late articles join them, and sources' health when they are polled)
HOME_TTL = 15.0


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
class _Home:
    """The home page as last made: what it shows (``context``) and, once an anonymous
    reader asked for it, the page itself (``page``); ``mark`` is what it was made for."""

    mark: FrontMark
    made: float
    context: dict
    page: bytes | None = None


#: one request at a time remakes the home page; the others meanwhile show the last one
_REMAKING = threading.Lock()


#: seconds the category tabs are kept (counting every article's category takes ~0.5 s at a
#: million articles, and a new category is rare)
CATEGORIES_TTL = 600.0


def category_tabs(state) -> list[tuple[str, str, int]]:  # noqa: ANN001 - the app's state
    """The category tabs: (code, label, articles), the biggest first; kept in the app."""
    return kept(state, "categories", CATEGORIES_TTL,
                lambda: [(c, category_label(c), n) for c, n in state.store.categories()])


def _stories_html(state, since: datetime, rules: RuleSet | None) -> dict:  # noqa: ANN001
    """Top stories, category sections, category tabs and trending tags, rendered as HTML."""
    store: Store = state.store
    zone = state.zone
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
        categories=category_tabs(state),
        trending=trending_tags(store))
    return {"stories_html": Markup(html), "has_stories": bool(top)}


def _context(state, mark: FrontMark, rules: RuleSet | None) -> dict:  # noqa: ANN001 - app state
    """Everything home.html shows: a fixed number of queries, none per story."""
    store: Store = state.store
    zone = state.zone
    latest = listings.build(store, ListingName("latest"), limit=LATEST_PREVIEW, count=False,
                            rules=rules)
    return {
        **_stories_html(state, top_since(mark.newest), rules),
        "latest": latest,
        "items": [{"article": a, "date": display_date(a.published_at, zone),
                   "teaser": teaser(a), "copies": latest.copies.get(a.id, 0)}
                  for a in latest.articles],
        "newest_id": max((a.id for a in latest.articles), default=0),
        "sources_failing": mark.all_failing,
        "alternate": "/api/top",
        "description": "أهم القصص كما غطّتها المصادر العربية، وآخر الأخبار.",
    }


def _home(request: Request) -> _Home:
    """The home page without a reader's rules: made again when a newer article arrives or
    when the followed sources start or stop all failing, else after ``HOME_TTL`` seconds. One
    request remakes it (~100 ms on the ANT archive) while the others show the last one; a
    request between two remakes asks the store one question (``front_mark``: the newest
    article's time from an index, and two counts over the sources)."""
    state = request.app.state
    store: Store = state.store
    mark = store.front_mark()
    cached: _Home | None = getattr(state, "home", None)
    if (cached and cached.mark.newest == mark.newest
            and cached.mark.all_failing == mark.all_failing
            and time.monotonic() - cached.made < HOME_TTL):
        return cached
    if not _REMAKING.acquire(blocking=cached is None):
        return cached  # type: ignore[return-value]  # another request is remaking it
    try:
        home = _Home(mark, time.monotonic(), _context(state, mark, None))
        state.home = home
        return home
    finally:
        _REMAKING.release()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request) -> Response:
    rules = rules_of(request)  # a reader's block rules: computed for them, never cached
    if rules:
        store: Store = request.app.state.store
        context = _context(request.app.state, store.front_mark(), rules)
        return templates.TemplateResponse(request, "home.html", context)
    made = _home(request)
    # a copy each time: TemplateResponse puts the request into the context it is given
    if current_user(request) is not None:  # the header shows their account
        return templates.TemplateResponse(request, "home.html", dict(made.context))
    if made.page is None:  # every anonymous reader sees the same page
        made.page = bytes(
            templates.TemplateResponse(request, "home.html", dict(made.context)).body)
    return HTMLResponse(made.page)


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

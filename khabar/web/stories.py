"""Story pages: every outlet's coverage of one event, in time order.

    /stories                       stories, the most recently active first  · /api/stories
    /stories/{id}                  one story: summary, «الجديد», provenance, timeline and its
                                   articles in arrival order                  · /api/stories/{id}
    /feeds/stories/{id}.{fmt}      one story as an RSS, Atom or JSON feed (its summary as the
                                   feed's description)

A page and its JSON twin are built from the same ``Story`` record and its ``Storyline``
(``khabar.pipeline.storyline``). «الجديد» is what first appeared after ``?since=`` (ISO 8601),
else, for a logged-in reader, after their previous visit of the page.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from khabar.arabic import count_noun
from khabar.enrich.provenance import provenance_parts
from khabar.pipeline.storyline import Storyline, storyline
from khabar.store.records import Story, iso_utc
from khabar.web.caching import conditional, newest_time
from khabar.web.feeds import (
    MEDIA_TYPES,
    FeedSpec,
    Format,
    render_json_feed,
    render_xml_feed,
)
from khabar.web.auth import current_user
from khabar.web.personal import rules_of
from khabar.web.render import Links, render
from khabar.web.params import RowId
from khabar.web.quotes import story_quotes_context, story_quotes_json
from khabar.presenters import display_date, display_span, teaser

router = APIRouter()

#: stories on one list page
STORIES_PAGE = 30
#: articles in one story feed (the newest)
STORY_FEED_ITEMS = 50


def story_links(story_id: int) -> Links:
    return Links(html=f"/stories/{story_id}", json=f"/api/stories/{story_id}",
                 feed=lambda fmt: f"/feeds/stories/{story_id}.{fmt}")


def _story_json(story: Story, *, articles: bool) -> dict:
    doc = story.to_json(articles=articles)
    links = story_links(story.id)
    doc["links"] = {"html": links.html, "feeds": links.feeds()}
    return doc


def _before(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def visible_stories(request: Request, found: list[Story]) -> list[Story]:
    """The stories a reader's rules let through (judged by each story's headline)."""
    rules = rules_of(request)
    return [s for s in found if rules.allows(s.headline)] if rules else found


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def stories_page(request: Request, before: str | None = None) -> Response:
    found = request.app.state.store.stories(limit=STORIES_PAGE, before=_before(before))
    zone = request.app.state.zone
    last = found[-1] if len(found) == STORIES_PAGE else None
    found = visible_stories(request, found)
    cards = [{"story": s, "headline": s.headline, "others": [],
              "last": display_date(s.last_at, zone)} for s in found]
    next_url = (f"/stories?before={last.last_at.strftime('%Y-%m-%dT%H:%M:%SZ')}"
                if last else None)
    return render(request, "html", Links(html="/stories", json="/api/stories"),
                  template="stories.html", context={"cards": cards, "next_url": next_url})


@router.get("/api/stories", tags=["stories"], summary="Stories, the most recently active first")
def stories_api(
    request: Request,
    limit: int = Query(STORIES_PAGE, ge=1, le=100),
    min_articles: int = Query(2, ge=1, le=1000),
    before: str | None = Query(None, description="last_at of the previous page's last story"),
) -> Response:
    found = visible_stories(request, request.app.state.store.stories(
        limit=limit, min_articles=min_articles, before=_before(before)))
    return render(request, "json", Links(html="/stories", json="/api/stories"),
                  document={"items": [_story_json(s, articles=False) for s in found]},
                  last_modified=max((s.last_at for s in found), default=None))


def _since(request: Request, story_id: int, since: str | None, *,
           visit: bool) -> datetime | None:
    """The time «الجديد» starts from: ``since`` when given, else the reader's previous visit
    (recorded now when ``visit``)."""
    given = _before(since)
    if given is not None:
        return given if given.tzinfo else given.replace(tzinfo=timezone.utc)
    user = current_user(request)
    if user is None:
        return None
    store = request.app.state.store
    seen: datetime | None = (store.visit_story(user.id, story_id) if visit
                             else store.story_last_seen(user.id, story_id))
    return seen


def _local_time(value: datetime, zone: tzinfo) -> dict:
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    shown = display_date(aware, zone)
    return {"hm": aware.astimezone(zone).strftime("%H:%M"),
            "iso": shown["iso"] if shown else None, "text": shown["text"] if shown else ""}


def _storyline_context(line: Storyline, since: datetime | None, zone: tzinfo) -> dict:
    prov = line.provenance
    return {
        "summary": line.summary,
        "since": display_date(since, zone) if since else None,
        "fresh": line.new_since(since) if since else [],
        "provenance": prov,
        "provenance_time": _local_time(prov.first_at, zone) if prov else None,
        "provenance_parts": provenance_parts(prov) if prov else [],
        "timeline": [{"entry": e, "time": _local_time(e.at, zone)} for e in line.timeline],
    }


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_page(request: Request, story_id: RowId,
               since: str | None = None) -> Response:
    store = request.app.state.store
    story = store.story(story_id)
    zone = request.app.state.zone
    line = storyline(store, story)
    items = [{"article": a, "date": display_date(a.published_at, zone), "teaser": teaser(a)}
             for a in story.articles]
    response = render(request, "html", story_links(story.id), template="story.html", context={
        "story": story, "items": items,
        "story_quotes": story_quotes_context(request, line.quotes),
        "span": display_span(story.first_at, story.last_at, zone),
        "first_iso": display_date(story.first_at)["iso"],  # type: ignore[index]
        "og_title": story.headline.title,
        "description": f"{count_noun(story.article_count, 'article')} من "
                       f"{count_noun(len(story.outlets), 'outlet')}: {teaser(story.headline)}",
        **_storyline_context(line, _since(request, story.id, since, visit=True), zone),
    })
    return response


@router.get("/api/stories/{story_id}", tags=["stories"],
            summary="One story: its summary, provenance, timeline, quotes and articles in arrival order")
def story_api(
    request: Request, story_id: RowId,
    since: str | None = Query(None, description="«الجديد»: sentences first seen after this "
                              "time (ISO 8601); default: the reader's last visit of the page"),
) -> Response:
    store = request.app.state.store
    story = store.story(story_id)
    line = storyline(store, story)
    doc = _story_json(story, articles=True)
    doc.update(line.to_json())
    doc["quotes"] = story_quotes_json(line.quotes)
    when = _since(request, story.id, since, visit=False)
    doc["new"] = ({"since": iso_utc(when), "sentences": [s.to_json() for s in line.new_since(when)]}
                  if when else None)
    return render(request, "json", story_links(story.id), document=doc,
                  last_modified=newest_time(story.articles))


@router.get("/feeds/stories/{story_id}.{fmt}", tags=["feeds"], summary="One story as a feed")
def story_feed(request: Request, story_id: RowId, fmt: Format) -> Response:
    store = request.app.state.store
    story = store.story(story_id)
    newest = list(reversed(story.articles))[:STORY_FEED_ITEMS]
    base = str(request.base_url).rstrip("/")
    summary = " ".join(s.text for s in storyline(store, story).summary)
    spec = FeedSpec(f"قصة: {story.headline.title} — خبر", f"{base}/stories/{story.id}",
                    f"{base}{request.url.path}", base, description=summary or None)
    body = render_json_feed(spec, newest) if fmt == "json" else render_xml_feed(spec, newest, fmt)
    return conditional(request, body, MEDIA_TYPES[fmt], newest_time(newest))

"""Quotes: who said what (issue 19).

    /quotes                          the most quoted speakers                  · /api/quotes
    /quotes?speaker=NAME             one speaker's statements, newest first    · /api/quotes?speaker=NAME
    /feeds/quotes/{name}.{fmt}       one speaker's statements as a feed

A story's statements ("ماذا قالوا") are on its page and in its JSON twin (``stories.py``),
an entity's ("تصريحات") on the entity's page and twin (``pages.py``, ``api.py``); both are
made here (``story_quotes_context``, ``entity_quotes_context``).
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from khabar.pipeline.quotes import Said, SpeakerQuotes, speaker_quotes
from khabar.store.records import Article
from khabar.web.caching import conditional
from khabar.web.feeds import (MEDIA_TYPES, FeedSpec, Format, feed_date, feed_generator,
                              json_feed_head, xml_safe)
from khabar.web.params import Name
from khabar.web.render import Links, render
from khabar.presenters import display_date

router = APIRouter()

#: statements on one page of a speaker, and in an entity page's section
QUOTES_PAGE = 30
ENTITY_QUOTES = 5
#: speakers on the page without a speaker
TOP_SPEAKERS = 50
#: longest speaker name accepted in the query string (as ``params.Name``)
MAX_SPEAKER = 200


def quotes_links(speaker: str | None) -> Links:
    if not speaker:
        return Links(html="/quotes", json="/api/quotes")
    q = urlencode({"speaker": speaker})
    return Links(html=f"/quotes?{q}", json=f"/api/quotes?{q}",
                 feed=lambda fmt: feed_path(speaker, fmt))


def feed_path(speaker: str, fmt: str) -> str:
    """A speaker's statements as a feed (the name quoted: any character is safe in it)."""
    return f"/feeds/quotes/{quote(speaker, safe='')}.{fmt}"


def _said_item(said: Said, zone) -> dict:  # noqa: ANN001 - tzinfo
    return {"said": said, "quote": said.quote, "article": said.article,
            "date": display_date(said.article.published_at, zone)}


def story_quotes_context(request: Request, groups: list[SpeakerQuotes]) -> list[dict]:
    """The story page's "ماذا قالوا": speakers with what each said once, and where
    (``groups``: the story's statements by speaker, ``Storyline.quotes``)."""
    zone = request.app.state.zone
    return [{"speaker": g.speaker, "type": g.speaker_type, "outlets": len(g.outlets),
             "said": [_said_item(s, zone) for s in g.said]}
            for g in groups]


def story_quotes_json(groups: list[SpeakerQuotes]) -> list[dict]:
    return [g.to_json() for g in groups]


def entity_quotes_context(request: Request, name: str) -> dict:
    """The entity page's "تصريحات": the newest statements and where the rest are."""
    said = speaker_quotes(request.app.state.store, name, limit=ENTITY_QUOTES)
    links = quotes_links(name)
    return {"speaker": name, "said": [_said_item(s, request.app.state.zone) for s in said],
            "more": links.html, "feeds": links.feeds()}


def entity_quotes_json(request: Request, name: str) -> list[dict]:
    return [s.to_json() for s in speaker_quotes(request.app.state.store, name,
                                                limit=ENTITY_QUOTES)]


def _speaker(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:MAX_SPEAKER] or None


@router.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
def quotes_page(request: Request, speaker: str | None = Query(None, max_length=MAX_SPEAKER),
                page: int = Query(1, ge=1, le=500)) -> Response:
    store = request.app.state.store
    name = _speaker(speaker)
    context: dict = {"speaker": name, "items": [], "speakers": [], "next_url": None}
    if name:
        said = speaker_quotes(store, name, limit=QUOTES_PAGE, offset=(page - 1) * QUOTES_PAGE)
        context["items"] = [_said_item(s, request.app.state.zone) for s in said]
        if len(said) == QUOTES_PAGE:
            context["next_url"] = "/quotes?" + urlencode({"speaker": name, "page": page + 1})
    else:
        context["speakers"] = [{"name": n, "type": t, "quotes": c}
                               for n, t, c in store.top_speakers(limit=TOP_SPEAKERS)]
    return render(request, "html", quotes_links(name), template="quotes.html", context=context)


@router.get("/api/quotes", tags=["quotes"],
            summary="Who said what: a speaker's statements, or the most quoted speakers")
def quotes_api(request: Request,
               speaker: str | None = Query(None, max_length=MAX_SPEAKER,
                                           description="an entity's name as khabar shows it"),
               limit: int = Query(QUOTES_PAGE, ge=1, le=100),
               offset: int = Query(0, ge=0, le=10_000)) -> Response:
    store = request.app.state.store
    name = _speaker(speaker)
    if not name:
        document: dict = {"speakers": [{"speaker": n, "speaker_type": t, "quotes": c}
                                       for n, t, c in store.top_speakers(limit=limit)]}
        return render(request, "json", quotes_links(None), document=document)
    said = speaker_quotes(store, name, limit=limit, offset=offset)
    document = {"speaker": name, "items": [s.to_json() for s in said],
                "next_offset": offset + limit if len(said) == limit else None}
    return render(request, "json", quotes_links(name), document=document,
                  last_modified=_newest(said))


@router.get("/feeds/quotes/{name}.{fmt}", tags=["feeds"],
            summary="A speaker's statements as a feed")
def quotes_feed(request: Request, name: Name, fmt: Format) -> Response:
    said = speaker_quotes(request.app.state.store, name, limit=QUOTES_PAGE)
    base = str(request.base_url).rstrip("/")
    spec = FeedSpec(f"تصريحات: {name} — خبر", base + quotes_links(name).html,
                    base + feed_path(name, fmt), base)
    body = _json_feed(spec, said) if fmt == "json" else _xml_feed(spec, said, fmt)
    return conditional(request, body, MEDIA_TYPES[fmt], _newest(said))


def _newest(said: list[Said]) -> datetime | None:
    return max((_when(s.article) for s in said), default=None)


def _when(article: Article) -> datetime:
    return article.published_at or article.fetched_at


def _title(said: Said) -> str:
    text = said.quote.text
    return f"{said.quote.speaker}: {text if len(text) <= 120 else text[:119] + '…'}"


def _xml_feed(feed: FeedSpec, said: list[Said], fmt: str) -> bytes:
    fg = feed_generator(feed, _newest(said))
    for s in reversed(said):  # feedgen puts each new entry first
        a = s.article
        link = f"{feed.base_url}/articles/{a.id}"
        entry = fg.add_entry()
        entry.id(f"{link}#quote-{s.quote.start}")
        entry.title(xml_safe(_title(s)))
        entry.link(href=link)
        entry.published(_when(a))
        entry.updated(_when(a))
        entry.description(xml_safe(f"{s.quote.verb}: {s.quote.text} — {a.source}"))
        entry.author({"name": xml_safe(s.quote.speaker)})
    return fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)


def _json_feed(feed: FeedSpec, said: list[Said]) -> bytes:
    document = {
        **json_feed_head(feed),
        "items": [{
            "id": f"{feed.base_url}/articles/{s.article.id}#quote-{s.quote.start}",
            "url": f"{feed.base_url}/articles/{s.article.id}",
            "title": _title(s),
            "content_text": s.quote.text,
            "date_published": feed_date(_when(s.article)),
            "authors": [{"name": s.quote.speaker}],
            "_khabar": s.to_json(),
        } for s in said],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()

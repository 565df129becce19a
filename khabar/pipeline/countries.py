"""Outlets and countries in the pipeline: keep each story's countries current, and bring an
existing archive up to the catalogue (``khabar sources match``).

- ``refresh_story_countries(store, story_ids)`` runs after stories are placed (import,
  polling, rebuild): a story's countries are those of its articles (``article_countries``,
  computed when each article was enriched), the most shared first.
- ``match_archive(store)`` matches every source to its outlet and merges duplicates (as
  migration 0010 does), then computes the countries of every stored article and story.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable

from khabar.enrich.countries import article_countries, story_countries
from khabar.enrich.outlets import catalogue, lookup_ref
from khabar.errors import KhabarError
from khabar.store import Store

log = logging.getLogger(__name__)

#: articles (or stories) computed per round trip
CHUNK = 500

#: called with (stage, done): stage is "articles" or "stories"
Progress = Callable[[str, int], None]


def refresh_story_countries(store: Store, story_ids: Iterable[int | None]) -> None:
    """Recompute the countries of these stories from their articles'. A failure is logged,
    never raised: the articles and stories are stored, ``khabar sources match`` redoes it."""
    ids = sorted({i for i in story_ids if i is not None})
    try:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            per_story = store.story_article_countries(chunk)
            store.save_story_countries({i: story_countries(per_story.get(i, [])) for i in chunk})
    except KhabarError as exc:
        log.error("countries: refreshing %d stories failed: %s", len(ids), exc)


def refresh_all_story_countries(store: Store, progress: Progress | None = None) -> int:
    """Recompute every story's countries; how many stories."""
    store.clear_story_countries()
    done = last = 0
    while ids := store.story_ids(after=last, limit=CHUNK):
        refresh_story_countries(store, ids)
        done, last = done + len(ids), ids[-1]
        if progress:
            progress("stories", done)
    return done


def recompute_article_countries(store: Store, progress: Progress | None = None) -> int:
    """Compute the countries of every stored article again (after the catalogue or the
    gazetteer changed); how many articles."""
    outlets = catalogue()
    done = last = 0
    while rows := store.country_inputs(after=last, limit=CHUNK):
        found = {}
        for row in rows:
            outlet = outlets.get(row["outlet"])
            places = [e["name"] for e in json.loads(row["entities"] or "[]")
                      if e.get("type") == "place"]
            found[row["id"]] = article_countries(
                row["dateline_place"], places, row["outlet_country"],
                outlet.scope if outlet else None)
        store.set_article_countries(found)
        done, last = done + len(rows), rows[-1]["id"]
        if progress:
            progress("articles", done)
    return done


def match_archive(store: Store, progress: Progress | None = None) -> dict:
    """``khabar sources match``: sources matched and merged, then countries recomputed."""
    report = store.match_sources(lookup_ref)
    articles = recompute_article_countries(store, progress)
    with store.stories_lock():  # no worker rewrites a story's countries meanwhile
        stories = refresh_all_story_countries(store, progress)
    return {**report.to_json(), "articles": articles, "stories": stories}

"""A story's summary, provenance, timeline and statements, computed when read and kept in a
small cache.

They are computed on read rather than stored: a story changes with every article placed in it
(and the clusterer may move articles between stories on a rebuild), the computation takes
milliseconds for a story of a few articles (``bench/storyline.py``), and nothing has to be
migrated when the method changes. The cache is keyed on the story as it is now — each
article's id, last change, near-copy link and outlet, its sightings and its quotes — so a
story that grows or changes is recomputed on its next read and an unchanged one is not; a read
costs the story's load and two queries (sightings and quotes, each one query for the whole
story). It is per process and bounded (``CACHE_STORIES``, least recently used out).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from khabar.enrich.provenance import Provenance, provenance
from khabar.enrich.story_facts import StoryFacts, story_facts
from khabar.enrich.story_summary import SummarySentence, new_since, summarize
from khabar.enrich.story_timeline import TimelineEntry, timeline
from khabar.pipeline.quotes import SpeakerQuotes, story_quotes
from khabar.store import Store
from khabar.store.records import Quote, Sighting, Story

#: stories kept computed in one process
CACHE_STORIES = 256


@dataclass(frozen=True, slots=True)
class Storyline:
    facts: StoryFacts
    summary: list[SummarySentence]
    provenance: Provenance | None
    timeline: list[TimelineEntry]
    #: «ماذا قالوا»: the statements by speaker (``khabar.pipeline.quotes.story_quotes``)
    quotes: list[SpeakerQuotes]

    def new_since(self, since: datetime) -> list[SummarySentence]:
        """«الجديد»: sentences that first appeared after ``since``."""
        return new_since(self.facts, since)

    def to_json(self) -> dict:
        return {"summary": [s.to_json() for s in self.summary],
                "provenance": self.provenance.to_json() if self.provenance else None,
                "timeline": [e.to_json() for e in self.timeline]}


_cache: OrderedDict[tuple, Storyline] = OrderedDict()
_lock = threading.Lock()


def build_storyline(story: Story, sightings: list[Sighting],
                    quotes: dict[int, list[Quote]] | None = None) -> Storyline:
    """Compute a story's storyline from its loaded articles, their sightings and their
    statements (``Store.quotes_of``: new ones are shown on the timeline, and grouped by
    speaker)."""
    facts = story_facts(story.articles)
    prov = provenance(facts, sightings)
    return Storyline(facts, summarize(facts), prov,
                     timeline(facts, prov, quotes) if prov else [],
                     story_quotes(story.articles, quotes or {}))


def storyline(store: Store, story: Story) -> Storyline:
    """The storyline of a story loaded with its articles (``store.story``), from the cache
    when its articles, sightings and quotes are unchanged."""
    seen = store.sightings_of([a.id for a in story.articles if a.duplicate_of is None])
    sightings = [s for a in story.articles for s in seen.get(a.id, ())]
    quotes = store.quotes_of([a.id for a in story.articles])
    key = (id(store), story.id,
           tuple((a.id, a.updated_at or a.fetched_at, a.duplicate_of, a.source)
                 for a in story.articles),
           tuple((s.article_id, s.source) for s in sightings),
           tuple((article_id, tuple(said)) for article_id, said in quotes.items()))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    built = build_storyline(story, sightings, quotes)
    with _lock:
        _cache[key] = built
        while len(_cache) > CACHE_STORIES:
            _cache.popitem(last=False)
    return built

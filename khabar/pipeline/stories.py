"""Stories in the pipeline: place newly stored articles, rebuild every story, find related
articles.

- ``assign_stored(store, records, results)`` runs after each ``store.add_articles`` (import,
  polling): inserted articles are placed by the clusterer (``khabar.enrich.stories``) and the
  placements written with ``store.save_stories``. The clusterer of a store lives as long as the
  process and resumes from the newest ``RESUME_ARTICLES`` stored articles when first needed.
- ``recluster(store)`` forgets every story and places the whole archive again, in arrival order.
- ``related(store, article)``: "إقرأ أيضاً" (see ``khabar.enrich.related``).
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from khabar.arabic.dates import is_news_date
from khabar.enrich.related import RelatedArticle, choose_related, related_query_terms
from khabar.enrich.stories import Clusterer, Item, TextAnalysis
from khabar import metrics
from khabar.enrich.story_rank import story_score
from khabar.errors import KhabarError
from khabar.pipeline.countries import refresh_all_story_countries, refresh_story_countries
from khabar.store import AddResult, Article, ArticleRecord, Store
from khabar.store.records import iso_utc
from khabar.store.stories import Assignment

log = logging.getLogger(__name__)

#: newest stored articles replayed into a fresh clusterer (a few days of a busy archive)
RESUME_ARTICLES = 3000
#: how far below the newest seen id a placement by another process is still looked for
LATE_WINDOW = 5000
#: placements written per transaction during a rebuild
SAVE_EVERY = 1000
#: articles searched for as candidates of "related"
RELATED_CANDIDATES = 60

_assigners: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_assigners_lock = threading.Lock()


def item_of(article_id: int, article: Article | ArticleRecord,
            analysis: TextAnalysis | None = None) -> Item:
    when: datetime = article.published_at or article.fetched_at  # type: ignore[assignment]
    if not is_news_date(when):  # stored before dates were checked: year 1 broke the expiry
        when = article.fetched_at or datetime.now(timezone.utc)
    return Item(id=article_id, title=article.title, body=article.body,
                source=article.source or "", time=when,
                entities=tuple(getattr(article, "entities", None) or ()), analysis=analysis)


class StoryAssigner:
    """One store's clusterer, safe to share between threads and consistent between processes.

    Several processes (workers) place articles in one database, each with a clusterer of its
    own. ``assign`` therefore holds the database's story lock (``store.stories_lock()``) and,
    before placing anything, replays the placements other processes made since this clusterer
    last looked, so every article is placed knowing every placement made before it.

    What was seen is tracked by article id: every placed article at or below ``_low`` has been
    seen, and ``_seen`` holds the ids above it that were. Ids are handed out when articles are
    inserted, before they are placed, so a process may place a lower id after another placed a
    higher one; ``_low`` therefore stops below the lowest article still unplaced (at most
    ``LATE_WINDOW`` ids back: an article left unplaced that long is left to ``recluster``).
    """

    def __init__(self, store: Store, clusterer: Clusterer | None = None) -> None:
        self.store = store
        self.clusterer = clusterer or Clusterer()
        self._lock = threading.Lock()
        self._low = 0
        self._seen: set[int] = set()

    def resume(self, newest: int = RESUME_ARTICLES) -> None:
        """Replay the placements of the newest stored articles. Articles never placed (stored
        before stories existed, or while placing failed) are left to ``recluster``."""
        with self._lock:
            top = 0
            for chunk in self.store.articles_in_arrival_order(newest=newest):
                for article in chunk:
                    top = max(top, article.id)
                    if article.story_id is not None:
                        self.clusterer.observe(item_of(article.id, article), article.story_id,
                                               article.duplicate_of)
                        self._seen.add(article.id)
            self.clusterer.take_changed()
            self._advance(max(0, top - LATE_WINDOW), top)

    def seen_up_to(self, article_id: int) -> None:
        """Every placed article up to ``article_id`` is known to the clusterer (a rebuild)."""
        with self._lock:
            self._low, self._seen = article_id, set()

    def assign(self, items: Sequence[Item]) -> list[Assignment]:
        """Place new articles (in arrival order) and write their placements."""
        with self._lock, self.store.stories_lock():
            self._catch_up()
            # an article another process placed meanwhile (both saw it unplaced) is not placed
            # twice
            items = [i for i in items if i.id not in self._seen]
            placed = [self.clusterer.add(i) for i in sorted(items, key=lambda i: (i.time, i.id))]
            done = [Assignment(p.article_id, p.story_id, p.duplicate_of) for p in placed]
            self.store.save_stories(done, self.clusterer.take_changed(), story_score)
            # under the story lock: two workers never rewrite one story's countries at once
            refresh_story_countries(self.store, [a.story_id for a in done])
            self._seen.update(a.article_id for a in done)
            return done

    def _catch_up(self) -> int:
        """Replay the placements made by other processes since the last look; how many."""
        ids, unplaced = self.store.placed_after(self._low)
        new = [i for i in ids if i not in self._seen]
        if new:
            for article in self.store.articles_with_ids(new):
                self.clusterer.observe(item_of(article.id, article), article.story_id,
                                       article.duplicate_of)
            self.clusterer.take_changed()  # their writers saved those stories already
            self._seen.update(new)
        top = max(ids[-1] if ids else 0, max(self._seen, default=0), self._low)
        self._advance(top if unplaced is None else unplaced - 1, top)
        return len(new)

    def _advance(self, low: int, top: int) -> None:
        self._low = max(self._low, low, top - LATE_WINDOW)
        self._seen = {i for i in self._seen if i > self._low}


def assigner_for(store: Store) -> StoryAssigner:
    """The store's clusterer, resumed from the archive on first use."""
    with _assigners_lock:
        assigner = _assigners.get(store)
        if assigner is None:
            assigner = _assigners[store] = StoryAssigner(store)
            assigner.resume()
        return assigner


def assign_stored(
    store: Store, records: Sequence[ArticleRecord], results: Sequence[AddResult],
    analyses: Sequence[TextAnalysis | None] | None = None,
) -> list[Assignment]:
    """Place the articles ``add_articles`` inserted. A failure is logged, never raised: the
    articles are stored, and ``khabar recluster`` places them later. ``analyses``: each
    record's text analysis done beforehand (``analyze_item_text``), in the records' order."""
    for r in results:
        metrics.ARTICLES_STORED.labels(r.status).inc()
    ahead = analyses if analyses is not None else [None] * len(records)
    items = [item_of(r.article_id, rec, a) for rec, r, a in zip(records, results, ahead)
             if r.status == "inserted"]
    inserted = {item.id for item in items}  # a copy in the same batch points at one of these
    items += _stored_unplaced(store, sorted({r.article_id for r in results
                                             if r.status != "inserted"} - inserted))
    return _place(store, items)


def _place(store: Store, items: list[Item]) -> list[Assignment]:
    """Place ``items`` in stories and count what that did; a failure is logged, not raised."""
    if not items:
        return []
    try:
        placed = assigner_for(store).assign(items)
    except KhabarError as exc:
        log.error("stories: placing %d articles failed: %s", len(items), exc)
        return []
    metrics.COPIES_FOLDED.inc(sum(1 for a in placed if a.duplicate_of is not None))
    metrics.STORIES_OPENED.inc(sum(1 for a in placed if a.story_id == a.article_id))
    return placed


def _stored_unplaced(store: Store, ids: list[int]) -> list[Item]:
    """Articles stored before but never placed: a process killed between storing a batch and
    placing it (issue 20). Placed now, when the same records come again, they land where a
    run without the kill put them; left alone, every later article missed them."""
    if not ids:
        return []
    try:
        unplaced = store.unplaced_among(ids)
        return [item_of(a.id, a) for a in store.articles_with_ids(unplaced) if a.story_id is None]
    except KhabarError as exc:
        log.error("stories: looking for unplaced articles failed: %s", exc)
        return []


def place_stored(store: Store, ids: Sequence[int]) -> list[Assignment]:
    """Place those of the stored articles ``ids`` that have no story yet (a poll killed after
    storing them): their feed entries are known, so no later poll would store them again."""
    return _place(store, _stored_unplaced(store, list(ids)))


#: called during a rebuild with (articles placed, total)
Progress = Callable[[int, int], None]


def recluster(store: Store, *, progress: Progress | None = None,
              clusterer: Clusterer | None = None) -> dict:
    """Rebuild every story from scratch over the whole archive, in arrival order."""
    total = store.count_articles()
    assigner = StoryAssigner(store, clusterer)
    pending: list[Assignment] = []
    done = stories = copies = top = 0
    with store.stories_lock():  # workers place nothing while the stories are rebuilt
        store.clear_stories()
        for chunk in store.articles_in_arrival_order():
            for article in chunk:
                p = assigner.clusterer.add(item_of(article.id, article))
                pending.append(Assignment(p.article_id, p.story_id, p.duplicate_of))
                stories += p.new_story
                copies += p.duplicate_of is not None
                top = max(top, article.id)
            done += len(chunk)
            if len(pending) >= SAVE_EVERY:
                store.save_stories(pending, assigner.clusterer.take_changed(), story_score)
                pending = []
            if progress:
                progress(done, total)
        store.save_stories(pending, assigner.clusterer.take_changed(), story_score)
        refresh_all_story_countries(store)
    assigner.seen_up_to(top)
    with _assigners_lock:
        _assigners[store] = assigner  # carries on from where the rebuild ended
    return {"articles": done, "stories": stories, "near_copies": copies,
            "multi_article_stories": store.count_stories(min_articles=2)}


def related(store: Store, article: Article, *, limit: int = 5) -> list[RelatedArticle]:
    """Up to ``limit`` articles a reader would want next: other stories, recent, outlets
    spread, never a copy of the article, each with the terms it shares. The candidates are
    searched for without snippets: the page shows none of them."""
    from khabar.search import ranked

    terms = related_query_terms(article)
    if not terms:
        return []
    query = " OR ".join(terms)
    try:
        hits = ranked(store, query, limit=RELATED_CANDIDATES)
    except KhabarError as exc:
        log.warning("related: search for article %d failed: %s", article.id, exc)
        return []
    return choose_related(article, hits, limit=limit)


def also_reported_by(store: Store, article: Article) -> list[dict]:
    """Every other copy of the article: near copies stored as articles (other outlets or
    versions) and exact copies seen under other URLs."""
    items = [
        {"article_id": a.id, "source": a.source, "url": a.url, "title": a.title,
         "published_at": iso_utc(a.published_at), "kind": "near_copy"}
        for a in store.near_copies(article)
    ]
    items += [dict(s.to_json(), kind="same_text") for s in store.sightings(article.id)]
    return items


def article_context(store: Store, article: Article, *, related_limit: int = 5) -> dict:
    """What the article page and ``khabar show --json`` add to an article: its story,
    its other copies and related articles with reasons."""
    return {
        "story_id": article.story_id,
        "also_reported_by": also_reported_by(store, article),
        "duplicates": [s.to_json() for s in store.sightings(article.id)],
        "related": [r.to_json() for r in related(store, article, limit=related_limit)],
    }

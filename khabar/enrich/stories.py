"""Stories: articles about the same event, clustered incrementally in arrival order.

After Miranda et al., "Multilingual Clustering of Streaming News" (EMNLP 2018): each article
is a TF-IDF vector of its analyzed terms (``khabar.arabic.analyze``; title and lead weighted,
document frequencies kept as the stream goes), each story the sum of its articles' vectors.
A new article is compared with candidate stories only — those sharing one of its strongest
terms in an inverted index of *active* stories (updated within ``ACTIVE``) — so its cost does
not grow with the archive. The score of a story is

    (BODY_WEIGHT · cos(text) + TITLE_WEIGHT · cos(titles) + ENTITY_WEIGHT · overlap(entities))
      · exp(-hours outside the story's time span / DECAY_HOURS)

(entity weight only when both sides have entities; the weights are renormalized). The article
joins the best story scoring at least ``JOIN_THRESHOLD``, else starts a story whose id is its
own id. A near copy (``near_copies``) joins its original's story whatever the score.

What tells two events of one topic apart lowers the score (``event_marks``): when the article's
lead gives the event's weekday and the story's leads give others only, the score is multiplied
by ``WEEKDAY_FACTOR``; when both report match scores and none agree, by ``SCORE_FACTOR``.
Recurring columns (``series``: weddings, obituaries, prayer times, weather, prices) are placed
in a story of their own that nothing joins, not even as a near copy.

A story's headline is its most representative article: the one closest to its centroid.
"""

from __future__ import annotations

import heapq
import math
from itertools import repeat
from operator import mul
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from datasketch import MinHash

from khabar.arabic import analyze
from khabar.enrich.event_marks import Marks, disagree, marks
from khabar.enrich.near_copies import (
    copy_signature,
    NearCopies,
    copy_text,
    from_hash_values,
    hash_values,
)
from khabar.enrich.series import Features, SeriesDetector, features
from khabar.store.records import pickled_by_fields

#: weight of a term in the title, in the lead (first paragraph), in the rest of the body
TITLE_TERM_WEIGHT = 3.0
LEAD_TERM_WEIGHT = 2.0
#: words of the body that make its lead when the first paragraph is longer
LEAD_WORDS = 60
#: strongest terms kept per article vector, and per story centroid
ARTICLE_TERMS = 50
STORY_TERMS = 300
#: strongest terms of an article looked up in the inverted index / posted for its story
QUERY_TERMS = 12
#: stories compared in full per article, the most term-sharing first
MAX_CANDIDATES = 25
#: score weights (see the module docstring) and the join threshold
BODY_WEIGHT = 0.7
TITLE_WEIGHT = 0.3
# Shared entities are off (0.0): counted as a plain overlap, with entities now stored on
# every article, they joined same-topic-different-event articles (pairwise precision on the
# labelled ANT set fell from 0.96 to 0.67, 2026-11-29). Weighting them by rarity is the next
# step before turning them back on.
ENTITY_WEIGHT = 0.0
JOIN_THRESHOLD = 0.28
#: score multipliers when the event's weekday, or the match score, disagrees with the story's
WEEKDAY_FACTOR = 0.6
SCORE_FACTOR = 0.4
#: time decay outside the story's span, and how long a story stays open without new articles
DECAY_HOURS = 48.0
ACTIVE = timedelta(days=4)
#: stories up to this size recompute their headline in full on each new article
HEADLINE_RECOMPUTE = 12

Vector = dict[str, float]


@dataclass(slots=True)
class Item:
    """What the clusterer needs of an article."""

    id: int
    title: str
    body: str
    source: str
    time: datetime
    entities: Sequence[str] = ()
    #: the text's analysis done beforehand (``analyze_item_text``, in a worker process)
    analysis: TextAnalysis | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """What placing an article needs of its text and not of the stories: the terms of its
    title, lead and rest, and its near-copy signature (``near_copies.hash_values``)."""

    title: list[str]
    lead: list[str]
    rest: list[str]
    signature: bytes | None
    #: the event's weekday and score (``event_marks``) and the series features (``series``)
    marks: Marks | None = None
    series: Features | None = None


def analyze_item_text(title: str, body: str) -> TextAnalysis:
    """The analysis ``Clusterer.add`` would do of this text, done ahead (any process)."""
    lead, rest = _lead_and_rest(body)
    return TextAnalysis(analyze(title), analyze(lead), analyze(rest),
                        hash_values(copy_signature(title, body)),
                        marks(title, lead), features(title, lead))


def index_terms(analysis: TextAnalysis | None) -> tuple[list[str], list[str]] | None:
    """The analysis as the search index reads the text: ``analyze(title)``, ``analyze(body)``
    (the body's terms are its lead's then its rest's: no word spans the whitespace the lead
    is cut at, tested on every ANT article)."""
    return None if analysis is None else (analysis.title, analysis.lead + analysis.rest)


def _lead_and_rest(body: str) -> tuple[str, str]:
    paragraphs = body.split("\n", 1)
    lead_words = paragraphs[0].split()
    lead = " ".join(lead_words[:LEAD_WORDS])
    rest = " ".join(lead_words[LEAD_WORDS:]) + (" " + paragraphs[1] if len(paragraphs) > 1 else "")
    return lead, rest


@dataclass(slots=True)
class Placement:
    """Where an article went: its story, the article it is a near copy of, the score."""

    article_id: int
    story_id: int
    duplicate_of: int | None = None
    new_story: bool = False
    score: float = 0.0
    #: a recurring column's article (``series``): its story is its own, nothing joins it
    series: bool = False


@dataclass(slots=True)
class _Story:
    id: int
    first: datetime
    last: datetime
    centroid: Counter = field(default_factory=Counter)
    titles: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    weekdays: Counter = field(default_factory=Counter)
    scores: Counter = field(default_factory=Counter)
    members: list[tuple[int, Vector]] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    posted: set[str] = field(default_factory=set)
    headline: int = 0
    headline_score: float = -1.0
    #: a recurring column's story: never posted in the inverted index, so nothing joins it
    series: bool = False
    centroid_norm: float = 0.0
    titles_norm: float = 0.0


class Vectorizer:
    """TF-IDF vectors over analyzed terms with document frequencies counted as articles come."""

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.n = 0

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df[term] + 1)) + 1.0

    def vectors(self, title: str, body: str,
                analysis: TextAnalysis | None = None) -> tuple[Vector, Vector]:
        """(the article's weighted, normalized vector; its title's vector), then counts the
        article's terms in the document frequencies. ``analysis``: the text's terms found
        beforehand (``analyze_item_text``)."""
        if analysis is None:
            lead, rest = _lead_and_rest(body)
            title_terms, lead_terms, rest_terms = analyze(title), analyze(lead), analyze(rest)
        else:
            title_terms, lead_terms, rest_terms = analysis.title, analysis.lead, analysis.rest
        tf: dict[str, float] = {}
        get = tf.get
        for t in title_terms:
            tf[t] = get(t, 0) + TITLE_TERM_WEIGHT
        for t in lead_terms:
            tf[t] = get(t, 0) + LEAD_TERM_WEIGHT
        for t in rest_terms:
            tf[t] = get(t, 0) + 1.0
        # ``idf`` inlined (the same arithmetic): it is called for every term of every article
        df, log, n1 = self.df.get, math.log, self.n + 1
        vector = _top(_normalize({t: (1 + log(w)) * (log(n1 / (df(t, 0) + 1)) + 1.0)
                                  for t, w in tf.items()}), ARTICLE_TERMS)
        title_vec = _normalize({t: log(n1 / (df(t, 0) + 1)) + 1.0 for t in set(title_terms)})
        self.n += 1
        self.df.update(tf.keys())
        return vector, title_vec


class Clusterer:
    """Assigns articles, one at a time in arrival order, to stories."""

    def __init__(self, *, threshold: float = JOIN_THRESHOLD, decay_hours: float = DECAY_HOURS,
                 active: timedelta = ACTIVE, near_copies: NearCopies | None = None) -> None:
        self.threshold = threshold
        self.decay_hours = decay_hours
        self.active = active
        self.vectorizer = Vectorizer()
        self.copies = near_copies if near_copies is not None else NearCopies()
        self.series = SeriesDetector()
        self._stories: dict[int, _Story] = {}
        self._postings: dict[str, set[int]] = {}
        self._expiry: list[tuple[datetime, int]] = []
        self._copy_of: dict[int, tuple[int, int]] = {}  # article → (canonical, story)
        self._marks_of: dict[int, Marks] = {}  # article → its event marks, as long as _copy_of
        self._clock: datetime | None = None
        #: stories changed since ``take_changed()``: story id → headline article id
        self._changed: dict[int, int] = {}

    @property
    def open_stories(self) -> int:
        return len(self._stories)

    def add(self, item: Item) -> Placement:
        """Place a new article: in its original's story if it is a near copy, else in the
        best-scoring open story, else in a new story."""
        copy_key, signature = self._signature(item)
        vector, title_vec = self.vectorizer.vectors(item.title, item.body, item.analysis)
        item_marks, series = self._marks(item)
        placement: Placement
        if series:  # template text: its near copies are other announcements, not copies
            placement = Placement(item.id, item.id, None, new_story=True, series=True)
        elif copy_key is not None and copy_key in self._copy_of and not self._other_event(
                copy_key, item_marks):
            canonical, story_id = self._copy_of[copy_key]
            placement = Placement(item.id, story_id, canonical, score=1.0)
        else:
            story_id, score = self._best(item, vector, title_vec, item_marks)
            if story_id is None:
                placement = Placement(item.id, item.id, None, new_story=True, score=score)
            else:
                placement = Placement(item.id, story_id, None, score=score)
        self._place(item, placement, vector, title_vec, item_marks)
        self.copies.add(item.id, signature, item.time)
        return placement

    def observe(self, item: Item, story_id: int, duplicate_of: int | None) -> None:
        """Replay an article already placed (resuming from a stored archive)."""
        _, signature = self._signature(item)
        vector, title_vec = self.vectorizer.vectors(item.title, item.body, item.analysis)
        item_marks, series = self._marks(item)
        series = series and duplicate_of is None and story_id == item.id
        self._place(item, Placement(item.id, story_id, duplicate_of, series=series), vector,
                    title_vec, item_marks, record=False)
        self.copies.add(item.id, signature, item.time)

    def _signature(self, item: Item) -> tuple[int | None, MinHash | None]:
        if item.analysis is None:
            return self.copies.find(copy_text(item.title, item.body), item.time)
        return self.copies.match(from_hash_values(item.analysis.signature), item.time)

    def _marks(self, item: Item) -> tuple[Marks, bool]:
        """The article's event marks, and whether it is of a recurring column (remembered)."""
        ahead = item.analysis
        if ahead is not None and ahead.marks is not None and ahead.series is not None:
            return ahead.marks, self.series.seen(item.source, item.time, ahead.series)
        lead = _lead_and_rest(item.body)[0]
        return (marks(item.title, lead),
                self.series.seen(item.source, item.time, features(item.title, lead)))

    def _other_event(self, article_id: int, item_marks: Marks) -> bool:
        """A near copy that gives another weekday or score than its original is template text
        of another event (a match report, a column), not a copy."""
        original = self._marks_of.get(article_id)
        return original is not None and (
            disagree(item_marks.weekdays, original.weekdays)
            or disagree(item_marks.scores, original.scores))

    def take_changed(self) -> dict[int, int]:
        """Stories changed since the last call: story id → headline article id."""
        changed, self._changed = self._changed, {}
        return changed

    # --- scoring ----------------------------------------------------------------------------

    def _best(self, item: Item, vector: Vector, title_vec: Vector,
              item_marks: Marks | None = None) -> tuple[int | None, float]:
        counts: Counter = Counter()
        for term in _strongest(vector, QUERY_TERMS):
            for story_id in self._postings.get(term, ()):
                counts[story_id] += 1
        best, best_score = None, 0.0
        for story_id, _ in counts.most_common(MAX_CANDIDATES):
            score = self.score(item, vector, title_vec, self._stories[story_id], item_marks)
            if score > best_score:
                best, best_score = story_id, score
        return (best, best_score) if best_score >= self.threshold else (None, best_score)

    def score(self, item: Item, vector: Vector, title_vec: Vector, story: _Story,
              item_marks: Marks | None = None) -> float:
        parts = [(BODY_WEIGHT, _cosine(vector, story.centroid, story.centroid_norm)),
                 (TITLE_WEIGHT, _cosine(title_vec, story.titles, story.titles_norm))]
        if ENTITY_WEIGHT and item.entities and story.entities:
            shared = sum(1 for e in set(item.entities) if e in story.entities)
            parts.append((ENTITY_WEIGHT, shared / len(set(item.entities))))
        similarity = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
        if item_marks is not None:
            if disagree(item_marks.weekdays, story.weekdays):
                similarity *= WEEKDAY_FACTOR
            if disagree(item_marks.scores, story.scores):
                similarity *= SCORE_FACTOR
        if item.time < story.first:
            outside = story.first - item.time
        elif item.time > story.last:
            outside = item.time - story.last
        else:
            outside = timedelta(0)
        return similarity * math.exp(-outside.total_seconds() / 3600 / self.decay_hours)

    # --- bookkeeping ------------------------------------------------------------------------

    def _place(self, item: Item, placement: Placement, vector: Vector, title_vec: Vector,
               item_marks: Marks | None = None, record: bool = True) -> None:
        story = self._stories.get(placement.story_id)
        if story is None:
            story = self._stories[placement.story_id] = _Story(
                placement.story_id, item.time, item.time, headline=item.id,
                series=placement.series)
        story.first, story.last = min(story.first, item.time), max(story.last, item.time)
        story.centroid.update(vector)
        if len(story.centroid) > STORY_TERMS * 3 // 2:
            story.centroid = Counter(dict(story.centroid.most_common(STORY_TERMS)))
        story.titles.update(title_vec)
        story.centroid_norm = _norm(story.centroid)
        story.titles_norm = _norm(story.titles)
        story.entities.update(set(item.entities))
        if item_marks is not None:
            story.weekdays.update(item_marks.weekdays)
            story.scores.update(item_marks.scores)
        story.members.append((item.id, vector))
        story.sources.add(item.source)
        for term in () if story.series else _strongest(vector, QUERY_TERMS):
            if term not in story.posted:
                story.posted.add(term)
                self._postings.setdefault(term, set()).add(story.id)
        self._update_headline(story, item.id, vector)
        canonical = placement.duplicate_of or item.id
        self._copy_of[item.id] = (canonical, story.id)
        if item_marks is not None:
            self._marks_of[item.id] = item_marks
        self._changed[story.id] = story.headline
        heapq.heappush(self._expiry, (story.last, story.id))
        self._clock = item.time if self._clock is None else max(self._clock, item.time)
        self._expire(self._clock - self.active)

    def _update_headline(self, story: _Story, article_id: int, vector: Vector) -> None:
        norm = story.centroid_norm
        if len(story.members) <= HEADLINE_RECOMPUTE:
            scored = [(_cosine(v, story.centroid, norm), -i) for i, v in story.members]
            score, negative_id = max(scored)
            story.headline, story.headline_score = -negative_id, score
            return
        score = _cosine(vector, story.centroid, norm)
        if score > story.headline_score:
            story.headline, story.headline_score = article_id, score

    def _expire(self, horizon: datetime) -> None:
        while self._expiry and self._expiry[0][0] < horizon:
            last, story_id = heapq.heappop(self._expiry)
            story = self._stories.get(story_id)
            if story is None or story.last != last:
                continue  # already gone, or updated since (a newer entry is queued)
            for term in story.posted:
                posting = self._postings.get(term)
                if posting is not None:
                    posting.discard(story_id)
                    if not posting:
                        del self._postings[term]
            for article_id, _ in story.members:
                self._copy_of.pop(article_id, None)
                self._marks_of.pop(article_id, None)
            del self._stories[story_id]


def _normalize(weights: dict[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def _top(vector: Vector, n: int) -> Vector:
    if len(vector) <= n:
        return vector
    return dict(sorted(vector.items(), key=lambda kv: -kv[1])[:n])


def _strongest(vector: Vector, n: int) -> list[str]:
    return [t for t, _ in sorted(vector.items(), key=lambda kv: -kv[1])[:n]]


def _norm(weights: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in weights.values()))


def _cosine(vector: Vector, centroid: dict[str, float], norm: float) -> float:
    """Cosine of a normalized vector and a centroid whose norm is given."""
    if not norm:
        return 0.0
    # the same products summed in the same order as a generator would, in C
    return sum(map(mul, vector.values(), map(centroid.get, vector, repeat(0.0)))) / norm

"""Related articles ("إقرأ أيضاً"): what a reader would want next, chosen from search hits.

``related_query_terms`` gives the words to search for (the article's title, then its lead,
stop words left out); ``choose_related`` keeps, from the hits, articles of *other* stories that
are not copies of the article, close to it in time, spread over outlets, each with the words
it shares with the article as its reason. Entities can join the shared words when articles
carry them.

What the choice reads of an article (the words of its title and lead, its folded title, its
body shingles) is kept per process for the ``KEPT`` articles last read (``_reading``), keyed on
the article's id and text: the same candidates come back for page after page, and the body
shingles were most of a page's cost (docs/benchmarks.md).
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from khabar.arabic import fold, term, tokens
from khabar.enrich.near_copies import NEAR_COPY_JACCARD, SHINGLE_WORDS
from khabar.store.records import Article

#: query words taken from the title and lead
QUERY_WORDS = 12
#: words of the body read as its lead
LEAD_WORDS = 40
#: related articles are published within this many days of the article, and fade with distance
MAX_DAYS = 14
DECAY_DAYS = 7.0
#: a second article from an outlet already chosen counts this much less (per article)
OUTLET_PENALTY = 0.5
#: shared words shown as the reason
REASON_WORDS = 3
#: articles whose reading (``_Reading``) is kept per process (about 12 kB each)
KEPT = 1024


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    article: Article
    shared: tuple[str, ...]
    score: float

    @property
    def reason(self) -> str:
        return "كلمات مشتركة: " + "، ".join(self.shared)

    def to_json(self) -> dict:
        from khabar.store.records import iso_utc

        a = self.article
        return {"id": a.id, "title": a.title, "source": a.source,
                "published_at": iso_utc(a.published_at), "story_id": a.story_id,
                "shared": list(self.shared), "reason": self.reason}


def _lead(article: Article) -> str:
    return " ".join(article.body.split()[:LEAD_WORDS])


def _words(text: str) -> list[tuple[str, str]]:
    """(surface word, index term) of the text's words that are not stop words."""
    out = []
    for word, _, _ in tokens(text):
        t = term(word)
        if t and len(t) > 1:
            out.append((word, t))
    return out


def related_query_terms(article: Article) -> list[str]:
    """Distinct words of the title, then of the lead, as search words."""
    seen: set[str] = set()
    words: list[str] = []
    for word, t in _reading(article).words:
        if t not in seen and not t.isdigit():
            seen.add(t)
            words.append(word)
        if len(words) >= QUERY_WORDS:
            break
    return words


class _Reading:
    """What choosing related articles reads of one article: the words of its title and lead,
    its folded title and, once asked (``shingles``), its body shingles as hashes."""

    __slots__ = ("words", "title", "_shingles")

    def __init__(self, article: Article) -> None:
        self.words = tuple(_words(article.title) + _words(_lead(article)))
        self.title = fold(article.title).strip()
        self._shingles: np.ndarray | None = None

    def shingles(self, body: str) -> np.ndarray:
        """The body's distinct shingles (``near_copies.shingles``) as sorted 64-bit hashes:
        a fourteenth of the memory of the set (2 kB for an ANT article, on average), and the
        same Jaccard but for a hash collision (odds about 1e-13 for two articles of 1,000
        shingles)."""
        if self._shingles is None:
            words = [w for w, _, _ in tokens(fold(body))]
            self._shingles = np.unique(np.fromiter(
                (hash(" ".join(words[i:i + SHINGLE_WORDS]))
                 for i in range(max(0, len(words) - SHINGLE_WORDS + 1))), dtype=np.int64))
        return self._shingles


_kept: OrderedDict[tuple, _Reading] = OrderedDict()
_kept_lock = threading.Lock()


def _reading(article: Article) -> _Reading:
    """The article's reading, kept for the ``KEPT`` articles last asked for. Keyed on the
    text as well as the id (the title, and the hash and length of the body rather than the
    body): an article whose text changed is read again."""
    key = (article.id, article.title, hash(article.body), len(article.body))
    with _kept_lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    made = _Reading(article)
    with _kept_lock:
        _kept[key] = made
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """``near_copies.jaccard`` of two sets given as sorted distinct hashes."""
    if not a.size or not b.size:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def is_copy_or_same_story(article: Article, other: Article) -> bool:
    """Whether ``other`` is the article itself, a copy of it, or of its story."""
    if other.id == article.id:
        return True
    if article.story_id is not None and other.story_id == article.story_id:
        return True
    roots = {article.id, article.duplicate_of} - {None}
    if other.id in roots or (other.duplicate_of is not None and other.duplicate_of in roots):
        return True
    if article.content_hash and other.content_hash == article.content_hash:
        return True
    own, theirs = _reading(article), _reading(other)
    if own.title == theirs.title:
        return True
    return _jaccard(own.shingles(article.body), theirs.shingles(other.body)) >= NEAR_COPY_JACCARD


def choose_related(
    article: Article, candidates: Sequence[tuple[Article, float]], *, limit: int = 5
) -> list[RelatedArticle]:
    """Up to ``limit`` of the (article, relevance) candidates, best first."""
    own = {t for _, t in _reading(article).words}
    when = article.published_at or article.fetched_at
    pool: list[tuple[float, Article, tuple[str, ...]]] = []
    stories_seen: set[int] = set()
    for other, relevance in candidates:
        other_when = other.published_at or other.fetched_at
        days = abs((other_when - when).total_seconds()) / 86400
        story = other.story_id if other.story_id is not None else -other.id
        if days > MAX_DAYS or story in stories_seen:  # one article per story
            continue
        shared = _shared(own, other)
        # the shingles last: the costliest test, only for a candidate that would be kept
        if not shared or is_copy_or_same_story(article, other):
            continue
        stories_seen.add(story)
        pool.append((relevance * math.exp(-days / DECAY_DAYS), other, shared))
    chosen: list[RelatedArticle] = []
    per_outlet: Counter = Counter()
    while pool and len(chosen) < limit:
        best = max(range(len(pool)),
                   key=lambda i: pool[i][0] * OUTLET_PENALTY ** per_outlet[pool[i][1].source])
        score, other, shared = pool.pop(best)
        per_outlet[other.source] += 1
        chosen.append(RelatedArticle(other, shared, round(score, 4)))
    return chosen


def _shared(own: set[str], other: Article) -> tuple[str, ...]:
    """The other article's words (title first, then lead) whose terms the article has."""
    found: dict[str, str] = {}
    for word, t in _reading(other).words:
        if t in own and t not in found:
            found[t] = word
        if len(found) >= REASON_WORDS:
            break
    return tuple(found.values())

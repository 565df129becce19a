"""Related articles ("إقرأ أيضاً"): what a reader would want next, chosen from search hits.

``related_query_terms`` gives the words to search for (the article's title, then its lead,
stop words left out); ``choose_related`` keeps, from the hits, articles of *other* stories that
are not copies of the article, close to it in time, spread over outlets, each with the words
it shares with the article as its reason. Entities can join the shared words when articles
carry them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from khabar.arabic import fold, term, tokens
from khabar.enrich.near_copies import NEAR_COPY_JACCARD, jaccard, shingles
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
    for word, t in _words(article.title) + _words(_lead(article)):
        if t not in seen and not t.isdigit():
            seen.add(t)
            words.append(word)
        if len(words) >= QUERY_WORDS:
            break
    return words


def is_copy_or_same_story(article: Article, other: Article,
                          own_shingles: set[bytes] | None = None) -> bool:
    """Whether ``other`` is the article itself, a copy of it, or of its story
    (``own_shingles``: the article's body shingles, when already computed)."""
    if other.id == article.id:
        return True
    if article.story_id is not None and other.story_id == article.story_id:
        return True
    roots = {article.id, article.duplicate_of} - {None}
    if other.id in roots or (other.duplicate_of is not None and other.duplicate_of in roots):
        return True
    if article.content_hash and other.content_hash == article.content_hash:
        return True
    if fold(article.title).strip() == fold(other.title).strip():
        return True
    if own_shingles is None:
        own_shingles = shingles(article.body)
    return jaccard(own_shingles, shingles(other.body)) >= NEAR_COPY_JACCARD


def choose_related(
    article: Article, candidates: Sequence[tuple[Article, float]], *, limit: int = 5
) -> list[RelatedArticle]:
    """Up to ``limit`` of the (article, relevance) candidates, best first."""
    own = {t for _, t in _words(article.title) + _words(_lead(article))}
    when = article.published_at or article.fetched_at
    own_shingles = shingles(article.body)  # once, not once per candidate
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
        if not shared or is_copy_or_same_story(article, other, own_shingles):
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
    for word, t in _words(other.title) + _words(_lead(other)):
        if t in own and t not in found:
            found[t] = word
        if len(found) >= REASON_WORDS:
            break
    return tuple(found.values())

"""A story told in a few sentences taken from its outlets (extractive, offline, deterministic).

The candidates are the story's facts (``story_facts``: near-identical sentences of copies and
light rewrites are one fact). Each fact is scored by

- *centrality*: LexRank (Erkan & Radev 2004) over the facts' TF-IDF cosine graph, edges below
  ``EDGE`` dropped, damping 0.85, a fixed number of power iterations;
- *coverage*: how many of the story's outlets carried the fact (``1 + COVERAGE × share``);
- *position*: news puts the main fact first (``1 / (1 + POSITION × position)``, the best
  position at which any outlet wrote it).

Facts are taken best first, skipping one whose cosine with a fact already taken reaches
``REDUNDANT`` (maximal marginal relevance, hard form) or whose sentence is too long to read,
until ``summary_size`` sentences; they are then shown in the order they first appeared. Each
sentence is quoted as its first outlet wrote it, linked to that article, with the other outlets
that carried it. ``new_since`` gives «الجديد»: the best facts that first appeared after a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from khabar.enrich.story_facts import Fact, StoryFacts, article_time, cosine
from khabar.store.records import iso_utc

#: only facts some outlet wrote among its first sentences are ranked (news puts them first)
LEAD_SENTENCES = 8
#: LexRank: cosine below which two facts are not linked, damping and iterations
EDGE = 0.1
DAMPING = 0.85
ITERATIONS = 30
#: weight of the share of outlets that carried a fact
COVERAGE = 1.0
#: how fast a sentence's weight falls with its position in the article
POSITION = 0.25
#: cosine with a chosen sentence at or above which a candidate repeats it
REDUNDANT = 0.25
#: longest summary sentence, in words
MAX_SUMMARY_WORDS = 55
#: most «الجديد» sentences
MAX_NEW = 5


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    article_id: int
    source: str
    title: str
    first_at: datetime
    #: the other outlets that carried this fact (near copies of the sentence)
    also: tuple[str, ...]
    score: float

    def to_json(self) -> dict:
        return {"text": self.text, "article_id": self.article_id, "source": self.source,
                "title": self.title, "first_at": iso_utc(self.first_at),
                "also": list(self.also), "score": round(self.score, 4)}


def summary_size(facts: StoryFacts) -> int:
    """3 sentences for a story of one or two articles, 4 for three or four, else 5."""
    n = len({a.id for a in facts.articles if a.duplicate_of is None})
    return 3 if n <= 2 else 4 if n <= 4 else 5


def fact_scores(facts: StoryFacts) -> list[float]:
    """Every fact's score (centrality × coverage × position), by fact id."""
    scores = [0.0] * len(facts.facts)
    ranked = [f for f in facts.facts if min(s.position for s in f.sentences) < LEAD_SENTENCES]
    n = len(ranked)
    if n == 0:
        return scores
    vectors = [f.first.vector for f in ranked]
    links: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            sim = cosine(vectors[i], vectors[j])
            if sim >= EDGE:
                links[i].append((j, sim))
                links[j].append((i, sim))
    totals = [sum(w for _, w in row) for row in links]
    rank = [1.0 / n] * n
    for _ in range(ITERATIONS):
        nxt = [(1 - DAMPING) / n] * n
        for i in range(n):
            if totals[i] == 0:
                share = DAMPING * rank[i] / n
                nxt = [x + share for x in nxt]
                continue
            for j, w in links[i]:
                nxt[j] += DAMPING * rank[i] * w / totals[i]
        rank = nxt
    outlets = max(1, len(facts.outlets))
    for i, f in enumerate(ranked):
        scores[f.id] = (rank[i] * n * (1 + COVERAGE * (len(f.outlets) - 1) / outlets)
                        / (1 + POSITION * min(s.position for s in f.sentences)))
    return scores


def _sentence(fact: Fact, score: float) -> SummarySentence:
    first = fact.first
    return SummarySentence(
        text=first.text, article_id=first.article.id, source=first.article.source,
        title=first.article.title, first_at=article_time(first.article),
        also=tuple(o for o in fact.outlets if o != first.article.source), score=score)


def _pick(candidates: list[Fact], scores: list[float],
          size: int) -> list[Fact]:
    chosen: list[Fact] = []
    for fact in sorted(candidates, key=lambda f: (-scores[f.id], f.id)):
        if len(chosen) == size:
            break
        if scores[fact.id] <= 0:
            continue
        if len(fact.first.text.split()) > MAX_SUMMARY_WORDS:
            continue
        if any(cosine(fact.first.vector, c.first.vector) >= REDUNDANT for c in chosen):
            continue
        chosen.append(fact)
    return chosen


def summarize(facts: StoryFacts, size: int | None = None) -> list[SummarySentence]:
    """The story's summary: ``size`` (default ``summary_size``) sentences in the order they
    first appeared."""
    scores = fact_scores(facts)
    chosen = _pick(list(facts.facts), scores, size or summary_size(facts))
    chosen.sort(key=lambda f: (f.first_at, f.first.article.id, f.first.position))
    return [_sentence(f, scores[f.id]) for f in chosen]


def new_since(facts: StoryFacts, since: datetime,
              limit: int = MAX_NEW) -> list[SummarySentence]:
    """«الجديد»: the best novel facts (not rewordings of earlier ones) that first appeared
    after ``since`` (none repeating another), in the order they appeared."""
    scores = fact_scores(facts)
    fresh = [f for f in facts.facts if f.first_at > since and f.novel]
    chosen = _pick(fresh, scores, limit)
    chosen.sort(key=lambda f: (f.first_at, f.first.article.id, f.first.position))
    return [_sentence(f, scores[f.id]) for f in chosen]

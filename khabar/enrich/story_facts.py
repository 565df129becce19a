"""A story's sentences grouped into facts: the ground of its summary, provenance and timeline.

Every article of a story is cut into sentences (paragraphs, then ". ؟ ! ?" before a space; a
dateline is taken off the first paragraph). A sentence is a bag of ``khabar.arabic.analyze``
terms weighted by TF-IDF over the story's own sentences. Walking the articles in publication
order, a sentence joins the earlier *fact* it is most similar to when the cosine reaches
``SAME_FACT`` (a near copy of that sentence, as copies and light rewrites are), else it opens a
new fact. A fact thus knows when it first appeared, in which article, and which outlets carried
it — the coverage that the summary weighs and the "new since" that «الجديد» and the timeline
show. A fact is *novel* when its first sentence is not even a rewording of an earlier article's fact
(cosine below ``NEW_FACT``). Deterministic: no randomness, ties broken by time, article id and position.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from khabar.arabic import analyze, canonical_agency, clean, split_dateline
from khabar.store.records import Article

#: cosine of TF-IDF term vectors at or above which two sentences state one fact
SAME_FACT = 0.5
#: a sentence whose cosine with every earlier article's fact stays below this states a new fact
#: (rewordings of one fact mostly score between this and ``SAME_FACT``)
NEW_FACT = 0.3
#: sentences shorter than this many words are captions, bylines or fragments
MIN_WORDS = 6
#: sentences longer than this are cut at a comma when possible, else skipped by the summary
MAX_WORDS = 70
#: articles read from one story (the first and the last halves of a longer one)
MAX_ARTICLES = 40
#: sentences read from one article (long bodies: the rest rarely opens new facts)
MAX_SENTENCES = 40

_SPLIT = re.compile(r"(?<=[.!?؟])\s+|\n+")
_HASHTAG = re.compile(r"#(\w+)")
#: a bare agency credit opening the body, no place: «(CNN)— …» (313 of CNN's ANT articles)
_BARE_CREDIT = re.compile(r"^\(\s*([^()]{1,30}?)\s*\)\s*(?:[-–—]+|:)\s*")
_BOILERPLATE = re.compile(
    r"^(?:اقرأ|إقرأ|اقرا|شاهد|تابع|للمزيد|المصدر\s*:|الصورة|صورة|حقوق|جميع الحقوق)")


@dataclass(slots=True)
class Sentence:
    text: str
    article: Article
    position: int  # its place in the article, 0 the first
    vector: dict[str, float] = field(default_factory=dict)
    fact: int = -1
    #: its highest cosine with a fact that an earlier article stated
    nearest: float = 0.0


@dataclass(slots=True)
class Fact:
    """A statement as first made (``first``) and every sentence that repeats it."""

    id: int
    first: Sentence
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def first_at(self) -> datetime:
        return article_time(self.first.article)

    @property
    def novel(self) -> bool:
        """Was it new when first stated (not a rewording of an earlier article's fact)?"""
        return self.first.nearest < NEW_FACT

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(s.article.source for s in self.sentences))

    @property
    def article_ids(self) -> list[int]:
        return list(dict.fromkeys(s.article.id for s in self.sentences))


@dataclass(slots=True)
class StoryFacts:
    articles: list[Article]  # in publication order
    sentences: list[Sentence]
    facts: list[Fact]

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.source for a in self.articles))

    def of_article(self, article_id: int) -> list[Sentence]:
        return [s for s in self.sentences if s.article.id == article_id]


def article_time(article: Article) -> datetime:
    """When an article appeared: its publication time, else when it was fetched (UTC)."""
    value = article.published_at or article.fetched_at
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def in_order(articles: Sequence[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (article_time(a), a.id))


def split_sentences(body: str) -> list[str]:
    """The sentences of an article body, in order, dateline and boilerplate lines left out;
    hashtags read as words ("#محكمة_ألمانية" → "محكمة ألمانية")."""
    found: list[str] = []
    body = _HASHTAG.sub(lambda m: m.group(1).replace("_", " "), clean(body))
    for number, paragraph in enumerate(p for p in body.split("\n") if p.strip()):
        if number == 0:
            _, paragraph = split_dateline(paragraph.strip())
            credit = _BARE_CREDIT.match(paragraph)
            if credit and canonical_agency(credit.group(1)):
                paragraph = paragraph[credit.end():]
        for piece in _SPLIT.split(paragraph):
            piece = piece.strip(" \t-–—:")
            words = piece.split()
            if len(words) < MIN_WORDS or _BOILERPLATE.match(piece):
                continue
            if len(words) > MAX_WORDS:
                cut = piece.rfind("،", 0, len(" ".join(words[:MAX_WORDS])))
                if cut < 0:
                    continue
                piece = piece[:cut].rstrip() + "."
            found.append(piece)
    return found


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _vectors(sentences: list[Sentence]) -> None:
    bags = [Counter(analyze(s.text)) for s in sentences]
    df = Counter(t for bag in bags for t in bag)
    n = len(bags)
    for s, bag in zip(sentences, bags):
        v = {t: (1 + math.log(c)) * math.log(1 + n / df[t]) for t, c in bag.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        s.vector = {t: w / norm for t, w in v.items()}


def story_facts(articles: Sequence[Article]) -> StoryFacts:
    """The sentences and facts of a story's articles (copies included: they add coverage)."""
    ordered = in_order(articles)
    if len(ordered) > MAX_ARTICLES:  # the first reports and the latest developments
        half = MAX_ARTICLES // 2
        ordered = ordered[:half] + ordered[-half:]
    sentences: list[Sentence] = []
    for article in ordered:
        texts = split_sentences(article.body)[:MAX_SENTENCES]
        if not texts and len(article.title.split()) >= MIN_WORDS // 2:
            texts = [article.title]
        sentences.extend(Sentence(t, article, i) for i, t in enumerate(texts))
    _vectors(sentences)
    facts: list[Fact] = []
    postings: dict[str, list[int]] = {}  # term → facts whose first sentence has it
    for s in sentences:
        scores: dict[int, float] = {}
        for t, w in s.vector.items():
            for fid in postings.get(t, ()):
                scores[fid] = scores.get(fid, 0.0) + w * facts[fid].first.vector[t]
        best = min((fid for fid, sim in scores.items() if sim >= SAME_FACT),
                   key=lambda fid: (-scores[fid], fid), default=None)
        s.nearest = max((sim for fid, sim in scores.items()
                         if facts[fid].first.article.id != s.article.id), default=0.0)
        if best is None:
            best = len(facts)
            facts.append(Fact(id=best, first=s))
            for t in s.vector:
                postings.setdefault(t, []).append(best)
        facts[best].sentences.append(s)
        s.fact = best
    return StoryFacts(ordered, sentences, facts)

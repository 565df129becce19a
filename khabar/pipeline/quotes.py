"""Quotes as the faces show them: a story's statements grouped by speaker with each said
once (the copies of a wire story repeat it), a speaker's statements, and the backfill of
stored articles (``khabar requote``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from khabar.arabic import fold
from khabar.enrich.quotes import extract_quotes
from khabar.store import Store
from khabar.store.records import Article, Quote

#: speakers shown on a story page, and statements per speaker
STORY_SPEAKERS = 12
STORY_QUOTES_PER_SPEAKER = 4
#: the characters of a statement compared to find it again in another copy
SAME_QUOTE_CHARS = 60


@dataclass(frozen=True, slots=True)
class Said:
    """One statement with the article (and outlet) it was read in."""

    quote: Quote
    article: Article

    def to_json(self) -> dict:
        a = self.article
        return {**self.quote.to_json(), "article": {
            "id": a.id, "title": a.title, "source": a.source, "url": a.url,
            "published_at": a.published_at.isoformat() if a.published_at else None,
            "links": {"html": f"/articles/{a.id}", "json": f"/api/articles/{a.id}"}}}


@dataclass(slots=True)
class SpeakerQuotes:
    """What one speaker said in a story, first said first; ``outlets`` counts the outlets
    that reported them."""

    speaker: str
    speaker_type: str
    said: list[Said] = field(default_factory=list)
    outlets: set[str] = field(default_factory=set)

    def to_json(self) -> dict:
        return {"speaker": self.speaker, "speaker_type": self.speaker_type,
                "outlets": len(self.outlets), "quotes": [s.to_json() for s in self.said]}


def same_quote_key(text: str) -> str:
    """Two copies' statements are one when their opening words match, folded."""
    return " ".join(fold(text).split())[:SAME_QUOTE_CHARS]


def story_quotes(articles: list[Article], found: dict[int, list[Quote]]) -> list[SpeakerQuotes]:
    """A story's statements by speaker (the most reported speakers first), each statement
    once: the first article (in the order given, arrival) that carries it. ``found``: the
    articles' quotes (``Store.quotes_of``); a story page reads them through its storyline
    (``khabar.pipeline.storyline``), made once per version of the story."""
    groups: dict[str, SpeakerQuotes] = {}
    seen: dict[str, Said] = {}
    for article in articles:
        for quote in found.get(article.id, []):
            group = groups.setdefault(quote.speaker, SpeakerQuotes(quote.speaker,
                                                                   quote.speaker_type))
            group.outlets.add(article.source or "")
            k = same_quote_key(quote.text)
            if k in seen:
                continue
            said = Said(quote, article)
            seen[k] = said
            group.said.append(said)
    ranked = sorted((g for g in groups.values() if g.said),
                    key=lambda g: (-len(g.outlets), -len(g.said), g.speaker))
    for group in ranked:
        del group.said[STORY_QUOTES_PER_SPEAKER:]
    return ranked[:STORY_SPEAKERS]


def speaker_quotes(store: Store, speaker: str, *, limit: int = 30,
                   offset: int = 0) -> list[Said]:
    """What ``speaker`` said, newest article first; a statement repeated by a copy is kept
    once (the newest report of it)."""
    out: list[Said] = []
    seen: set[str] = set()
    for quote, article in store.quotes_by(speaker, limit=limit, offset=offset):
        k = same_quote_key(quote.text)
        if k not in seen:
            seen.add(k)
            out.append(Said(quote, article))
    return out


def requote(store: Store, progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Every stored article's quotes computed again from its body and stored entities
    (articles stored before quotes existed, or after the rules changed)."""
    return store.requote(extract_quotes, progress)

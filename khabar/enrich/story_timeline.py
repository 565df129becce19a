"""A story's development as a timeline: the first report, then each article that moved it on.

Entries follow publication order. Each names its kind — «أول خبر» (the first report),
«تحديث» (an outlet reporting again with new facts), «معلومات جديدة» (another outlet adding
facts), «صياغة أخرى» (a rewrite of what was out) — and the facts it was the first to state
(sentences not present before, ``story_facts``) and the statements it was the first to carry
(``new_quotes``: a speaker's words no earlier article of the story quoted, ``quotes``).
Verbatim republications get no entry of their own: they are listed on the entry of the text
they copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from khabar.enrich.provenance import Provenance
from khabar.enrich.story_facts import StoryFacts
from khabar.enrich.tagforms import key
from khabar.store.records import Quote, iso_utc

#: new facts shown on one entry (the earliest in the article)
FACTS_PER_ENTRY = 3
#: new statements shown on one entry (the earliest in the article)
QUOTES_PER_ENTRY = 2
#: words of a statement that make it the same as one quoted before
QUOTE_KEY_WORDS = 8

KIND_LABELS = {
    "first": "أول خبر",
    "update": "تحديث",
    "original": "معلومات جديدة",
    "rewrite": "صياغة أخرى",
}


@dataclass(slots=True)
class TimelineEntry:
    at: datetime
    kind: str  # first | update | original | rewrite
    article_id: int
    source: str
    title: str
    new_facts: list[str] = field(default_factory=list)
    #: outlets that republished this entry's text verbatim
    copies: list[str] = field(default_factory=list)
    #: statements no earlier article of the story carried
    new_quotes: list[Quote] = field(default_factory=list)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self) -> dict:
        return {"at": iso_utc(self.at), "kind": self.kind, "label": self.label,
                "article_id": self.article_id, "source": self.source, "title": self.title,
                "new_facts": list(self.new_facts), "copies": list(self.copies),
                "new_quotes": [{"speaker": q.speaker, "verb": q.verb, "text": q.text,
                                "direct": q.direct} for q in self.new_quotes]}


def timeline(facts: StoryFacts, prov: Provenance,
             quotes: dict[int, list[Quote]] | None = None) -> list[TimelineEntry]:
    """The story's timeline, oldest first; ``quotes`` are the articles' statements by article
    id (``Store.quotes_of``)."""
    quotes = quotes or {}
    quoted: set[tuple[str, str]] = set()
    articles = {a.id: a for a in facts.articles}
    entries: list[TimelineEntry] = []
    by_article: dict[int, TimelineEntry] = {}
    seen_facts: set[int] = set()
    outlets_seen: set[str] = set()
    for role in prov.roles:
        article = articles[role.article_id]
        mine = facts.of_article(article.id)
        fresh = list(dict.fromkeys(s.text for s in mine if s.fact not in seen_facts
                                   and facts.facts[s.fact].novel))
        seen_facts.update(s.fact for s in mine)
        said = _new_quotes(quotes.get(article.id, []), quoted)
        if role.role == "verbatim":
            target = by_article.get(article.duplicate_of or -1) or _copied(facts, article.id, entries)
            if target is not None and article.source not in target.copies \
                    and article.source != target.source:
                target.copies.append(article.source)
            outlets_seen.add(article.source)
            continue
        kind = role.role
        if kind != "first" and fresh and article.source in outlets_seen:
            kind = "update"
        if kind != "first" and said and not fresh and article.source in outlets_seen:
            kind = "update"  # the same outlet again, with someone's new words
        entry = TimelineEntry(role.published_at, kind, article.id, article.source,
                              article.title, fresh[:FACTS_PER_ENTRY],
                              new_quotes=said[:QUOTES_PER_ENTRY])
        entries.append(entry)
        by_article[article.id] = entry
        outlets_seen.add(article.source)
    return entries


def _new_quotes(found: list[Quote], quoted: set[tuple[str, str]]) -> list[Quote]:
    """The statements of one article not quoted before in the story (same speaker, same
    opening words), marked as quoted now."""
    out: list[Quote] = []
    for q in found:
        k = (key(q.speaker), " ".join(key(q.text).split()[:QUOTE_KEY_WORDS]))
        if k not in quoted:
            quoted.add(k)
            out.append(q)
    return out


def _copied(facts: StoryFacts, article_id: int, entries: list[TimelineEntry]) -> TimelineEntry | None:
    """The entry whose article shares the most facts with a verbatim copy."""
    mine = {s.fact for s in facts.of_article(article_id)}
    best, best_shared = None, 0
    for entry in entries:
        shared = len(mine & {s.fact for s in facts.of_article(entry.article_id)})
        if shared > best_shared:
            best, best_shared = entry, shared
    return best if best is not None else (entries[0] if entries else None)

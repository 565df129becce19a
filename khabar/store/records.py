"""Records that cross pipeline stages: what ingest produces and what the store keeps."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, TypeVar

from khabar.arabic import Dateline

_T = TypeVar("_T")


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """A frozen dataclass with slots pickled as the tuple of its fields. The state methods
    ``dataclass`` gives such a class call ``fields()`` for every object unpickled: that was
    5 % of the pooled import's writer, which unpickles every record's entities, quotes and
    text analysis (``khabar.pipeline.pool``)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    setter = object.__setattr__

    def get_state(self: Any) -> tuple:
        return tuple([getattr(self, name) for name in names])

    def set_state(self: Any, state: tuple) -> None:
        for name, value in zip(names, state):
            setter(self, name, value)

    cls.__getstate__ = get_state  # type: ignore[method-assign]
    cls.__setstate__ = set_state  # type: ignore[attr-defined]
    return cls


#: the kinds of named entity
ENTITY_TYPES = ("person", "place", "organization")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity of an article, in its one canonical form."""

    name: str
    type: str  # one of ENTITY_TYPES

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.type}


#: the kinds of speaker of a quote: a named entity, or an office named by its title only
#: ("رئيس المستشفى الجمهوري في حجة") when the article names no one holding it
SPEAKER_TYPES = ("person", "organization", "place", "title")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Quote:
    """A statement an article attributes to a speaker (``khabar.enrich.quotes``): who said it
    (an entity's canonical name, or a title), the reporting word as written ("قال",
    "مشيرا", "بحسب"), what was said, and where it stands in the article's body
    (``body[start:end] == text``). ``direct``: quoted in quotation marks."""

    speaker: str
    speaker_type: str  # one of SPEAKER_TYPES
    verb: str
    text: str
    start: int
    end: int
    direct: bool = False

    def to_json(self) -> dict:
        return {"speaker": self.speaker, "speaker_type": self.speaker_type, "verb": self.verb,
                "text": self.text, "start": self.start, "end": self.end, "direct": self.direct}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class OutletRef:
    """The catalogued outlet a source is (``khabar.enrich.outlets``): what a source keeps.

    ``label`` is the name with the country ("الوطن (قطر)"), for a source whose outlet's name
    another outlet's source already holds."""

    key: str
    name: str
    country: str
    kind: str  # agency, public, state or private
    scope: str = "national"  # national, pan-arab or international
    label: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Image:
    """An article's lead image at the outlet: an absolute http(s) URL and, when the feed or
    the page says (or the image proxy measured it), its size in pixels."""

    url: str
    width: int | None = None
    height: int | None = None

    def to_json(self) -> dict:
        return {"url": self.url, "width": self.width, "height": self.height}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Enclosure:
    """A media file attached to an article (a podcast's audio, a video): absolute http(s)
    URL, media type ("audio/mpeg"), and length in bytes when the feed gives it."""

    url: str
    type: str | None = None
    length: int | None = None

    def to_json(self) -> dict:
        return {"url": self.url, "type": self.type, "length": self.length}


@dataclass(slots=True)
class ArticleRecord:
    """An article as read from a document, before it is stored.

    ``published_at`` is timezone-aware UTC or None. ``source`` names the outlet the document
    came from (a feed's title, a JSON record's ``source``, a page's site name); ``attributed_to``
    names the outlet a page credits ("المصدر: …"), which may differ.
    """

    title: str
    body: str
    url: str | None = None
    canonical_url: str | None = None
    guid: str | None = None
    summary: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    source_url: str | None = None
    language: str = "ar"
    category: str | None = None
    attributed_to: str | None = None
    keywords: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    content_hash: str | None = None
    fetched_at: datetime | None = None
    #: "page" (extracted from the article page) or "feed" (the feed's own text); None: a file
    body_origin: str | None = None
    #: why the article page could not be used, when ``body_origin`` is "feed"
    page_error: str | None = None
    #: fingerprint of the feed entry as last seen, to notice an entry changed at the source
    entry_hash: str | None = None
    #: named entities (khabar.enrich.entities), most mentioned first
    entities: list[Entity] = field(default_factory=list)
    #: why the written date was not used (``read_news_date``), quoting the raw value; the
    #: reader reports it, and ``published_at`` is then None
    date_problem: str | None = None
    #: the catalogued outlet of ``source`` (``khabar.enrich.outlets``), when known
    outlet: OutletRef | None = None
    #: countries the article is about (ISO 3166 alpha-2, ``khabar.enrich.countries``)
    countries: list[str] = field(default_factory=list)
    #: the lead image (og:image, media:content …) and audio/video enclosures (0010)
    image: Image | None = None
    enclosures: list[Enclosure] = field(default_factory=list)
    #: attributed statements in the body (``khabar.enrich.quotes``, 0014)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class ReadProblem:
    """A document (or one line of it) that could not be read; the rest goes on."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Source:
    """An outlet. A followed source has a ``feed_url`` polled by the scheduler; a source that
    only names where imported articles came from has none.

    ``url`` is the site's home page; ``kind`` is what ``feed_url`` serves ("feed", "sitemap"
    or "listing", an HTML page of article links). Health: ``last_outcome`` is a short code
    ("new", "unchanged", "not_modified", "unreachable", "timeout", "blocked", "too_large",
    "too_many_redirects", "rate_limited", "robots", "http_error", "invalid" …),
    ``last_error`` the text for logs, ``last_error_user`` the Arabic text for readers.
    """

    id: int
    name: str
    url: str | None
    created_at: datetime
    feed_url: str | None = None
    kind: str | None = None
    category: str | None = None
    paused: bool = False
    etag: str | None = None
    last_modified: str | None = None
    last_checked_at: datetime | None = None
    last_success_at: datetime | None = None
    last_outcome: str | None = None
    last_error: str | None = None
    last_error_user: str | None = None
    error_count: int = 0
    next_check_at: datetime | None = None
    interval_seconds: int | None = None
    #: the worker polling the source now, and until when its claim holds (``claim_sources``)
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    #: the catalogued outlet (0010): its key (first domain), base country and kind of outlet
    #: ("agency", "public", "state", "private"); None for an outlet not in the catalogue
    outlet: str | None = None
    country: str | None = None
    outlet_kind: str | None = None

    @property
    def followed(self) -> bool:
        return self.feed_url is not None

    @property
    def health(self) -> str:
        """"paused", "new" (never checked), "ok", "failing" (errors, but once worked) or
        "unreachable" (errors, never worked)."""
        if self.paused:
            return "paused"
        if self.last_checked_at is None:
            return "new"
        if self.error_count == 0:
            return "ok"
        return "failing" if self.last_success_at else "unreachable"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "feed_url": self.feed_url,
            "kind": self.kind,
            "category": self.category,
            "paused": self.paused,
            "health": self.health,
            "created_at": iso_utc(self.created_at),
            "last_checked_at": iso_utc(self.last_checked_at),
            "last_success_at": iso_utc(self.last_success_at),
            "last_outcome": self.last_outcome,
            "last_error": self.last_error,
            "last_error_user": self.last_error_user,
            "error_count": self.error_count,
            "next_check_at": iso_utc(self.next_check_at),
            "interval_seconds": self.interval_seconds,
            "lease_owner": self.lease_owner,
            "lease_expires_at": iso_utc(self.lease_expires_at),
            "outlet": self.outlet,
            "country": self.country,
            "outlet_kind": self.outlet_kind,
        }


@dataclass(slots=True)
class Article:
    """A stored article."""

    id: int
    source_id: int
    source: str
    title: str
    body: str
    url: str | None
    canonical_url: str | None
    guid: str | None
    summary: str | None
    author: str | None
    published_at: datetime | None
    fetched_at: datetime
    language: str
    category: str | None
    attributed_to: str | None
    keywords: list[str]
    dateline: Dateline | None
    content_hash: str | None
    #: "page", "feed" (the article page failed: ``page_error`` says why) or None (imported)
    body_origin: str | None = None
    page_error: str | None = None
    updated_at: datetime | None = None
    #: named entities, most mentioned first (0005)
    entities: list[Entity] = field(default_factory=list)
    #: the story this article belongs to, and the canonical article it is a near copy of
    story_id: int | None = None
    duplicate_of: int | None = None
    #: countries the article is about (ISO 3166 alpha-2, 0010)
    countries: list[str] = field(default_factory=list)
    #: the lead image at the outlet and audio/video enclosures (0010)
    image: Image | None = None
    enclosures: list[Enclosure] = field(default_factory=list)

    def to_json(self) -> dict:
        """Every stored field, JSON-ready (dates in ISO 8601 UTC)."""
        return {
            "id": self.id,
            "source_id": self.source_id,
            "source": self.source,
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "guid": self.guid,
            "summary": self.summary,
            "author": self.author,
            "published_at": iso_utc(self.published_at),
            "fetched_at": iso_utc(self.fetched_at),
            "language": self.language,
            "category": self.category,
            "attributed_to": self.attributed_to,
            "keywords": list(self.keywords),
            "entities": [e.to_json() for e in self.entities],
            "dateline": (
                {"place": self.dateline.place, "agency": self.dateline.agency}
                if self.dateline
                else None
            ),
            "content_hash": self.content_hash,
            "body_origin": self.body_origin,
            "page_error": self.page_error,
            "updated_at": iso_utc(self.updated_at),
            "story_id": self.story_id,
            "duplicate_of": self.duplicate_of,
            "countries": list(self.countries),
            "image": self.image.to_json() if self.image else None,
            "enclosures": [e.to_json() for e in self.enclosures],
        }


@dataclass(slots=True)
class Sighting:
    """A copy of a stored article seen under another URL (same normalized text), not stored
    again."""

    article_id: int
    source: str
    url: str | None
    title: str
    published_at: datetime | None
    seen_at: datetime

    def to_json(self) -> dict:
        return {"article_id": self.article_id, "source": self.source, "url": self.url,
                "title": self.title, "published_at": iso_utc(self.published_at),
                "seen_at": iso_utc(self.seen_at)}


@dataclass(slots=True)
class Story:
    """The same event reported by one or more outlets. ``headline`` is its most
    representative article; ``articles`` (when loaded) are in arrival order."""

    id: int
    headline: Article
    first_at: datetime
    last_at: datetime
    article_count: int
    outlets: list[str]
    articles: list[Article] = field(default_factory=list)
    #: the stored ranking score (``khabar.enrich.story_rank``), the commonest category
    score: float = 0.0
    category: str | None = None
    #: other outlets' articles (their first report each), when loaded for a card
    others: list[Article] = field(default_factory=list)

    def to_json(self, *, articles: bool = False) -> dict:
        doc = {
            "id": self.id,
            "headline": self.headline.title,
            "headline_id": self.headline.id,
            "article_count": self.article_count,
            "outlets": list(self.outlets),
            "first_at": iso_utc(self.first_at),
            "last_at": iso_utc(self.last_at),
            "score": round(self.score, 4),
            "category": self.category,
        }
        if self.others:
            doc["others"] = [{"id": a.id, "title": a.title, "source": a.source}
                             for a in self.others]
        if articles:
            doc["articles"] = [
                {"id": a.id, "title": a.title, "source": a.source, "url": a.url,
                 "published_at": iso_utc(a.published_at), "duplicate_of": a.duplicate_of}
                for a in self.articles
            ]
        return doc


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, or None."""
    if value is None:
        return None
    # isoformat, not strftime: "%Y" writes year 1 as "1", not "0001"
    return value.astimezone(timezone.utc).replace(microsecond=0, tzinfo=None).isoformat() + "Z"



@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the store counts of a story's articles for its ranking score."""

    outlets: int
    articles: int
    first_at: datetime
    last_at: datetime
    #: articles of the outlet with the most articles in the story
    top_outlet_articles: int

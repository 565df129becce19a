"""Records that cross pipeline stages: what ingest produces and what the store keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from khabar.arabic import Dateline


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
    id: int
    name: str
    url: str | None
    created_at: datetime


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
            "dateline": (
                {"place": self.dateline.place, "agency": self.dateline.agency}
                if self.dateline
                else None
            ),
            "content_hash": self.content_hash,
        }


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, or None."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


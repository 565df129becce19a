"""What narrows a list or a search of articles, and where a page of them continues."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from khabar.errors import QueryError


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Conditions all articles of a list must meet; None or empty means "any"."""

    sources: tuple[str, ...] = ()  # source names, any of them (compared case-insensitively)
    source_id: int | None = None
    category: str | None = None
    keyword: str | None = None
    entity: str | None = None  # an entity's canonical name
    speaker: str | None = None  # a quote's speaker: the full name, or its last word (0014)
    country: str | None = None  # filed under this country (ISO 3166 alpha-2, upper case)
    since: datetime | None = None  # published at or after (UTC)
    until: datetime | None = None  # published before (UTC)
    stored_after_id: int | None = None  # stored after the article with this id
    # Readers (khabar.store.reading): what a user follows and what they muted, as
    # (kind, key) pairs — kind is source, tag, entity, category or country.
    follows: tuple[tuple[str, str], ...] = ()  # matches any of these
    excluded: tuple[tuple[str, str], ...] = ()  # matches none of these
    unread_by: int | None = None  # not read by this user
    saved_by: int | None = None  # saved by this user
    originals: bool = False  # leave out near copies (shown once, under their original)

    def is_empty(self) -> bool:
        return self == ArticleFilter()


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page of a newest-first list starts: after (time, id)."""

    time: datetime
    id: int

    def encode(self) -> str:
        raw = json.dumps({"t": self.time.isoformat(), "id": self.id}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
            return cls(time=datetime.fromisoformat(data["t"]), id=int(data["id"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise QueryError(
                f"invalid cursor {token[:40]!r}", user_message="رابط الصفحة التالية غير صالح."
            ) from exc

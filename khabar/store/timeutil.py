"""Times as the store writes and reads them: aware, in UTC."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["now_utc", "utc"]


def utc(value: datetime | None) -> datetime | None:
    """An aware datetime converted to UTC; a naive one is taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)

"""Row helpers shared by every part of the SQL store: time values as they come back from either
backend, and the newest-first sort key. Imports only the schema, so the store's parts can use
it without importing the class they are mixed into."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, overload

from sqlalchemy import ColumnElement, CursorResult, func

from khabar.errors import StoreError
from khabar.store.schema import articles


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
@overload
def utc(value: datetime | None) -> datetime | None: ...


def utc(value: datetime | None) -> datetime | None:
    """An aware datetime converted to UTC; a naive one is taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def inserted_id(result: CursorResult[Any]) -> int:
    """The id of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreError("the database returned no id for a new row")
    return int(key[0])


def sort_time() -> ColumnElement[datetime]:
    """An article's place in newest-first lists: publication time, else fetch time."""
    return func.coalesce(articles.c.published_at, articles.c.fetched_at)

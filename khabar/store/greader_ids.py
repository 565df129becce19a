"""Item references for the Google Reader API (``khabar.web.greader``): ids and times only.

A Google Reader client asks for thousands of item ids at once (``stream/items/ids``), in
either order, from a continuation point, and narrowed by read and starred state; loading
whole articles for that would read every body. ``stream_refs`` answers with (id, time,
outlet) triples from the article table and the user's marks.

An article's time is the one khabar's lists sort by: its publication time, else when it was
fetched. "Read" for the API is a read mark, or an article older than ``read_before`` (the
start of khabar's unread window: a new subscriber is not handed years of archive as unread).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import and_, exists, or_, select

from khabar.store.filters import ArticleFilter
from khabar.store.readers_schema import article_states
from khabar.store.rows import sort_time, utc
from khabar.store.schema import articles


@dataclass(frozen=True, slots=True)
class ItemRef:
    id: int
    time: datetime
    source_id: int


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


class GreaderIdsStore:
    """``stream_refs`` (mixed into ``SQLStore``)."""

    engine: Any

    def _read(self) -> Any:  # provided by the backend
        raise NotImplementedError

    def _filter_conditions(self, filters: ArticleFilter) -> list:  # by SQLStore
        raise NotImplementedError

    def stream_refs(self, filters: ArticleFilter, *, user_id: int, read: bool | None = None,
                    saved: bool | None = None, read_before: datetime | None = None,
                    oldest_first: bool = False, after: tuple[datetime, int] | None = None,
                    limit: int = 1000) -> list[ItemRef]:
        when = sort_time()
        conditions = list(self._filter_conditions(filters))
        if read is not None:
            marked = exists(select(article_states.c.article_id).where(
                article_states.c.user_id == user_id,
                article_states.c.article_id == articles.c.id,
                article_states.c.read_at.is_not(None)))
            is_read = marked if read_before is None else or_(marked, when < utc(read_before))
            conditions.append(is_read if read else ~is_read)
        if saved is not None:
            kept = exists(select(article_states.c.article_id).where(
                article_states.c.user_id == user_id,
                article_states.c.article_id == articles.c.id,
                article_states.c.saved_at.is_not(None)))
            conditions.append(kept if saved else ~kept)
        if after is not None:
            at, last = utc(after[0]), after[1]
            if oldest_first:
                conditions.append(or_(when > at, and_(when == at, articles.c.id > last)))
            else:
                conditions.append(or_(when < at, and_(when == at, articles.c.id < last)))
        order = ((when.asc(), articles.c.id.asc()) if oldest_first
                 else (when.desc(), articles.c.id.desc()))
        query = (select(articles.c.id, when.label("at"), articles.c.source_id)
                 .where(*conditions).order_by(*order).limit(limit))
        with self._read() as conn:
            return [ItemRef(r.id, _aware(r.at), r.source_id) for r in conn.execute(query)]

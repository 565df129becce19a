"""When each reader last opened each story's page (``story_visits``, migration 0014).

``visit_story`` records a visit and answers the one before it in one transaction, so the
story page can show «الجديد» — what appeared since that earlier visit — and two tabs opened at
once each get an answer. Written with one upsert per (user, story).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from khabar.store.host import StoreHost
from khabar.store.readers_schema import story_visits


def _insert(conn: Connection) -> Any:  # the dialect's INSERT with ON CONFLICT
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
        story_visits)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


class StoryVisitStore(StoreHost):
    """Per-story last visits (mixed into ``SQLStore``)."""

    def story_last_seen(self, user_id: int, story_id: int) -> datetime | None:
        with self._read() as conn:
            return _utc(conn.execute(select(story_visits.c.seen_at).where(
                story_visits.c.user_id == user_id,
                story_visits.c.story_id == story_id)).scalar())

    def visit_story(self, user_id: int, story_id: int,
                    at: datetime | None = None) -> datetime | None:
        at = _utc(at) or datetime.now(timezone.utc)
        with self._write() as conn:
            before = _utc(conn.execute(select(story_visits.c.seen_at).where(
                story_visits.c.user_id == user_id,
                story_visits.c.story_id == story_id)).scalar())
            statement = _insert(conn)
            conn.execute(statement.on_conflict_do_update(
                index_elements=[story_visits.c.user_id, story_visits.c.story_id],
                set_={"seen_at": statement.excluded.seen_at},
            ), {"user_id": user_id, "story_id": story_id, "seen_at": at})
        return before

"""Followed sources: the SQL of following, scheduling and recording the health of sources.

A mixin of ``SQLStore`` (kept apart from ``sql.py``, which holds the articles); the methods
are declared, with their contracts, on ``Store`` in ``base.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from khabar.errors import NotFound, SourceExists, StoreError
from khabar.store.outlets import free_name, outlet_values
from khabar.store.records import OutletRef, Source
from khabar.store.schema import articles, sources
from khabar.store.host import StoreHost
from khabar.store.rows import inserted_id, now_utc, sort_time, utc

#: the fields ``update_source`` may change
UPDATABLE = frozenset({
    "name", "url", "feed_url", "kind", "category", "paused", "etag", "last_modified",
    "last_checked_at", "last_success_at", "last_outcome", "last_error", "last_error_user",
    "error_count", "next_check_at", "interval_seconds",
})


def row_to_source(row: RowMapping) -> Source:

    return Source(
        id=row["id"], name=row["name"], url=row["url"], created_at=utc(row["created_at"]),
        feed_url=row["feed_url"], kind=row["kind"], category=row["category"],
        paused=bool(row["paused"]), etag=row["etag"], last_modified=row["last_modified"],
        last_checked_at=utc(row["last_checked_at"]), last_success_at=utc(row["last_success_at"]),
        last_outcome=row["last_outcome"], last_error=row["last_error"],
        last_error_user=row["last_error_user"], error_count=row["error_count"] or 0,
        next_check_at=utc(row["next_check_at"]), interval_seconds=row["interval_seconds"],
        lease_owner=row["lease_owner"], lease_expires_at=utc(row["lease_expires_at"]),
        outlet=row.get("outlet"), country=row.get("country"), outlet_kind=row.get("outlet_kind"),
    )


class FollowedSources(StoreHost):
    """Needs ``engine``, ``_write()`` and ``_unindex()`` from the store it is mixed into."""

    def follow_source(
        self,
        *,
        name: str,
        feed_url: str,
        kind: str = "feed",
        url: str | None = None,
        category: str | None = None,
        outlet: OutletRef | None = None,
    ) -> Source:

        with self._write() as conn:
            if conn.execute(select(sources.c.id).where(sources.c.feed_url == feed_url)).first():
                raise SourceExists(f"a source already follows {feed_url}")
            row = _unfollowed(conn, name, outlet)
            values = {"feed_url": feed_url, "kind": kind, "category": category,
                      **outlet_values(outlet)}
            if row is not None:  # an archive's source (by name or outlet) starts to follow
                values["url"] = row["url"] or url
                conn.execute(sources.update().where(sources.c.id == row["id"]).values(**values))
                source_id = row["id"]
            else:
                name = _name_to_follow(conn, name, outlet)
                source_id = inserted_id(conn.execute(sources.insert().values(
                    name=name, url=url, created_at=now_utc(), **values
                )))
            return self._get(conn, source_id)

    def get_source(self, source_id: int) -> Source:
        with self._read() as conn:
            return self._get(conn, source_id)

    def find_source(self, key: str) -> Source | None:
        key = key.strip()
        condition = or_(sources.c.name == key, sources.c.feed_url == key, sources.c.url == key)
        if key.isdigit():
            condition = or_(condition, sources.c.id == int(key))
        with self._read() as conn:
            row = conn.execute(
                select(sources).where(condition).order_by(sources.c.feed_url.is_(None))
            ).mappings().first()
        return row_to_source(row) if row else None

    def article_counts_by_source(self) -> dict[int, int]:
        query = select(articles.c.source_id, func.count()).group_by(articles.c.source_id)
        with self._read() as conn:
            return {source_id: count for source_id, count in conn.execute(query)}

    def followed_sources(self) -> list[Source]:
        query = select(sources).where(sources.c.feed_url.is_not(None)).order_by(sources.c.name)
        with self._read() as conn:
            return [row_to_source(r) for r in conn.execute(query).mappings()]

    def due_sources(self, now: datetime, *, limit: int | None = None) -> list[Source]:
        query = (
            select(sources)
            .where(
                sources.c.feed_url.is_not(None),
                sources.c.paused.is_(False),
                or_(sources.c.next_check_at.is_(None), sources.c.next_check_at <= now),
            )
            .order_by(sources.c.next_check_at.is_not(None), sources.c.next_check_at, sources.c.id)
            .limit(limit)
        )
        with self._read() as conn:
            return [row_to_source(r) for r in conn.execute(query).mappings()]

    # --- leases: sharing the polling between workers ---------------------------------------

    def claim_sources(self, worker: str, now: datetime, *, lease_seconds: float,
                      limit: int, everything: bool = False) -> list[Source]:
        if limit <= 0:
            return []
        conditions = [
            sources.c.feed_url.is_not(None),
            sources.c.paused.is_(False),
            or_(sources.c.lease_expires_at.is_(None), sources.c.lease_expires_at < now),
        ]
        if everything:
            order = (sources.c.last_checked_at.is_not(None), sources.c.last_checked_at,
                     sources.c.id)
        else:
            conditions.append(or_(sources.c.next_check_at.is_(None),
                                  sources.c.next_check_at <= now))
            order = (sources.c.next_check_at.is_not(None), sources.c.next_check_at,
                     sources.c.id)
        query = (
            select(sources)
            .where(*conditions)
            .order_by(*order)
            .limit(limit)
            # PostgreSQL: rows another transaction is claiming are skipped, not waited for.
            # SQLite ignores it; there BEGIN IMMEDIATE already serializes every writer.
            .with_for_update(skip_locked=True)
        )
        expires = now + timedelta(seconds=lease_seconds)
        with self._write() as conn:
            rows = list(conn.execute(query).mappings())
            if not rows:
                return []
            ids = [r["id"] for r in rows]
            conn.execute(update(sources).where(sources.c.id.in_(ids))
                         .values(lease_owner=worker, lease_expires_at=expires))
        claimed = [row_to_source(r) for r in rows]
        for source in claimed:
            source.lease_owner, source.lease_expires_at = worker, expires
        return claimed

    def renew_leases(self, worker: str, source_ids: Sequence[int], now: datetime, *,
                     lease_seconds: float) -> list[int]:
        ids = list(dict.fromkeys(source_ids))
        if not ids:
            return []
        expires = now + timedelta(seconds=lease_seconds)
        with self._write() as conn:
            held = [r.id for r in conn.execute(
                select(sources.c.id).where(sources.c.id.in_(ids),
                                           sources.c.lease_owner == worker))]
            if held:
                conn.execute(update(sources).where(sources.c.id.in_(held),
                                                   sources.c.lease_owner == worker)
                             .values(lease_expires_at=expires))
        return held

    def release_source(self, source_id: int, worker: str) -> bool:
        with self._write() as conn:
            done = conn.execute(
                update(sources).where(sources.c.id == source_id, sources.c.lease_owner == worker)
                .values(lease_owner=None, lease_expires_at=None)
            )
            return done.rowcount > 0

    def update_source(self, source_id: int, **changes: Any) -> Source:
        unknown = set(changes) - UPDATABLE
        if unknown:
            raise StoreError(f"cannot update source fields {sorted(unknown)}")
        with self._write() as conn:
            if changes:
                done = conn.execute(
                    sources.update().where(sources.c.id == source_id).values(**changes)
                )
                if done.rowcount == 0:
                    raise NotFound(f"no source with id {source_id}",
                                   user_message="المصدر غير موجود.")
            return self._get(conn, source_id)

    def remove_source(self, source_id: int, *, delete_articles: bool = False) -> int:
        with self._write() as conn:
            self._get(conn, source_id)
            ids = [r.id for r in conn.execute(
                select(articles.c.id).where(articles.c.source_id == source_id))]
            if ids and not delete_articles:  # keep the archive: stop following only
                conn.execute(sources.update().where(sources.c.id == source_id).values(
                    feed_url=None, kind=None, etag=None, last_modified=None, next_check_at=None,
                ))
                return 0
            for article_id in ids:
                self._unindex(conn, article_id)
            conn.execute(delete(articles).where(articles.c.source_id == source_id))
            conn.execute(delete(sources).where(sources.c.id == source_id))
            return len(ids)

    def known_entries(self, source_id: int, keys: Sequence[str]) -> dict[str, tuple[int, str | None]]:
        keys = [k for k in dict.fromkeys(keys) if k]
        if not keys:
            return {}
        found: dict[str, tuple[int, str | None]] = {}
        with self._read() as conn:
            for start in range(0, len(keys), 400):
                chunk = keys[start:start + 400]
                rows = conn.execute(
                    select(articles.c.id, articles.c.canonical_url, articles.c.guid,
                           articles.c.entry_hash, articles.c.source_id)
                    .where(or_(articles.c.canonical_url.in_(chunk),
                               and_(articles.c.source_id == source_id,
                                    articles.c.guid.in_(chunk))))
                )
                for r in rows:
                    if r.canonical_url in chunk:
                        found[r.canonical_url] = (r.id, r.entry_hash)
                    if r.source_id == source_id and r.guid in chunk:
                        found[r.guid] = (r.id, r.entry_hash)
        return found

    def publication_times(self, source_id: int, *, limit: int = 30) -> list[datetime]:

        when = sort_time()
        query = (select(when.label("at")).where(articles.c.source_id == source_id)
                 .order_by(when.desc()).limit(limit))
        with self._read() as conn:
            return [utc(r.at) for r in conn.execute(query)]

    # --- helpers --------------------------------------------------------------------------

    def _get(self, conn: Connection, source_id: int) -> Source:
        row = conn.execute(select(sources).where(sources.c.id == source_id)).mappings().first()
        if row is None:
            raise NotFound(f"no source with id {source_id}", user_message="المصدر غير موجود.")
        return row_to_source(row)


def _name_to_follow(conn: Connection, name: str, outlet: OutletRef | None) -> str:
    """``name``; when another outlet's source holds it, the outlet's name with its country
    ("الوطن (قطر)"); else numbered ("العربية (2)", a second feed of one outlet)."""
    holder = conn.execute(select(sources.c.outlet).where(sources.c.name == name)).first()
    if holder is None:
        return name
    if outlet is not None and holder.outlet != outlet.key and outlet.label:
        return free_name(conn, outlet.label)
    return free_name(conn, name)


def _unfollowed(conn: Connection, name: str, outlet: OutletRef | None) -> RowMapping | None:
    """The unfollowed source a new feed of ``name`` (and ``outlet``) is given to: the outlet's
    source that follows nothing yet, else the unfollowed source of that name (of no other
    outlet)."""
    if outlet is not None:
        row = conn.execute(
            select(sources).where(sources.c.outlet == outlet.key, sources.c.feed_url.is_(None))
            .order_by(sources.c.id)
        ).mappings().first()
        if row is not None:
            return row
    row = conn.execute(select(sources).where(sources.c.name == name)).mappings().first()
    if row is None or row["feed_url"] is not None:
        return None
    if outlet is not None and row["outlet"] not in (None, outlet.key):
        return None
    return row

"""Stories, near copies and sightings: the SQL behind ``Store``'s story methods.

``StoryStore`` is mixed into ``SQLStore`` (like ``followed.FollowedSources``); it needs
``engine``, ``_write()`` and ``articles_by_id()`` from the store it is mixed into. Story
assignment itself is computed in ``khabar.enrich.stories`` and wired by
``khabar.pipeline.stories``; this module only reads and writes its results.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from khabar.errors import NotFound
from khabar.store.records import Article, ArticleRecord, Sighting, Story
from khabar.store.schema import articles, sightings, sources, stories
from khabar.store.host import StoreHost
from khabar.store.rows import now_utc, sort_time, utc

#: articles read per query when streaming the archive in arrival order
STREAM_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where the clusterer put one article: its story, and the article it is a near copy of."""

    article_id: int
    story_id: int
    duplicate_of: int | None = None


_SET_STORY = (
    update(articles)
    .where(articles.c.id == bindparam("aid"))
    .values(story_id=bindparam("sid"), duplicate_of=bindparam("dup"))
)


def _arrival() -> tuple[ColumnElement[Any], ColumnElement[Any]]:

    return sort_time(), articles.c.id


class StoryStore(StoreHost):
    """Needs ``engine``, ``_write()`` and ``articles_by_id()`` from the store it is mixed into."""

    # --- exact copies ----------------------------------------------------------------------

    def _sight(self, conn: Connection, article_id: int, source_id: int,
               record: ArticleRecord) -> None:
        """Record a copy of ``article_id`` seen under another URL (once per URL)."""

        key = record.canonical_url or record.url
        seen = conn.execute(
            select(sightings.c.id).where(
                sightings.c.article_id == article_id,
                sightings.c.source_id == source_id,
                or_(sightings.c.canonical_url == key, sightings.c.url == key)
                if key else sightings.c.guid == record.guid,
            )
        ).first()
        if seen is not None:
            return
        conn.execute(sightings.insert().values(
            article_id=article_id, source_id=source_id, url=record.url,
            canonical_url=record.canonical_url, guid=record.guid, title=record.title,
            published_at=utc(record.published_at), seen_at=utc(record.fetched_at) or now_utc(),
        ))

    def sightings(self, article_id: int) -> list[Sighting]:

        query = (
            select(sightings, sources.c.name.label("source_name"))
            .join(sources, sources.c.id == sightings.c.source_id)
            .where(sightings.c.article_id == article_id)
            .order_by(sightings.c.seen_at, sightings.c.id)
        )
        with self._read() as conn:
            return [
                Sighting(article_id=r["article_id"], source=r["source_name"], url=r["url"],
                         title=r["title"], published_at=utc(r["published_at"]),
                         seen_at=utc(r["seen_at"]))
                for r in conn.execute(query).mappings()
            ]

    def near_copies(self, article: Article) -> list[Article]:
        """The other members of the article's near-copy group (its canonical article first),
        in arrival order."""
        root = article.duplicate_of or article.id
        when, tie = _arrival()
        query = (
            select(articles.c.id)
            .where(or_(articles.c.id == root, articles.c.duplicate_of == root),
                   articles.c.id != article.id)
            .order_by(when, tie)
        )
        with self._read() as conn:
            ids = [r.id for r in conn.execute(query)]
            found = self.articles_by_id(conn, ids)
        return [found[i] for i in ids if i in found]

    # --- stories ---------------------------------------------------------------------------

    def save_stories(self, assignments: Sequence[Assignment],
                     headlines: Mapping[int, int]) -> None:
        """Write the clusterer's results in one transaction: each article's story and near-copy
        link, then the summary of every story in ``headlines`` (story id → headline article
        id): its time span, article and outlet counts, counted from the articles themselves."""
        with self._write() as conn:
            if assignments:
                conn.execute(_SET_STORY, [
                    {"aid": a.article_id, "sid": a.story_id, "dup": a.duplicate_of}
                    for a in assignments
                ])
            ids = list(headlines)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                when, _ = _arrival()
                rows = [
                    {"id": r.story_id, "headline_id": headlines[r.story_id],
                     "first_at": r.first, "last_at": r.last, "article_count": r.n,
                     "outlet_count": r.outlets}
                    for r in conn.execute(
                        select(articles.c.story_id, func.min(when).label("first"),
                               func.max(when).label("last"), func.count().label("n"),
                               func.count(articles.c.source_id.distinct()).label("outlets"))
                        .where(articles.c.story_id.in_(chunk))
                        .group_by(articles.c.story_id)
                    )
                ]
                conn.execute(delete(stories).where(stories.c.id.in_(chunk)))
                if rows:
                    conn.execute(stories.insert(), rows)

    def clear_stories(self) -> None:
        """Forget every story and near-copy link (before a rebuild); sightings stay."""
        with self._write() as conn:
            conn.execute(delete(stories))
            conn.execute(update(articles).values(story_id=None, duplicate_of=None))

    def story(self, story_id: int) -> Story:
        with self._read() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).mappings().first()
            if row is None:
                raise NotFound(f"no story with id {story_id}", user_message="القصة غير موجودة.")
            when, tie = _arrival()
            ids = [r.id for r in conn.execute(
                select(articles.c.id).where(articles.c.story_id == story_id).order_by(when, tie))]
            found = self.articles_by_id(conn, ids + [row["headline_id"]])
        members = [found[i] for i in ids if i in found]
        if not members:
            raise NotFound(f"story {story_id} has no articles", user_message="القصة غير موجودة.")
        return _story(row, found.get(row["headline_id"], members[0]), members)

    def stories(self, *, limit: int = 20, offset: int = 0, min_articles: int = 2,
                before: datetime | None = None) -> list[Story]:
        """Stories of at least ``min_articles`` articles, the most recently active first."""
        query = select(stories).where(stories.c.article_count >= min_articles)
        if before is not None:

            query = query.where(stories.c.last_at < utc(before))
        query = query.order_by(stories.c.last_at.desc(), stories.c.id.desc()).limit(limit).offset(offset)
        with self._read() as conn:
            rows = list(conn.execute(query).mappings())
            heads = self.articles_by_id(conn, [r["headline_id"] for r in rows])
            outlets = _outlets(conn, [r["id"] for r in rows])
        return [_story(r, heads[r["headline_id"]], [], outlets.get(r["id"], []))
                for r in rows if r["headline_id"] in heads]

    def count_stories(self, *, min_articles: int = 2) -> int:
        query = select(func.count()).select_from(stories).where(
            stories.c.article_count >= min_articles)
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    def placed_after(self, article_id: int) -> tuple[list[int], int | None]:
        """Ids of the articles above ``article_id`` that have a story, and the lowest id above
        it of an article still without one (being placed by another process), or None."""
        with self._read() as conn:
            ids = [r.id for r in conn.execute(
                select(articles.c.id).where(articles.c.id > article_id,
                                            articles.c.story_id.is_not(None))
                .order_by(articles.c.id))]
            unplaced = conn.execute(
                select(func.min(articles.c.id)).where(articles.c.id > article_id,
                                                      articles.c.story_id.is_(None))
            ).scalar()
        return ids, unplaced

    def articles_with_ids(self, ids: Sequence[int]) -> list[Article]:
        """The articles with these ids (those that exist), in arrival order."""
        found: dict[int, Article] = {}
        ids = list(ids)
        with self._read() as conn:
            for start in range(0, len(ids), 500):
                found.update(self.articles_by_id(conn, ids[start:start + 500]))
        return sorted(found.values(), key=lambda a: (a.published_at or a.fetched_at, a.id))

    def articles_in_arrival_order(
        self, *, newest: int | None = None, chunk: int = STREAM_CHUNK
    ) -> Iterator[list[Article]]:
        """Every article (or only the ``newest`` n) in arrival order — publication time, else
        fetch time, then id — in chunks, for rebuilding or resuming the clusterer."""
        when, tie = _arrival()
        start_after: tuple[datetime, int] | None = None
        if newest is not None:
            with self._read() as conn:
                row = conn.execute(
                    select(when.label("at"), tie).order_by(when.desc(), tie.desc())
                    .offset(newest).limit(1)
                ).first()
            if row is not None:
                start_after = (row.at, row.id)
        while True:
            query = select(articles.c.id, when.label("at"))
            if start_after is not None:
                at, last = start_after
                query = query.where(or_(when > at, and_(when == at, tie > last)))
            query = query.order_by(when, tie).limit(chunk)
            with self._read() as conn:
                keys = [(r.id, r.at) for r in conn.execute(query)]
                if not keys:
                    return
                found = self.articles_by_id(conn, [k for k, _ in keys])
            yield [found[k] for k, _ in keys if k in found]
            start_after = (keys[-1][1], keys[-1][0])


def _outlets(conn: Connection, story_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each story's outlets, in order of their first article in it."""
    if not story_ids:
        return {}
    when, _ = _arrival()
    first = func.min(when).label("first")
    rows = conn.execute(
        select(articles.c.story_id, sources.c.name, first)
        .join(sources, sources.c.id == articles.c.source_id)
        .where(articles.c.story_id.in_(list(story_ids)))
        .group_by(articles.c.story_id, sources.c.name)
        .order_by(articles.c.story_id, first)
    )
    found: dict[int, list[str]] = {}
    for r in rows:
        found.setdefault(r.story_id, []).append(r.name)
    return found


def _story(row: RowMapping, headline: Article, members: list[Article],
           outlets: list[str] | None = None) -> Story:

    if outlets is None:
        outlets = list(dict.fromkeys(a.source for a in members))
    return Story(id=row["id"], headline=headline, first_at=utc(row["first_at"]),
                 last_at=utc(row["last_at"]), article_count=row["article_count"],
                 outlets=outlets, articles=members)

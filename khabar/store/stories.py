"""Stories, near copies and sightings: the SQL behind ``Store``'s story methods.

``StoryStore`` is mixed into ``SQLStore`` (like ``followed.FollowedSources``); it needs
``engine``, ``_write()`` and ``articles_by_id()`` from the store it is mixed into. Story
assignment itself is computed in ``khabar.enrich.stories`` and wired by
``khabar.pipeline.stories``; this module only reads and writes its results.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement, Integer, and_, bindparam, delete, func, or_, select, union_all, update,
)
from sqlalchemy.engine import Connection, RowMapping

from khabar.errors import NotFound
from khabar.store.records import Article, ArticleRecord, Sighting, Story, StoryFacts
from khabar.store.schema import articles, sightings, sources, stories
from khabar.store.host import StoreHost
from khabar.store.rows import now_utc, sort_time, utc

#: articles read per query when streaming the archive in arrival order
STREAM_CHUNK = 1000
#: other outlets' articles kept for a story's card
CARD_OTHERS = 4


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
# Built once (compiled once), as the batch article look-up (``sql._ARTICLES_BY_ID``).
_SIGHTINGS_OF = (
    select(sightings, sources.c.name.label("source_name"))
    .join(sources, sources.c.id == sightings.c.source_id)
    .where(sightings.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(sightings.c.seen_at, sightings.c.id)
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
        return self.sightings_of([article_id]).get(article_id, [])

    def sightings_of(self, article_ids: Sequence[int]) -> dict[int, list[Sighting]]:
        out: dict[int, list[Sighting]] = {}
        if not article_ids:
            return out
        with self._read() as conn:
            for r in conn.execute(_SIGHTINGS_OF, {"ids": list(article_ids)}).mappings():
                out.setdefault(r["article_id"], []).append(Sighting(
                    article_id=r["article_id"], source=r["source_name"], url=r["url"],
                    title=r["title"], published_at=utc(r["published_at"]),
                    seen_at=utc(r["seen_at"])))
        return out

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

    def save_stories(self, assignments: Sequence[Assignment], headlines: Mapping[int, int],
                     score: Callable[[StoryFacts], float] | None = None) -> None:
        """Write the clusterer's results in one transaction: each article's story and near-copy
        link, then the summary of every story in ``headlines`` (story id → headline article
        id), counted from the articles themselves: its time span, article and outlet counts,
        commonest category, other outlets' first articles (for its card) and its ranking
        ``score`` (a function of the counted ``StoryFacts``; 0 without one)."""
        with self._write() as conn:
            if assignments:
                self._copy_marks(conn, {a.article_id: bool(a.duplicate_of) for a in assignments})
                conn.execute(_SET_STORY, [
                    {"aid": a.article_id, "sid": a.story_id, "dup": a.duplicate_of}
                    for a in assignments
                ])
            ids = list(headlines)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                rows = _summaries(conn, chunk, headlines, score)
                conn.execute(delete(stories).where(stories.c.id.in_(chunk)))
                if rows:
                    conn.execute(stories.insert(), rows)

    def clear_stories(self) -> None:
        """Forget every story and near-copy link (before a rebuild); sightings stay."""
        with self._write() as conn:
            conn.execute(delete(stories))
            self._copy_marks(conn, None)
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

    def top_stories(self, *, since: datetime, limit: int = 10, category: str | None = None,
                    min_articles: int = 2) -> list[Story]:
        query = select(stories).where(*_active(since, min_articles))
        if category is not None:
            query = query.where(_unindexed(stories.c.category) == category)
        query = query.order_by(stories.c.score.desc(), stories.c.id.desc()).limit(limit)
        with self._read() as conn:
            return self._cards(conn, list(conn.execute(query).mappings()))

    def top_stories_by_category(self, categories: Sequence[str], *, since: datetime,
                                per_category: int = 3, exclude: Sequence[int] = (),
                                min_articles: int = 2) -> dict[str, list[Story]]:
        """The ``per_category`` top stories of each of ``categories`` (active since
        ``since``, not in ``exclude``), in one query."""
        if not categories:
            return {}
        rank = func.row_number().over(partition_by=stories.c.category,
                                      order_by=(stories.c.score.desc(), stories.c.id.desc()))
        ranked = (select(stories, rank.label("rank"))
                  .where(*_active(since, min_articles),
                         _unindexed(stories.c.category).in_(list(categories)),
                         stories.c.id.not_in(list(exclude)))
                  .subquery())
        query = select(ranked).where(ranked.c.rank <= per_category).order_by(
            ranked.c.category, ranked.c.rank)
        with self._read() as conn:
            found = self._cards(conn, list(conn.execute(query).mappings()))
        grouped: dict[str, list[Story]] = {c: [] for c in categories}
        for story in found:
            grouped[story.category or ""].append(story)
        return grouped

    def _cards(self, conn: Connection, rows: list[RowMapping]) -> list[Story]:
        """Stories of these rows with their headlines and other outlets' articles loaded."""
        leads = {r["id"]: json.loads(r["lead_ids"] or "[]") for r in rows}
        wanted = [r["headline_id"] for r in rows] + [i for ids in leads.values() for i in ids]
        found = self.articles_by_id(conn, wanted)
        outlets = _outlets(conn, [r["id"] for r in rows])
        cards = []
        for r in rows:
            if r["headline_id"] not in found:
                continue
            story = _story(r, found[r["headline_id"]], [], outlets.get(r["id"], []))
            story.others = [found[i] for i in leads[r["id"]] if i in found]
            cards.append(story)
        return cards

    def story_categories(self, *, since: datetime,
                         min_articles: int = 2) -> list[tuple[str, int]]:
        n = func.count().label("n")
        # grouped by an expression: grouped by the column, SQLite walks the category index
        # over every story to save a sort of the window's few hundred
        category = _unindexed(stories.c.category).label("category")
        query = (select(category, n)
                 .where(*_active(since, min_articles), stories.c.category.is_not(None))
                 .group_by(category).order_by(n.desc(), category))
        with self._read() as conn:
            return [(r.category, r.n) for r in conn.execute(query)]

    def copy_counts(self, article_ids: Sequence[int]) -> dict[int, int]:
        ids = list(article_ids)
        if not ids:
            return {}
        counts: Counter = Counter()
        # one statement for both (a search page asks for every result: one round trip less)
        both = union_all(*(select(column.label("of"), func.count().label("n"))
                           .select_from(table).where(column.in_(ids)).group_by(column)
                           for table, column in ((articles, articles.c.duplicate_of),
                                                 (sightings, sightings.c.article_id))))
        with self._read() as conn:
            for r in conn.execute(both):
                counts[r.of] += r.n
        return dict(counts)

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

    def unplaced_among(self, ids: Sequence[int]) -> list[int]:
        found: list[int] = []
        ids = sorted(set(ids))
        with self._read() as conn:
            for start in range(0, len(ids), 500):
                found += [r.id for r in conn.execute(
                    select(articles.c.id).where(articles.c.id.in_(ids[start:start + 500]),
                                                articles.c.story_id.is_(None)))]
        return sorted(found)

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


def _summaries(conn: Connection, story_ids: Sequence[int], headlines: Mapping[int, int],
               score: Callable[[StoryFacts], float] | None) -> list[dict]:
    """The stored summary rows of these stories, counted from their articles."""
    when, tie = _arrival()
    members: dict[int, list[RowMapping]] = {}
    for r in conn.execute(
        select(articles.c.id, articles.c.story_id, articles.c.source_id, articles.c.category,
               articles.c.duplicate_of, when.label("at"))
        .where(articles.c.story_id.in_(list(story_ids)))
        .order_by(when, tie)
    ).mappings():
        members.setdefault(r["story_id"], []).append(r)
    rows = []
    for story_id, found in members.items():
        headline = headlines[story_id]
        per_outlet = Counter(r["source_id"] for r in found)
        categories = Counter(r["category"] for r in found if r["category"])
        head_source = next((r["source_id"] for r in found if r["id"] == headline), None)
        others: dict[int, int] = {}
        for r in found:
            if (r["duplicate_of"] is None and r["source_id"] != head_source
                    and r["source_id"] not in others and len(others) < CARD_OTHERS):
                others[r["source_id"]] = r["id"]
        first, last = found[0]["at"], found[-1]["at"]
        facts = StoryFacts(outlets=len(per_outlet), articles=len(found), first_at=first,
                           last_at=last, top_outlet_articles=max(per_outlet.values()))
        rows.append({
            "id": story_id, "headline_id": headline, "first_at": first, "last_at": last,
            "article_count": len(found), "outlet_count": len(per_outlet),
            "score": score(facts) if score else 0.0,
            "category": categories.most_common(1)[0][0] if categories else None,
            "lead_ids": json.dumps(list(others.values())),
        })
    return rows


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
                 outlets=outlets, articles=members, score=row["score"] or 0.0,
                 category=row["category"])


def _active(since: datetime, min_articles: int) -> list[ColumnElement[bool]]:
    """Stories of ``min_articles`` or more active since ``since``, found through the
    ``last_at`` index: the home page's window holds a few hundred stories of any archive. The
    article count is compared as an expression so that no planner walks its index instead
    (an ANALYZEd SQLite chose ``ix_stories_article_count`` or ``ix_stories_category_score``
    and read every story of the archive: 170 ms a query at 100,000 articles)."""
    return [stories.c.last_at >= utc(since), _unindexed(stories.c.article_count) >= min_articles]


def _unindexed(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """``column`` as an expression no index answers (``x + 0``, ``x || ''``)."""
    if isinstance(column.type, Integer):
        return column + 0
    return column.concat("")

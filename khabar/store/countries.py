"""Countries of articles and stories: the SQL behind the country editions.

A mixin of ``SQLStore``; the methods are declared, with their contracts, on ``Store`` in
``base.py``. Which countries an article or a story is about is decided in ``khabar.enrich.countries``;
the store keeps the answer (``articles.countries``, ``story_countries``) and lists by it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, literal, select, update
from sqlalchemy.engine import Connection

from khabar.store.host import StoreHost
from khabar.store.records import Story
from khabar.store.rows import utc
from khabar.store.schema import articles, sources, stories, story_countries
from khabar.store.stories import _outlets, _story

def country_condition(code: str) -> Any:
    """Articles filed under the country ``code`` (``articles.countries`` holds codes joined by
    one space), as the percolator checks it (``khabar.search.percolate``)."""
    padded = literal(" ") + func.coalesce(articles.c.countries, "") + literal(" ")
    return padded.contains(f" {code.upper()} ", autoescape=True)


#: rows read or written per statement
CHUNK = 500


class CountryStore(StoreHost):
    """A part of ``SQLStore`` (see ``khabar.store.host``)."""

    def set_article_countries(self, countries: Mapping[int, Sequence[str]]) -> None:
        ids = list(countries)
        with self._write() as conn:
            for start in range(0, len(ids), CHUNK):
                rows = [{"aid": i, "codes": " ".join(countries[i]) or None}
                        for i in ids[start:start + CHUNK]]
                conn.execute(update(articles).where(articles.c.id == bindparam("aid"))
                             .values(countries=bindparam("codes")), rows)

    def country_inputs(self, *, after: int = 0, limit: int = CHUNK) -> list[dict]:
        query = (
            select(articles.c.id, articles.c.dateline_place, articles.c.entities,
                   sources.c.outlet, sources.c.country.label("outlet_country"))
            .join(sources, sources.c.id == articles.c.source_id)
            .where(articles.c.id > after).order_by(articles.c.id).limit(limit)
        )
        with self._read() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def story_article_countries(self, story_ids: Sequence[int]) -> dict[int, list[list[str]]]:
        found: dict[int, list[list[str]]] = {}
        ids = list(dict.fromkeys(story_ids))
        with self._read() as conn:
            for start in range(0, len(ids), CHUNK):
                query = select(articles.c.story_id, articles.c.countries).where(
                    articles.c.story_id.in_(ids[start:start + CHUNK]))
                for row in conn.execute(query):
                    found.setdefault(row.story_id, []).append((row.countries or "").split())
        return found

    def story_ids(self, *, after: int = 0, limit: int = CHUNK) -> list[int]:
        query = select(stories.c.id).where(stories.c.id > after).order_by(stories.c.id).limit(limit)
        with self._read() as conn:
            return [r.id for r in conn.execute(query)]

    def save_story_countries(self, countries: Mapping[int, Sequence[str]]) -> None:
        ids = list(countries)
        with self._write() as conn:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                conn.execute(delete(story_countries).where(story_countries.c.story_id.in_(chunk)))
                rows = []
                for story in _stories(conn, chunk):
                    day = story["last_at"].strftime("%Y-%m-%d")
                    rows += [{"story_id": story["id"], "country": code, "day": day,
                              "last_at": story["last_at"],
                              "article_count": story["article_count"]}
                             for code in dict.fromkeys(countries[story["id"]])]
                if rows:
                    conn.execute(story_countries.insert(), rows)

    def clear_story_countries(self) -> None:
        with self._write() as conn:
            conn.execute(delete(story_countries))

    def country_stories(self, country: str, *, limit: int = 30, offset: int = 0) -> list[Story]:
        query = (
            select(story_countries.c.story_id)
            .where(story_countries.c.country == country.upper())
            .order_by(story_countries.c.day.desc(), story_countries.c.article_count.desc(),
                      story_countries.c.last_at.desc(), story_countries.c.story_id.desc())
            .limit(limit).offset(offset)
        )
        with self._read() as conn:
            ids = [r.story_id for r in conn.execute(query)]
            rows = {r["id"]: r for r in conn.execute(
                select(stories).where(stories.c.id.in_(ids))).mappings()}
            heads = self.articles_by_id(conn, [r["headline_id"] for r in rows.values()])
            outlets = _outlets(conn, ids)
        return [_story(rows[i], heads[rows[i]["headline_id"]], [], outlets.get(i, []))
                for i in ids if i in rows and rows[i]["headline_id"] in heads]

    def count_country_stories(self, country: str) -> int:
        query = select(func.count()).select_from(story_countries).where(
            story_countries.c.country == country.upper())
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    def country_counts(self) -> list[tuple[str, int]]:
        n = func.count().label("n")
        query = (select(story_countries.c.country, n).group_by(story_countries.c.country)
                 .order_by(n.desc(), story_countries.c.country))
        with self._read() as conn:
            return [(r.country, r.n) for r in conn.execute(query)]


def _stories(conn: Connection, ids: Sequence[int]) -> Iterator[Any]:
    for row in conn.execute(select(stories.c.id, stories.c.last_at, stories.c.article_count)
                            .where(stories.c.id.in_(list(ids)))).mappings():
        yield {"id": row["id"], "last_at": utc(row["last_at"]),
               "article_count": row["article_count"]}

"""Quotes in the store (0014): the statements of each article, one row each, written with the
article, replaced with its text and deleted with it (the foreign key cascades).

``QuoteStore`` is a part of ``SQLStore``; ``quote_rows`` is what ``add_articles`` writes in
the same transaction as the article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.engine import Connection, RowMapping

from khabar.store.host import StoreHost
from khabar.store.records import Article, Entity, Quote
from khabar.store.rows import sort_time
from khabar.store.schema import articles, quotes
from khabar.store.tags import entities_from_json

#: articles read per transaction by ``requote``
REQUOTE_BATCH = 500

_INSERT = quotes.insert()


def quote_rows(article_id: int, found: Sequence[Quote]) -> list[dict[str, Any]]:
    """The rows of an article's quotes (the speaker cut to the column's 200 characters)."""
    return [{"article_id": article_id, "position": n, "speaker": q.speaker[:200],
             "speaker_type": q.speaker_type, "verb": q.verb[:40], "text": q.text,
             "span_start": q.start, "span_end": q.end, "direct": q.direct}
            for n, q in enumerate(found)]


def write_quotes(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(_INSERT, rows)


def replace_quotes(conn: Connection, article_id: int, found: Sequence[Quote]) -> None:
    """The article's quotes are these now (none left from its previous text)."""
    conn.execute(delete(quotes).where(quotes.c.article_id == article_id))
    write_quotes(conn, quote_rows(article_id, found))


def speaker_condition(name: str) -> Any:
    """Articles with a statement by ``name``: the speaker as stored, or whose last word it
    is (``speaker:أردوغان`` → «رجب طيب أردوغان»)."""
    name = " ".join(name.split())
    who = or_(quotes.c.speaker == name, quotes.c.speaker.endswith(" " + name, autoescape=True))
    return articles.c.id.in_(select(quotes.c.article_id).where(who))


def _quote(row: RowMapping) -> Quote:
    return Quote(row["speaker"], row["speaker_type"], row["verb"], row["text"],
                 row["span_start"], row["span_end"], bool(row["direct"]))


class QuoteStore(StoreHost):
    """Quote queries (mixed into ``SQLStore``)."""

    def quotes_of(self, article_ids: Sequence[int]) -> dict[int, list[Quote]]:
        """The quotes of these articles, in body order, keyed by article id."""
        out: dict[int, list[Quote]] = {}
        if not article_ids:
            return out
        query = (select(quotes).where(quotes.c.article_id.in_(list(article_ids)))
                 .order_by(quotes.c.article_id, quotes.c.position))
        with self._read() as conn:
            for row in conn.execute(query).mappings():
                out.setdefault(row["article_id"], []).append(_quote(row))
        return out

    def quotes_by(self, speaker: str, *, limit: int = 50,
                  offset: int = 0) -> list[tuple[Quote, Article]]:
        """What ``speaker`` (an entity's canonical name, or a title) said, newest article
        first, with the article each statement is in."""
        ids = (select(quotes.c.article_id).where(quotes.c.speaker == speaker).distinct()
               .scalar_subquery())
        newest = (select(articles.c.id).where(articles.c.id.in_(ids))
                  .order_by(sort_time().desc(), articles.c.id.desc())
                  .limit(limit).offset(offset))
        with self._read() as conn:
            article_ids = [r.id for r in conn.execute(newest)]
            found = self.articles_by_id(conn, article_ids)
            rows = conn.execute(select(quotes).where(quotes.c.article_id.in_(article_ids),
                                                     quotes.c.speaker == speaker)
                                .order_by(quotes.c.position)).mappings().all()
        by_article: dict[int, list[Quote]] = {}
        for row in rows:
            by_article.setdefault(row["article_id"], []).append(_quote(row))
        return [(q, found[i]) for i in article_ids if i in found for q in by_article.get(i, [])]

    def merge_quote(self, article_id: int, row: dict[str, Any]) -> bool:
        """An exported quote row onto a merged article, unless the article has a quote at
        its position already (merging the same export twice adds nothing)."""
        values = {c.name: row[c.name] for c in quotes.columns if c.name not in ("id", "article_id")}
        with self._write() as conn:
            taken = conn.execute(select(quotes.c.id).where(
                quotes.c.article_id == article_id,
                quotes.c.position == values["position"])).first()
            if taken is not None:
                return False
            conn.execute(_INSERT, {**values, "article_id": article_id})
        return True

    def count_quotes_by(self, speaker: str) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(quotes)
                                    .where(quotes.c.speaker == speaker)).scalar_one())

    def top_speakers(self, *, limit: int = 30) -> list[tuple[str, str, int]]:
        """(speaker, type, statements) of the most quoted speakers."""
        n = func.count().label("n")
        query = (select(quotes.c.speaker, quotes.c.speaker_type, n)
                 .group_by(quotes.c.speaker, quotes.c.speaker_type)
                 .order_by(n.desc(), quotes.c.speaker).limit(limit))
        with self._read() as conn:
            return [(r.speaker, r.speaker_type, r.n) for r in conn.execute(query)]

    def requote(self, find: Callable[[str, list[Entity]], list[Quote]],
                progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
        """Compute every stored article's quotes again with ``find(body, entities)`` (the
        backfill of articles stored before quotes existed, or after the rules changed):
        each article's quotes are replaced in its own batch's transaction. Returns
        (articles, quotes)."""
        with self._read() as conn:
            total = int(conn.execute(select(func.count()).select_from(articles)).scalar_one())
        done = found = last = 0
        batch = (select(articles.c.id, articles.c.body, articles.c.entities)
                 .where(articles.c.id > 0).order_by(articles.c.id).limit(REQUOTE_BATCH))
        while True:
            with self._write() as conn:
                rows = conn.execute(batch.where(articles.c.id > last)).all()
                if not rows:
                    break
                ids = [r.id for r in rows]
                conn.execute(delete(quotes).where(quotes.c.article_id.in_(ids)))
                new: list[dict[str, Any]] = []
                for row in rows:
                    new.extend(quote_rows(row.id, find(row.body, entities_from_json(row.entities))))
                write_quotes(conn, new)
            found += len(new)
            done += len(rows)
            last = rows[-1].id
            if progress:
                progress(done, total)
        return done, found

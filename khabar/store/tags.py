"""Tags in the store: entities on articles, trained models, term statistics, trending tags.

``TagStore`` is a mixin of ``SQLStore``; the entity filter and the JSON of entities are
helpers of ``sql.py``. Entities are kept as a JSON list on the article, as keywords are, and
an entity filter matches its canonical name in that list.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, text

from khabar.store.records import ENTITY_TYPES, Entity
from khabar.store.schema import articles, models
from khabar.store.host import StoreHost
from khabar.store.rows import now_utc, sort_time, utc

#: the window a tag is trending in, and the baseline it is compared with
TREND_WINDOW = timedelta(hours=24)
TREND_BASELINE = timedelta(days=7)
#: articles a tag needs in the window to trend
TREND_MIN_ARTICLES = 2
#: the model of name spellings (folded word → other spellings) written by the tagger and
#: read by search to expand a name query
NAME_VARIANTS_MODEL = "name_variants"
#: categorized articles read per query when training
EXAMPLES_CHUNK = 1000


def entities_json(entities: list[Entity]) -> str:
    return json.dumps([e.to_json() for e in entities], ensure_ascii=False)


def entities_from_json(raw: str | None) -> list[Entity]:
    out = []
    for item in json.loads(raw or "[]"):
        if isinstance(item, dict) and item.get("type") in ENTITY_TYPES and item.get("name"):
            out.append(Entity(str(item["name"]), item["type"]))
    return out


def entity_condition(name: str) -> ColumnElement[bool]:
    """Articles that name this entity (its canonical name, any type)."""
    quoted = json.dumps({"name": name}, ensure_ascii=False)[1:-1]  # "name": "…"
    return articles.c.entities.contains(quoted, autoescape=True)


class TagStore(StoreHost):
    """Tag queries on an SQLAlchemy engine (mixed into ``SQLStore``)."""

    engine: Any

    def save_model(self, name: str, data: dict) -> None:

        with self._write() as conn:
            conn.execute(delete(models).where(models.c.name == name))
            conn.execute(models.insert().values(
                name=name, data=json.dumps(data, ensure_ascii=False), updated_at=now_utc()))

    def load_model(self, name: str) -> dict | None:
        with self._read() as conn:
            raw = conn.execute(select(models.c.data).where(models.c.name == name)).scalar()
        return json.loads(raw) if raw else None

    def term_document_frequencies(self) -> tuple[int, dict[str, int]]:
        with self._read() as conn:
            n_docs = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            if self.engine.dialect.name != "sqlite" or not n_docs:
                return n_docs, {}
            rows = conn.execute(text("SELECT term, doc FROM article_fts_vocab"))
            return n_docs, {term: doc for term, doc in rows}

    def newest_time(self) -> datetime | None:

        with self._read() as conn:
            return utc(conn.execute(select(func.max(sort_time()))).scalar())

    def trending_keywords(self, now: datetime, *, limit: int = 10) -> list[tuple[str, int, float]]:

        now = utc(now)
        start, since = now - TREND_WINDOW, now - TREND_WINDOW - TREND_BASELINE
        query = select(articles.c.keywords, sort_time().label("at")).where(
            sort_time() >= since, sort_time() < now)
        recent: Counter = Counter()
        before: Counter = Counter()
        with self._read() as conn:
            for keywords, at in conn.execute(query):
                bucket = recent if utc(at) >= start else before
                bucket.update(set(json.loads(keywords or "[]")))
        days = TREND_BASELINE / TREND_WINDOW
        scored = [
            (tag, n, round(n / (before[tag] / days + 1.0), 2))
            for tag, n in recent.items() if n >= TREND_MIN_ARTICLES
        ]
        scored.sort(key=lambda x: (-x[2], -x[1], x[0]))
        return scored[:limit]

    def entity_counts(self, *, limit: int = 50, kind: str | None = None) -> list[tuple[str, str, int]]:
        counts: Counter = Counter()
        with self._read() as conn:
            for (raw,) in conn.execute(select(articles.c.entities).where(articles.c.entities != "[]")):
                for e in entities_from_json(raw):
                    if kind is None or e.type == kind:
                        counts[(e.name, e.type)] += 1
        return [(n, t, c) for (n, t), c in counts.most_common(limit)]

    def categorized_examples(self, *, since: datetime | None = None,
                             until: datetime | None = None) -> Iterator[tuple[str, str, str]]:

        last = 0
        while True:
            query = (select(articles.c.id, articles.c.title, articles.c.body, articles.c.category)
                     .where(articles.c.category.is_not(None), articles.c.id > last)
                     .order_by(articles.c.id).limit(EXAMPLES_CHUNK))
            if since is not None:
                query = query.where(sort_time() >= utc(since))
            if until is not None:
                query = query.where(sort_time() < utc(until))
            with self._read() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield row.title, row.body, row.category
            last = rows[-1].id

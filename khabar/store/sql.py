"""The parts of the store that any SQLAlchemy backend shares.

Backends subclass ``SQLStore`` and add what differs: connection set-up, the full-text index
and the search query.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, and_, bindparam, func, or_, select
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from khabar.arabic import Dateline
from khabar.errors import NotFound
from khabar.store.base import AddResult, Store
from khabar.store.filters import ArticleFilter, Cursor
from khabar.store.followed import FollowedSources, row_to_source
from khabar.store.front import FrontStore
from khabar.store.locks import StoriesLock
from khabar.store.media import MediaStore, enclosures_from_json, media_changes, media_values, row_image
from khabar.store.tags import TagStore, entities_json, entities_from_json, entity_condition
from khabar.store.records import Article, ArticleRecord, OutletRef, Source
from khabar.store.outlets import (
    OutletSources, name_for, outlet_values, record_outlet, source_row_for,
)
from khabar.store.countries import CountryStore, country_condition
from khabar.store.rows import inserted_id, now_utc, sort_time, utc
from khabar.store.schema import articles, sources
from khabar.store.stories import StoryStore
from khabar.store.batch import Batch, Terms

from khabar.store.alerts import AlertStore
from khabar.store.users import UserStore
from khabar.store.story_visits import StoryVisitStore
from khabar.store.reading import ReadingStore, reader_conditions
from khabar.store.reindex import Reindex
from khabar.store.greader_ids import GreaderIdsStore
from khabar.store.quotes import (
    QuoteStore, quote_rows, replace_quotes, speaker_condition, write_quotes,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

#: times a write transaction is tried when concurrent writers insert the same row
CONFLICT_ATTEMPTS = 4

#: the source name used when a document does not say where it came from
UNKNOWN_SOURCE = "مصدر غير معروف"

#: the largest id a database row can have (SQLite and PostgreSQL BIGINT)
MAX_ID = 2**63 - 1

# Fields an existing article gains from a later copy when it lacks them.
_FILLABLE = ("summary", "author", "published_at", "category", "attributed_to", "url", "guid",
             "countries")

# Statements built once: building SQLAlchemy constructs per row dominated import time.
_SOURCE_BY_NAME = select(sources).where(sources.c.name == bindparam("name"))
_INSERT_ARTICLE = articles.insert()


class SQLStore(FollowedSources, OutletSources, TagStore, StoryStore, CountryStore, StoriesLock,
               UserStore, ReadingStore, StoryVisitStore, GreaderIdsStore, AlertStore, MediaStore,
               FrontStore, QuoteStore, Reindex, Store):
    """Sources and articles on an SQLAlchemy engine; full-text search is the subclass's."""

    engine: Engine

    # --- the full-text index, backend-specific -------------------------------------------

    def _index(self, conn: Connection, article_id: int, title: str, body: str) -> None:
        raise NotImplementedError

    def _unindex(self, conn: Connection, article_id: int) -> None:
        """Remove an article from the full-text index (before it changes or is deleted)."""
        raise NotImplementedError

    def _write(self) -> Any:
        """A context manager yielding a connection in a write transaction."""
        return self.engine.begin()

    # --- sources -------------------------------------------------------------------------

    def source(self, name: str, url: str | None = None, outlet: OutletRef | None = None) -> Source:
        return retry_on_conflict(lambda: self._source_in_transaction(name, url, outlet))

    def _source_in_transaction(self, name: str, url: str | None,
                               outlet: OutletRef | None = None) -> Source:
        with self._write() as conn:
            return self._source(conn, name, url, outlet)

    def _source(self, conn: Connection, name: str, url: str | None,
                outlet: OutletRef | None = None) -> Source:
        """The source of a record: found by name or outlet (``store.outlets``), else created,
        named after its outlet when it has one."""
        row = source_row_for(conn, name, outlet)
        if row is None:
            created = now_utc()
            name = name_for(conn, name, outlet)
            values = {"name": name, "url": url, "created_at": created, **outlet_values(outlet)}
            new_id = inserted_id(conn.execute(sources.insert().values(**values)))
            return Source(id=new_id, name=name, url=url, created_at=created,
                          outlet=values.get("outlet"), country=values.get("country"),
                          outlet_kind=values.get("outlet_kind"))
        if url and not row["url"]:
            conn.execute(sources.update().where(sources.c.id == row["id"]).values(url=url))
        record_outlet(conn, row, outlet)
        found = row_to_source(row)
        found.url = found.url or url
        if found.outlet is None and outlet is not None:
            found.outlet, found.country, found.outlet_kind = outlet.key, outlet.country, outlet.kind
        return found

    def sources(self) -> list[Source]:
        with self._read() as conn:
            rows = conn.execute(select(sources).order_by(sources.c.name)).mappings()
            return [row_to_source(r) for r in rows]

    # --- articles ------------------------------------------------------------------------

    def add_articles(
        self, records: Sequence[ArticleRecord], *, replace: bool = False,
        terms: Sequence[Terms | None] | None = None,
    ) -> list[AddResult]:
        # Two writers (workers on PostgreSQL) may both miss an article the other is inserting;
        # the second then breaks a unique index. Doing the batch again finds the first's row.
        return retry_on_conflict(lambda: self._add_batch(records, replace, terms))

    def _add_batch(self, records: Sequence[ArticleRecord], replace: bool,
                   terms: Sequence[Terms | None] | None) -> list[AddResult]:
        results: list[AddResult] = []
        source_ids: dict[tuple[str, str | None], int] = {}
        with self._write() as conn:
            placed = []
            for record in records:
                name = (record.source or "").strip() or UNKNOWN_SOURCE
                outlet = record.outlet
                known = (name, outlet.key if outlet else None)
                if known not in source_ids:
                    source_ids[known] = self._source(conn, name, record.source_url, outlet).id
                placed.append((record, source_ids[known]))
            batch = Batch.prefetch(conn, placed)
            given = terms if terms is not None else [None] * len(placed)
            for (record, source_id), record_terms in zip(placed, given, strict=True):
                results.append(self._add(conn, source_id, record, replace, batch, record_terms))
            write_quotes(conn, batch.take_quotes())
            self._index_many(conn, batch.unindexed, batch.terms)
        return results

    def _add(
        self, conn: Connection, source_id: int, record: ArticleRecord, replace: bool,
        batch: Batch, terms: Terms | None = None,
    ) -> AddResult:
        existing = batch.existing(conn, source_id, record)
        if existing is not None:
            batch.touch(source_id, record)
            if replace and _changed(existing, record):
                batch.replaced(existing, record)
                write_quotes(conn, batch.take_quotes())  # rows in the order they always had
                return self._replace(conn, existing, record)
            return self._fill(conn, existing, record)
        same_text = batch.same_text(conn, record)
        if same_text is not None:  # the same text under another URL: seen, not stored again
            self._sight(conn, same_text, source_id, record)
            return AddResult("duplicate", same_text)
        values = _values(record)
        values["source_id"] = source_id
        new_id = inserted_id(conn.execute(_INSERT_ARTICLE, values))
        batch.quotes += quote_rows(new_id, record.quotes)  # written with the batch's others
        batch.inserted(new_id, source_id, record, terms)
        return AddResult("inserted", new_id)

    def _index_many(self, conn: Connection, pending: dict[int, tuple[str, str]],
                    terms: Mapping[int, Terms]) -> None:
        """Index the articles a batch inserted (a backend may send them in one round trip);
        ``terms``: the analyzed text of those whose analysis came with the batch."""
        for article_id, (title, body) in pending.items():
            self._index(conn, article_id, title, body)

    def _fill(self, conn: Connection, row: RowMapping, record: ArticleRecord) -> AddResult:
        new = _values(record)
        changes = {k: new[k] for k in _FILLABLE if row[k] in (None, "") and new[k] not in (None, "")}
        if row["keywords"] == "[]" and record.keywords:
            changes["keywords"] = new["keywords"]
        if row["entities"] == "[]" and record.entities:
            changes["entities"] = new["entities"]
        if row["dateline_place"] is None and record.dateline is not None:
            changes["dateline_place"] = new["dateline_place"]
            changes["dateline_agency"] = new["dateline_agency"]
        if record.canonical_url and not row["canonical_url"]:
            changes["canonical_url"] = record.canonical_url
        changes.update(media_changes(row, record, replace=False))
        if not changes:
            return AddResult("duplicate", row["id"])
        conn.execute(articles.update().where(articles.c.id == row["id"]).values(**changes))
        return AddResult("updated", row["id"])

    def _replace(self, conn: Connection, row: RowMapping, record: ArticleRecord) -> AddResult:
        """The source changed the article: its text and fields follow, its first-seen time
        (``fetched_at``) and id stay, ``updated_at`` is set and the index is rewritten. A
        page-extracted body is not replaced by a feed's shorter text."""
        new = _values(record)
        changes: dict[str, Any] = {"entry_hash": new["entry_hash"], "updated_at": now_utc()}
        if not (record.body_origin == "feed" and row["body_origin"] == "page"):
            for key in _REPLACED:
                if new[key] not in (None, "", "[]") or key in ("page_error", "body_origin"):
                    changes[key] = new[key]
            if "body" in changes:  # the quotes of the old text go with it
                replace_quotes(conn, row["id"], record.quotes)
        changes.update(media_changes(row, record, replace=True))
        conn.execute(articles.update().where(articles.c.id == row["id"]).values(**changes))
        if changes.get("title", row["title"]) != row["title"] or changes.get(
            "body", row["body"]
        ) != row["body"]:
            self._unindex(conn, row["id"])
            self._index(conn, row["id"], changes.get("title", row["title"]),
                        changes.get("body", row["body"]))
        return AddResult("updated", row["id"])

    def article(self, article_id: int) -> Article:
        if not 0 < article_id <= MAX_ID:
            raise NotFound(f"no article with id {article_id}", user_message="المقال غير موجود.")
        with self._read() as conn:
            row = conn.execute(_article_select().where(articles.c.id == article_id)).mappings().first()
        if row is None:
            raise NotFound(f"no article with id {article_id}", user_message="المقال غير موجود.")
        return row_to_article(row)

    def latest(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        filters: ArticleFilter | None = None,
        after: Cursor | None = None,
    ) -> list[Article]:
        newest = sort_time()
        query = _article_select().where(*filter_conditions(filters))
        if after is not None:
            at = utc(after.time)
            query = query.where(
                or_(newest < at, and_(newest == at, articles.c.id < after.id))
            )
        query = query.order_by(newest.desc(), articles.c.id.desc()).limit(limit).offset(offset)
        with self._read() as conn:
            return [row_to_article(r) for r in conn.execute(query).mappings()]

    def articles_by_id(self, conn: Connection, ids: Sequence[int]) -> dict[int, Article]:
        if not ids:
            return {}
        # One statement built once (compiled once): building it per search was half of
        # reading a page of 10 (issue 16).
        rows = conn.execute(_ARTICLES_BY_ID, {"ids": list(ids)}).mappings()
        return {r["id"]: row_to_article(r) for r in rows}

    def _filter_conditions(self, filters: ArticleFilter) -> list:
        return filter_conditions(filters)

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        query = select(func.count()).select_from(articles).where(*filter_conditions(filters))
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    def categories(self) -> list[tuple[str, int]]:
        count = func.count().label("n")
        query = (
            select(articles.c.category, count)
            .where(articles.c.category.is_not(None))
            .group_by(articles.c.category)
            .order_by(count.desc(), articles.c.category)
        )
        with self._read() as conn:
            return [(r.category, r.n) for r in conn.execute(query)]

    def close(self) -> None:
        self.engine.dispose()


def retry_on_conflict(write: Callable[[], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
    """Run a write transaction again when it broke a unique index because a concurrent
    transaction inserted the same row first (the retry sees that row and uses it)."""
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except Exception as exc:
            if attempt == attempts or not _is_unique_conflict(exc):
                raise
            log.info("a concurrent writer stored the same row first; retrying (%d)",
                     attempt)
            time.sleep(0.01 * attempt)
    raise AssertionError("unreachable")


def _is_unique_conflict(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:  # a backend may wrap the driver's error in a StoreError
        if isinstance(seen, IntegrityError):
            return True
        seen = seen.__cause__
    return False


def filter_conditions(filters: ArticleFilter | None) -> list:
    """SQL conditions on ``articles`` for a filter (joined with ``sources`` for names)."""
    if filters is None:
        return []
    conditions: list = []
    if filters.sources:
        names = [n.lower() for n in filters.sources]
        conditions.append(
            articles.c.source_id.in_(
                select(sources.c.id).where(func.lower(sources.c.name).in_(names))
            )
        )
    if filters.source_id is not None:
        conditions.append(articles.c.source_id == filters.source_id)
    if filters.category:
        conditions.append(articles.c.category == filters.category)
    if filters.keyword:
        quoted = json.dumps(filters.keyword, ensure_ascii=False)
        conditions.append(articles.c.keywords.contains(quoted, autoescape=True))
    if filters.entity:
        conditions.append(entity_condition(filters.entity))
    if filters.speaker:
        conditions.append(speaker_condition(filters.speaker))
    if filters.country:
        conditions.append(country_condition(filters.country))
    if filters.since is not None:
        conditions.append(sort_time() >= utc(filters.since))
    if filters.until is not None:
        conditions.append(sort_time() < utc(filters.until))
    if filters.stored_after_id is not None:
        conditions.append(articles.c.id > filters.stored_after_id)
    conditions.extend(reader_conditions(filters))
    if filters.originals:
        # An expression, not the bare column: SQLite would otherwise walk the duplicate_of
        # index for IS NULL (nearly every row) and sort them all, instead of reading the
        # newest-first index and skipping the few copies (2 req/s against 180 on ANT).
        conditions.append(func.coalesce(articles.c.duplicate_of, 0) == 0)
    return conditions


def _article_select() -> Select[Any]:
    return select(articles, sources.c.name.label("source_name")).join(
        sources, sources.c.id == articles.c.source_id
    )


_ARTICLES_BY_ID = _article_select().where(articles.c.id.in_(bindparam("ids", expanding=True)))


def _values(record: ArticleRecord) -> dict[str, Any]:
    published = utc(record.published_at)
    fetched = utc(record.fetched_at) or now_utc()
    return {
        "url": record.url,
        "canonical_url": record.canonical_url,
        "guid": record.guid,
        "title": record.title,
        "body": record.body,
        "summary": record.summary,
        "author": record.author,
        "published_at": published,
        "fetched_at": fetched,
        "language": record.language or "ar",
        "category": record.category,
        "attributed_to": record.attributed_to,
        "keywords": json.dumps(list(record.keywords), ensure_ascii=False),
        "entities": entities_json(record.entities),
        "dateline_place": record.dateline.place if record.dateline else None,
        "dateline_agency": record.dateline.agency if record.dateline else None,
        "content_hash": record.content_hash,
        "body_origin": record.body_origin,
        "page_error": record.page_error,
        "entry_hash": record.entry_hash,
        "countries": " ".join(record.countries) or None,
        **media_values(record),
    }


# Fields that follow the source when it changes an article (``add_articles(replace=True)``).
_REPLACED = ("title", "body", "summary", "author", "published_at", "category", "attributed_to",
             "keywords", "entities", "dateline_place", "dateline_agency", "content_hash", "body_origin",
             "page_error", "countries")


def _changed(row: RowMapping, record: ArticleRecord) -> bool:
    """Whether a record differs from the stored article: another feed entry, or another text."""
    if record.entry_hash and record.entry_hash != row["entry_hash"]:
        return True
    return bool(record.content_hash) and record.content_hash != row["content_hash"]


def row_to_article(row: RowMapping) -> Article:
    dateline = (
        Dateline(place=row["dateline_place"], agency=row["dateline_agency"])
        if row["dateline_place"]
        else None
    )
    return Article(
        id=row["id"],
        source_id=row["source_id"],
        source=row["source_name"],
        title=row["title"],
        body=row["body"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        guid=row["guid"],
        summary=row["summary"],
        author=row["author"],
        published_at=utc(row["published_at"]),
        fetched_at=utc(row["fetched_at"]),
        language=row["language"],
        category=row["category"],
        attributed_to=row["attributed_to"],
        keywords=json.loads(row["keywords"] or "[]"),
        entities=entities_from_json(row.get("entities")),
        dateline=dateline,
        content_hash=row["content_hash"],
        body_origin=row["body_origin"],
        page_error=row["page_error"],
        updated_at=utc(row["updated_at"]),
        story_id=row.get("story_id"),
        duplicate_of=row.get("duplicate_of"),
        countries=(row.get("countries") or "").split(),
        image=row_image(row),
        enclosures=enclosures_from_json(row.get("enclosures")),
    )

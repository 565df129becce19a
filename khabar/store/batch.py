"""What one ``add_articles`` batch knows about the store while it writes (see ``Batch``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.engine import Connection, RowMapping

from khabar.store.records import ArticleRecord
from khabar.store.schema import articles

_BY_CANONICAL_URL = select(articles).where(articles.c.canonical_url == bindparam("canonical_url"))
_BY_GUID = select(articles).where(
    and_(articles.c.source_id == bindparam("source_id"), articles.c.guid == bindparam("guid"))
)

#: a record's title and body as the analyzer reads them (``analyze(title)``, ``analyze(body)``),
#: when found beforehand (``khabar.pipeline.pool``): the search index takes them as they are
Terms: TypeAlias = tuple[Sequence[str], Sequence[str]]

#: keys looked up per statement when a batch prefetches what is already stored
PREFETCH_CHUNK = 400


class Batch:
    """What one ``add_articles`` batch knows: the stored articles its records name (fetched in
    a few statements, not one or two per record), the texts already stored, and the articles
    it inserted but has not indexed yet (nor written their quotes). A record whose key an
    earlier record of the batch inserted or changed is looked up again, so it sees that row as
    it is now."""

    def __init__(self) -> None:
        self.by_url: dict[str, RowMapping] = {}
        self.by_guid: dict[tuple[int, str], RowMapping] = {}
        self.by_hash: dict[str, int] = {}
        self.touched: set[object] = set()
        self.stale_hashes: set[str] = set()
        self.unindexed: dict[int, tuple[str, str]] = {}
        #: the analyzed terms of those of them given with the batch (``Terms``)
        self.terms: dict[int, Terms] = {}
        #: the quote rows of the articles inserted since ``take_quotes``: written in one
        #: statement (one per article cost the writer a statement per article)
        self.quotes: list[dict[str, Any]] = []

    @classmethod
    def prefetch(cls, conn: Connection, placed: Sequence[tuple[ArticleRecord, int]]) -> Batch:
        batch = cls()
        urls = sorted({r.canonical_url for r, _ in placed if r.canonical_url})
        guids = sorted({(sid, r.guid) for r, sid in placed if r.guid})
        hashes = sorted({r.content_hash for r, _ in placed if r.content_hash})
        for chunk in _chunks(urls):
            for row in conn.execute(select(articles).where(articles.c.canonical_url.in_(chunk))).mappings():
                batch.by_url[row["canonical_url"]] = row
        by_source: dict[int, list[str]] = {}
        for sid, guid in guids:
            by_source.setdefault(sid, []).append(guid)
        for sid, source_guids in by_source.items():
            # One source per statement: "source_id = ? AND guid IN (…)" uses both columns of
            # the (source_id, guid) index; with "source_id IN (…)" PostgreSQL was seen to read
            # every article of the sources and filter the guids (355 ms a batch at 270,000).
            for chunk in _chunks(source_guids):
                query = select(articles).where(articles.c.source_id == sid,
                                               articles.c.guid.in_(chunk))
                for row in conn.execute(query).mappings():
                    batch.by_guid[(row["source_id"], row["guid"])] = row
        for chunk in _chunks(hashes):
            query = (select(articles.c.content_hash, func.min(articles.c.id).label("id"))
                     .where(articles.c.content_hash.in_(chunk))
                     .group_by(articles.c.content_hash))
            batch.by_hash.update({r.content_hash: r.id for r in conn.execute(query)})
        return batch

    def existing(self, conn: Connection, source_id: int, record: ArticleRecord) -> RowMapping | None:
        """The stored article with the record's canonical URL, else its guid in this source."""
        url, guid = record.canonical_url, (source_id, record.guid) if record.guid else None
        if url:
            row = (conn.execute(_BY_CANONICAL_URL, {"canonical_url": url}).mappings().first()
                   if url in self.touched else self.by_url.get(url))
            if row is not None:
                return row
        if guid:
            if guid in self.touched:
                return conn.execute(
                    _BY_GUID, {"source_id": source_id, "guid": record.guid}).mappings().first()
            return self.by_guid.get(guid)
        return None

    def same_text(self, conn: Connection, record: ArticleRecord) -> int | None:
        """The first stored article with the record's normalized text (content hash)."""
        if not record.content_hash or not record.body.strip():
            return None
        if record.content_hash in self.stale_hashes:
            return conn.execute(
                select(func.min(articles.c.id)).where(articles.c.content_hash == record.content_hash)
            ).scalar()
        return self.by_hash.get(record.content_hash)

    def replaced(self, row: RowMapping, record: ArticleRecord) -> None:
        """An article of the batch gets a new text: its old and new hashes are looked up again,
        and it is indexed now (by ``_replace``), not with the batch's new articles."""
        self.stale_hashes.update(h for h in (row["content_hash"], record.content_hash) if h)
        self.unindexed.pop(row["id"], None)
        self.terms.pop(row["id"], None)

    def take_quotes(self) -> list[dict[str, Any]]:
        """The quote rows waiting to be written, in insertion order; none wait after."""
        rows, self.quotes = self.quotes, []
        return rows

    def touch(self, source_id: int, record: ArticleRecord) -> None:
        if record.canonical_url:
            self.touched.add(record.canonical_url)
        if record.guid:
            self.touched.add((source_id, record.guid))

    def inserted(self, article_id: int, source_id: int, record: ArticleRecord,
                 terms: Terms | None = None) -> None:
        self.touch(source_id, record)
        if record.content_hash and record.body.strip():
            self.by_hash.setdefault(record.content_hash, article_id)
        self.unindexed[article_id] = (record.title, record.body)
        if terms is not None:
            self.terms[article_id] = terms


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), PREFETCH_CHUNK):
        yield items[start:start + PREFETCH_CHUNK]

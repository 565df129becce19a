"""The archive as JSON Lines (``khabar export``): every row of every table, one per line.

    {"khabar_export": 1, "created_at": "…", "khabar_version": "…", "schema": ["0009"], …}
    {"type": "source", "id": 1, "name": "…", "feed_url": "…", "paused": false, …}
    {"type": "article", "id": 1, "source_id": 1, "title": "…", "keywords": ["…"], …}
    {"type": "story", …}   {"type": "sighting", …}   {"type": "model", "name": "…", "data": {…}}
    {"type": "end", "counts": {"source": 2, "article": 5, …}}

Tables come parents first, as ``copy.copied_tables()`` orders them (models, sources, stories,
articles, sightings), each in primary-key order; a line holds every column of its row under the column's name. Dates are
ISO 8601 in UTC ("2018-05-08T12:00:00Z", with microseconds when there are some); the JSON text
columns (an article's ``keywords``, ``entities`` and ``enclosures``, a model's ``data``) are written as JSON
values, not as strings. The last line counts the rows of each type, so an import notices a
file that was cut short. Workers' leases are not exported.

This module turns rows into lines and back; ``khabar.pipeline.archive`` reads and writes files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Boolean, DateTime, Integer, String, Table, Text, func, select

from khabar import __version__
from khabar.arabic import ANALYZER_VERSION
from khabar.store.copy import (
    BATCH_SIZE,
    TRANSIENT_COLUMNS,
    copied_tables,
    count_rows,
    read_rows,
    snapshot,
)
from khabar.store.media import enclosures_from_json, row_image
from khabar.store.migrate import current_revisions
from khabar.store.records import ArticleRecord
from khabar.store.schema import sightings

#: the version of the export format written in the header line
FORMAT_VERSION = 1
HEADER_KEY = "khabar_export"
END_TYPE = "end"

#: the "type" of each table's lines
TYPE_OF_TABLE = {"sources": "source", "articles": "article", "stories": "story",
                 "sightings": "sighting", "models": "model", "quotes": "quote"}
#: columns holding JSON text, exported as JSON values
JSON_COLUMNS = {"articles": frozenset({"keywords", "entities", "enclosures"}),
                "models": frozenset({"data"})}


def line_type(table: Table) -> str:
    return TYPE_OF_TABLE.get(table.name, table.name)


def tables_by_type() -> dict[str, Table]:
    return {line_type(t): t for t in copied_tables()}


def iso(value: datetime) -> str:
    """UTC ISO 8601 with a Z, microseconds only when present (``fromisoformat`` reads it)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def row_to_json(table: Table, row: dict) -> dict:
    """One table row as an export line's object (``type`` first, then the columns in order)."""
    doc: dict[str, Any] = {"type": line_type(table)}
    json_columns = JSON_COLUMNS.get(table.name, frozenset())
    skipped = TRANSIENT_COLUMNS.get(table.name, frozenset())
    for column in table.columns:
        if column.name in skipped:
            continue
        value = row.get(column.name)
        if isinstance(value, datetime):
            value = iso(value)
        elif column.name in json_columns and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass  # kept as the stored text; an import stores it back unchanged
        doc[column.name] = value
    return doc


class BadRow(ValueError):
    """An export line whose values do not fit its table."""


def row_from_json(table: Table, doc: dict) -> dict:
    """The table row an export line describes; ``BadRow`` says what is wrong with it.
    Unknown keys are ignored (a newer khabar's columns); a missing column is NULL, or its
    default where the schema has one."""
    row: dict[str, Any] = {}
    json_columns = JSON_COLUMNS.get(table.name, frozenset())
    skipped = TRANSIENT_COLUMNS.get(table.name, frozenset())
    for column in table.columns:
        if column.name in skipped:
            continue
        if column.name not in doc or doc[column.name] is None:
            if not column.nullable and column.server_default is None:
                raise BadRow(f"{column.name} is missing")
            if column.name in doc:
                row[column.name] = None
            continue
        value = doc[column.name]
        if column.name in json_columns:
            row[column.name] = value if isinstance(value, str) else json.dumps(
                value, ensure_ascii=False)
        else:
            row[column.name] = _typed(column, value)
    return row


def _typed(column: Any, value: Any) -> Any:
    kind = column.type
    name = column.name
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise BadRow(f"{name} is not a date")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as exc:
            raise BadRow(f"{name} is not an ISO 8601 date ({value!r})") from exc
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise BadRow(f"{name} is not true or false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadRow(f"{name} is not a whole number")
        return value
    if isinstance(kind, (String, Text)):
        if not isinstance(value, str):
            raise BadRow(f"{name} is not a text")
        return value
    return value


# --- writing an export ----------------------------------------------------------------------


def export_lines(store: Any, *, batch: int = BATCH_SIZE,
                 progress: Callable[[str, int, int], None] | None = None,
                 created_at: datetime | None = None) -> Iterator[str]:
    """The export of the whole store, line by line (each ends with a newline), read from one
    snapshot in batches: constant memory whatever the size of the archive."""
    tables = copied_tables()
    with snapshot(store) as conn:
        totals = count_rows(conn, tables)
        header = {
            HEADER_KEY: FORMAT_VERSION,
            "created_at": iso(created_at or datetime.now(timezone.utc)),
            "khabar_version": __version__,
            "schema": current_revisions(conn),
            "analyzer_version": ANALYZER_VERSION,
            "types": [line_type(t) for t in tables],
        }
        yield _dump(header)
        counts: dict[str, int] = {}
        for table in tables:
            kind = line_type(table)
            counts[kind] = 0
            for rows in read_rows(conn, table, batch):
                for row in rows:
                    yield _dump(row_to_json(table, row))
                counts[kind] += len(rows)
                if progress:
                    progress(table.name, counts[kind], totals[table.name])
        yield _dump({"type": END_TYPE, "counts": counts})


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- merging into a store that already holds records -----------------------------------------


def article_record(row: dict, source_name: str, source_url: str | None) -> ArticleRecord:
    """An export's article row (as ``row_from_json`` gives it) as a record for ``add_articles``."""
    from khabar.arabic import Dateline
    from khabar.store.tags import entities_from_json

    keywords = json.loads(row.get("keywords") or "[]")
    return ArticleRecord(
        title=row["title"], body=row["body"], url=row.get("url"),
        canonical_url=row.get("canonical_url"), guid=row.get("guid"),
        summary=row.get("summary"), author=row.get("author"),
        published_at=row.get("published_at"), source=source_name, source_url=source_url,
        language=row.get("language") or "ar", category=row.get("category"),
        attributed_to=row.get("attributed_to"),
        keywords=[str(k) for k in keywords] if isinstance(keywords, list) else [],
        dateline=(Dateline(place=row["dateline_place"], agency=row.get("dateline_agency"))
                  if row.get("dateline_place") else None),
        content_hash=row.get("content_hash"), fetched_at=row.get("fetched_at"),
        body_origin=row.get("body_origin"), page_error=row.get("page_error"),
        entry_hash=row.get("entry_hash"), entities=entities_from_json(row.get("entities")),
        countries=(row.get("countries") or "").split(),
        image=row_image(row), enclosures=enclosures_from_json(row.get("enclosures")),
    )


def merge_sighting(store: Any, row: dict, article_id: int, source_id: int) -> bool:
    """Record an export's sighting against the merged article; False if it was already there."""
    record = ArticleRecord(title=row["title"], body="", url=row.get("url"),
                           canonical_url=row.get("canonical_url"), guid=row.get("guid"),
                           published_at=row.get("published_at"), fetched_at=row.get("seen_at"))
    with store._write() as conn:
        before = _sighting_count(conn, article_id)
        store._sight(conn, article_id, source_id, record)
        return _sighting_count(conn, article_id) > before


def _sighting_count(conn: Any, article_id: int) -> int:
    return int(conn.execute(select(func.count()).select_from(sightings)
                        .where(sightings.c.article_id == article_id)).scalar_one())

"""The tantivy index's documents: the schema, one article as the index holds it, and a hit.

Part of the search index beside SQLite (``khabar/store/tantivy_index.py``, issue 16).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import tantivy

#: bump when the fields or the tokenizer change: an index of another version is rebuilt
SCHEMA_VERSION = 2  # 2: ``copy`` (issue 16)
#: a match in the title counts this many times a match in the body (as FTS5's bm25 weights)
TITLE_BOOST = 3.0
TOKENIZER = "khabar_terms"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as the index holds it."""

    id: int
    title: str  # analyzed terms, space-separated
    body: str
    source_id: int
    category: str | None
    time: datetime | None
    copy: bool = False  # a near copy of another article (``duplicate_of``): 1 in ``copy``


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    score: float
    time_us: int


def micros(value: datetime | None) -> int:
    if value is None:
        return 0
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_integer_field("time", indexed=True, fast=True)
    builder.add_integer_field("newest", fast=True)
    builder.add_integer_field("source_id", indexed=True, fast=True)
    builder.add_integer_field("copy", indexed=True, fast=True)
    builder.add_text_field("category", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("body", tokenizer_name=TOKENIZER, index_option="position")
    return builder.build()


SCHEMA = _schema()


def _open(path: str | None, create: bool) -> tantivy.Index:
    index = tantivy.Index(SCHEMA, path=path) if create or path is None else tantivy.Index.open(path)
    index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def _document(doc: Doc) -> tantivy.Document:
    t = micros(doc.time)
    fields: dict[str, Any] = {"id": doc.id, "time": t, "source_id": doc.source_id,
                              "copy": int(doc.copy),
                              "newest": (min(max(0, t // 1_000_000), 2**32 - 1) << 30) | (doc.id & 0x3FFFFFFF),
                              "title": doc.title, "body": doc.body}
    if doc.category:
        fields["category"] = doc.category
    return tantivy.Document(**fields)

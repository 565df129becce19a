"""Table-level copy between stores, ids kept: SQLite into PostgreSQL, or any store into another.

``copy_store(src, dst)`` reads every table of ``schema.metadata`` (but ``index_state``, which
the destination writes itself) in primary-key order, in batches, from one read snapshot of the
source, and inserts each batch with one multi-row statement. Ids are kept, so stories,
near-copy links and sightings keep pointing at the right articles. Afterwards the destination
re-indexes every article for full-text search and, on PostgreSQL, moves each id sequence past
the largest copied id.

``TableLoader`` is the writing half, shared with the import of ``khabar export`` files
(``khabar.store.archive``). A row the destination refuses (a broken reference, a value the column cannot
hold …) is never dropped silently: the batch is retried row by row, every
refused row is counted per table and described in ``CopyReport.problems``, and the rest goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table, literal, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, StatementError

from khabar.errors import StoreError
from khabar.store.rows import utc
from khabar.store.schema import metadata

#: rows read and inserted per statement
BATCH_SIZE = 1000
#: refused rows described one by one in a report (all of them are counted)
MAX_LISTED_PROBLEMS = 200
#: tables a copy leaves out: the destination records its own index state
SKIPPED_TABLES = frozenset({"index_state", "search_queue"})
#: columns of runtime state that do not travel: a worker's lease on a source
TRANSIENT_COLUMNS: Mapping[str, frozenset[str]] = {
    "sources": frozenset({"lease_owner", "lease_expires_at"}),
}

#: progress(stage, done, total): stage is a table name, or "index" while re-indexing
Progress = Callable[[str, int, int], None]


def copied_tables() -> list[Table]:
    """The tables that are copied and exported, parents before the tables referring to them."""
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def key_column(table: Table) -> Column[Any]:
    (column,) = table.primary_key.columns  # every khabar table has a one-column key
    return column


@dataclass
class CopyReport:
    """What a copy (or the restore of an export) wrote: rows per table, refused rows."""

    rows: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    reindexed: int = 0
    seconds: float = 0.0

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    def refuse(self, table: str, where: str, reason: str) -> None:
        self.failed[table] = self.failed.get(table, 0) + 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(f"{table} {where}: {reason}")

    def to_json(self) -> dict:
        return {"rows": dict(self.rows), "failed": dict(self.failed),
                "problems": list(self.problems), "reindexed": self.reindexed,
                "seconds": round(self.seconds, 3)}


# --- reading --------------------------------------------------------------------------------


@contextmanager
def snapshot(store: Any) -> Iterator[Connection]:
    """A read-only connection that sees one consistent state of the store for its lifetime
    (one transaction; REPEATABLE READ on PostgreSQL), so rows written meanwhile by a running
    khabar do not half-appear in a copy or an export."""
    conn = store.engine.connect()
    try:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
    finally:
        conn.close()


def count_rows(conn: Connection, tables: list[Table]) -> dict[str, int]:
    from sqlalchemy import func

    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}


def read_rows(conn: Connection, table: Table, batch: int = BATCH_SIZE) -> Iterator[list[dict]]:
    """Every row of ``table`` in primary-key order, ``batch`` at a time (keyset pagination:
    constant memory, no OFFSET), transient columns cleared."""
    key = key_column(table)
    transient = TRANSIENT_COLUMNS.get(table.name, frozenset()) & set(table.c.keys())
    last = None
    while True:
        query = select(table).order_by(key).limit(batch)
        if last is not None:
            query = query.where(key > last)
        rows = [dict(r) for r in conn.execute(query).mappings()]
        if not rows:
            return
        for row in rows:
            for name in transient:
                row[name] = None
        yield rows
        last = rows[-1][key.name]


def is_empty(store: Any) -> bool:
    """Whether the store holds no row in any copied table."""
    with store.engine.connect() as conn:
        return all(
            conn.execute(select(literal(1)).select_from(t).limit(1)).first() is None
            for t in copied_tables()
        )


def require_empty(store: Any, what: str) -> None:
    if not is_empty(store):
        raise StoreError(
            f"the destination {what} is not empty; copy into a new, empty database",
            user_message="قاعدة البيانات الهدف ليست فارغة: انسخ إلى قاعدة بيانات جديدة فارغة "
                         "حتى لا تختلط السجلات وأرقامها.",
        )


# --- writing --------------------------------------------------------------------------------


class TableLoader:
    """Inserts rows table by table, ids kept, a batch per statement; refused rows reported.

    Rows must come parent tables first (``copied_tables()`` order). ``finish()`` writes what
    is left, re-indexes the destination and resets its id sequences.
    """

    def __init__(self, dst: Any, report: CopyReport, *, batch: int = BATCH_SIZE,
                 progress: Progress | None = None, totals: Mapping[str, int] | None = None,
                 on_refuse: Callable[[str, Any, str], None] | None = None) -> None:
        self.dst, self.report, self.batch, self.progress = dst, report, batch, progress
        self.on_refuse = on_refuse
        self.totals = dict(totals or {})
        self._table: Table | None = None
        self._rows: list[dict] = []
        self._where: list[Any] = []

    def add(self, table: Table, row: dict, where: Any) -> None:
        """Queue one row (``where`` names it in a problem: "id 42", or a line number)."""
        if self._table is not None and table is not self._table:
            self.flush()
        self._table = table
        self._rows.append(_for_writing(row))
        self._where.append(where)
        if len(self._rows) >= self.batch:
            self.flush()

    def add_many(self, table: Table, rows: list[dict]) -> None:
        key = key_column(table).name
        for row in rows:
            self.add(table, row, f"{key} {row.get(key)!r}")

    def flush(self) -> None:
        table, rows, where = self._table, self._rows, self._where
        if table is None or not rows:
            return
        self._rows, self._where = [], []
        with self.dst._write() as conn:
            try:
                with conn.begin_nested():
                    conn.execute(table.insert(), rows)
                written = len(rows)
            except OperationalError:
                raise  # the database itself failed (disk, connection): stop, do not go on
            except StatementError:
                written = self._one_by_one(conn, table, rows, where)
        done = self.report.rows[table.name] = self.report.rows.get(table.name, 0) + written
        if self.progress:
            self.progress(table.name, done + self.report.failed.get(table.name, 0),
                          self.totals.get(table.name, 0))

    def _one_by_one(self, conn: Connection, table: Table, rows: list[dict],
                    where: list[Any]) -> int:
        written = 0
        for row, at in zip(rows, where):
            try:
                with conn.begin_nested():
                    conn.execute(table.insert(), row)
                written += 1
            except OperationalError:
                raise
            except StatementError as exc:
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                self.report.refuse(table.name, at if isinstance(at, str) else f"line {at}",
                                   reason)
                if self.on_refuse:
                    self.on_refuse(table.name, at, reason)
        return written

    def finish(self) -> None:
        """Write the last batch, rebuild the destination's search index, reset sequences."""
        self.flush()
        self._table = None
        progress = self.progress
        self.report.reindexed = self.dst.reindex(
            (lambda done, total: progress("index", done, total)) if progress else None
        )
        reset_sequences(self.dst)


def _for_writing(row: dict) -> dict:
    return {k: utc(v) if isinstance(v, datetime) else v for k, v in row.items()}


def reset_sequences(store: Any) -> None:
    """On PostgreSQL, move each table's id sequence past its largest id (rows were inserted
    with their ids, which does not advance the sequence); nothing to do on SQLite."""
    if store.engine.dialect.name != "postgresql":
        return
    with store._write() as conn:
        for table in copied_tables():
            column = table.autoincrement_column
            if column is None:
                continue
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                     f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"),
                {"table": table.name, "column": column.name},
            )


# --- the copy -------------------------------------------------------------------------------


def copy_store(src: Any, dst: Any, *, progress: Progress | None = None,
               batch: int = BATCH_SIZE) -> CopyReport:
    """Copy every record of ``src`` into the empty store ``dst``, ids kept (see the module).
    Raises ``StoreError`` if ``dst`` holds anything."""
    started = time.perf_counter()
    require_empty(dst, str(getattr(dst, "url", None) or getattr(dst, "path", "")))
    report = CopyReport()
    tables = copied_tables()
    with snapshot(src) as conn:
        totals = count_rows(conn, tables)
        loader = TableLoader(dst, report, batch=batch, progress=progress, totals=totals)
        for table in tables:
            report.rows.setdefault(table.name, 0)
            for rows in read_rows(conn, table, batch):
                loader.add_many(table, rows)
            loader.flush()
    loader.finish()
    report.seconds = time.perf_counter() - started
    return report

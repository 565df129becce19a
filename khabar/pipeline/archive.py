"""Export the whole archive to a JSON Lines file, and import such a file back.

The format is described in ``khabar.store.archive``. ``khabar import`` recognizes an export
by its first line (``{"khabar_export": 1, …}``) and hands it here:

- into an **empty** store the export is *restored*: every row of every table, ids kept
  (``khabar.store.copy.TableLoader``, as ``khabar copy`` does), then the search index is
  rebuilt. Stories, near-copy links, sightings, followed sources with their state and the
  trained models come back as they were.
- into a store that already holds records it is *merged*: sources by name (a followed source
  is followed unless its feed already is), articles through the idempotent ``add_articles``
  (canonical URL, guid of a source, same text → sighting) without enrichment — the export's
  keywords, entities and category are kept — and placed in the store's own stories;
  sightings are re-attached to the merged articles; models the store lacks are added. Story
  rows and ids are not taken over (the store's clustering places the articles).

Bad lines are reported one by one (with their line number) and skipped; the rest is imported.
An export that lacks its end line, or whose counts do not match, was cut short: that is
reported too, and what it held is kept.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from khabar.errors import KhabarError
from khabar.pipeline.batch import ImportReport, store_batch
from khabar.store import ReadProblem, Store
from khabar.store.archive import (
    END_TYPE,
    FORMAT_VERSION,
    HEADER_KEY,
    BadRow,
    article_record,
    export_lines,
    merge_sighting,
    row_from_json,
    tables_by_type,
)
from khabar.store.copy import CopyReport, TableLoader, is_empty

log = logging.getLogger(__name__)

#: bytes of the first line looked at to recognize an export
HEAD_BYTES = 64 * 1024
#: the longest line read (an article far beyond any real one is refused, not loaded)
MAX_LINE_BYTES = 64 * 1024 * 1024
#: articles merged per ``add_articles`` transaction
MERGE_BATCH = 500
#: gzip level of ``.gz`` exports (9, gzip's default, is several times slower for ~3% less)
GZIP_LEVEL = 6


# --- export ---------------------------------------------------------------------------------


def export_archive(store: Store, output: str | Path | None = None, *,
                   progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Write the export of ``store`` to ``output`` (a path, gzip-compressed when it ends in
    ``.gz``; None or "-": stdout). A file appears only once complete (written beside it under a
    temporary name, then renamed). Returns ``{path, counts, bytes, seconds}``."""
    started = time.perf_counter()
    counts: dict[str, int] = {}
    if output is None or str(output) == "-":
        written = _write_lines(store, sys.stdout.buffer, counts, progress)
        sys.stdout.buffer.flush()
        path = "-"
    else:
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as raw:
                if target.name.endswith(".gz"):
                    with gzip.GzipFile(filename=target.name.removesuffix(".gz"), mode="wb",
                                       fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0) as packed:
                        _write_lines(store, packed, counts, progress)
                else:
                    _write_lines(store, raw, counts, progress)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written = target.stat().st_size
        path = str(target)
    return {"path": path, "counts": counts, "bytes": written,
            "seconds": round(time.perf_counter() - started, 3)}


def _write_lines(store: Store, out: IO[bytes], counts: dict[str, int],
                 progress: Callable[[str, int, int], None] | None) -> int:
    written = 0
    buffer = io.BufferedWriter(_Unclosable(out), buffer_size=1 << 20)
    for line in export_lines(store, progress=progress):
        data = line.encode("utf-8")
        buffer.write(data)
        written += len(data)
        if line.startswith('{"type":"end"'):
            counts.update(json.loads(line)["counts"])
    buffer.flush()
    return written


class _Unclosable(io.RawIOBase):
    """A raw stream writing into another one without closing it (stdout stays open)."""

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._target.write(bytes(data))
        return len(data)


# --- recognizing an export ------------------------------------------------------------------


def read_export_header(path: str | Path) -> dict | None:
    """The header of an export file (gzip or not), or None if the file is not an export."""
    try:
        with _open(Path(path)) as stream:
            first = stream.readline(HEAD_BYTES)
        doc = json.loads(first.decode("utf-8").lstrip("\ufeff"))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError):
        return None
    if isinstance(doc, dict) and HEADER_KEY in doc:
        return doc
    return None


@contextmanager
def _open(path: Path) -> Iterator[IO[bytes]]:
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            yield stream  # type: ignore[misc]
    else:
        with open(path, "rb") as stream:
            yield stream


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line longer than ``MAX_LINE_BYTES``,
    which is skipped without being held in memory."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


# --- import ---------------------------------------------------------------------------------


def import_archive(store: Store, path: str | Path, report: ImportReport,
                   progress: Callable[[ImportReport, Path | None], None] | None = None) -> str:
    """Import one export file into ``store``, adding to ``report`` (an ``ImportReport``).
    Returns the mode used: "restore" (the store was empty) or "merge"."""
    path = Path(path)
    origin = str(path)
    mode = "restore" if is_empty(store) else "merge"
    reader = _Restore(store, report, origin) if mode == "restore" else _Merge(store, report, origin)
    seen: dict[str, int] = {}
    end: dict | None = None
    try:
        with _open(path) as stream:
            for number, raw in _lines(stream):
                if number == 1:
                    problem = _check_header(raw)
                    if problem:
                        report.problems.append(ReadProblem(origin, problem, 1))
                        return mode
                    continue
                doc = _decode(raw, number, origin, report)
                if doc is None:
                    continue
                kind = doc.get("type")
                if end is not None:
                    report.problems.append(ReadProblem(
                        origin, f"ingest: line {number} comes after the end line", number))
                    continue
                if kind == END_TYPE:
                    end = doc
                    continue
                seen[kind] = seen.get(kind, 0) + 1
                reader.add(kind, doc, number)
                if progress and reader.pending == 0:
                    progress(report, path)
    except (OSError, EOFError, zlib.error) as exc:
        report.problems.append(ReadProblem(origin, f"ingest: the export cannot be read to its "
                                                   f"end ({type(exc).__name__}: {exc})"))
    except KhabarError as exc:
        log.error("import: %s: %s", origin, exc)
        report.problems.append(ReadProblem(origin, str(exc)))
    finally:
        try:
            reader.finish()
        except KhabarError as exc:
            report.problems.append(ReadProblem(origin, str(exc)))
    _check_end(end, seen, origin, report)
    report.archive.append({"path": origin, "mode": mode, **reader.summary()})
    if progress:
        progress(report, path)
    return mode


def _check_header(raw: bytes | None) -> str | None:
    try:
        header = json.loads((raw or b"").decode("utf-8").lstrip("\ufeff"))
        version = header[HEADER_KEY]
    except (ValueError, KeyError, TypeError, RecursionError):
        return "ingest: line 1 is not a khabar export header"
    if not isinstance(version, int) or version > FORMAT_VERSION:
        return (f"ingest: export format {version!r} is newer than this khabar reads "
                f"({FORMAT_VERSION}): upgrade khabar")
    return None


def _decode(raw: bytes | None, number: int, origin: str, report: ImportReport) -> dict | None:
    def problem(message: str) -> None:
        report.problems.append(ReadProblem(origin, f"ingest: line {number}: {message}", number))

    if raw is None:
        problem(f"longer than {MAX_LINE_BYTES // (1024 * 1024)} MB, skipped")
        return None
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        problem(f"not UTF-8 ({exc.reason})")
        return None
    if not text:
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problem(f"invalid JSON: {exc.msg} (column {exc.colno})")
        return None
    except RecursionError:
        problem("JSON nested too deeply")
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        problem('not an export record (a JSON object with a "type")')
        return None
    return doc


def _check_end(end: dict | None, seen: dict[str, int], origin: str, report: ImportReport) -> None:
    if end is None:
        report.problems.append(ReadProblem(
            origin, "ingest: the export has no end line: the file was cut short, so records "
                    "after the last line read are missing (what was read is imported)"))
        return
    counts = end.get("counts") if isinstance(end.get("counts"), dict) else {}
    for kind, expected in counts.items():
        if seen.get(kind, 0) != expected:
            report.problems.append(ReadProblem(
                origin, f"ingest: the export lists {expected} {kind} records but holds "
                        f"{seen.get(kind, 0)}"))


class _Restore:
    """Rows straight into the tables of an empty store, ids kept."""

    def __init__(self, store: Store, report: ImportReport, origin: str) -> None:
        self.report, self.origin = report, origin
        self.types = tables_by_type()
        self.copied = CopyReport()
        self.loader = TableLoader(store, self.copied, on_refuse=self._refused)

    @property
    def pending(self) -> int:
        return len(self.loader._rows)

    def add(self, kind: str, doc: dict, number: int) -> None:
        table = self.types.get(kind)
        if table is None:
            self._problem(number, f"unknown record type {kind!r}")
            return
        if kind == "article":
            self.report.read += 1
        try:
            row = row_from_json(table, doc)
        except BadRow as exc:
            self._problem(number, f"{kind}: {exc}")
            return
        self.loader.add(table, row, number)

    def _refused(self, table: str, where: Any, reason: str) -> None:
        self._problem(where if isinstance(where, int) else None,
                      f"the database refused this {table} row: {reason}", stage="store")

    def _problem(self, number: int | None, message: str, stage: str = "ingest") -> None:
        where = f"line {number}: " if number else ""
        self.report.problems.append(ReadProblem(self.origin, f"{stage}: {where}{message}", number))

    def finish(self) -> None:
        self.loader.finish()
        self.report.inserted += self.copied.rows.get("articles", 0)

    def summary(self) -> dict:
        return {"rows": dict(self.copied.rows), "failed": dict(self.copied.failed),
                "reindexed": self.copied.reindexed}


class _Merge:
    """Records through the store's idempotent paths, into a store that already holds some."""

    def __init__(self, store: Store, report: ImportReport, origin: str) -> None:
        self.store, self.report, self.origin = store, report, origin
        self.types = tables_by_type()
        self.sources: dict[int, tuple[str, str | None]] = {}  # export id → (name here, url)
        self.source_ids: dict[str, int] = {}  # name here → id here
        self.articles: dict[int, int] = {}  # export id → id here
        self.batch: list[tuple[int, Any]] = []
        self.counts = {"sources_followed": 0, "sightings": 0, "models": 0, "stories_skipped": 0,
                       "quotes": 0}

    @property
    def pending(self) -> int:
        return len(self.batch)

    def add(self, kind: str, doc: dict, number: int) -> None:
        table = self.types.get(kind)
        if table is None:
            self._problem(number, f"unknown record type {kind!r}")
            return
        if kind == "article":
            self.report.read += 1
        try:
            row = row_from_json(table, doc)
        except BadRow as exc:
            self._problem(number, f"{kind}: {exc}")
            return
        if kind != "article":
            self._flush()
        try:
            getattr(self, f"_{kind}", self._other)(row, number)
        except KhabarError as exc:
            self._problem(number, f"{kind}: {exc}")

    def _source(self, row: dict, number: int) -> None:
        from khabar.errors import SourceExists

        store, name = self.store, row["name"]
        if row.get("feed_url"):
            try:
                source = store.follow_source(name=name, feed_url=row["feed_url"],
                                             kind=row.get("kind") or "feed", url=row.get("url"),
                                             category=row.get("category"))
                self.counts["sources_followed"] += 1
                if row.get("paused"):
                    source = store.update_source(source.id, paused=True)
            except SourceExists:
                source = store.find_source(row["feed_url"]) or store.source(name, row.get("url"))
        else:
            source = store.source(name, row.get("url"))
        self.sources[row["id"]] = (source.name, source.url)
        self.source_ids[source.name] = source.id

    def _article(self, row: dict, number: int) -> None:
        source = self.sources.get(row["source_id"])
        if source is None:
            self._problem(number, f"article: no source line with id {row['source_id']}")
            return
        self.batch.append((row["id"], article_record(row, *source)))
        if len(self.batch) >= MERGE_BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        records = [r for _, r in batch]
        try:
            outcome = store_batch(self.store, records)
        except KhabarError as exc:  # nothing of this batch was written; the rest goes on
            log.error("import: %s: %s", self.origin, exc)
            self.report.problems.append(ReadProblem(
                self.origin, f"{exc} ({len(records)} articles not stored)"))
            return
        self.report.add(outcome)
        for (old_id, _), result in zip(batch, outcome.results):
            self.articles[old_id] = result.article_id

    def _story(self, row: dict, number: int) -> None:
        self.counts["stories_skipped"] += 1

    def _story_countries(self, row: dict, number: int) -> None:
        """Recomputed as the merged articles are placed in this store's stories."""

    def _sighting(self, row: dict, number: int) -> None:
        article_id = self.articles.get(row["article_id"])
        source = self.sources.get(row["source_id"])
        if article_id is None or source is None:
            self._problem(number, "sighting: its article or source was not imported")
            return
        if merge_sighting(self.store, row, article_id, self.source_ids[source[0]]):
            self.counts["sightings"] += 1

    def _quote(self, row: dict, number: int) -> None:
        article_id = self.articles.get(row["article_id"])
        if article_id is None:
            self._problem(number, "quote: its article was not imported")
            return
        if self.store.merge_quote(article_id, row):
            self.counts["quotes"] += 1

    def _model(self, row: dict, number: int) -> None:
        if self.store.load_model(row["name"]) is not None:
            return
        try:
            data = json.loads(row["data"])
        except ValueError:
            self._problem(number, "model: its data is not JSON")
            return
        self.store.save_model(row["name"], data)
        self.counts["models"] += 1

    def _other(self, row: dict, number: int) -> None:
        self._problem(number, "this record type is only restored into an empty store")

    def _problem(self, number: int | None, message: str) -> None:
        self.report.problems.append(
            ReadProblem(self.origin, f"ingest: line {number}: {message}", number))

    def finish(self) -> None:
        self._flush()

    def summary(self) -> dict:
        return dict(self.counts)

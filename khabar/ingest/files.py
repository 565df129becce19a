"""Local files to records: find the files, open them (gzip too), pick the reader, report problems.

Bad input never raises here: a file that cannot be read yields one ReadProblem, a bad line of a
JSON Lines file yields a ReadProblem with its line number, and reading goes on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from khabar.errors import IngestError
from khabar.ingest.decode import decode
from khabar.ingest.detect import detect_format
from khabar.ingest.feeds import read_feed
from khabar.ingest.html_page import read_html
from khabar.ingest.jsonl import read_jsonl
from khabar.ingest.pagedump import read_pagedump
from khabar.ingest.urls import article_url
from khabar.store.records import ArticleRecord, ReadProblem

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
HEAD_BYTES = 64 * 1024

Item = ArticleRecord | ReadProblem


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file named or found (recursively, sorted) under the folders named.

    Hidden files and folders (".name") found inside a folder are skipped; a path given
    explicitly is always yielded, also when it does not exist (read_file then reports it).
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]  # prune hidden ones
            found.extend(Path(folder, n) for n in names if not n.startswith("."))
        yield from sorted(found)


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """The records of one file, or ReadProblems; detects the format, decompresses ``.gz``.

    ``max_bytes`` caps the file and, for ``.gz``, the decompressed data (read as a stream).
    """
    path = Path(path)
    origin = str(path)
    try:
        if not path.is_file():
            raise IngestError("no such file" if not path.exists() else "not a regular file")
        compressed = path.suffix.lower() == ".gz"
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"file too large ({_size(size)} > {_size(max_bytes)} limit)")
        with _open(path, compressed) as stream:
            capped = _Capped(stream, max_bytes, compressed)
            head = capped.peek(HEAD_BYTES)
            name = path.with_suffix("") if compressed else path
            kind = detect_format(name, head)
            if kind == "jsonl":
                for item in read_jsonl(_lines(capped), origin=origin):
                    yield with_identity(item) if isinstance(item, ArticleRecord) else item
                return
            data = capped.read_all()
        yield from _read_document(kind, data, origin=origin)
    except IngestError as exc:
        yield ReadProblem(origin, str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        bad_gzip = isinstance(exc, (gzip.BadGzipFile, EOFError, zlib.error))
        what = "not a valid gzip file" if bad_gzip else "cannot read the file"
        yield ReadProblem(origin, f"ingest: {what} ({exc})")
    except Exception as exc:  # noqa: BLE001 - bad input must never stop an import
        log.exception("ingest: unexpected error reading %s", origin)
        yield ReadProblem(origin, f"ingest: unexpected error ({type(exc).__name__}: {exc})")


def _read_document(kind: str, data: bytes, *, origin: str) -> Iterator[Item]:
    if kind in ("feed", "jsonfeed"):
        records: Iterable[ArticleRecord] = read_feed(data, origin=origin)
    elif kind == "html":
        records = [read_html(decode(data), url=None)]
    else:
        records = read_pagedump(decode(data), origin=origin)
    for record in records:
        yield with_identity(record)
        if record.date_problem:
            yield ReadProblem(origin, f"ingest: {_entry_name(record)}: {record.date_problem}")


def _entry_name(record: ArticleRecord) -> str:
    """Where a record of a document is, for a problem: its URL, guid or title."""
    name = record.url or record.guid or record.title
    return repr(name if len(name) <= 80 else name[:79] + "…")


def with_identity(record: ArticleRecord) -> ArticleRecord:
    """The record, given a content-derived ``guid`` when it has neither a URL nor a guid, so that
    reading the same file twice yields the same article (page dumps and teasers have no URL).
    A URL that cannot be an article's address (``javascript:``, relative) is dropped first."""
    record.url = article_url(record.url)
    if not record.url and not record.guid:
        digest = hashlib.sha256(f"{record.title}\n{record.body}".encode()).hexdigest()
        record.guid = f"sha256:{digest[:32]}"
    return record


def _open(path: Path, compressed: bool) -> io.BufferedReader:
    """A buffered binary stream whose buffer holds the head that format detection looks at."""
    if not compressed:
        return open(path, "rb", buffering=HEAD_BYTES)  # noqa: SIM115 - the caller closes it
    unpacked = gzip.open(path, "rb")  # noqa: SIM115 - closed with the BufferedReader
    return io.BufferedReader(unpacked, buffer_size=HEAD_BYTES)  # type: ignore[arg-type]


class _Capped:
    """A binary stream that refuses to give more than ``limit`` bytes (decompressed)."""

    def __init__(self, stream: io.BufferedReader, limit: int, compressed: bool) -> None:
        self._stream, self._limit, self._compressed, self._read = stream, limit, compressed, 0

    def peek(self, size: int) -> bytes:
        return self._stream.peek(size)[:size]

    def readline(self) -> bytes:
        line = self._stream.readline(self._limit - self._read + 1)
        self._count(len(line))
        return line

    def read_all(self) -> bytes:
        data = self._stream.read(self._limit - self._read + 1)
        self._count(len(data))
        return data

    def _count(self, n: int) -> None:
        self._read += n
        if self._read > self._limit:
            what = "decompressed data too large" if self._compressed else "file too large"
            raise IngestError(f"{what} (more than the {_size(self._limit)} limit)")


def _lines(stream: _Capped) -> Iterator[bytes]:
    while line := stream.readline():
        yield line


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"

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

#: largest single document read from a file (a page, a feed, a page dump), after gunzip
MAX_BYTES = 50 * 1024 * 1024
#: largest record of a record stream (one line of JSON Lines); the stream itself has no cap
MAX_RECORD_BYTES = 50 * 1024 * 1024
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


def read_file(path: Path, *, max_bytes: int = MAX_BYTES,
              max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[Item]:
    """The records of one file, or ReadProblems; detects the format, decompresses ``.gz``.

    A document (a page, a feed, a page dump) is capped at ``max_bytes``, for ``.gz`` after
    decompression. A record stream (JSON Lines) is read line by line with no total cap, each
    line capped at ``max_record_bytes``: a longer line is reported and skipped, the rest read.
    """
    path = Path(path)
    origin = str(path)
    try:
        if not path.is_file():
            raise IngestError("no such file" if not path.exists() else "not a regular file")
        compressed = path.suffix.lower() == ".gz"
        with _open(path, compressed) as stream:
            name = path.with_suffix("") if compressed else path
            kind = detect_format(name, stream.peek(HEAD_BYTES)[:HEAD_BYTES])
            if kind == "jsonl":
                lines = _capped_lines(stream, max_record_bytes)
                for item in read_jsonl(lines, origin=origin, max_line_bytes=max_record_bytes):
                    yield with_identity(item) if isinstance(item, ArticleRecord) else item
                return
            size = path.stat().st_size
            if not compressed and size > max_bytes:
                raise IngestError(f"file too large ({_size(size)} > {_size(max_bytes)} limit)")
            data = _Capped(stream, max_bytes, compressed).read_all()
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
        self._stream, self._limit, self._compressed = stream, limit, compressed

    def read_all(self) -> bytes:
        data = self._stream.read(self._limit + 1)
        if len(data) > self._limit:
            what = "decompressed data too large" if self._compressed else "file too large"
            raise IngestError(f"{what} (more than the {_size(self._limit)} limit)")
        return data


def _capped_lines(stream: io.BufferedReader, limit: int) -> Iterator[bytes]:
    """The lines of ``stream``; of a line longer than ``limit`` only its first ``limit + 1``
    bytes (the rest is skipped unread into memory), so one huge record cannot fill it."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass
        yield line


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"

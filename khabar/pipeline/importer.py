"""Import of local files: read (ingest) → enrich → store → stories, in batches.

A file or a line that cannot be read is reported and skipped; what was read before it is
kept, and the import goes on with the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

from khabar.enrich import enrich
from khabar.enrich.tagger import Tagger
from khabar.errors import KhabarError
from khabar.ingest import iter_files, read_file
from khabar.ingest.urls import canonical_url
from khabar.pipeline.batch import ImportReport, store_batch
from khabar.store import ArticleRecord, ReadProblem, Store

log = logging.getLogger(__name__)

#: records stored per write transaction
BATCH_SIZE = 500


#: called after each stored batch and after each file: (report, current file)
Progress = Callable[[ImportReport, Path | None], None]


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every readable article under ``paths``; ``source`` names their outlet if set.

    A ``khabar export`` file is recognized by its first line and imported whole
    (``khabar.pipeline.archive``: restored into an empty store, merged into another)."""
    from khabar.pipeline.archive import import_archive, read_export_header

    report = ImportReport()
    batch: list[ArticleRecord] = []
    fetched_at = datetime.now(timezone.utc)
    tagger = Tagger.for_store(store)
    tagged = False
    for path in _existing(paths, report):
        report.files += 1
        if read_export_header(path) is not None:
            if import_archive(store, path, report, progress) == "restore":
                tagger = Tagger.for_store(store)  # learn on from the restored archive
            continue
        for item in read_file(path):
            if isinstance(item, ReadProblem):
                log.info("import: %s", item)  # the report carries it to the caller
                report.problems.append(item)
                continue
            report.read += 1
            tagged = True
            batch.append(prepare_record(item, source, fetched_at, tagger=tagger))
            if len(batch) >= BATCH_SIZE:
                _store(store, batch, report, path)
                batch = []
                if progress:
                    progress(report, path)
        if batch:
            _store(store, batch, report, path)
            batch = []
        if progress:
            progress(report, path)
    if tagged:
        tagger.save(store)
    return report


def _existing(paths: Iterable[str | Path], report: ImportReport) -> Iterable[Path]:
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            report.problems.append(ReadProblem(str(path), "ingest: no such file or folder"))
            continue
        yield from iter_files([path])


def prepare_record(
    record: ArticleRecord, source: str | None, fetched_at: datetime,
    *, tagger: Tagger | None = None,
) -> ArticleRecord:
    """Canonical URL, fetch time and enrichment: a read record made ready to store.
    ``tagger`` (``Tagger.for_store``) measures tags against the stored corpus."""
    if source:
        record.source = source
    if record.canonical_url is None and record.url:
        record.canonical_url = canonical_url(record.url)
    record.fetched_at = record.fetched_at or fetched_at
    return enrich(record, tagger)


def _store(store: Store, batch: list[ArticleRecord], report: ImportReport, path: Path) -> None:
    try:
        report.add(store_batch(store, batch))
    except KhabarError as exc:
        # Nothing of this batch was written; earlier batches stay stored.
        log.error("import: %s: %s", path, exc)
        report.problems.append(ReadProblem(str(path), str(exc)))

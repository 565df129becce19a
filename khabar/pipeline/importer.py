"""Import of local files: read (ingest) → enrich → store → stories, in batches.

A file or a line that cannot be read is reported and skipped; what was read before it is
kept, and the import goes on with the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

from khabar.enrich.tagger import Tagger
from khabar.errors import KhabarError
from khabar.ingest import iter_files, read_file
from khabar.pipeline.batch import ImportReport, store_batch
from khabar.pipeline.pool import Job, Prepared, prepare_stream
from khabar.pipeline.prepare import default_body_limit, prepare_record
from khabar.store import ArticleRecord, ReadProblem, Store

__all__ = ["BATCH_SIZE", "import_paths", "prepare_record"]

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
    processes: int = 1,
) -> ImportReport:
    """Import every readable article under ``paths``; ``source`` names their outlet if set.
    ``processes`` > 1 prepares the records in that many worker processes
    (``khabar.pipeline.pool``) for this one, which stores them: the stored result is the same.

    A ``khabar export`` file is recognized by its first line and imported whole
    (``khabar.pipeline.archive``: restored into an empty store, merged into another)."""
    from khabar.pipeline.archive import import_archive, read_export_header

    report = ImportReport()
    tagger = Tagger.for_store(store)
    job = Job(source, datetime.now(timezone.utc), default_body_limit())
    tagged = False
    run: list[Path] = []
    # Into an empty store, what the backend can build once after is (Store.first_load).
    with store.first_load() if store.count_articles() == 0 else nullcontext():
        for path in _existing(paths, report):
            if read_export_header(path) is None:
                run.append(path)
                continue
            tagged |= _import_files(store, run, tagger, job, report, progress, processes)
            run = []
            report.files += 1
            if import_archive(store, path, report, progress) == "restore":
                tagger = Tagger.for_store(store)  # learn on from the restored archive
        tagged |= _import_files(store, run, tagger, job, report, progress, processes)
    if tagged:
        try:
            tagger.save(store)
        except KhabarError as exc:  # the articles are stored; the next import learns again
            log.error("import: cannot save the tag model: %s", exc)
            report.problems.append(ReadProblem("tags", f"{exc.user_message} ({exc})"))
        store.checkpoint()  # the log a bulk import grew goes back to nothing
    return report


def _import_files(store: Store, files: list[Path], tagger: Tagger, job: Job,
                  report: ImportReport, progress: Progress | None, processes: int) -> bool:
    """Read, prepare and store the articles of ``files``, one batch per ``BATCH_SIZE``
    records and at the end of each file; whether any record was read."""
    def records() -> Iterator[tuple[ArticleRecord, Path]]:
        for path in files:
            report.files += 1
            for item in read_file(path):
                if isinstance(item, ReadProblem):
                    log.info("import: %s", item)  # the report carries it to the caller
                    report.problems.append(item)
                    continue
                yield item, path

    batch: list[Prepared] = []
    current: Path | None = None
    stream = prepare_stream(records(), tagger, job, processes=processes)
    for prepared, path in stream:
        if current is not None and path != current and batch:
            _store(store, batch, report, current)
            batch = []
            if progress:
                progress(report, current)
        current = path
        report.read += 1  # counted as it comes out, so progress counts what is stored
        batch.append(prepared)
        if len(batch) >= BATCH_SIZE:
            _store(store, batch, report, path)
            batch = []
            if progress:
                progress(report, path)
    if batch and current is not None:
        _store(store, batch, report, current)
    if progress and current is not None:
        progress(report, current)
    return current is not None


def _existing(paths: Iterable[str | Path], report: ImportReport) -> Iterable[Path]:
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            report.problems.append(ReadProblem(str(path), "ingest: no such file or folder"))
            continue
        yield from iter_files([path])


def _store(store: Store, batch: list[Prepared], report: ImportReport, path: Path) -> None:
    try:
        report.add(store_batch(store, [p.record for p in batch],
                               analyses=[p.analysis for p in batch]))
    except KhabarError as exc:
        # Nothing of this batch was written; earlier batches stay stored.
        log.error("import: %s: %s", path, exc)
        report.problems.append(ReadProblem(str(path), f"{exc.user_message} ({exc})"))

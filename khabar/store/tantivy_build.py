"""Building the tantivy index beside the one in use and switching to it.

A new index is filled from every stored article in a directory of its own, then ``CURRENT``
is replaced atomically (``os.replace``) and the old directories removed; changes written
meanwhile are replayed from the store's queue after the switch. One builder at a time
(``build.lock``, flock). Part of ``TantivyIndex`` (``khabar/store/tantivy_index.py``).
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import tantivy

from khabar.errors import StoreError
from khabar.store.reindex import ProgressBar
from khabar.store.tantivy_schema import Doc, _document, _open

log = logging.getLogger(__name__)


class IndexBuilder:
    """The build-beside-and-switch part of ``TantivyIndex``: what it needs of the rest is
    declared here."""

    root: Path | None
    applied_seq: int
    building: tuple[int, int] | None
    held: bool
    _lock: threading.RLock
    _index: tantivy.Index | None
    _name: str | None
    _builder: threading.Thread | None
    _last_seq: Callable[[], int]
    _all_docs: Callable[[int], list[Doc]]
    _count: Callable[[], int]
    _issued: Callable[[], int] | None

    def _load(self) -> bool:
        raise NotImplementedError

    def usable(self) -> bool:
        raise NotImplementedError

    def catch_up(self) -> int:
        raise NotImplementedError

    def _write_meta(self, name: str, applied_seq: int) -> None:
        raise NotImplementedError

    def _writer(self, index: tantivy.Index) -> AbstractContextManager[Any]:
        raise NotImplementedError

    @contextmanager
    def _build_lock(self, block: bool, name: str = "build.lock") -> Iterator[bool]:
        """``build.lock``: one builder of this index at a time; ``terms.lock``: one rebuild
        of what it is fed from (the store's terms, ``SQLiteStore``) at a time."""
        assert self.root is not None
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / name, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the lock file ``name`` beside the index, waiting for another process that
        holds it; nothing for an index in memory (one process)."""
        if self.root is None:
            yield
            return
        with self._build_lock(block=True, name=name):
            yield

    def rebuild(self, progress: Callable[[int, int], None] | None = None, *,
                unless_usable: bool = False) -> int:
        """Build a new index from every stored article beside the current one, then switch
        to it; returns how many articles it holds. ``unless_usable``: not when another
        process built a usable one while this one waited for ``build.lock`` (returns 0)."""
        if self.root is None:
            with self._lock:
                self._index, self.applied_seq = None, 0
                return self._fill(_open(None, True), progress, None)
        with self._build_lock(block=True):
            if unless_usable and self.usable():
                return 0
            name = f"index-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
            path = self.root / name
            path.mkdir(parents=True)
            try:
                done = self._fill(_open(str(path), True), progress, name)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            tmp = self.root / "CURRENT.tmp"
            tmp.write_text(name)
            os.replace(tmp, self.root / "CURRENT")  # the switch
            for old in self.root.glob("index-*"):
                if old.name != name:
                    shutil.rmtree(old, ignore_errors=True)
        with self._lock:
            self._load()
        self.catch_up()  # what was written while it was built
        return done

    def _fill(self, index: tantivy.Index, progress: Callable[[int, int], None] | None,
              name: str | None) -> int:
        start_seq = self._last_seq()  # rows after it are replayed after the switch
        total, done, last_id = self._count(), 0, 0
        with self._writer(index) as writer:
            while batch := self._all_docs(last_id):
                for doc in batch:
                    writer.add_document(_document(doc))
                last_id, done = batch[-1].id, done + len(batch)
                self.building = (done, total)
                if progress:
                    progress(done, total)
        if name is not None:
            self._write_meta(name, start_seq)
        else:
            with self._lock:
                index.reload()
                self._index, self.applied_seq = index, start_seq
        return done

    def discard(self) -> None:
        """Stop using the current index: it is rebuilt (``ensure``) before the next search."""
        with self._lock:
            self._index, self._name = None, None
            if self.root is not None:
                (self.root / "CURRENT").unlink(missing_ok=True)

    def ensure(self, *, background: bool, bar: ProgressBar | None = None) -> bool:
        """Rebuild the index if it is missing, unreadable, outdated or ahead of the store (a
        database restored from a backup: its queue never issued the index's sequence), in a
        thread when ``background``, its progress on ``bar`` when given (a terminal), else in
        log lines; True when it is usable now. Never while ``held``."""
        if self.held:
            return False
        if self.usable():
            if self._issued is None or self._issued() >= self.applied_seq:
                return True
            log.warning("search index: it holds changes the store does not (a restored "
                        "database?); rebuilding it")
            self.discard()
        if background:
            with self._lock:
                if self._builder is None or not self._builder.is_alive():
                    self.building = (0, self._count())
                    self._builder = threading.Thread(target=self._build_logged, args=(bar,),
                                                     name="search-index-build", daemon=True)
                    self._builder.start()
            return False
        self._build_logged(bar)
        return self.usable()

    def _build_logged(self, bar: ProgressBar | None = None) -> None:
        log.info("search index: building it from the store (%d articles)", self._count())
        try:
            with shown(bar, "search index") as report:
                done = self.rebuild(lambda done, total: report(done, total, "tantivy"),
                                    unless_usable=True)
            log.info("search index: built, %d articles", done)
        except Exception as exc:  # noqa: BLE001 - logged; searches keep answering "being built"
            _failed("the build", exc)
        finally:
            self.building = None


#: seconds between two log lines of a rebuild's progress (none when a bar shows it)
LOG_EVERY = 2.0


@contextmanager
def shown(bar: ProgressBar | None, label: str) -> Iterator[Callable[..., None]]:
    """``report(done, total, phase)`` for a rebuild: on ``bar(label)`` when the command gave
    one (a terminal: ``khabar.cli.progress.progress_of``), else a log line every
    ``LOG_EVERY`` seconds and at the end, such as ``search index: 5000 of 20000 articles
    indexed (25%)`` (``terms``: the store's FTS5 entries; ``tantivy``: this index)."""
    if bar is not None:
        with bar(label) as update:
            yield update
        return
    last = [0.0]

    def report(done: int, total: int, phase: str = "") -> None:
        if time.monotonic() - last[0] >= LOG_EVERY or done == total:
            last[0] = time.monotonic()
            what = "analyzed" if phase == "terms" else "indexed"
            log.info("%s: %d of %d articles %s (%d%%)", label, done, total, what,
                     done * 100 // max(1, total))

    yield report


def _failed(what: str, exc: Exception) -> None:
    """Log a failure of the index's upkeep: an I/O or store error (a full disk, a database
    gone) as one line — the changes stay queued and are applied later —, anything else with
    its traceback."""
    if isinstance(exc, (OSError, ValueError, StoreError)):  # tantivy's I/O errors: ValueError
        log.error("search index: %s failed (the changes stay queued): %s", what, exc)
    else:
        log.error("search index: %s failed", what, exc_info=exc)

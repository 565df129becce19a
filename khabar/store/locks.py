"""Locks shared by every process using one database: the story lock.

Story assignment (``khabar.pipeline.stories``) keeps a clusterer in memory in each process; with
several workers, each must place an article knowing every placement made before it, so
placements are made one process at a time under ``stories_lock()``:

- PostgreSQL: a session advisory lock (``pg_advisory_lock``) on a connection of its own, held
  while the block runs. It waits for the holder, and goes with the session if a worker dies.
- SQLite: an exclusive ``flock`` on a file beside the database (``khabar.db.stories-lock``).
  A write transaction cannot serve: the block itself writes (``save_stories``) on another
  connection and would wait for its own lock. The kernel drops the lock of a dead process.
  SQLite is one machine, so a local file lock reaches every process that can open the file.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, func, select

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one process per SQLite file is assumed
    fcntl = None  # type: ignore[assignment]

#: the advisory lock key of story assignment (a fixed 32-bit number derived from a name)
STORIES_LOCK_KEY = zlib.crc32(b"khabar.stories")


class StoriesLock:
    """Mixed into ``SQLStore``; needs ``engine`` (and ``path`` on SQLite)."""

    @contextmanager
    def stories_lock(self) -> Iterator[None]:
        engine = self.engine  # type: ignore[attr-defined]
        if engine.dialect.name == "postgresql":
            with _advisory_lock(engine, STORIES_LOCK_KEY):
                yield
            return
        path = getattr(self, "path", ":memory:")
        if path == ":memory:" or fcntl is None:
            with _memory_lock(self):
                yield
            return
        with open(Path(f"{path}.stories-lock"), "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(engine: Engine, key: int) -> Iterator[None]:
    conn = engine.connect()
    try:
        conn.execute(select(func.pg_advisory_lock(key)))
        conn.commit()  # hold no transaction open while the block runs: only the session lock
        try:
            yield
        finally:
            try:
                conn.execute(select(func.pg_advisory_unlock(key)))
                conn.commit()
            except Exception:
                # The session is broken: closing it for good releases the lock.
                conn.invalidate()
                raise
    finally:
        conn.close()


_memory_guard = threading.Lock()


@contextmanager
def _memory_lock(store: object) -> Iterator[None]:
    """An in-memory database lives in one process: a lock of the store object suffices."""
    with _memory_guard:
        lock = store.__dict__.setdefault("_stories_thread_lock", threading.Lock())
    with lock:
        yield

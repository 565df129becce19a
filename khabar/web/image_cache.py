"""The image proxy's cache on disk: one file per thumbnail, bounded in bytes.

A file's modification time is its last use (a hit touches it); when a write takes the folder
past ``max_bytes``, the least recently used files are deleted until it fits. Files are
written to a temporary name and renamed, so a reader (another ``khabar serve`` process
sharing the folder) never sees half a file; the folder is the state, so the cache survives
a restart.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

#: a temporary file older than this was left by a process that died while writing it
STALE_TEMPORARY_SECONDS = 3600.0
#: cache keys are hex digests plus a suffix naming the width and format
_KEY = re.compile(r"^[0-9a-f]{16,64}-[0-9]+\.(?:webp|jpeg)$")


class DiskCache:
    def __init__(self, folder: str | Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            os.utime(path)  # used now: evicted last
        except OSError:
            pass  # evicted by another process meanwhile; the bytes read are still good
        return data

    def put(self, entries: dict[str, bytes]) -> None:
        """Store some files, then evict the least recently used past the size bound."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, data in entries.items():
            path = self._path(key)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
                raise
        self.evict()

    def size(self) -> int:
        return sum(size for _, size, _ in self._files())

    def evict(self) -> int:
        """Delete the least recently used files until the folder holds at most ``max_bytes``;
        the number of files deleted."""
        files = sorted(self._files(), key=lambda f: f[2])
        total = sum(size for _, size, _ in files)
        deleted = 0
        for path, size, _ in files:
            if total <= self.max_bytes:
                break
            try:
                path.unlink()
            except FileNotFoundError:
                pass  # another process evicted it
            total -= size
            deleted += 1
        if deleted:
            log.info("image cache: evicted %d files, %d bytes kept", deleted, total)
        return deleted

    def _files(self) -> list[tuple[Path, int, int]]:
        found = []
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        for entry in entries:
            if entry.name.startswith(".tmp-"):
                _remove_if_stale(entry)
                continue
            if not _KEY.match(entry.name):
                continue
            try:
                info = entry.stat()
            except FileNotFoundError:
                continue
            found.append((Path(entry.path), info.st_size, info.st_mtime_ns))
        return found

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.folder / key


def _remove_if_stale(entry: os.DirEntry[str]) -> None:
    try:
        if time.time() - entry.stat().st_mtime > STALE_TEMPORARY_SECONDS:
            os.unlink(entry.path)
    except FileNotFoundError:
        pass

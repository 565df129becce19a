"""Backups of the database while khabar runs, and their rotation.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies every page in one step,
  that is inside one read transaction: the copy is the database as one committed moment left
  it, while web processes read and polls write beside it (WAL mode lets writers go on; they
  are not seen by the copy). The copy is switched to a rollback journal so that it is one
  self-contained file, checked (``PRAGMA quick_check``), written under a temporary name and
  renamed when complete.
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot as well), run with the
  connection in libpq's environment variables, so the password is neither on a command line
  nor in a message. Restore with ``pg_restore`` (docs/operations.md).

Files are named ``khabar-YYYYMMDDTHHMMSSZ.<ext>`` (UTC), so names sort by time, and
``rotate`` keeps the newest ``keep`` of one kind in a directory.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from khabar.errors import StoreError

PREFIX = "khabar-"
#: the extension of each kind of backup file
EXTENSIONS = {"sqlite": ".db", "pg_dump": ".dump", "export": ".jsonl.gz"}
#: milliseconds the backup waits for a writer's lock before failing (as the store does)
BUSY_TIMEOUT_MS = 30_000
_STAMP = re.compile(r"^khabar-\d{8}T\d{6}Z(-\d+)?")


@dataclass
class BackupResult:
    kind: str
    path: str
    bytes: int
    seconds: float
    removed: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"kind": self.kind, "path": self.path, "bytes": self.bytes,
                "seconds": self.seconds, "removed": self.removed}


def backup_name(kind: str, now: datetime | None = None) -> str:
    """``khabar-20261202T180405Z.db`` for a backup of ``kind`` taken at ``now`` (UTC)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{PREFIX}{stamp:%Y%m%dT%H%M%SZ}{EXTENSIONS[kind]}"


def target_path(dest: str | Path, kind: str, now: datetime | None = None) -> tuple[Path, bool]:
    """Where a backup goes, and whether DEST is a directory of rotated backups: an existing
    directory, or a path ending with "/", gets a time-stamped file; anything else is the file.
    Two backups in one second get ``-2``, ``-3`` … rather than overwriting each other."""
    text = str(dest)
    directory = Path(text)
    if not (directory.is_dir() or text.endswith(("/", os.sep))):
        return Path(text), False
    directory.mkdir(parents=True, exist_ok=True)
    name = backup_name(kind, now)
    target, n = directory / name, 1
    while target.exists():
        n += 1
        stem = name.removesuffix(EXTENSIONS[kind])
        target = directory / f"{stem}-{n}{EXTENSIONS[kind]}"
    return target, True


def backup_sqlite(database: str | Path, target: Path) -> BackupResult:
    """A consistent copy of the SQLite database at ``database`` in ``target`` (see above)."""
    started = time.perf_counter()
    source_path = Path(database)
    if not source_path.is_file():
        raise StoreError(f"no SQLite database at {source_path}",
                         user_message="ملف قاعدة البيانات غير موجود.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy, pages=-1)  # every page in one step: one snapshot
                copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
                verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                copy.close()
        finally:
            source.close()
        if verdict != "ok":
            raise StoreError(f"the backup of {source_path} fails its check: {verdict}",
                             user_message="النسخة الاحتياطية تالفة؛ لم تُحفظ.")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise StoreError(f"backup of {source_path} failed: {exc}",
                         user_message="تعذر أخذ نسخة احتياطية من قاعدة البيانات.") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult("sqlite", str(target), target.stat().st_size,
                        round(time.perf_counter() - started, 3))


def backup_postgres(url: str, target: Path, *, pg_dump: str | None = None) -> BackupResult:
    """``pg_dump --format=custom`` of the database at ``url`` into ``target``."""
    started = time.perf_counter()
    program = pg_dump or shutil.which("pg_dump")
    if program is None:
        raise StoreError(
            "pg_dump is not installed (Debian: apt-get install postgresql-client); or back up "
            "with `khabar backup --format export`",
            user_message="الأداة pg_dump غير مثبتة: ثبّت postgresql-client أو استخدم "
                         "‎--format export‎.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    try:
        done = subprocess.run(
            [program, "--format=custom", "--no-owner", f"--file={partial}"],
            env={**os.environ, **libpq_environment(url)}, capture_output=True, text=True,
            check=False)
        if done.returncode != 0:
            raise StoreError(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}",
                             user_message="تعذر أخذ نسخة احتياطية من قاعدة البيانات.")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult("pg_dump", str(target), target.stat().st_size,
                        round(time.perf_counter() - started, 3))


def libpq_environment(url: str) -> dict[str, str]:
    """PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE for a ``postgresql://`` URL."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql://" + url[len(prefix):]
    parsed = make_url(url)
    env = {"PGHOST": parsed.host, "PGPORT": str(parsed.port) if parsed.port else None,
           "PGUSER": parsed.username, "PGPASSWORD": parsed.password,
           "PGDATABASE": parsed.database}
    return {k: str(v) for k, v in env.items() if v}


def rotate(directory: str | Path, kind: str, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` backups of ``kind`` in ``directory`` (only files
    named like khabar's backups); the paths deleted, oldest first."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    extension = EXTENSIONS[kind]
    found = sorted(
        (p for p in Path(directory).iterdir()
         if p.is_file() and p.name.endswith(extension) and _STAMP.match(p.name)),
        key=lambda p: (p.name[len(PREFIX):len(PREFIX) + 16], _sequence(p.name, extension)),
    )
    removed = found[:-keep] if len(found) > keep else []
    for path in removed:
        path.unlink()
    return [str(p) for p in removed]


def _sequence(name: str, extension: str) -> int:
    stem = name.removesuffix(extension)
    tail = stem.rsplit("-", 1)[-1]
    return int(tail) if len(stem) > len(PREFIX) + 16 and tail.isdigit() else 1

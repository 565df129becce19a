"""The fault suite, a full disk under SQLite (issue 20): an import and a poll whose writes fail
with SQLITE_FULL report it in Arabic against the file or the source, lose nothing stored
before, leave an intact database, and succeed once there is space again.

The full disk is SQLite's own: ``PRAGMA max_page_count`` on every connection khabar takes makes
a write that needs one more page fail with SQLITE_FULL ("database or disk is full"), the error a
full filesystem gives; raising the limit is the space coming back. ``test_a_real_small_filesystem``
does the same on a real 1 MB tmpfs where it may (root, in a private mount namespace).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, text

from khabar.ingest.fetch import Fetcher
from khabar.pipeline.importer import import_paths
from khabar.pipeline.poll import poll_source
from khabar.search import search
from khabar.settings import load_settings
from khabar.store import open_store
from khabar.store.driver import DISK_FULL
from tests.faults.test_database_restart import feed
from tests.loopback import Loopback

#: SQLite's largest page count: no limit
NO_LIMIT = 1073741823
FULL = "القرص ممتلئ"


def write_jsonl(path: Path, start: int, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(start, start + count):
            out.write(json.dumps({
                "title": f"خبر عن غزة رقم {n}", "text": "نص الخبر عن المعابر والحدود. " * 40 + str(n),
                "url": f"https://news.example/{n}", "source": "وكالة",
                "time_utc": "2024-05-01T10:00:00Z"}, ensure_ascii=False) + "\n")
    return path


class Disk:
    """The space left for ``store``'s database: ``fill()`` leaves ``pages`` more pages,
    ``free()`` lifts the limit."""

    def __init__(self, store) -> None:  # noqa: ANN001 - a SQLiteStore
        self.store, self.limit = store, NO_LIMIT
        event.listen(store.engine, "checkout", self._apply)
        store.engine.dispose()  # connections taken from now on carry the limit

    def _apply(self, dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001 - DB-API
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count = {self.limit}")
        cursor.close()

    def pages(self) -> int:
        with self.store.engine.connect() as conn:
            return conn.execute(text("PRAGMA page_count")).scalar_one()

    def fill(self, pages: int = 20) -> None:
        self.limit = self.pages() + pages

    def free(self) -> None:
        self.limit = NO_LIMIT


def intact(store) -> bool:  # noqa: ANN001
    with store.engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"


def urls(store) -> list[str]:  # noqa: ANN001
    with store.engine.connect() as conn:
        return [u for (u,) in conn.execute(text("SELECT url FROM articles"))]


def test_an_import_on_a_full_disk_is_reported_and_done_again_later(tmp_path) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", 0, 50)
    second = write_jsonl(tmp_path / "second.jsonl", 50, 300)
    with open_store(tmp_path / "khabar.db") as store:
        disk = Disk(store)
        assert import_paths(store, [first]).inserted == 50
        disk.fill()
        report = import_paths(store, [second])
        assert report.inserted < 300 and report.problems
        for problem in report.problems:  # against the file, in Arabic, with the cause for logs
            assert problem.path == str(second)
            assert DISK_FULL in problem.message and "disk is full" in problem.message
        assert FULL in str(report.problems[0])
        stored = store.count_articles()
        assert 50 <= stored < 350
        assert intact(store)
        assert search(store, "غزة").total == stored  # what was stored stays whole and found

        disk.free()
        again = import_paths(store, [second])
        assert not again.problems
        assert store.count_articles() == 350
        assert len(set(urls(store))) == len(urls(store)) == 350
        assert search(store, "غزة").total == 350
        assert intact(store)


def test_a_poll_on_a_full_disk_is_recorded_on_its_source_and_done_again_later(tmp_path) -> None:
    settings = load_settings({}, allow_private_networks=True, fetch_pages=False,
                             max_pages_per_poll=1000, per_host_delay=0.0, retries=0)
    server = Loopback()
    server.static("/feed.xml", feed(300))
    try:
        with open_store(tmp_path / "khabar.db") as store:
            source = store.follow_source(name="وكالة", feed_url=server.url("/feed.xml"), kind="feed")
            disk = Disk(store)
            disk.fill(0)  # not one page more

            async def poll_once():  # noqa: ANN202
                async with Fetcher(settings) as fetcher:
                    return await poll_source(store, fetcher, store.get_source(source.id),
                                             settings=settings)

            result = asyncio.run(poll_once())
            assert result.outcome == "store_error" and result.inserted == 0
            assert result.error_user == DISK_FULL
            recorded = store.get_source(source.id)  # recording the outcome needs no new page
            assert recorded.last_outcome == "store_error"
            assert recorded.last_error_user == DISK_FULL and recorded.error_count == 1
            assert store.count_articles() == 0 and intact(store)

            disk.free()
            result = asyncio.run(poll_once())
            assert (result.outcome, result.inserted) == ("new", 300)
            recorded = store.get_source(source.id)
            assert recorded.last_error_user is None and recorded.error_count == 0
            assert search(store, "غزة").total == 300
    finally:
        server.close()


_SMALL_FS_SCRIPT = """
set -e
mount --make-rprivate /
mount -t tmpfs -o size=1m tmpfs "$DIR"
if "$PY" -m khabar --db "$DIR/khabar.db" import "$FIRST" "$SECOND" 2> "$OUT/full.txt"; then :; fi
exec "$PY" -c "$AFTER"
"""

#: run in the namespace after the full import: check, grow the filesystem, import again
_AFTER = """
import json, os, subprocess
from sqlalchemy import text
from khabar.pipeline.importer import import_paths
from khabar.store import open_store

def state(store):
    with store.engine.connect() as conn:
        return [conn.execute(text(q)).scalar_one() for q in (
            "PRAGMA integrity_check", "SELECT count(*) FROM articles",
            "SELECT count(DISTINCT url) FROM articles")]

with open_store(os.environ["DIR"] + "/khabar.db") as store:
    full = state(store)
    subprocess.run(["mount", "-o", "remount,size=64m", os.environ["DIR"]], check=True)
    again = import_paths(store, [os.environ["SECOND"]])
    print(json.dumps({"full": full, "problems": [str(p) for p in again.problems],
                      "free": state(store)}))
"""


def test_a_real_small_filesystem(tmp_path) -> None:
    """`khabar import` onto a 1 MB tmpfs, mounted in a private mount namespace (``unshare -m``,
    so nothing outside the test sees it); then the filesystem grows and the import is run
    again."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("a real small filesystem needs root and unshare (the max_page_count tests "
                    "above cover the same path)")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -m is not allowed here: {probe.stderr.decode().strip()}")
    first = write_jsonl(tmp_path / "first.jsonl", 0, 50)
    second = write_jsonl(tmp_path / "second.jsonl", 50, 300)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    env = {**os.environ, "DIR": str(mnt), "PY": sys.executable, "FIRST": str(first),
           "SECOND": str(second), "OUT": str(tmp_path), "AFTER": _AFTER,
           "KHABAR_LOG_LEVEL": "ERROR"}
    done = subprocess.run(["unshare", "-m", "sh", "-c", _SMALL_FS_SCRIPT], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    full = (tmp_path / "full.txt").read_text()
    assert FULL in full and "Traceback" not in full, full[-2000:]
    after = json.loads(done.stdout.strip().splitlines()[-1])
    check, stored, distinct = after["full"]
    assert check == "ok" and 50 <= stored == distinct < 350
    assert after["problems"] == []
    assert after["free"] == ["ok", 350, 350]

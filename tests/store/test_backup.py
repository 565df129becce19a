"""Backups: SQLite's online backup taken while a poll writes, pg_dump, rotation, the command."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from khabar.cli import app
from khabar.pipeline.worker import poll
from khabar.settings import load_settings
from khabar.store import open_store
from khabar.store.archive import export_lines
from khabar.store.backup import backup_name, backup_sqlite, libpq_environment, rotate
from khabar.store.health import index_counts
from khabar.store.migrate import require_current
from tests.conftest import SAMPLE_ARTICLES, _fresh, _pg_admin
from tests.loopback import Loopback, article_page, rss

FIXED = datetime(2026, 12, 2, tzinfo=UTC)
SETTINGS = load_settings(
    {}, allow_private_networks=True, per_host_delay=0.0, retries=0, connect_timeout=1.0,
    read_timeout=3.0, total_timeout=6.0, source_timeout=30.0, poll_concurrency=2,
)
#: seconds each article page takes to answer, so that the poll writes over a while
PAGE_DELAY = 0.05


def run(*args):
    return CliRunner().invoke(app, list(args))


def items_of(outlet: int, count: int = 4) -> list[dict]:
    return [{"title": f"خبر {n} من الوكالة {outlet}: اجتماع حول المياه والطاقة",
             "abstract": f"ملخص {outlet}-{n}",
             "text": f"تفاصيل الخبر {n} للوكالة {outlet}. " * 3 + f"\nفقرة أخيرة {outlet}/{n}.",
             "time_utc": f"2026-11-{10 + n:02d}T0{outlet}:00:00Z"} for n in range(count)]


def slow(handler):
    def answer(request):
        time.sleep(PAGE_DELAY)
        handler(request)
    return answer


def serve_outlets(server: Loopback, store, outlets: int = 6) -> None:
    for outlet in range(outlets):
        base = server.url(f"/o{outlet}")
        server.static(f"/o{outlet}/feed.xml", rss(items_of(outlet), base))
        for n, item in enumerate(items_of(outlet)):
            path = f"/o{outlet}/a/{n}.html"
            server.static(path, article_page(item), content_type="text/html; charset=utf-8")
            server.routes[path] = slow(server.routes[path])
        store.follow_source(name=f"وكالة {outlet}", feed_url=f"{base}/feed.xml")


def export_of(store) -> list[str]:
    return list(export_lines(store, created_at=FIXED))


def test_a_backup_taken_while_a_poll_writes_restores_to_an_identical_export(tmp_path):
    live = tmp_path / "live.db"
    store = open_store(live)
    server = Loopback()
    serve_outlets(server, store)
    polling = threading.Thread(target=poll, args=(store,),
                               kwargs={"everything": True, "settings": SETTINGS})
    held: list[tuple[Path, list[str], int]] = []  # backup, export of the live db, articles
    racing: list[Path] = []
    try:
        polling.start()
        n = 0
        while polling.is_alive() or n < 2:
            n += 1
            # A backup with the writers held off: the live database cannot change between the
            # backup and its reference export, so both are the same moment.
            guard = sqlite3.connect(live, timeout=30)
            guard.execute("BEGIN IMMEDIATE")
            try:
                target = tmp_path / f"held-{n}.db"
                backup_sqlite(live, target)
                held.append((target, export_of(store), store.count_articles()))
            finally:
                guard.rollback()
                guard.close()
            # … and one racing the writers, as in real life.
            racing.append(Path(backup_sqlite(live, tmp_path / f"race-{n}.db").path))
            time.sleep(0.02)
        polling.join()
        final = store.count_articles()
    finally:
        server.close()
        store.close()
    assert final == 24
    assert any(0 < count < final for _, _, count in held), [c for _, _, c in held]
    for target, reference, _count in held:
        restored = tmp_path / "restored.db"  # a restore is the backup file put in place
        shutil.copyfile(target, restored)
        with open_store(restored, migrate=False) as copy:
            require_current(copy)
            assert export_of(copy) == reference
        restored.unlink()
    for target in racing:
        assert not Path(f"{target}-wal").exists()  # one self-contained file
        with sqlite3.connect(target) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with open_store(target, migrate=False) as copy:
            counts = index_counts(copy)
            assert counts.consistent and counts.articles <= final


def test_backup_of_a_missing_database_says_so(tmp_path):
    result = run("--db", str(tmp_path / "none.db"), "backup", str(tmp_path / "b.db"))
    assert result.exit_code == 1 and "no SQLite database" in result.output


def test_rotation_keeps_the_newest_backups_of_one_kind(tmp_path):
    names = ["khabar-20261201T000000Z.db", "khabar-20261202T000000Z.db",
             "khabar-20261202T000000Z-2.db", "khabar-20261203T000000Z.db",
             "khabar-20261201T000000Z.dump", "notes.db"]
    for name in names:
        (tmp_path / name).write_text("x")
    removed = rotate(tmp_path, "sqlite", 2)
    assert [Path(p).name for p in removed] == ["khabar-20261201T000000Z.db",
                                               "khabar-20261202T000000Z.db"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "khabar-20261201T000000Z.dump", "khabar-20261202T000000Z-2.db",
        "khabar-20261203T000000Z.db", "notes.db"]
    assert backup_name("sqlite", FIXED) == "khabar-20261202T000000Z.db"


def test_the_backup_command_rotates_a_directory(tmp_path):
    db = tmp_path / "k.db"
    with open_store(db) as store:
        store.add_articles(_fresh(SAMPLE_ARTICLES))
    dest = tmp_path / "backups"
    dest.mkdir()
    for stamp in ("20200101T000000Z", "20200102T000000Z", "20200103T000000Z"):
        (dest / f"khabar-{stamp}.db").write_text("old")
    result = run("--db", str(db), "backup", str(dest), "--keep", "2", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["kind"] == "sqlite" and len(doc["removed"]) == 2
    assert min(p.name for p in dest.iterdir()) == "khabar-20200103T000000Z.db"
    with open_store(doc["path"], migrate=False) as copy:
        assert copy.count_articles() == len(SAMPLE_ARTICLES)
    refused = run("--db", str(db), "backup", str(tmp_path / "one.db"), "--keep", "2")
    assert refused.exit_code == 2 and "--keep" in refused.output


def test_the_backup_command_writes_an_export_on_request(tmp_path):
    db = tmp_path / "k.db"
    with open_store(db) as store:
        store.add_articles(_fresh(SAMPLE_ARTICLES))
    result = run("--db", str(db), "backup", f"{tmp_path}/exports/", "--format", "export",
                 "--json")
    assert result.exit_code == 0, result.output
    path = json.loads(result.stdout)["path"]
    assert path.endswith(".jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        assert json.loads(lines.readline())["khabar_export"] == 1


def test_libpq_environment_carries_the_password_out_of_the_command_line():
    env = libpq_environment("postgresql://khabar:p%40ss@db.internal:5433/news")
    assert env == {"PGHOST": "db.internal", "PGPORT": "5433", "PGUSER": "khabar",
                   "PGPASSWORD": "p@ss", "PGDATABASE": "news"}


@pytest.mark.skipif(shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
                    reason="pg_dump / pg_restore not installed (postgresql-client)")
def test_pg_dump_backup_restores_to_an_identical_export(pg_url, tmp_path):
    with open_store(pg_url) as store:
        store.add_articles(_fresh(SAMPLE_ARTICLES))
        store.follow_source(name="هسبريس", feed_url="https://hespress.example/feed")
        reference = export_of(store)
    result = run("--db", pg_url, "backup", f"{tmp_path}/pg/", "--keep", "3", "--json")
    assert result.exit_code == 0, result.output
    dump = json.loads(result.stdout)["path"]
    assert dump.endswith(".dump") and os.path.getsize(dump) > 0
    name = f"khabar_restore_{os.getpid()}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        target = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        env = {**os.environ, **libpq_environment(target)}
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={name}", dump], env=env,
                       check=True, capture_output=True)
        with open_store(target, migrate=False) as copy:
            require_current(copy)
            assert export_of(copy) == reference
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

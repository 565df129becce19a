"""khabar migrate, copy, export, import of an export, and serve --no-migrate."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.store import open_store
from khabar.store import migrate as migrations
from khabar.store.migrate import head_revisions
from tests.conftest import SAMPLE_ARTICLES, _fresh


def run(*args):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "src.db"
    with open_store(path) as store:
        store.add_articles(_fresh(SAMPLE_ARTICLES))
        store.follow_source(name="هسبريس", feed_url="https://hespress.example/feed")
    monkeypatch.setenv("KHABAR_DB", str(path))
    return path


def old_database(path, revision: str = "0006"):
    """A database migrated only up to ``revision``, as an older khabar left it."""
    with open_store(path, migrate=False) as store, store.engine.begin() as conn:
        migrations.upgrade(conn, revision)


def test_migrate_brings_an_old_database_to_the_newest_revision(tmp_path):
    path = tmp_path / "old.db"
    old_database(path)
    result = run("--db", str(path), "migrate", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"before": ["0006"], "revision": head_revisions(),
                                         "heads": head_revisions(), "migrated": True}
    again = run("--db", str(path), "migrate")
    assert again.exit_code == 0 and again.stdout.strip() == ", ".join(head_revisions())
    assert "already at the newest revision" in again.stderr


def test_serve_without_migrating_refuses_a_database_that_is_behind(tmp_path, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(a))
    path = tmp_path / "old.db"
    old_database(path)
    result = run("--db", str(path), "serve", "--no-migrate")
    assert result.exit_code == 1 and not started
    assert "khabar migrate" in result.stderr and "revision 0006" in result.stderr
    empty = run("--db", str(tmp_path / "new.db"), "serve", "--no-migrate")
    assert empty.exit_code == 1 and "has no schema yet" in empty.stderr
    assert run("--db", str(path), "migrate").exit_code == 0
    assert run("--db", str(path), "serve", "--no-migrate").exit_code == 0 and started


def test_export_to_a_file_and_import_it_into_an_empty_database(db, tmp_path):
    out = tmp_path / "out" / "archive.jsonl.gz"
    result = run("export", "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["path"] == str(out) and summary["counts"]["article"] == 5
    assert summary["counts"]["source"] == 3 and summary["bytes"] == out.stat().st_size
    restored = tmp_path / "restored.db"
    report = json.loads(run("--db", str(restored), "import", str(out), "--json").stdout)
    assert report["inserted"] == 5 and report["archive"][0]["mode"] == "restore"
    assert report["archive"][0]["rows"]["sources"] == 3
    listed = json.loads(run("--db", str(restored), "sources", "list", "--json").stdout)
    assert [s["name"] for s in listed] == ["هسبريس"]


def test_export_to_stdout_and_json_needs_a_file(db):
    result = run("export")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert json.loads(lines[0])["khabar_export"] == 1
    assert json.loads(lines[-1])["type"] == "end"
    refused = run("export", "--json")
    assert refused.exit_code == 2 and "-o FILE" in refused.stderr


def test_copy_into_a_new_database_then_refuse_to_copy_again(db, tmp_path):
    target = tmp_path / "copy.db"
    result = run("copy", str(target), "--batch", "2", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"]["articles"] == 5 and report["failed"] == {}
    assert report["reindexed"] == 5 and report["seconds"] >= 0
    hits = json.loads(run("--db", str(target), "search", "ادارة", "--json").stdout)
    assert [h["title"] for h in hits] == ["إدارة ترامب تفرض عقوبات جديدة على إيران"]
    again = run("copy", str(target))
    assert again.exit_code == 1 and "ليست فارغة" in again.stderr


def test_copy_into_postgresql(db, pg_url):
    result = run("copy", pg_url, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"]["articles"] == 5
    shown = json.loads(run("--db", pg_url, "migrate", "--json").stdout)
    assert shown["migrated"] is False and shown["revision"] == head_revisions()
    hits = json.loads(run("--db", pg_url, "search", "النفط", "--json").stdout)
    local = json.loads(run("search", "النفط", "--json").stdout)
    assert [h["id"] for h in hits] == [h["id"] for h in local] and len(hits) == 2


@pytest.fixture
def bare_pg_url(pg_template):
    """A PostgreSQL database with no schema at all."""
    from tests.conftest import _pg_admin, _pg_url

    name = f"{pg_template}_bare"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _pg_url(name)
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_serve_on_postgresql_never_migrates(bare_pg_url, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(a))
    refused = run("--db", bare_pg_url, "serve")
    assert refused.exit_code == 1 and not started
    assert "has no schema yet" in refused.stderr and "khabar migrate" in refused.stderr
    migrated = json.loads(run("--db", bare_pg_url, "migrate", "--json").stdout)
    assert migrated["before"] == [] and migrated["migrated"] is True
    assert run("--db", bare_pg_url, "serve").exit_code == 0 and started


def test_copy_shows_progress_through_the_shared_helper(db, tmp_path, monkeypatch):
    import khabar.cli.progress as progress

    monkeypatch.setattr(progress, "EVERY", 0.0)  # a plain line at every step
    result = run("copy", str(tmp_path / "copy.db"), "--batch", "2")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("copying")]
    assert "copying articles: 5 / 5 rows" in "\n".join(lines), result.stderr
    assert any(line.startswith("copying search index: ") for line in lines), result.stderr

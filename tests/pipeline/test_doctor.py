"""khabar doctor: each seeded problem is found, named, and given a remedy in both languages."""

from __future__ import annotations

import json
from collections import namedtuple
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from khabar.cli import app
from khabar.pipeline.doctor import diagnose
from khabar.store import open_store
from tests.conftest import BACKENDS, SAMPLE_ARTICLES, _fresh, record

Usage = namedtuple("Usage", "total used free")
NOW = datetime.now(UTC)


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    """The location of a migrated database holding the sample articles, on each backend."""
    location = (request.getfixturevalue("pg_url") if request.param == "postgresql"
                else str(tmp_path / "khabar.db"))
    with open_store(location) as store:
        store.add_articles(_fresh(SAMPLE_ARTICLES))
    return location


def checks(db, **kwargs) -> dict:
    diagnosis = diagnose(db, environ=kwargs.pop("environ", {}), **kwargs)
    found = {c.name: c for c in diagnosis.checks}
    for check in found.values():
        if check.status != "ok":
            assert check.fix and check.fix_ar, check  # a remedy in English and Arabic
            assert any("\u0600" <= ch <= "\u06ff" for ch in check.fix_ar)
    return found


def test_a_healthy_installation_passes(db):
    found = checks(db)
    assert {n: c.status for n, c in found.items()} == {
        "configuration": "ok", "database": "ok", "index": "ok", "clock": "ok",
        "sources": "ok", "disk": "ok"}
    assert found["index"].data["articles"] == found["index"].data["indexed"] == 5
    assert found["index"].data["backend"] in ("sqlite", "postgresql")


def test_the_cli_exits_zero_when_healthy_and_one_with_a_problem(db, monkeypatch):
    monkeypatch.delenv("KHABAR_RETRIES", raising=False)
    ok = CliRunner().invoke(app, ["--db", db, "doctor"])
    assert ok.exit_code == 0, ok.output
    assert "all good" in ok.output
    monkeypatch.setenv("KHABAR_RETRIES", "many")
    bad = CliRunner().invoke(app, ["--db", db, "doctor", "--json"])
    assert bad.exit_code == 1
    doc = json.loads(bad.stdout)
    assert doc["ok"] is False and doc["checks"][0]["status"] == "problem"


def test_a_bad_setting(db):
    found = checks(db, environ={"KHABAR_RETRIES": "many"})
    assert found["configuration"].status == "problem"
    assert "KHABAR_RETRIES" in found["configuration"].detail


def test_a_risky_setting_is_a_warning_only(db):
    diagnosis = diagnose(db, environ={"KHABAR_ALLOW_PRIVATE_NETWORKS": "1"})
    assert diagnosis.checks[0].status == "warning" and diagnosis.ok


def test_an_unreachable_database(tmp_path):
    found = checks("postgresql://postgres@127.0.0.1:1/nothing")
    assert found["database"].status == "problem"
    assert "does not answer: " in found["database"].detail and "127.0.0.1" in \
        found["database"].detail
    missing = checks(str(tmp_path / "missing.db"))
    assert missing["database"].status == "problem" and "no SQLite database" in \
        missing["database"].detail
    assert not (tmp_path / "missing.db").exists()  # the doctor creates nothing


def test_a_schema_behind(db):
    with open_store(db, migrate=False) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    found = checks(db)
    assert found["database"].status == "problem" and "khabar migrate" in found["database"].fix


def test_an_incomplete_index(db):
    with open_store(db, migrate=False) as store, store.engine.begin() as conn:
        column = "rowid" if store.search_dialect in ("fts5", "tantivy") else "article_id"
        conn.execute(text(f"DELETE FROM article_fts WHERE {column} = "
                          f"(SELECT min(id) FROM articles)"))
    found = checks(db)
    assert found["index"].status == "problem" and "khabar reindex" in found["index"].fix
    assert found["index"].data["indexed"] == 4 and found["index"].data["articles"] == 5


def test_an_article_from_the_future_means_a_wrong_clock(db):
    with open_store(db, migrate=False) as store:
        store.add_articles([record(title="خبر من المستقبل", body="نص من المستقبل.",
                                   url="https://example.com/future",
                                   fetched_at=NOW + timedelta(hours=2))])
    found = checks(db, now=NOW)
    assert found["clock"].status == "problem" and "future" in found["clock"].detail


def test_sources_failing_for_more_than_a_day(db):
    with open_store(db, migrate=False) as store:
        bad = store.follow_source(name="مصدر معطل", feed_url="https://broken.example/feed")
        store.update_source(bad.id, error_count=5, last_error="fetch: 404",
                            last_success_at=NOW - timedelta(days=3))
        fresh = store.follow_source(name="مصدر تعثر للتو", feed_url="https://new.example/feed")
        store.update_source(fresh.id, error_count=1, last_error="fetch: timeout",
                            last_success_at=NOW - timedelta(hours=2))
    found = checks(db, now=NOW)
    assert found["sources"].status == "problem"
    assert [s["name"] for s in found["sources"].data["sources"]] == ["مصدر معطل"]


def test_low_disk_space(db):
    found = checks(db, disk_usage=lambda path: Usage(100 * 1024**3, 99.5 * 1024**3,
                                                      0.5 * 1024**3))
    if db.startswith("postgresql"):
        # the database's disk is the server's; the image cache's folder is on this machine
        assert found["disk"].status == "problem" and "image_cache_dir" in found["disk"].detail
    else:
        assert found["disk"].status == "problem" and "GiB free" in found["disk"].detail
    metrics_dir = checks(db, environ={"KHABAR_METRICS_DIR": "/"},
                         disk_usage=lambda path: Usage(100, 99, 1))
    assert metrics_dir["disk"].status == "problem" and "metrics_dir" in metrics_dir["disk"].detail

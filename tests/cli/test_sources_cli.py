"""``khabar sources …`` and ``khabar poll`` against a loopback outlet."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from tests.loopback import Loopback, ant_items, article_page, rss


@pytest.fixture
def outlet(tmp_path, monkeypatch, ant_file):
    monkeypatch.setenv("KHABAR_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("KHABAR_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("KHABAR_PER_HOST_DELAY", "0")
    monkeypatch.setenv("KHABAR_RETRIES", "0")
    server = Loopback()
    items = ant_items(ant_file, 3)
    server.static("/feed.xml", rss(items, server.url("")), etag='"1"')
    for n, item in enumerate(items):
        server.static(f"/a/{n}.html", article_page(item), content_type="text/html")
    server.static("/", '<html><head><title>موقع</title><link rel="alternate" '
                  'type="application/rss+xml" href="/feed.xml"></head><body></body></html>',
                  content_type="text/html")
    yield server
    server.close()


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_add_poll_list_export_remove(outlet, tmp_path):
    added = run("sources", "add", outlet.url("/"), "--category", "اختبار", "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["feed_url"] == outlet.url("/feed.xml")
    polled = run("poll", "--json")
    assert polled.exit_code == 0, polled.output
    assert json.loads(polled.stdout)["inserted"] == 3
    listed = json.loads(run("sources", "list", "--json").stdout)
    assert listed[0]["health"] == "ok" and listed[0]["last_outcome"] == "new"
    assert set(listed[0]) >= {"last_success_at", "last_error", "error_count", "next_check_at"}
    again = json.loads(run("poll", "--all", "--json").stdout)
    assert again["outcomes"] == {"not_modified": 1}
    opml = tmp_path / "out.opml"
    assert run("sources", "export-opml", "--output", str(opml)).exit_code == 0
    assert outlet.url("/feed.xml") in opml.read_text(encoding="utf-8")
    assert run("sources", "remove", outlet.url("/feed.xml")).exit_code == 0
    assert json.loads(run("sources", "list", "--json").stdout) == []
    imported = json.loads(run("sources", "import-opml", str(opml), "--json").stdout)
    assert len(imported["added"]) == 1


def test_errors_are_reported_in_arabic_with_the_log_text(outlet):
    result = run("sources", "add", outlet.url("/missing"))
    assert result.exit_code == 1 and "404" in result.stderr
    result = run("sources", "remove", "nothing-here")
    assert result.exit_code == 1 and "المصدر غير موجود" in result.stderr


def test_sources_match_merges_an_archive_and_reports_it(tmp_path, monkeypatch):
    from datetime import datetime, timezone

    from sqlalchemy import update

    from khabar.store import open_store
    from khabar.store.schema import sources
    from tests.conftest import record

    db = tmp_path / "match.db"
    monkeypatch.setenv("KHABAR_DB", str(db))
    with open_store(db) as store:
        when = datetime(2018, 3, 5, tzinfo=timezone.utc)
        store.add_articles([record(source="alarabia", url="https://www.alarabiya.net/ar/1"),
                            record(source="قناة", url="https://www.alarabiya.net/ar/2",
                                   title="خبر آخر", body="دمشق: نص آخر.", published_at=when)])
        with store.engine.begin() as conn:  # as an archive stored before the catalogue
            conn.execute(update(sources).values(outlet=None, country=None, outlet_kind=None))
            conn.execute(update(sources).where(sources.c.name == "العربية")
                         .values(name="alarabia"))
    matched = run("sources", "match", "--json")
    assert matched.exit_code == 0, matched.output
    report = json.loads(matched.stdout)
    assert report["matched"] == 1 and report["articles"] == 2
    assert report["renamed"] == [{"from": "alarabia", "to": "العربية"}]
    with open_store(db) as store:
        [source] = [s for s in store.sources() if s.outlet == "alarabiya.net"]
        assert source.name == "العربية" and store.count_articles() == 2

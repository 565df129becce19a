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

"""The CLI contract scripts rely on."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khabar.cli import app

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>وكالة الاختبار</title><link>https://example.com</link>
<item><title>الحكومة تعلن خطة جديدة للإسكان</title><link>https://example.com/a/1</link>
<guid>a-1</guid><pubDate>Fri, 20 Sep 2024 10:30:00 GMT</pubDate>
<description>أعلنت الحكومة اليوم خطة جديدة لبناء المساكن في العاصمة.</description></item>
<item><title>ارتفاع أسعار الذهب</title><link>https://example.com/a/2</link>
<guid>a-2</guid><pubDate>Sat, 21 Sep 2024 08:00:00 GMT</pubDate>
<description>سجلت أسعار الذهب ارتفاعاً ملحوظاً في الأسواق العالمية.</description></item>
</channel></rss>
"""

DUMP = """وزير الخارجية يزور الرباط
تاريخ النشر: الجمعة 20 سبتمبر 2024
تابع أحدث الأخبار عبر تطبيق خبر
الرباط - رويترز: وصل وزير الخارجية إلى الرباط في زيارة رسمية تستغرق يومين.
وقال الوزير إن الزيارة تهدف إلى تعزيز التعاون بين البلدين في مجالات عدة.
المصدر: رويترز
كلمات دلالية: الرباط، وزير الخارجية، زيارة رسمية
"""


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("KHABAR_DB", str(tmp_path / "cli.db"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "feed.xml").write_text(FEED, encoding="utf-8")
    (tmp_path / "in" / "dump.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "in" / "broken.json").write_bytes(b"\x00\x01\x02binary")
    return tmp_path


def run(*args):
    result = CliRunner().invoke(app, list(args))
    return result


def test_import_reports_json_and_skips_unreadable_files(env):
    result = run("import", str(env / "in"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["inserted"] == 3 and report["files"] == 3
    assert len(report["problems"]) == 1 and report["problems"][0]["path"].endswith("broken.json")
    again = json.loads(run("import", str(env / "in"), "--json").stdout)
    assert again["inserted"] == 0 and again["duplicates"] == 3


def test_articles_show_and_search_json(env):
    run("import", str(env / "in"), "--json")
    items = json.loads(run("articles", "--limit", "10", "--json").stdout)
    assert len(items) == 3
    assert set(items[0]) >= {"id", "url", "title", "source", "published_at"}
    by_title = {i["title"]: i for i in items}
    shown = json.loads(run("show", str(by_title["وزير الخارجية يزور الرباط"]["id"]), "--json").stdout)
    assert shown["attributed_to"] == "رويترز"
    assert shown["keywords"] == ["الرباط", "وزير الخارجية", "زيارة رسمية"]
    assert shown["dateline"] == {"place": "الرباط", "agency": "رويترز"}
    assert "تابع أحدث الأخبار" not in shown["body"]
    assert shown["published_at"].startswith("2024-09-20")
    hits = json.loads(run("search", "الاسكان", "--json").stdout)
    assert [h["title"] for h in hits] == ["الحكومة تعلن خطة جديدة للإسكان"]
    assert "snippet" in hits[0] and hits[0]["published_at"] == "2024-09-20T10:30:00Z"


def test_db_option_overrides_env(env, tmp_path):
    other = tmp_path / "other.db"
    run("--db", str(other), "import", str(env / "in" / "feed.xml"), "--json")
    assert other.exists()
    assert json.loads(run("--db", str(other), "articles", "--json").stdout)[0]["source"] == "وكالة الاختبار"


def test_bad_query_and_missing_article_fail_clearly(env):
    result = run("search", "في")
    assert result.exit_code == 2 and "اكتب كلمة" in result.stderr
    result = run("show", "999")
    assert result.exit_code == 1 and "no article with id 999" in result.stderr
    result = run("import", str(env / "missing.xml"))
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_reindex(env):
    run("import", str(env / "in"), "--json")
    assert json.loads(run("reindex", "--json").stdout) == {"reindexed": 3}
    hits = json.loads(run("search", "الاسكان", "--json").stdout)
    assert len(hits) == 1


@pytest.mark.parametrize(("argv", "expected"), [
    (["serve", "--db", "x.db"], ["--db", "x.db", "serve"]),
    (["serve", "--db=x.db", "--port", "1"], ["--db=x.db", "serve", "--port", "1"]),
    (["--db", "x.db", "articles"], ["--db", "x.db", "articles"]),
    (["search", "--", "--db", "x"], ["search", "--", "--db", "x"]),
    (["search", "--db"], ["search", "--db"]),
])
def test_global_options_are_hoisted_before_the_subcommand(argv, expected):
    from khabar.cli.app import hoist_global_options

    assert hoist_global_options(argv) == expected


def test_db_after_the_subcommand_works_from_the_command_line(env, tmp_path):
    import subprocess
    import sys

    other = tmp_path / "after.db"
    assert run("--db", str(other), "import", str(env / "in" / "feed.xml")).exit_code == 0
    done = subprocess.run([sys.executable, "-m", "khabar", "articles", "--db", str(other), "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["source"] == "وكالة الاختبار"

"""khabar stories / story / recluster, and the story fields of khabar show --json."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from khabar.cli import app
from tests.pipeline.test_stories import ROWS

runner = CliRunner()


def _db(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    db = str(tmp_path / "k.db")
    assert runner.invoke(app, ["--db", db, "import", str(path)]).exit_code == 0
    return db


def test_stories_story_and_show(tmp_path):
    db = _db(tmp_path)
    listed = json.loads(runner.invoke(app, ["--db", db, "stories", "--json"]).stdout)
    assert [(s["article_count"], s["outlets"]) for s in listed] == [(3, ["سكاي نيوز عربية", "سي إن إن بالعربية", "بي بي سي عربي"])]
    everything = json.loads(runner.invoke(
        app, ["--db", db, "stories", "--min-articles", "1", "--limit", "10", "--json"]).stdout)
    assert len(everything) == 3
    story = json.loads(runner.invoke(app, ["--db", db, "story", str(listed[0]["id"]), "--json"]).stdout)
    assert [a["source"] for a in story["articles"]] == ["سكاي نيوز عربية", "سي إن إن بالعربية", "بي بي سي عربي"]
    shown = json.loads(runner.invoke(app, ["--db", db, "show", str(story["id"]), "--json"]).stdout)
    assert shown["story_id"] == story["id"]
    assert {c["source"] for c in shown["also_reported_by"]} == {"سي إن إن بالعربية", "العربية"}
    assert [d["source"] for d in shown["duplicates"]] == ["العربية"]
    assert all(r["story_id"] != story["id"] and r["reason"] for r in shown["related"])
    text = runner.invoke(app, ["--db", db, "story", str(story["id"])]).stdout
    assert "سكاي نيوز عربية" in text and "copy of" in text


def test_recluster_and_unknown_story(tmp_path):
    db = _db(tmp_path)
    result = runner.invoke(app, ["--db", db, "recluster", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"articles": 5, "stories": 3, "near_copies": 1,
                                         "multi_article_stories": 1}
    missing = runner.invoke(app, ["--db", db, "story", "999"])
    assert missing.exit_code == 1

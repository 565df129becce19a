"""`khabar quotes` and `khabar requote`: who said what, and the backfill of stored articles."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from khabar.cli import app
from khabar.store import open_store
from khabar.store.records import Entity
from tests.conftest import record

BODY = "وقال رئيس الوزراء الكندي جاستن ترودو إن التحقيق سيستمر حتى النهاية."


def test_requote_fills_articles_stored_without_quotes_and_quotes_lists_them(tmp_path):
    db = str(tmp_path / "k.db")
    with open_store(db) as store:  # stored as before 0014: entities, no quotes
        store.add_articles([record(url="https://e.com/1", body=BODY,
                                   entities=[Entity("جاستن ترودو", "person")])])
    runner = CliRunner()
    before = runner.invoke(app, ["--db", db, "quotes", "--json"])
    assert before.exit_code == 0 and json.loads(before.stdout) == []
    done = runner.invoke(app, ["--db", db, "requote", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {"articles": 1, "quotes": 1}
    again = runner.invoke(app, ["--db", db, "requote", "--json"])  # replaced, not doubled
    assert json.loads(again.stdout) == {"articles": 1, "quotes": 1}
    top = json.loads(runner.invoke(app, ["--db", db, "quotes", "--json"]).stdout)
    assert top == [{"speaker": "جاستن ترودو", "speaker_type": "person", "quotes": 1}]
    said = json.loads(runner.invoke(
        app, ["--db", db, "quotes", "--speaker", "جاستن ترودو", "--json"]).stdout)
    assert [(q["verb"], q["text"]) for q in said] == [("قال", "التحقيق سيستمر حتى النهاية")]
    text = runner.invoke(app, ["--db", db, "quotes", "--speaker", "جاستن ترودو"])
    assert "قال: التحقيق سيستمر حتى النهاية" in text.stdout

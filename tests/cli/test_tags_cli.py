"""khabar train-categories, trending and entities."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from typer.testing import CliRunner

from khabar.cli import app
from khabar.store import open_store
from tests.conftest import record

runner = CliRunner()


def _fill(db):
    with open_store(db) as store:
        rows = []
        for i in range(8):
            month = 3 if i < 6 else 5
            sport = i % 2 == 0
            rows.append(record(
                url=f"https://e.com/{i}",
                title="المنتخب يفوز بالمباراة" if sport else "أسعار النفط ترتفع",
                body=("سجل اللاعب هدفا في المباراة" if sport else "ارتفعت أسعار النفط في البورصة")
                + f" رقم {i}",
                category="sport" if sport else "economy",
                published_at=datetime(2018, month, 1 + i, tzinfo=timezone.utc)))
        store.add_articles(rows)


def test_train_categories_with_a_time_split(tmp_path):
    db = str(tmp_path / "k.db")
    _fill(db)
    result = runner.invoke(app, ["--db", db, "train-categories", "--until", "2018-05-01", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["classes"] == ["economy", "sport"] and report["test_articles"] == 2
    assert report["accuracy"] == 1.0
    with open_store(db) as store:
        assert store.load_model("categories")["classes"] == ["economy", "sport"]


def test_train_categories_refuses_an_empty_archive_and_a_bad_date(tmp_path):
    db = str(tmp_path / "k.db")
    assert runner.invoke(app, ["--db", db, "train-categories"]).exit_code == 1
    assert runner.invoke(app, ["--db", db, "train-categories", "--until", "May"]).exit_code == 1


def test_trending_and_entities(tmp_path):
    db = str(tmp_path / "k.db")
    runner.invoke(app, ["--db", db, "articles"])
    with open_store(db) as store:
        from khabar.pipeline.importer import prepare_record
        now = datetime(2018, 6, 1, tzinfo=timezone.utc)
        store.add_articles([prepare_record(record(
            url=f"https://e.com/{i}", title="حماس توافق على التهدئة في غزة",
            body=f"وقالت حركة حماس إن التهدئة في غزة تبدأ اليوم {i}."), None, now) for i in range(3)])
    result = runner.invoke(app, ["--db", db, "entities", "--type", "organization", "--json"])
    assert result.exit_code == 0
    assert {"name": "حماس", "type": "organization", "articles": 3} in json.loads(result.stdout)
    result = runner.invoke(app, ["--db", db, "trending", "--limit", "3", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) <= 3
    assert runner.invoke(app, ["--db", db, "entities", "--type", "thing"]).exit_code == 1

"""An import stores in the search index the terms its workers found (``index_terms`` of the
stories' text analysis), not the text analyzed again by the writer: they must be the terms
``analyze`` gives for the stored title and body, on both backends."""

from __future__ import annotations

import gzip
import itertools
import sqlite3
from datetime import datetime, timezone

import pytest

from khabar.arabic import analyze, clean
from khabar.enrich.stories import analyze_item_text, index_terms
from khabar.ingest import read_file
from khabar.pipeline import import_paths
from khabar.store import ReadProblem, open_store
from khabar.store.postgres import tsvector_literal

#: bodies whose lead is cut at odd whitespace, a ligature that is a phrase, numbers
EDGES = [
    ("عنوان", "كلمة\x1cأخرى " * 30),
    ("عنوان", "أ\u2028ب ج " * 40 + "\nفقرة ثانية"),
    ("صلى الله عليه ﷺ", "قال النبي ﷺ " * 20 + "١٬٠٠٠ دولار\u00a0و\u202fنصف " * 10),
    ("", ""),
    ("title only", ""),
    ("", "\n\nبعد سطرين فارغين"),
]


def _samples(ant_file, n: int = 400):
    with gzip.open(ant_file, "rt", encoding="utf-8") as lines:
        head = list(itertools.islice(lines, n))
    return head


def test_index_terms_are_the_analyzers_terms_of_title_and_body(ant_file, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text("".join(_samples(ant_file)), encoding="utf-8")
    texts = [(clean(r.title).strip(), clean(r.body).strip())
             for r in read_file(path) if not isinstance(r, ReadProblem)]
    for title, body in texts + EDGES:
        terms = index_terms(analyze_item_text(title, body))
        assert terms == (analyze(title), analyze(body)), (title, body[:80])
        # PostgreSQL's document from the given terms is the one it builds from the text
        assert tsvector_literal(title, body, terms) == tsvector_literal(title, body)
    assert index_terms(None) is None


@pytest.mark.parametrize("processes", [1, 2])
def test_imported_full_text_rows_are_the_text_analyzed(ant_file, tmp_path, processes):
    path = tmp_path / "s.jsonl"
    path.write_text("".join(_samples(ant_file, 150)), encoding="utf-8")
    db = tmp_path / "k.db"
    with open_store(db) as store:
        import_paths(store, [path], processes=processes)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT a.title, a.body, f.title, f.body FROM articles a "
                        "JOIN article_fts f ON f.rowid = a.id").fetchall()
    assert len(rows) == conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 100
    for title, body, fts_title, fts_body in rows:
        assert fts_title == " ".join(analyze(title))
        assert fts_body == " ".join(analyze(body))


def test_a_batch_stored_without_analyses_is_analyzed_by_the_store(tmp_path):
    from khabar.pipeline.batch import store_batch
    from khabar.store import ArticleRecord

    record = ArticleRecord(url="https://example.com/a", title="وزير الخارجية يزور القاهرة",
                           body="قال وزير الخارجية إن الزيارة مهمة.",
                           fetched_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    db = tmp_path / "k.db"
    with open_store(db) as store:
        store_batch(store, [record])
    title, body = sqlite3.connect(db).execute("SELECT title, body FROM article_fts").fetchone()
    assert title == " ".join(analyze(record.title))
    assert body == " ".join(analyze(record.body))

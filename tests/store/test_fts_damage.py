"""The SQLite full-text index (FTS5 ``article_fts``: the terms the tantivy index is fed from)
deleted or damaged is found on start and rebuilt, so search, writes and a tantivy rebuild
work again (issue 16: "the search index can be deleted or corrupted")."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from khabar.search import search
from khabar.store import open_store
from tests.conftest import record

DAMAGE = {
    "deleted": "DROP TABLE article_fts",
    "data corrupted": "UPDATE article_fts_data SET block = x'00ff00ff' WHERE id > 10",
    "structure corrupted": "UPDATE article_fts_data SET block = x'00ff00ff' WHERE id = 10",
    "entries lost": "DELETE FROM article_fts WHERE rowid > 20",
}


@pytest.mark.parametrize("tantivy_too", [False, True], ids=["fts5", "fts5 and tantivy"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_text_index_is_rebuilt_on_start(tmp_path: Path, damage: str, tantivy_too: bool):
    path = tmp_path / "k.db"
    with open_store(path) as store:
        store.add_articles([record(url=f"https://x.test/{i}", title=f"النفط {i}",
                                   body="نص عن أسعار النفط " * 40 + str(i)) for i in range(60)])
    with sqlite3.connect(path) as conn:
        conn.execute(DAMAGE[damage])
    if tantivy_too:
        shutil.rmtree(f"{path}.search")
    with open_store(path) as store:
        assert store.text_index_damage() is None
        assert search(store, "النفط").total == 60
        store.add_articles([record(url="https://x.test/new", title="النفط جديد", body="نص")])
        assert search(store, "النفط").total == 61
        store.search_index.rebuild()  # fed from article_fts again
        assert search(store, "أسعار").total == 60


def test_an_intact_text_index_is_not_rebuilt(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.db"
    with open_store(path) as store:
        store.add_articles([record(url="https://x.test/a", title="النفط", body="نص")])
    from khabar.store.sqlite import SQLiteStore

    monkeypatch.setattr(SQLiteStore, "reindex", lambda *a: pytest.fail("rebuilt"))
    with open_store(path) as store:
        assert store.text_index_damage() is None and search(store, "النفط").total == 1

"""The tantivy index beside SQLite (issue 16): every match ranked, freshness in the score,
kept consistent with the store, rebuilt when missing, damaged or outdated."""

from __future__ import annotations

import json
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from khabar.errors import IndexBuilding
from khabar.search import search
from khabar.search.service import compile_query, prepare
from khabar.store import open_store
from khabar.store import sqlite as sqlite_module
from khabar.store import sqlite_search
from khabar.store import tantivy_index as ti
from tests.conftest import record

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)


def _records(n: int, word: str = "النفط"):
    # Bodies differ in how often they name the word, so BM25 orders them.
    return [record(url=f"https://x.test/{i}", title=f"خبر رقم {i}",
                   body=(f"{word} " * (1 + i % 7)) + f"كلام مختلف {i} " * (5 + i % 11),
                   published_at=NOW - timedelta(days=3 * i))
            for i in range(n)]


def _ids(store, query: str, **kw) -> list[int]:
    return [a.id for a, _ in store.search(compile_query(store.search_dialect, prepare(query)),
                                          **kw).hits]


def test_every_match_is_ranked_and_exactly(tmp_path: Path, monkeypatch):
    # The top 10 equal the exhaustive ranking by the same score, even when tantivy is asked
    # for a handful at a time (the bound makes it look further).
    monkeypatch.setattr(sqlite_search, "FIRST_LOOK", 1)
    with open_store(tmp_path / "k.db") as store:
        store.add_articles(_records(120))
        compiled = sqlite_search.decode(compile_query(store.search_dialect, prepare("النفط")))
        _, searcher = store.search_index.searcher()
        must, must_not = sqlite_search.text_query(compiled)
        query = ti.all_of(must, must_not)
        all_hits, count = ti.ranked(searcher, query, 1000)
        assert count == 120
        now_us = ti.micros(NOW)
        score = sqlite_search.freshness(all_hits[0].score, now_us)
        exhaustive = [h.id for h in sorted(all_hits, key=lambda h: (-score(h), -h.id))][:10]
        best, total = sqlite_search.best(searcher, query, 10, now_us)
        assert [i for i, _ in best] == exhaustive and total == 120
        page = store.search(compile_query(store.search_dialect, prepare("النفط")), limit=10)
        assert [a.id for a, _ in page.hits] == exhaustive and page.total == 120


def test_freshness_is_in_the_score_not_a_cut_off(tmp_path: Path):
    with open_store(tmp_path / "k.db") as store:
        old_strong = record(url="https://x.test/old", title="النفط النفط",
                            body="النفط " * 5 + "تقرير", published_at=NOW - timedelta(days=900))
        twins = [record(url=f"https://x.test/t{i}", title="خبر", body=f"النفط مرة {i} وكلام آخر",
                        published_at=NOW - timedelta(days=days)) for i, days in ((1, 200), (2, 0))]
        filler = [record(url=f"https://x.test/f{i}", title=f"خبر عادي {i}", body=f"كلام {i}",
                         published_at=NOW) for i in range(3)]
        results = store.add_articles([old_strong, *twins, *filler])
        old_id, older_twin, newer_twin = (r.article_id for r in results[:3])
        ranked = _ids(store, "النفط")
        assert ranked[0] == old_id  # the best match of long ago is first
        assert ranked.index(newer_twin) < ranked.index(older_twin)  # equal text: newer first


def test_filters_phrases_or_not_and_counts(tmp_path: Path):
    with open_store(tmp_path / "k.db") as store:
        store.add_articles([
            record(url="https://x.test/1", title="وقف إطلاق النار في غزة", body="نص",
                   source="أ", category="سياسة", published_at=NOW),
            record(url="https://x.test/2", title="إطلاق وقف النار", body="نص آخر", source="ب",
                   category="سياسة", published_at=NOW - timedelta(days=40)),
            record(url="https://x.test/3", title="غزة اليوم", body="النار", source="ب",
                   category="اقتصاد", published_at=NOW - timedelta(days=400)),
        ])
        assert search(store, '"وقف إطلاق النار"').total == 1
        assert search(store, "النار").total == 3
        assert search(store, "النار -غزة").total == 1
        assert search(store, "وقف OR اليوم").total == 3
        assert search(store, "النار source:ب").total == 2
        assert search(store, "النار category:سياسة").total == 2
        assert search(store, f"النار from:{(NOW - timedelta(days=60)).date()}").total == 2
        assert search(store, "النار source:غيرموجود").total == 0
        newest = [h.article.url for h in search(store, "النار", order="newest").hits]
        assert newest == ["https://x.test/1", "https://x.test/2", "https://x.test/3"]


def test_changes_reach_the_index_and_deletes_leave_it(tmp_path: Path):
    with open_store(tmp_path / "k.db") as store:
        store.add_articles([record(canonical_url="https://x.test/1", title="زلزال", body="نص",
                                   source="أ", entry_hash="e1")])
        assert search(store, "زلزال").total == 1
        store.add_articles([record(canonical_url="https://x.test/1", title="بركان", body="نص",
                                   source="أ", entry_hash="e2")], replace=True)
        assert search(store, "زلزال").total == 0 and search(store, "بركان").total == 1
        source_id = store.sources()[0].id
        store.remove_source(source_id, delete_articles=True)
        assert search(store, "بركان").total == 0


def test_queued_changes_are_replayed_after_a_crash(tmp_path: Path):
    path = tmp_path / "k.db"
    with open_store(path) as store:
        store.add_articles(_records(3))
    # A crash after the store committed, before tantivy did: the queue holds the rows.
    with open_store(path) as store:
        store.search_index.changed = lambda *_: None  # the process dies before indexing
        store.add_articles([record(url="https://x.test/late", title="إعصار", body="نص")])
        store.search_index._closed = True
    with open_store(path) as store:
        assert search(store, "إعصار").total == 1


@pytest.mark.parametrize("damage", ["deleted", "corrupted", "analyzer"])
def test_a_damaged_index_is_rebuilt_on_start(tmp_path: Path, damage: str):
    path = tmp_path / "k.db"
    with open_store(path) as store:
        store.add_articles(_records(30))
        expected = _ids(store, "النفط")
    root = Path(f"{path}.search")
    current = root / (root / "CURRENT").read_text()
    if damage == "deleted":
        shutil.rmtree(root)
    elif damage == "corrupted":
        for f in current.glob("*.idx"):
            f.write_bytes(b"\0garbage")
        (current / "meta.json").write_text("{not json")
    else:
        meta = json.loads((current / "khabar.json").read_text())
        (current / "khabar.json").write_text(json.dumps({**meta, "analyzer_version": -1}))
    with open_store(path) as store:
        assert _ids(store, "النفط") == expected


def test_search_says_the_index_is_being_built(tmp_path: Path, monkeypatch):
    path = tmp_path / "k.db"
    with open_store(path) as store:
        store.add_articles(_records(30))
    shutil.rmtree(f"{path}.search")
    monkeypatch.setattr(sqlite_module, "BUILD_IN_FOREGROUND", 0)
    gate = []
    original = ti.TantivyIndex._fill

    def slow_fill(self, *args):
        while not gate:
            time.sleep(0.01)
        return original(self, *args)

    monkeypatch.setattr(ti.TantivyIndex, "_fill", slow_fill)
    with open_store(path) as store:
        with pytest.raises(IndexBuilding) as caught:
            search(store, "النفط")
        assert "الفهرس قيد البناء" in caught.value.user_message
        gate.append(True)
        deadline = time.monotonic() + 30
        while store.search_index.building is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert search(store, "النفط").total == 30


def test_the_web_answers_503_while_the_index_is_built(tmp_path: Path, monkeypatch):
    from fastapi.testclient import TestClient

    from khabar.web.app import create_app

    with open_store(tmp_path / "k.db") as store:
        store.add_articles(_records(3))

        def building():
            raise IndexBuilding(10, 40)

        monkeypatch.setattr(store.search_index, "searcher", building)
        client = TestClient(create_app(store))
        response = client.get("/search", params={"q": "النفط"})
        assert response.status_code == 503
        assert "الفهرس قيد البناء" in response.text and response.headers["Retry-After"]


def test_the_queue_sequence_is_never_reused(tmp_path: Path):
    # Applied rows are dropped; a reused sequence number would be skipped as applied.
    with open_store(tmp_path / "k.db") as store:
        for i in range(3):
            store.add_articles([record(url=f"https://x.test/{i}", title=f"موضوع{i} فريد",
                                       body=f"نص {i}")])
            assert search(store, f"موضوع{i}").total == 1
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM search_queue")).scalar() == 0


def test_a_database_restored_from_a_backup_gets_a_fresh_index(tmp_path: Path):
    path = tmp_path / "k.db"
    with open_store(path) as store:
        store.add_articles([record(url="https://x.test/a", title="قديم", body="نص")])
    shutil.copy(path, tmp_path / "backup.db")
    with open_store(path) as store:
        store.add_articles([record(url="https://x.test/b", title="جديد", body="نص آخر")])
    shutil.copy(tmp_path / "backup.db", path)  # restored; the index is ahead of it
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open_store(path) as store:
        assert search(store, "جديد").total == 0 and search(store, "قديم").total == 1
        store.add_articles([record(url="https://x.test/c", title="ثالث", body="نص ثالث")])
        assert search(store, "جديد").total == 0 and search(store, "ثالث").total == 1


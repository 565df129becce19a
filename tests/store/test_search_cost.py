"""What a ranked search costs on SQLite + tantivy (issue 16, helper ``sqlitep95``): how many
tantivy searches the exact top 10 takes, and the page's rows read with the driver — the
results exactly as before."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from khabar.search.service import compile_query, prepare
from khabar.store import open_store
from khabar.store import sqlite_rows, sqlite_search
from khabar.store import tantivy_index as ti
from khabar.store.filters import ArticleFilter
from khabar.store.records import Enclosure, Entity, Image
from khabar.store.sql import SQLStore
from tests.conftest import record

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)


class Counting:
    """A tantivy searcher that counts its searches."""

    def __init__(self, searcher: Any) -> None:
        self.searcher, self.searches = searcher, 0

    def search(self, *args: Any, **kwargs: Any) -> Any:
        self.searches += 1
        return self.searcher.search(*args, **kwargs)

    def fast_field_values(self, *args: Any) -> Any:
        return self.searcher.fast_field_values(*args)


def _exhaustive(searcher: Any, query: Any, now_us: int, allowed: set[int] | None = None):
    hits, count = ti.ranked(searcher, query, 10_000)
    score = sqlite_search.freshness(hits[0].score, now_us)
    kept = [h for h in hits if allowed is None or h.id in allowed]
    return [(h.id, score(h)) for h in sorted(kept, key=lambda h: (-score(h), -h.id))], count


def test_many_recent_ties_settle_in_two_searches_and_exactly(tmp_path: Path):
    # 150 recent articles tie on BM25 (the same text): the page is their 10 freshest, and
    # only a recent list that reaches all of them can say so. It starts deep enough (4 first
    # looks), instead of growing 40 → 160 in a third search that scores every match again.
    same = [record(url=f"https://x.test/r{i}", title="خبر", body="النفط اليوم",
                   published_at=NOW - timedelta(hours=7 * i)) for i in range(150)]
    old = [record(url=f"https://x.test/o{i}", title="خبر",
                  body="النفط " + "كلام " * (3 + i % 5) + "أمس",
                  published_at=NOW - timedelta(days=400 + i)) for i in range(200)]
    with open_store(tmp_path / "k.db") as store:
        store.add_articles(same + old)
        compiled = sqlite_search.decode(compile_query(store.search_dialect, prepare("النفط")))
        _, searcher = store.search_index.searcher()
        must, must_not = sqlite_search.text_query(compiled)
        query = ti.all_of(must, must_not)
        now_us = ti.micros(NOW)
        counting = Counting(searcher)
        best, total = sqlite_search.best(counting, query, 10, now_us)
        exhaustive, count = _exhaustive(searcher, query, now_us)
        assert best == exhaustive[:10] and total == count == 350
        assert counting.searches == 2
        # deeper pages and a residual filter (checked in SQLite) are exact too
        best, _ = sqlite_search.best(searcher, query, 60, now_us)
        assert best == exhaustive[:60]
        allowed = set(range(1, 351, 3))
        best, _ = sqlite_search.best(searcher, query, 10, now_us,
                                     lambda ids: {i for i in ids if i in allowed})
        assert best == _exhaustive(searcher, query, now_us, allowed)[0][:10]


def test_the_page_rows_read_with_the_driver_are_the_same_articles(tmp_path: Path):
    with open_store(tmp_path / "k.db") as store:
        results = store.add_articles([
            record(url="https://x.test/1", title="النفط", body="نص", category="اقتصاد",
                   author="كاتب", summary="ملخص", image=Image("https://x.test/i.jpg", 640, 480),
                   enclosures=[Enclosure("https://x.test/a.mp3", "audio/mpeg", 12)],
                   entities=[Entity("غزة", "place")], keywords=["نفط"], countries=["PS"]),
            record(url="https://x.test/2", title="غزة", body="نص آخر", published_at=None,
                   source="فرانس 24"),
        ])
        ids = [r.article_id for r in results] + [999]
        with store.engine.connect() as conn:
            fast = sqlite_rows.articles_by_id(conn, ids)
            assert fast is not None and set(fast) == set(ids[:2])
            assert fast == SQLStore.articles_by_id(store, conn, ids)
            assert store.articles_by_id(conn, ids) == fast


def test_a_driver_error_falls_back_to_the_sqlalchemy_path(tmp_path: Path, monkeypatch):
    with open_store(tmp_path / "k.db") as store:
        article_id = store.add_articles([record(url="https://x.test/1")])[0].article_id
        monkeypatch.setattr(sqlite_rows, "_statement", lambda n: "SELECT nothing FROM nowhere")
        with store.engine.connect() as conn:
            assert sqlite_rows.articles_by_id(conn, [article_id]) is None
            assert list(store.articles_by_id(conn, [article_id])) == [article_id]
        page = store.search(compile_query(store.search_dialect, prepare("الخبر")), limit=5,
                            filters=ArticleFilter())
        assert [a.id for a, _ in page.hits] == [article_id]
    assert issubclass(sqlite3.OperationalError, sqlite3.Error)

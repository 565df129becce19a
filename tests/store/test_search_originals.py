"""Search for originals only (the search page's filter) on the SQLite backend: the near copies
are left out of tantivy's query, not every original listed into it (issue 16)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from khabar.search.service import compile_query, prepare
from khabar.store import open_store
from khabar.store import sqlite_search
from khabar.store.filters import ArticleFilter
from khabar.store.stories import Assignment
from tests.conftest import record

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
ORIGINALS = ArticleFilter(originals=True)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        ids = [r.article_id for r in store.add_articles([
            record(url=f"https://x.test/{i}", title=f"خبر {i}",
                   body="النفط " * (1 + i) + f"كلام {i}", published_at=NOW - timedelta(hours=i))
            for i in range(8)])]
        # 2 and 5 are near copies of 0; 7 is in the story but no copy
        store.save_stories([Assignment(i, ids[0], ids[0] if n in (2, 5) else None)
                            for n, i in enumerate(ids)], {ids[0]: ids[0]})
        store.ids = ids
        yield store


def _page(store, order="relevance", **kw):
    page = store.search(compile_query(store.search_dialect, prepare("النفط")),
                        order=order, filters=ORIGINALS, **kw)
    return [a.id for a, _ in page.hits], page.total


@pytest.mark.parametrize("residual_ids", [20_000, 1])
@pytest.mark.parametrize("order", ["relevance", "newest"])
def test_originals_leave_out_near_copies_in_hits_and_count(store, monkeypatch, order,
                                                           residual_ids):
    # 1: more copies than RESIDUAL_IDS, the matches are checked in SQLite instead
    monkeypatch.setattr(sqlite_search, "RESIDUAL_IDS", residual_ids)
    ids, total = _page(store, order, limit=20)
    copies = {store.ids[2], store.ids[5]}
    assert total == 6 and len(ids) == 6 and not copies & set(ids)
    everything = store.search(compile_query(store.search_dialect, prepare("النفط")),
                              order=order, limit=20)
    assert [a.id for a, _ in everything.hits if a.id not in copies] == ids
    assert _page(store, order, limit=2, offset=2)[0] == ids[2:4]


def test_originals_without_any_near_copy(tmp_path):
    with open_store(tmp_path / "k.db") as store:
        store.add_articles([record(url="https://x.test/a", title="النفط", body="نص")])
        assert _page(store)[1] == 1


def test_the_near_copies_join_the_query_not_every_original(store, monkeypatch):
    from khabar.store import tantivy_index as ti

    sizes = []
    original = ti.id_set

    def counting(ids):
        ids = list(ids)
        sizes.append(len(ids))
        return original(ids)

    monkeypatch.setattr(ti, "id_set", counting)
    assert _page(store)[1] == 6
    assert sizes == [2]

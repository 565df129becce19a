"""Search for originals only (the search page's filter) on the SQLite backend: tantivy's
documents hold the near-copy mark (``copy``), kept right when clustering marks or unmarks an
article (issue 16)."""

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
    # 1: a tiny RESIDUAL_IDS changes nothing: the near-copy mark is in tantivy, never listed
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


def test_no_id_joins_the_query_for_originals(store, monkeypatch):
    from khabar.store import tantivy_index as ti

    def listed(ids):
        raise AssertionError(f"ids listed into the query: {list(ids)}")

    monkeypatch.setattr(ti, "id_set", listed)
    assert _page(store)[1] == 6


def _expected(store, order):
    """Originals only, as SQLite's own filter (``duplicate_of``) gives them: every match
    newest first or by score, without those stored as near copies now."""
    everything = store.search(compile_query(store.search_dialect, prepare("النفط")),
                              order=order, limit=50)
    with store._read() as conn:
        copies = {r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM articles WHERE coalesce(duplicate_of, 0) != 0")}
    return [a.id for a, _ in everything.hits if a.id not in copies]


@pytest.mark.parametrize("order", ["relevance", "newest"])
def test_marking_and_unmarking_copies_is_followed(store, order):
    ids = store.ids
    assert _page(store, order, limit=50)[0] == _expected(store, order)
    # reclustered: 2 is an original again, 3 and 7 become copies (of 0 and of 1)
    store.save_stories([Assignment(ids[2], ids[0], None), Assignment(ids[3], ids[0], ids[0]),
                        Assignment(ids[7], ids[1], ids[1])], {ids[0]: ids[0], ids[1]: ids[1]})
    found, total = _page(store, order, limit=50)
    assert found == _expected(store, order) and total == len(found) == 5
    assert ids[2] in found and not {ids[3], ids[5], ids[7]} & set(found)
    store.clear_stories()
    found, total = _page(store, order, limit=50)
    assert sorted(found) == sorted(ids) and total == 8


def test_only_changed_marks_are_queued(store):
    ids = store.ids
    store.search_index.catch_up()
    before = store._last_seq()
    store.save_stories([Assignment(i, ids[0], ids[0] if n in (2, 5) else None)
                        for n, i in enumerate(ids)], {ids[0]: ids[0]})  # the same again
    assert store._last_seq() == before
    store.save_stories([Assignment(ids[5], ids[0], None)], {ids[0]: ids[0]})
    assert [a for _, a in store._queued(before)] == [ids[5]]


def test_marks_survive_a_rebuild_and_a_restart(tmp_path):
    path = tmp_path / "k.db"
    with open_store(path) as store:
        ids = [r.article_id for r in store.add_articles([
            record(url=f"https://x.test/{i}", title=f"النفط {i}", body="نص") for i in range(3)])]
        store.save_stories([Assignment(ids[1], ids[0], ids[0])], {ids[0]: ids[0]})
        store.search_index.rebuild()
        assert sorted(_page(store, limit=10)[0]) == [ids[0], ids[2]]
    with open_store(path) as store:
        assert sorted(_page(store, limit=10)[0]) == [ids[0], ids[2]]

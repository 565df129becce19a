"""Issue 20, item 6: during `khabar reindex` a live server saw 0, 1, 2 … 438 of 465 matches."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import bindparam, select

import khabar.store.reindex as sql  # the reindex steps left sql.py (#16 item 3)
from khabar.search import search
from khabar.store.schema import articles
from tests.conftest import record


def test_a_search_during_a_reindex_sees_every_article(store, monkeypatch) -> None:
    store.add_articles([record(title=f"خبر عن غزة رقم {n}", body=f"نص {n} عن غزة والمعابر.",
                               url=f"https://x.com/{n}") for n in range(9)])
    assert search(store, "غزة").total == 9
    monkeypatch.setattr(sql, "_REINDEX_BATCH", select(articles.c.id, articles.c.title, articles.c.body)
                        .where(articles.c.id > bindparam("after")).order_by(articles.c.id).limit(2))
    seen: list[int] = []
    store.reindex(lambda done, total: seen.append(search(store, "غزة").total))
    assert seen == [9] * 5
    assert search(store, "غزة").total == 9


def test_a_reindex_drops_entries_of_deleted_articles(store) -> None:
    results = store.add_articles([record(title="خبر عن النفط", body="نص عن النفط", url="https://x.com/1"),
                                  record(title="خبر آخر عن النفط", body="نص", url="https://x.com/2")])
    with store._write() as conn:  # an article gone without its index entry (a crash, an old bug)
        conn.execute(articles.delete().where(articles.c.id == results[1].article_id))
    store.reindex()
    assert search(store, "النفط").total == 1


def _small_batches(monkeypatch, size: int = 2) -> None:
    monkeypatch.setattr(sql, "_REINDEX_BATCH", select(articles.c.id, articles.c.title, articles.c.body)
                        .where(articles.c.id > bindparam("after")).order_by(articles.c.id).limit(size))


def _stale_index(store, ids) -> None:
    """An index built by another analyzer: no entry matches what a search for غزة looks for."""
    with store._write() as conn:
        for article_id in ids:
            store._unindex(conn, article_id)
            store._index(conn, article_id, "عنوان قديم", "نص قديم")


def test_a_reindex_builds_beside_the_live_index_and_switches_at_the_end(store, monkeypatch) -> None:
    results = store.add_articles([record(title=f"خبر عن غزة رقم {n}", body="نص عن المعابر.",
                                         url=f"https://x.com/{n}") for n in range(9)])
    _stale_index(store, [r.article_id for r in results])
    assert search(store, "غزة").total == 0
    _small_batches(monkeypatch)
    seen: list[tuple[int, int]] = []
    store.reindex(lambda done, total: seen.append((search(store, "غزة").total,
                                                   search(store, "قديم").total)))
    # Updated in place, the searches saw 2, 4, 6, 8 of 9 (and the old index shrink).
    assert seen == [(0, 9)] * 5
    assert (search(store, "غزة").total, search(store, "قديم").total) == (9, 0)


def test_a_concurrent_search_never_sees_a_partial_index(store, monkeypatch) -> None:
    results = store.add_articles([record(title=f"خبر عن غزة رقم {n}", body="نص عن المعابر.",
                                         url=f"https://x.com/{n}") for n in range(40)])
    _stale_index(store, [r.article_id for r in results])
    _small_batches(monkeypatch, 3)
    seen: list[int] = []
    stop = threading.Event()

    def searching() -> None:
        while not stop.is_set():
            seen.append(search(store, "غزة").total)

    thread = threading.Thread(target=searching)
    thread.start()
    try:
        store.reindex(lambda done, total: time.sleep(0.01))
    finally:
        stop.set()
        thread.join()
    assert seen and set(seen) <= {0, 40}, sorted(set(seen))
    assert search(store, "غزة").total == 40


def test_what_is_written_during_a_reindex_is_in_the_new_index(store, monkeypatch) -> None:
    results = store.add_articles([record(title=f"خبر عن غزة رقم {n}", body="نص عن المعابر.",
                                         url=f"https://x.com/{n}") for n in range(6)])
    _small_batches(monkeypatch)
    written: list[int] = []

    def meanwhile(done: int, total: int) -> None:
        if done == 2:  # article 0 is in the new index already: its text changes, a new one comes
            store.add_articles([record(title="خبر عن رفح", body="نص جديد عن رفح.",
                                       url="https://x.com/0")], replace=True)
            written.append(store.add_articles([record(
                title="خبر جديد عن غزة", body="نص.", url="https://x.com/new")])[0].article_id)
        if done == 4:  # article 1 goes, with its entry
            _delete(store, results[1].article_id)

    store.reindex(meanwhile)
    assert written
    assert search(store, "غزة").total == 6  # 6 − the changed one − the deleted one + the new one
    assert search(store, "رفح").total == 1


def _delete(store, article_id: int) -> None:
    with store._write() as conn:
        store._unindex(conn, article_id)
        conn.execute(articles.delete().where(articles.c.id == article_id))


def test_a_killed_reindex_leaves_the_live_index_and_the_next_one_finishes(store, monkeypatch) -> None:
    store.add_articles([record(title=f"خبر عن غزة رقم {n}", body="نص.", url=f"https://x.com/{n}")
                        for n in range(5)])
    _small_batches(monkeypatch)

    def killed(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.reindex(killed)
    assert search(store, "غزة").total == 5
    assert store.reindex() == 5
    assert search(store, "غزة").total == 5

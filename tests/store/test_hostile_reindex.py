"""Issue 20, item 6: during `khabar reindex` a live server saw 0, 1, 2 … 438 of 465 matches."""

from __future__ import annotations

from sqlalchemy import bindparam, select

import khabar.store.sql as sql
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

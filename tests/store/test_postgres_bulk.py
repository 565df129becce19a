"""PostgreSQL: a first load with the text indexes built once at the end
(``khabar.store.postgres_bulk``), and searches on the machine index that read in autocommit
from a pool of their own, without the check-out ping (``PostgresStore._search_read``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from khabar.pipeline import import_paths
from khabar.search.service import compile_query, prepare
from khabar.store import open_store, postgres_rum
from khabar.store.postgres_bulk import GIN_INDEX, text_indexes_deferred
from tests.conftest import record

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)


def _records(n: int, word: str = "النفط"):
    return [record(url=f"https://x.test/{word}/{i}", title=f"خبر رقم {i} عن {word}",
                   body=f"{word} كلام مختلف {i} " * (3 + i % 5),
                   published_at=NOW - timedelta(days=i))
            for i in range(n)]


def _indexes(store) -> set[str]:
    with store.engine.connect() as conn:
        return {r[0] for r in conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'article_fts'"))}


def _search(store, query: str):
    analyzed = prepare(query)
    return store.search(compile_query(store.search_dialect, analyzed), limit=5,
                        filters=analyzed.filters)


def test_a_bulk_load_builds_the_text_indexes_once_after(pg_url):
    with open_store(pg_url) as store:
        before = _indexes(store)
        assert GIN_INDEX in before
        with text_indexes_deferred(store.engine):
            assert GIN_INDEX not in _indexes(store)
            assert postgres_rum.RUM_INDEX not in _indexes(store)
            store.add_articles(_records(30))
        assert _indexes(store) == before  # the same indexes (RUM too, if the server has it)
        page = _search(store, "النفط")
        assert page.total == 30 and len(page.hits) == 5


def test_a_bulk_load_may_leave_rum_to_migrate(pg_url):
    with open_store(pg_url) as store:
        had_rum = postgres_rum.RUM_INDEX in _indexes(store)
        with text_indexes_deferred(store.engine, rum=False):
            store.add_articles(_records(5))
        assert GIN_INDEX in _indexes(store)
        assert postgres_rum.RUM_INDEX not in _indexes(store)
        store.migrate()
        assert (postgres_rum.RUM_INDEX in _indexes(store)) == had_rum


def test_machine_index_searches_read_outside_a_transaction(pg_url, tmp_path):
    seen: list[tuple[bool, object]] = []
    with open_store(pg_url, search_index_dir=str(tmp_path / "m")) as store:
        store.add_articles(_records(12))
        read_page = store.articles_by_id

        def spying(conn, ids):
            raw = conn.connection.dbapi_connection
            seen.append((raw.autocommit, raw.info.transaction_status.name))
            return read_page(conn, ids)

        store.articles_by_id = spying  # type: ignore[method-assign]
        assert _search(store, "النفط").total == 12
    assert seen == [(True, "IDLE")]  # no BEGIN before, no rollback after


def test_a_search_after_the_server_dropped_its_connections_answers(pg_url, tmp_path):
    with open_store(pg_url, search_index_dir=str(tmp_path / "m")) as store:
        store.add_articles(_records(8))
        assert _search(store, "النفط").total == 8  # the search pool holds a connection now
        with store.engine.connect() as conn:  # as a server restart would
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        page = _search(store, "النفط")
        assert page.total == 8 and len(page.hits) == 5


def _jsonl(path, n: int, word: str):
    path.write_text("\n".join(json.dumps(
        {"title": f"خبر رقم {i} عن {word}", "text": f"{word} كلام مختلف {i} " * (3 + i % 5),
         "source": "مصدر الاستيراد", "time_utc": f"2025-05-{1 + i % 28:02d}T10:00:00Z",
         "url": f"https://x.test/{word}/{i}"}, ensure_ascii=False) for i in range(n)),
        encoding="utf-8")
    return path


def test_an_import_into_an_empty_database_builds_the_text_indexes_once_after(pg_url, tmp_path,
                                                                              monkeypatch):
    # `khabar import` into an empty PostgreSQL database defers article_fts's GIN and RUM
    # (Store.first_load); into one that holds articles, it keeps them (others search it).
    seen: list[set[str]] = []
    with open_store(pg_url) as store:
        before = _indexes(store)
        add = store.add_articles

        def spying(records, *args, **kwargs):
            seen.append(_indexes(store))
            return add(records, *args, **kwargs)

        monkeypatch.setattr(store, "add_articles", spying)
        assert import_paths(store, [_jsonl(tmp_path / "a.jsonl", 20, "النفط")]).inserted == 20
        assert seen and all(GIN_INDEX not in s for s in seen)
        assert _indexes(store) == before and _search(store, "النفط").total == 20
        seen.clear()
        assert import_paths(store, [_jsonl(tmp_path / "b.jsonl", 10, "القمح")]).inserted == 10
        assert seen and all(s == before for s in seen)
        assert _search(store, "القمح").total == 10


def test_a_first_load_stopped_before_its_indexes_gets_them_at_the_next_start(pg_url):
    with open_store(pg_url) as store:
        before = _indexes(store)
        with store.engine.begin() as conn:  # as a load killed before it built them again
            conn.execute(text(f"DROP INDEX {GIN_INDEX}"))
    with open_store(pg_url) as store:
        assert _indexes(store) == before

"""PostgreSQL with a tantivy index per machine (setting ``search_index_dir``, issue 16,
``khabar/store/postgres_tantivy.py``): built from the shared database, kept by tailing its
queue in commit-safe order, replayed after a crash, shared by the processes of a machine,
and built again by a second machine from the same database."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from khabar.arabic import analyze
from khabar.errors import StoreError
from khabar.pipeline.countries import match_archive
from khabar.search import search
from khabar.search.service import compile_query, prepare
from khabar.store import open_store
from khabar.store import postgres_tantivy as pt
from khabar.store.filters import ArticleFilter
from khabar.store.postgres import tsvector_literal
from tests.conftest import REPO, record

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
#: queue rows every machine has applied, still there
_UNPRUNED = ("SELECT count(*) FROM search_queue WHERE xid <= "
             "(SELECT min(applied) FROM search_replicas)")


def _records(n: int, word: str = "النفط", source: str = "سكاي نيوز عربية"):
    return [record(url=f"https://x.test/{word}/{i}", title=f"خبر رقم {i}", source=source,
                   body=(f"{word} " * (1 + i % 7)) + f"كلام مختلف {i} " * (5 + i % 11),
                   published_at=NOW - timedelta(days=3 * i))
            for i in range(n)]


def _search(store, query: str, **kw):
    return store.search(compile_query(store.search_dialect, prepare(query)), **kw)


def _ids(store, query: str, **kw) -> list[int]:
    return [a.id for a, _ in _search(store, query, **kw).hits]


def _wait_for(check, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_terms_are_read_back_from_the_tsvector(pg_url):
    title = "وزير النفط السعودي يلتقي 'نظيره' الروسي"
    body = "قال الوزير إن أسعار النفط سترتفع، والنفط مهم. سعر\\البرميل"
    with open_store(pg_url) as store, store.engine.connect() as conn:
        shown = conn.execute(text("SELECT CAST(:d AS tsvector)::text"),
                             {"d": tsvector_literal(title, body)}).scalar_one()
    assert pt.terms_of(shown) == (" ".join(analyze(title)), " ".join(analyze(body)))


def test_without_the_setting_nothing_is_queued(pg_url):
    with open_store(pg_url) as store:
        assert store.search_dialect == "tsquery" and store.search_index is None
        store.add_articles(_records(3))
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM search_queue")).scalar_one() == 0


def test_same_answers_as_sqlite(pg_url, tmp_path: Path):
    # Same articles, same terms, same score: the same pages and totals as the SQLite store,
    # with filters tantivy holds, and newest first.
    records = _records(40) + _records(15, word="الغاز", source="الجزيرة")
    with open_store(tmp_path / "k.db") as lite, \
            open_store(pg_url, search_index_dir=str(tmp_path / "machine1")) as pg:
        lite.add_articles(records)
        pg.add_articles(records)
        assert pg.search_dialect == "tantivy"
        for query, kw in [("النفط", {}), ("الغاز", {}), ("كلام مختلف", {}),
                          ('"كلام مختلف"', {"order": "newest"}),
                          ("كلام", {"filters": ArticleFilter(sources=("الجزيرة",))}),
                          ("النفط", {"offset": 10, "limit": 5})]:
            a, b = _search(lite, query, **kw), _search(pg, query, **kw)
            assert [x.url for x, _ in a.hits] == [x.url for x, _ in b.hits], query
            assert a.total == b.total, query


def test_a_later_xid_committing_first_does_not_hide_an_earlier_one(pg_url, tmp_path: Path):
    # Transaction A writes first (smaller xid), B writes later and commits first: the index
    # applies B, then A once it commits; a sequence number would have skipped A.
    with open_store(pg_url, search_index_dir=str(tmp_path / "m")) as store:
        store._tailer.stop()
        store.add_articles(_records(2))
        store.search_index.catch_up()
        first, second = sorted(_ids(store, "النفط"))

        def rewrite(conn, article_id: int, word: str) -> None:
            conn.execute(text("UPDATE article_fts SET document = CAST(:d AS tsvector) "
                              "WHERE article_id = :id"),
                         {"d": tsvector_literal("عنوان", word), "id": article_id})
            conn.execute(pt.QUEUE, {"ids": [article_id]})

        with store.engine.connect() as a, store.engine.connect() as b:
            ta = a.begin()
            rewrite(a, first, "البرتقال")
            with b.begin():
                rewrite(b, second, "التفاح")
            store.search_index.catch_up()
            assert _ids(store, "التفاح") == [second]
            assert _ids(store, "البرتقال") == []
            ta.commit()
        store.search_index.catch_up()
        assert _ids(store, "البرتقال") == [first]


def test_changes_left_by_a_dead_process_are_replayed(pg_url, tmp_path: Path):
    folder = str(tmp_path / "m")
    store = open_store(pg_url, search_index_dir=folder)
    store._tailer.stop()
    store.search_index.changed = lambda *_: None  # the process dies before indexing
    store.add_articles(_records(5, word="الزيتون"))
    store.search_index._closed = True
    store.engine.dispose()  # gone, without close()
    with open_store(pg_url, search_index_dir=folder) as again:
        assert len(_ids(again, "الزيتون")) == 5


def test_processes_of_one_machine_share_its_folder(pg_url, tmp_path: Path):
    # This process tails the queue and writes the index; another process on the same folder
    # writes an article, finds it (read-your-writes) without taking over the tailing, and
    # this process then finds it too (it reloads the index the other one committed).
    folder = str(tmp_path / "m")
    script = textwrap.dedent(f"""
        from khabar.search.service import compile_query, prepare
        from khabar.store import open_store
        from tests.conftest import record
        with open_store({pg_url!r}, search_index_dir={folder!r}) as s:
            s.add_articles([record(url="https://x.test/other", title="خبر", body="الرمان")])
            page = s.search(compile_query(s.search_dialect, prepare("الرمان")))
            print(page.total, s._tailer.holding)
    """)
    with open_store(pg_url, search_index_dir=folder) as store:
        assert _wait_for(lambda: store._tailer.holding)
        done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["1", "False"]
        assert _wait_for(lambda: _search(store, "الرمان").total == 1)


def test_a_second_machine_builds_from_the_database_and_follows(pg_url, tmp_path: Path):
    with open_store(pg_url, search_index_dir=str(tmp_path / "one")) as one:
        one.add_articles(_records(12))
        with open_store(pg_url, search_index_dir=str(tmp_path / "two")) as two:
            assert _ids(two, "النفط", limit=20) == _ids(one, "النفط", limit=20)
            two._tailer.stop()
            one.add_articles(_records(3, word="العنب"))
            one.search_index.catch_up()
            with one.engine.connect() as conn:
                # machine two has not applied them: the rows stay
                assert conn.execute(text("SELECT count(*) FROM search_queue")).scalar_one() >= 3
            two.search_index.catch_up()
            assert len(_ids(two, "العنب")) == 3
            with one.engine.connect() as conn:
                # rows are dropped only up to what both machines applied (their applied
                # stops below transactions still running anywhere on the server)
                assert conn.execute(text(_UNPRUNED)).scalar_one() == 0
                assert conn.execute(text("SELECT count(*) FROM search_replicas")).scalar_one() == 2


def test_a_machine_away_too_long_is_dropped_and_rebuilds(pg_url, tmp_path: Path):
    with open_store(pg_url, search_index_dir=str(tmp_path / "one")) as one:
        one.add_articles(_records(4))
        two_dir = tmp_path / "two"
        with open_store(pg_url, search_index_dir=str(two_dir)) as two:
            name, built = two._feed.name, two.search_index.name
        with one.engine.begin() as conn:
            conn.execute(text("UPDATE search_replicas SET seen_at = now() - interval '30 days' "
                              "WHERE name = :n"), {"n": name})
        one.add_articles(_records(2, word="التين"))
        one.search_index.catch_up()  # drops machine two, and the rows only it needed
        with one.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM search_replicas")).scalars().all() == [
                one._feed.name]
            assert conn.execute(text(_UNPRUNED)).scalar_one() == 0
        with open_store(pg_url, search_index_dir=str(two_dir)) as two:
            assert two.search_index.name != built  # rebuilt: the queue lost its rows
            assert len(_ids(two, "التين")) == 2


def test_a_transaction_larger_than_a_batch_is_applied_whole(pg_url, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pt, "QUEUE_BATCH", 3)
    with open_store(pg_url, search_index_dir=str(tmp_path / "m")) as store:
        store._tailer.stop()
        store.add_articles(_records(10, word="الموز"))  # one transaction, 10 rows
        store.search_index.catch_up()
        assert _search(store, "الموز").total == 10


def test_a_batch_that_failed_is_read_again(pg_url, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pt, "QUEUE_BATCH", 3)
    with open_store(pg_url, search_index_dir=str(tmp_path / "m")) as store:
        store._tailer.stop()
        store.add_articles(_records(10, word="الخوخ"))
        index, calls = store.search_index, []
        real = index._docs

        def flaky(ids):
            calls.append(ids)
            if len(calls) == 2:  # the second batch of the transaction: the database is gone
                raise StoreError("connection lost")
            return real(ids)

        monkeypatch.setattr(index, "_docs", flaky)
        with pytest.raises(StoreError):
            index.catch_up()
        index.catch_up()
        assert _search(store, "الخوخ").total == 10


def test_articles_a_source_merge_moves_are_found_under_their_new_source(pg_url, tmp_path: Path):
    # the machine's index holds each article's source (source filters): a merge moves it too
    with open_store(pg_url, search_index_dir=str(tmp_path / "m")) as store:
        store.add_articles([
            record(url="https://www.alarabiya.net/ar/1", title="قافلة مساعدات", body="نص القافلة",
                   source="alarabia"),
            record(url="https://www.alarabiya.net/ar/2", title="قافلة أخرى", body="نص آخر",
                   source="Al Arabiya"),
        ])
        assert search(store, "قافلة").total == 2
        assert match_archive(store)["merged"] == 1
        [kept] = store.sources()
        assert search(store, f"قافلة source:{kept.name}").total == 2

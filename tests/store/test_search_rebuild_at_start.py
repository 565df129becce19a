"""A search index deleted or damaged is rebuilt at start while khabar serves (issue 16:
"khabar rebuilds it on start with a progress bar, serving «الفهرس قيد البناء» meanwhile
instead of wrong results"): the tantivy directory deleted, the FTS5 terms it is fed from
dropped or corrupted. Above ``BUILD_IN_FOREGROUND`` articles the rebuild runs in a thread:
searches answer 503 with Retry-After (an Arabic page, JSON under /api), writes go on, and
the rebuilt index holds every article, those written meanwhile too."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from khabar.errors import IndexBuilding
from khabar.search import search
from khabar.store import open_store
from khabar.store import sqlite as sqlite_module
from khabar.store import tantivy_index as ti
from khabar.store.sqlite import SQLiteStore
from khabar.web.app import create_app
from tests.conftest import record

N = 40
DAMAGE = {
    "tantivy deleted": None,
    "fts5 deleted": "DROP TABLE article_fts",
    "fts5 corrupted": "UPDATE article_fts_data SET block = x'00ff00ff' WHERE id > 10",
    "fts5 entries lost": "DELETE FROM article_fts WHERE rowid > 20",
}


def _store_with_articles(path: Path) -> None:
    with open_store(path) as store:
        store.add_articles([record(url=f"https://x.test/{i}", title=f"النفط {i}",
                                   body="نص عن أسعار النفط " * 30 + str(i)) for i in range(N)])


def _damage(path: Path, damage: str) -> None:
    if DAMAGE[damage] is None:
        shutil.rmtree(f"{path}.search")
    else:
        with sqlite3.connect(path) as conn:
            conn.execute(DAMAGE[damage])


@pytest.fixture
def gated(monkeypatch):
    """``gated()``: from now on rebuilds run in a thread (any size), each held at its start
    until the event it returns is set."""
    def install() -> threading.Event:
        monkeypatch.setattr(sqlite_module, "BUILD_IN_FOREGROUND", 0)
        gate = threading.Event()
        for cls, name in ((SQLiteStore, "_reindex_locked"), (ti.TantivyIndex, "_fill")):
            original = getattr(cls, name)

            def held(self, *args, _original=original):
                assert gate.wait(30)
                return _original(self, *args)

            monkeypatch.setattr(cls, name, held)
        return gate
    return install


def _wait_until_searchable(store) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            store.search_index.searcher()
            return
        except IndexBuilding:
            time.sleep(0.05)
    pytest.fail("the index was not rebuilt")


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_khabar_serves_being_built_then_the_whole_index(tmp_path: Path, gated, damage: str):
    path = tmp_path / "k.db"
    _store_with_articles(path)
    _damage(path, damage)
    gate = gated()
    with open_store(path) as store:  # returns at once: the rebuild runs in a thread
        client = TestClient(create_app(store))
        page = client.get("/search", params={"q": "النفط"})
        assert page.status_code == 503 and page.headers["Retry-After"]
        assert page.headers["content-type"].startswith("text/html")
        assert "الفهرس قيد البناء" in page.text and 'lang="ar"' in page.text
        api = client.get("/api/search", params={"q": "النفط"})
        assert api.status_code == 503 and api.headers["Retry-After"]
        assert api.json()["error"]["code"] == "IndexBuilding"
        with pytest.raises(IndexBuilding):
            search(store, "النفط")
        # Writes go on meanwhile, and are in the rebuilt index.
        store.add_articles([record(url="https://x.test/new", title="النفط جديد", body="نص")])
        assert client.get("/", follow_redirects=True).status_code == 200  # the rest serves
        gate.set()
        _wait_until_searchable(store)
        assert search(store, "النفط").total == N + 1
        assert search(store, "أسعار").total == N
        assert store.text_index_damage() is None and store.index_is_current()
        assert client.get("/search", params={"q": "النفط"}).status_code == 200
    with open_store(path) as store:  # and the next start finds nothing to rebuild
        assert store.search_index.usable() and search(store, "النفط").total == N + 1


def test_no_change_reaches_tantivy_from_terms_being_rebuilt(tmp_path: Path, gated):
    # The tantivy index is fed from FTS5: while FTS5 is rebuilt nothing is applied to it
    # (a half-built FTS5 would delete documents from it), and the index in use is dropped.
    path = tmp_path / "k.db"
    _store_with_articles(path)
    _damage(path, "fts5 entries lost")
    gate = gated()
    with open_store(path) as store:
        index = store.search_index
        assert index.held
        deadline = time.monotonic() + 10
        while (Path(f"{path}.search") / "CURRENT").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not (Path(f"{path}.search") / "CURRENT").exists()
        store.add_articles([record(url="https://x.test/new", title="النفط جديد", body="نص")])
        assert index.catch_up() == 0
        gate.set()
        _wait_until_searchable(store)
        assert not index.held and search(store, "النفط").total == N + 1


def test_a_failed_rebuild_keeps_answering_being_built(tmp_path: Path, monkeypatch, caplog):
    monkeypatch.setattr(sqlite_module, "BUILD_IN_FOREGROUND", 0)
    path = tmp_path / "k.db"
    _store_with_articles(path)
    _damage(path, "fts5 deleted")

    def broken(self, progress):
        raise OSError("disk full")

    monkeypatch.setattr(SQLiteStore, "_reindex_locked", broken)
    with caplog.at_level(logging.ERROR), open_store(path) as store:
        assert store._rebuilder is not None
        store._rebuilder.join(10)
        with pytest.raises(IndexBuilding):
            search(store, "النفط")
    assert "the rebuild failed" in caplog.text


def test_the_rebuild_shows_its_progress(tmp_path: Path, monkeypatch, caplog):
    # On the bar a terminal gives (khabar.cli.progress.progress_of), both phases; without
    # one, in log lines.
    path = tmp_path / "k.db"
    _store_with_articles(path)
    _damage(path, "fts5 deleted")
    seen: list[tuple[str, int, int, str]] = []

    @contextmanager
    def bar(label: str):
        yield lambda done, total, phase="": seen.append((label, done, total, phase))

    with open_store(path, progress=bar) as store:
        assert search(store, "النفط").total == N
    assert ("search index", N, N, "terms") in seen and ("search index", N, N, "tantivy") in seen
    _damage(path, "fts5 deleted")
    with caplog.at_level(logging.INFO, logger="khabar.store"), open_store(path):
        pass
    assert f"search index: {N} of {N} articles analyzed (100%)" in caplog.text
    assert f"search index: {N} of {N} articles indexed (100%)" in caplog.text


def test_one_rebuild_at_a_time(tmp_path: Path, gated):
    # Two processes finding the damage: the second waits for the first's rebuild (terms.lock)
    # and finds it done, instead of rebuilding beside it.
    path = tmp_path / "k.db"
    _store_with_articles(path)
    _damage(path, "fts5 deleted")
    gate = gated()
    first = open_store(path)
    second = open_store(path)
    try:
        gate.set()
        _wait_until_searchable(first)
        _wait_until_searchable(second)
        assert search(first, "النفط").total == N and search(second, "النفط").total == N
    finally:
        first.close()
        second.close()


def test_khabar_reindex_waits_for_the_rebuild_at_start_instead_of_a_second(tmp_path: Path, gated,
                                                                            monkeypatch):
    # `khabar reindex` on a damaged store: opening it starts the rebuild (in a thread above
    # BUILD_IN_FOREGROUND); the command's reindex is that rebuild, not a second one after it.
    path = tmp_path / "k.db"
    _store_with_articles(path)
    _damage(path, "fts5 deleted")
    gate = gated()
    rebuilds: list[int] = []
    held = SQLiteStore._reindex_locked

    def counted(self, *args):
        rebuilds.append(1)
        return held(self, *args)

    monkeypatch.setattr(SQLiteStore, "_reindex_locked", counted)
    with open_store(path) as store:
        done: list[int] = []
        command = threading.Thread(target=lambda: done.append(store.reindex()))
        command.start()
        gate.set()
        command.join(30)
        assert done == [N] and len(rebuilds) == 1
        assert search(store, "النفط").total == N
        assert store.reindex() == N and len(rebuilds) == 2  # asked again: rebuilt again

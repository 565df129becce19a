"""The fault suite: `kill -9` of an import or a reindex at a random point, then the same command
again, on both backends: nothing lost, nothing doubled, the same stories as a clean run.

CI runs ``FAULT_SEEDS`` (default 2) kill points per backend; ``make faults`` runs more.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from khabar.search import search
from khabar.store import open_store
from tests.conftest import BACKENDS, pg_database
from tests.faults.corpus import write_corpus

SEEDS = range(int(os.environ.get("FAULT_SEEDS", "2")))
#: a reindex of these articles takes about a second: one kill point per seed pair is enough
REINDEX_SEEDS = range(max(1, len(SEEDS) // 2))
ARTICLES = int(os.environ.get("FAULT_ARTICLES", "400"))

Snapshot = tuple[list[str], frozenset, int]


def khabar(db: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "KHABAR_DB": db}
    return subprocess.Popen([sys.executable, "-m", "khabar", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(db: str, *args: str) -> float:
    started = time.monotonic()
    proc = khabar(db, *args)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]
    return time.monotonic() - started


def snapshot(db: str) -> Snapshot:
    """Every article's URL (sorted, duplicates kept), the story partition, and the count of
    articles a common word finds."""
    with open_store(db) as store, store.engine.connect() as conn:
        rows = conn.execute(text("SELECT url, story_id FROM articles")).all()
        stories: dict[int, set[str]] = {}
        for url, story_id in rows:
            stories.setdefault(story_id, set()).add(url)
        found = search(store, "مسؤولون").total
    return sorted(url for url, _ in rows), frozenset(frozenset(s) for s in stories.values()), found


@contextmanager
def database(backend: str, request, tmp_path: Path, name: str):
    if backend == "postgresql":
        with pg_database(request.getfixturevalue("pg_template")) as url:
            yield url
    else:
        yield str(tmp_path / f"{name}.db")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("faults") / "corpus.jsonl", ARTICLES)


_clean: dict[str, tuple[Snapshot, float]] = {}


@pytest.fixture(params=BACKENDS)
def clean(request, corpus, tmp_path) -> tuple[str, Snapshot, float]:
    backend = request.param
    if backend not in _clean:
        with database(backend, request, tmp_path, "clean") as db:
            seconds = finish(db, "import", str(corpus))
            _clean[backend] = (snapshot(db), seconds)
    return backend, *_clean[backend]


@pytest.mark.parametrize("seed", SEEDS)
def test_an_import_killed_and_run_again_matches_a_clean_import(clean, corpus, seed, request,
                                                               tmp_path) -> None:
    backend, expected, seconds = clean
    rng = random.Random(f"import-{backend}-{seed}")
    with database(backend, request, tmp_path, f"killed{seed}") as db:
        proc = khabar(db, "import", str(corpus))
        time.sleep(rng.uniform(0.15, 0.85) * seconds)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        finish(db, "import", str(corpus))
        urls, stories, found = snapshot(db)
    assert len(urls) == len(set(urls)) == ARTICLES  # nothing lost, nothing doubled
    assert urls == expected[0]
    assert found == expected[2]
    assert stories == expected[1], "story placement differs from a clean import"


@pytest.mark.parametrize("seed", REINDEX_SEEDS)
def test_a_reindex_killed_leaves_search_whole(clean, corpus, seed, request, tmp_path) -> None:
    backend, expected, _ = clean
    rng = random.Random(f"reindex-{backend}-{seed}")
    with database(backend, request, tmp_path, f"reindex{seed}") as db:
        finish(db, "import", str(corpus))
        reindex_seconds = finish(db, "reindex")
        proc = khabar(db, "reindex")
        time.sleep(rng.uniform(0.3, 0.95) * reindex_seconds)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert snapshot(db)[2] == expected[2]  # the killed reindex left every article findable
        finish(db, "reindex")
        assert snapshot(db) == expected

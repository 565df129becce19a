"""The fault suite, polling: `kill -9` of `khabar worker --once` mid-poll, then the worker again,
on both backends: the same articles as an uninterrupted poll, none twice, the same stories."""

from __future__ import annotations

import json
import random
import signal
import time

import pytest

from khabar.store import open_store
from tests.faults.corpus import write_corpus
from tests.faults.test_kill_and_resume import SEEDS, database, finish, khabar, snapshot
from tests.loopback import Loopback

ENTRIES = 300


def rss(rows: list[dict]) -> str:
    from html import escape

    items = "".join(
        f"<item><title>{escape(r['title'])}</title><link>{r['url']}</link><guid>{r['url']}</guid>"
        f"<description>{escape(r['text'])}</description><pubDate>{r['time_utc']}</pubDate></item>"
        for r in rows)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>ق</title>{items}</channel></rss>'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    rows = [json.loads(line) for line in write_corpus(
        tmp_path_factory.mktemp("feed") / "c.jsonl", ENTRIES).read_text().splitlines()]
    s = Loopback()
    s.static("/feed.xml", rss(rows))
    yield s
    s.close()


@pytest.fixture(autouse=True)
def worker_env(monkeypatch):
    for name, value in {"ALLOW_PRIVATE_NETWORKS": "1", "FETCH_PAGES": "0", "LEASE_SECONDS": "1",
                        "MAX_PAGES_PER_POLL": "1000", "PER_HOST_DELAY": "0", "RETRIES": "0"}.items():
        monkeypatch.setenv(f"KHABAR_{name}", value)


def follow(db: str, server: Loopback) -> None:
    with open_store(db) as store:
        store.follow_source(name="وكالة", feed_url=server.url("/feed.xml"), kind="feed")


_clean: dict[str, tuple] = {}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_worker_killed_mid_poll_then_run_again(server, backend, seed, request, tmp_path) -> None:
    if backend not in _clean:
        with database(backend, request, tmp_path, "clean") as db:
            follow(db, server)
            seconds = finish(db, "worker", "--once")
            _clean[backend] = (snapshot(db), seconds)
    expected, seconds = _clean[backend]
    assert len(expected[0]) == ENTRIES
    rng = random.Random(f"worker-{backend}-{seed}")
    with database(backend, request, tmp_path, f"killed{seed}") as db:
        follow(db, server)
        proc = khabar(db, "worker", "--once")
        time.sleep(rng.uniform(0.3, 0.95) * seconds)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(1.2)  # the dead worker's lease runs out
        finish(db, "worker", "--once")
        urls, stories, found = snapshot(db)
    assert len(urls) == len(set(urls)) == ENTRIES
    assert (urls, found) == (expected[0], expected[2])
    assert stories == expected[1], "story placement differs from an uninterrupted poll"

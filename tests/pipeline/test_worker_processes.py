"""Acceptance: four ``khabar worker`` processes share 200 feeds in one PostgreSQL database.

Every entry is stored exactly once (each feed also carries its neighbour's first entry, so
workers race on the same articles); a worker killed with SIGKILL mid-poll loses nothing, and
the sources it held are polled by the others once its leases expire.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

import pytest

from khabar.store import open_store
from tests.loopback import Loopback

FEEDS = 200
ENTRIES = 3
WORKERS = 4
#: long enough that a starved worker on a loaded 2-core machine still renews in time
LEASE = 5.0
#: feeds whose first request hangs until the test lets it go: some worker is surely mid-poll
SLOW = (0, 57, 113, 171)


def entry_url(server, feed: int, k: int) -> str:
    return server.url(f"/s{feed}/{k}.html")


def item(server, feed: int, k: int) -> str:
    url = entry_url(server, feed, k)
    return (f"<item><title>خبر {k} من المصدر {feed}</title><link>{url}</link><guid>{url}</guid>"
            f"<pubDate>Fri, 20 Sep 2024 {k:02d}:{feed % 60:02d}:00 GMT</pubDate>"
            f"<description>نص الخبر رقم {k} من المصدر رقم {feed}، وفيه كلمة فريدة "
            f"مصدر{feed}خبر{k} لا تتكرر في غيره.</description></item>")


def feed(server, n: int) -> str:
    items = [item(server, n, k) for k in range(ENTRIES)]
    items.append(item(server, (n + 1) % FEEDS, 0))  # the neighbour's: two workers race on it
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>مصدر {n}</title>" + "".join(items) + "</channel></rss>")


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


def serve_feeds(server, release: threading.Event) -> None:
    for n in range(FEEDS):
        body = feed(server, n).encode("utf-8")
        server.static(f"/feed{n}.xml", body)
        if n in SLOW:
            fast = server.routes[f"/feed{n}.xml"]
            first = threading.Event()

            def slow(request, fast=fast, first=first):
                if not first.is_set():
                    first.set()
                    release.wait(40)  # the poll hangs here, its worker mid-poll
                fast(request)

            server.routes[f"/feed{n}.xml"] = slow


def start_worker(name: str, db: str, log_dir) -> subprocess.Popen:
    env = dict(os.environ, KHABAR_DB=db, KHABAR_ALLOW_PRIVATE_NETWORKS="1",
               KHABAR_FETCH_PAGES="0", KHABAR_PER_HOST_DELAY="0", KHABAR_PER_HOST_CONNECTIONS="50",
               KHABAR_RETRIES="0", KHABAR_READ_TIMEOUT="60", KHABAR_TOTAL_TIMEOUT="60",
               KHABAR_SOURCE_TIMEOUT="60", KHABAR_SCHEDULER_TICK="0.2")
    return subprocess.Popen(
        [sys.executable, "-m", "khabar", "worker", "--id", name, "--concurrency", "4",
         "--lease", str(LEASE), "--json"],
        env=env, stdout=open(log_dir / f"{name}.out", "w"),
        stderr=open(log_dir / f"{name}.err", "w"),
    )


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_four_workers_store_every_entry_once_and_survive_a_killed_worker(pg_url, server,
                                                                          tmp_path):
    release = threading.Event()
    serve_feeds(server, release)
    store = open_store(pg_url)
    ids = [store.follow_source(name=f"مصدر {n}", feed_url=server.url(f"/feed{n}.xml")).id
           for n in range(FEEDS)]
    slow_ids = {ids[n] for n in SLOW}
    workers = {f"w{i}": start_worker(f"w{i}", pg_url, tmp_path) for i in range(1, WORKERS + 1)}
    try:
        # 1. everything but the slow feeds is polled; the slow feeds are held mid-poll
        def settled() -> bool:
            sources = {s.id: s for s in store.followed_sources()}
            return (all(s.last_checked_at for i, s in sources.items() if i not in slow_ids)
                    and all(sources[i].lease_owner for i in slow_ids)
                    and all(server.requests_to(f"/feed{n}.xml") for n in SLOW))

        wait_for(settled, 240, "the fast feeds to be polled and the slow ones claimed")
        owners = {s.id: s for s in store.followed_sources()}
        victim = owners[min(slow_ids)].lease_owner
        held = [s for s in owners.values() if s.lease_owner == victim and s.last_checked_at is None]
        assert held and all(s.id in slow_ids for s in held)

        # 2. SIGKILL the worker in the middle of its polls; let the other slow polls finish
        workers[victim].send_signal(signal.SIGKILL)
        workers[victim].wait(10)
        killed_at = datetime.now(timezone.utc)
        release.set()

        def all_done() -> bool:
            return all(s.last_checked_at and s.lease_owner is None
                       for s in store.followed_sources())

        wait_for(all_done, LEASE * 4 + 15, "every source to be polled after the lease expired")

        # 3. every entry exactly once
        stored = [a for chunk in store.articles_in_arrival_order() for a in chunk]
        expected = {entry_url(server, n, k) for n in range(FEEDS) for k in range(ENTRIES)}
        urls = [a.canonical_url for a in stored]
        assert len(stored) == len(expected) == FEEDS * ENTRIES
        assert len(set(urls)) == len(urls) and set(urls) == expected
        assert store.count_articles() == FEEDS * ENTRIES

        # 4. the killed worker's sources were taken over, after its lease expired, not before
        for source in held:
            after = store.get_source(source.id)
            assert after.last_outcome == "new" and after.last_checked_at > killed_at
            assert after.last_checked_at >= source.lease_expires_at
            n = ids.index(source.id)
            assert len(server.requests_to(f"/feed{n}.xml")) >= 2  # asked again by another
        assert all(s.error_count == 0 for s in store.followed_sources())

        # 5. SIGTERM stops the others gracefully
        for name, proc in workers.items():
            if name != victim:
                proc.send_signal(signal.SIGTERM)
        for name, proc in workers.items():
            if name != victim:
                assert proc.wait(20) == 0, (tmp_path / f"{name}.err").read_text()
        assert all(s.lease_owner is None for s in store.followed_sources())
    except BaseException:
        for name in workers:
            sys.stderr.write(f"--- {name} stderr ---\n{(tmp_path / f'{name}.err').read_text()}\n")
        raise
    finally:
        release.set()
        for proc in workers.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        store.close()

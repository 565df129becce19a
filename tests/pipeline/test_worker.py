"""Workers in one process: claims, leases given back, renewal, expiry, stop, failures.

The acceptance test with worker processes is ``test_worker_processes.py``."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.pipeline import worker as worker_module
from khabar.pipeline.poll import PollResult, utcnow
from khabar.pipeline.scheduler import run_scheduler
from khabar.pipeline.worker import Worker
from khabar.settings import load_settings
from tests.loopback import Loopback

SETTINGS = load_settings(
    allow_private_networks=True, per_host_delay=0.0, retries=0, connect_timeout=1.0,
    read_timeout=1.0, total_timeout=2.0, source_timeout=4.0, fetch_pages=False,
    scheduler_tick=0.05,
)


def feed(n: int, entries: int = 2) -> str:
    items = "".join(
        f"<item><title>خبر {k} من المصدر {n}</title><link>http://127.0.0.1/s{n}/{k}</link>"
        f"<guid>s{n}-{k}</guid><description>نص الخبر {k} الكامل من المصدر رقم {n} "
        f"عن حدث فريد{n}x{k}.</description></item>"
        for k in range(entries))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>مصدر {n}</title>{items}</channel></rss>")


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


def follow(store, server, count: int):
    sources = []
    for n in range(count):
        server.static(f"/feed{n}.xml", feed(n))
        sources.append(store.follow_source(name=f"مصدر {n}", feed_url=server.url(f"/feed{n}.xml")))
    return sources


def later(store, source) -> None:
    """What a real poll records: the next check, in half an hour."""
    store.update_source(source.id, next_check_at=utcnow() + timedelta(minutes=30))


def test_once_polls_every_due_source_and_gives_the_leases_back(store, server):
    sources = follow(store, server, 3)
    report = asyncio.run(Worker(store, SETTINGS, worker_id="w1", once=True, concurrency=2).run(asyncio.Event()))
    assert report.sources == 3 and report.inserted == 6 and report.outcomes == {"new": 3}
    assert store.count_articles() == 6
    for source in sources:
        polled = store.get_source(source.id)
        assert polled.lease_owner is None and polled.lease_expires_at is None
        assert polled.last_outcome == "new" and polled.next_check_at > utcnow()
    again = asyncio.run(Worker(store, SETTINGS, worker_id="w1", once=True).run(asyncio.Event()))
    assert again.sources == 0  # nothing is due any more


def test_a_source_another_worker_holds_waits_for_its_lease_to_expire(store, server):
    held, free = follow(store, server, 2)
    # a lease long enough for the first run on a loaded machine (its pool starts in it)
    [claimed] = store.claim_sources("other", utcnow(), lease_seconds=6.0, limit=1)
    assert claimed.id == held.id
    first = asyncio.run(Worker(store, SETTINGS, worker_id="w1", once=True).run(asyncio.Event()))
    assert [r.source_id for r in first.results] == [free.id]
    expires = store.get_source(held.id).lease_expires_at
    time.sleep(max(0.0, (expires - utcnow()).total_seconds()) + 0.1)  # "other" died
    second = asyncio.run(Worker(store, SETTINGS, worker_id="w1", once=True).run(asyncio.Event()))
    assert [r.source_id for r in second.results] == [held.id]
    assert store.count_articles() == 4


def test_a_failing_source_and_a_failing_database_do_not_stop_the_worker(store, monkeypatch):
    monkeypatch.setattr(worker_module, "MAX_DB_RETRY_DELAY", 0.05)
    for n in range(3):
        store.follow_source(name=f"مصدر {n}", feed_url=f"http://127.0.0.1:9/{n}")
    polled: list[str] = []

    async def poll_one(store_, fetcher, source, *, settings):
        polled.append(source.name)
        later(store_, source)
        if source.name == "مصدر 0":
            raise RuntimeError("a bug met while polling one source")
        return PollResult(source.id, source.name, outcome="unchanged")

    class FlakyDatabase:
        """The store, with a database that refuses the first two claims (a restart)."""

        def __init__(self, real):
            self.real, self.failures = real, 2

        def claim_sources(self, *args, **kwargs):
            if self.failures:
                self.failures -= 1
                raise ConnectionError("the database is restarting")
            return self.real.claim_sources(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.real, name)

    async def main():
        stop = asyncio.Event()
        task = asyncio.create_task(Worker(FlakyDatabase(store), SETTINGS, worker_id="w1", poll_one=poll_one).run(stop))
        for _ in range(200):
            await asyncio.sleep(0.02)
            if len(polled) == 3:
                break
        stop.set()
        return await asyncio.wait_for(task, 5)

    report = asyncio.run(main())
    assert sorted(polled) == ["مصدر 0", "مصدر 1", "مصدر 2"]
    assert report.claim_failures == 2 and report.sources == 2  # the crashed poll reports nothing
    assert all(s.lease_owner is None for s in store.followed_sources())


def test_leases_are_renewed_while_a_long_poll_runs(store):
    source = store.follow_source(name="بطيء", feed_url="http://127.0.0.1:9/slow")
    seen_by_others: list[int] = []

    async def poll_one(store_, fetcher, source_, *, settings):
        for _ in range(8):  # 2.4 s: nearly three leases of 0.9 s (renewed every 0.3 s)
            await asyncio.sleep(0.3)
            grabbed = await asyncio.to_thread(store_.claim_sources, "other", utcnow(),
                                              lease_seconds=5, limit=5)
            seen_by_others.extend(s.id for s in grabbed)
        later(store_, source_)
        return PollResult(source_.id, source_.name)

    report = asyncio.run(Worker(store, SETTINGS, worker_id="w1", once=True, lease_seconds=0.9, poll_one=poll_one).run(asyncio.Event()))
    assert report.sources == 1 and seen_by_others == []
    assert store.get_source(source.id).lease_owner is None


def test_stop_cuts_long_polls_short_and_gives_their_leases_back(store, monkeypatch):
    monkeypatch.setattr(worker_module, "STOP_GRACE", 0.2)
    source = store.follow_source(name="لا ينتهي", feed_url="http://127.0.0.1:9/never")
    started = asyncio.Event()

    async def poll_one(store_, fetcher, source_, *, settings):
        started.set()
        await asyncio.sleep(3600)

    async def main():
        stop = asyncio.Event()
        task = asyncio.create_task(Worker(store, SETTINGS, worker_id="w1", poll_one=poll_one).run(stop))
        await asyncio.wait_for(started.wait(), 5)
        assert store.get_source(source.id).lease_owner == "w1"
        stop.set()
        await asyncio.wait_for(task, 5)

    begun = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - begun < 3
    after = store.get_source(source.id)
    assert after.lease_owner is None and after.lease_expires_at is None
    # given back at once: another worker may claim it now, not after the lease
    assert [s.id for s in store.claim_sources("w2", utcnow(), lease_seconds=60, limit=5)] == [source.id]


def test_the_scheduler_of_khabar_run_leaves_sources_other_workers_hold(store):
    held = store.follow_source(name="محجوز", feed_url="http://127.0.0.1:9/held")
    store.claim_sources("a-worker", utcnow(), lease_seconds=60, limit=1)
    free = store.follow_source(name="حر", feed_url="http://127.0.0.1:9/free")
    polled: list[int] = []

    async def poll_one(store_, fetcher, source, *, settings):
        polled.append(source.id)
        later(store_, source)
        return PollResult(source.id, source.name)

    async def main():
        stop = asyncio.Event()
        task = asyncio.create_task(run_scheduler(store, SETTINGS, stop, poll_one=poll_one))
        await asyncio.sleep(0.5)
        assert polled == [free.id]
        store.release_source(held.id, "a-worker")
        for _ in range(100):
            await asyncio.sleep(0.02)
            if len(polled) == 2:
                break
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(main())
    assert polled == [free.id, held.id]


def test_the_worker_command_polls_once_and_reports(tmp_path, server, monkeypatch):
    from khabar.store import open_store

    db = tmp_path / "k.db"
    with open_store(db) as s:
        follow(s, server, 2)
    monkeypatch.setenv("KHABAR_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("KHABAR_FETCH_PAGES", "0")
    monkeypatch.setenv("KHABAR_PER_HOST_DELAY", "0")
    result = CliRunner().invoke(app, ["--db", str(db), "worker", "--once", "--json",
                                      "--id", "cron-1", "--concurrency", "1", "--lease", "30"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["worker"] == "cron-1" and doc["sources"] == 2 and doc["inserted"] == 4
    assert doc["outcomes"] == {"new": 2} and len(doc["results"]) == 2
    with open_store(db) as s:
        assert s.count_articles() == 4
        assert all(x.lease_owner is None for x in s.followed_sources())


def test_khabar_poll_leaves_what_workers_hold_and_gives_its_leases_back(store, server):
    from khabar.pipeline.worker import poll

    held, free = follow(store, server, 2)
    store.claim_sources("a-worker", utcnow(), lease_seconds=60, limit=1)
    report = poll(store, settings=SETTINGS)
    assert [r.source_id for r in report.results] == [free.id]
    assert store.get_source(free.id).lease_owner is None
    assert store.get_source(held.id).lease_owner == "a-worker"


def test_once_gives_up_when_the_database_stays_down(store, monkeypatch):
    from khabar.errors import StoreError

    monkeypatch.setattr(worker_module, "MAX_DB_RETRY_DELAY", 0.05)

    class DownDatabase:
        def __init__(self, real):
            self.real, self.tries = real, 0

        def claim_sources(self, *args, **kwargs):
            self.tries += 1
            raise ConnectionError("the database is down")

        def __getattr__(self, name):
            return getattr(self.real, name)

    down = DownDatabase(store)
    with pytest.raises(StoreError, match="cannot claim sources after 3 tries"):
        asyncio.run(Worker(down, SETTINGS, worker_id="cron", once=True).run(asyncio.Event()))
    assert down.tries == worker_module.ONCE_CLAIM_ATTEMPTS

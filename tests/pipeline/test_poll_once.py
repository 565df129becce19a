"""``khabar poll`` is one run of the worker loop (``once``), claiming every followed source with
``--all`` ("claim all"), and the store's claim that makes it possible."""

from __future__ import annotations

import asyncio

import pytest

from khabar.pipeline.poll import PollResult, utcnow
from khabar.pipeline.worker import Worker, poll
from tests.loopback import Loopback
from tests.pipeline.test_worker import SETTINGS, follow, later


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


def test_claiming_everything_takes_sources_not_due_but_not_ones_another_worker_holds(store, server):
    checked, never, held = follow(store, server, 3)
    for source in (checked, never, held):
        later(store, source)  # none is due
    store.update_source(checked.id, last_checked_at=utcnow())  # never: never checked
    store.claim_sources("other", utcnow(), lease_seconds=60, limit=5, everything=True)  # all three
    store.release_source(checked.id, "other")
    store.release_source(never.id, "other")
    assert store.claim_sources("w", utcnow(), lease_seconds=60, limit=5) == []  # none is due
    claimed = store.claim_sources("w", utcnow(), lease_seconds=60, limit=5, everything=True)
    assert [s.id for s in claimed] == [never.id, checked.id]  # never checked first
    assert all(s.lease_owner == "w" for s in claimed)


def test_poll_all_checks_every_source_once_with_fewer_slots_than_sources(store, server):
    sources = follow(store, server, 5)
    for source in sources:  # all checked a moment ago: none is due
        later(store, source)
    seen: list[tuple[str, int, int]] = []
    report = poll(store, everything=True, settings=SETTINGS.replace(poll_concurrency=2),
                  progress=lambda result, done, total: seen.append((result.source, done, total)))
    assert sorted(r.source_id for r in report.results) == sorted(s.id for s in sources)
    assert report.inserted == 10 and report.count("new") == 5
    assert [done for _, done, _ in seen] == [1, 2, 3, 4, 5] and seen[-1][2] == 5
    assert all(store.get_source(s.id).lease_owner is None for s in sources)
    again = poll(store, settings=SETTINGS)  # without --all: nothing is due now
    assert again.results == []


def test_poll_is_one_run_of_the_worker_loop(store, server, monkeypatch):
    follow(store, server, 2)
    runs: list[Worker] = []
    real_run = Worker.run

    async def run(self, stop: asyncio.Event):
        runs.append(self)
        return await real_run(self, stop)

    monkeypatch.setattr(Worker, "run", run)
    report = poll(store, everything=True, settings=SETTINGS)
    assert len(runs) == 1 and runs[0].once and runs[0].claim_all and not runs[0].send_alerts
    assert all(isinstance(r, PollResult) for r in report.results) and len(report.results) == 2


def test_khabar_poll_with_the_database_down_fails_with_a_message(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app
    from khabar.errors import StoreUnavailable
    from khabar.pipeline import worker as worker_module
    from khabar.store import open_store
    from khabar.store.followed import FollowedSources

    db = str(tmp_path / "khabar.db")
    with open_store(db) as store:
        store.follow_source(name="مصدر", feed_url="http://127.0.0.1:9/feed.xml")

    def down(*args, **kwargs):
        raise StoreUnavailable("connect failed: the server closed the connection")

    monkeypatch.setattr(FollowedSources, "claim_sources", down)
    monkeypatch.setattr(worker_module, "MAX_DB_RETRY_DELAY", 0.01)
    result = CliRunner().invoke(app, ["--db", db, "poll", "--all"])
    assert result.exit_code == 1
    assert "تعذر الوصول إلى قاعدة البيانات" in result.output
    assert not isinstance(result.exception, StoreUnavailable)  # no traceback

"""The fault suite, PostgreSQL restarted while the web serves and a worker polls (issue 20): while
the database is down every page and API call answers 503 with Retry-After and an Arabic message
(never a 500 or a traceback) and the worker keeps running, counting the claims that failed; once
the database is back, without restarting anything of khabar, the pages answer 200 again and the
worker stores what the feed published meanwhile.

The database is a private cluster (``private_postgres``): restarting the machine's server would
disturb every other test using it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from html import escape

import pytest
from fastapi.testclient import TestClient

from khabar.pipeline.worker import Worker, WorkerReport
from khabar.settings import load_settings
from khabar.store import open_store
from khabar.web.app import create_app
from tests.faults.private_postgres import PrivatePostgres
from tests.loopback import Loopback

SETTINGS = load_settings(
    {}, allow_private_networks=True, fetch_pages=False, per_host_delay=0.0, retries=0,
    scheduler_tick=0.2, min_interval=0.5, default_interval=0.5, max_interval=1.0,
    interval_jitter=0.0, lease_seconds=3.0,
)
UNAVAILABLE = "قاعدة البيانات غير متاحة الآن"


def feed(count: int) -> str:
    start = datetime.now(timezone.utc) - timedelta(hours=1)
    items = "".join(
        f"<item><title>{escape(f'خبر عن غزة رقم {n}')}</title>"
        f"<link>https://news.example/{n}</link><guid>https://news.example/{n}</guid>"
        f"<description>{escape(f'نص الخبر {n} عن غزة والمعابر.')}</description>"
        f"<pubDate>{format_datetime(start + timedelta(minutes=n))}</pubDate></item>"
        for n in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>وكالة</title>{items}</channel></rss>'


def eventually(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.1)


class WorkerThread:
    """``Worker.run`` on its own event loop in a thread, as ``khabar worker`` runs it."""

    def __init__(self, store) -> None:  # noqa: ANN001 - a Store
        self.loop = asyncio.new_event_loop()
        self.stop_event = asyncio.Event()
        self.report: WorkerReport | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(store,), daemon=True)
        self.thread.start()

    def _run(self, store) -> None:  # noqa: ANN001
        asyncio.set_event_loop(self.loop)

        async def main() -> None:
            self.stop_event = asyncio.Event()
            self.report = await Worker(store, SETTINGS, worker_id="w1").run(self.stop_event)

        try:
            self.loop.run_until_complete(main())
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            self.error = exc

    def stop(self) -> WorkerReport:
        self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(30)
        assert not self.thread.is_alive(), "the worker did not stop"
        assert self.error is None, f"the worker died: {self.error!r}"
        assert self.report is not None
        return self.report


def count(store) -> int | None:  # noqa: ANN001
    try:
        return store.count_articles()
    except Exception:  # noqa: BLE001 - the database is down
        return None


@pytest.fixture
def cluster():
    pg = PrivatePostgres()
    yield pg
    pg.close()


def test_postgresql_restarted_while_the_web_serves_and_a_worker_polls(cluster, caplog) -> None:
    server = Loopback()
    server.static("/feed.xml", feed(5))
    store = open_store(cluster.url)
    store.follow_source(name="وكالة", feed_url=server.url("/feed.xml"), kind="feed")
    client = TestClient(create_app(store, settings=SETTINGS))
    worker = WorkerThread(store)
    try:
        eventually(lambda: count(store) == 5, 15, "the worker stores the first 5 articles")
        for path in ("/", "/api/search?q=غزة", "/api/articles", "/search?q=غزة"):
            assert client.get(path).status_code == 200, path
        assert client.get("/api/search?q=غزة").json()["total"] == 5

        cluster.stop()
        server.static("/feed.xml", feed(8))  # published while the database is down
        for path in ("/", "/api/search?q=غزة", "/api/articles", "/search?q=غزة", "/sources"):
            answer = client.get(path)
            assert answer.status_code == 503, (path, answer.status_code)
            assert answer.headers["Retry-After"] == "30"
            assert UNAVAILABLE in answer.text, path
        assert client.get("/api/articles").json()["error"]["code"] == "DatabaseUnavailable"
        eventually(lambda: "cannot claim sources" in caplog.text, 10,
                   "the worker records the failed claims")
        assert worker.thread.is_alive()

        cluster.start()  # khabar is not restarted: its connection pools find the new server
        eventually(lambda: client.get("/").status_code == 200, 15, "the pages answer again")
        eventually(lambda: count(store) == 8, 20, "the worker stores what came meanwhile")
        assert client.get("/api/search?q=غزة").json()["total"] == 8
        assert client.get("/search?q=غزة").status_code == 200
    finally:
        report = worker.stop()
        client.close()
        store.close()
        server.close()
    assert report.claim_failures >= 1
    assert report.inserted == 8

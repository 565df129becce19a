"""The loop that keeps checking sources beside the web server (``khabar run``): the worker
loop of ``khabar.pipeline.worker`` on its own thread. The interval maths are in
``khabar.pipeline.schedule``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

from khabar.pipeline.schedule import default_worker_id
from khabar.pipeline.worker import Worker
from khabar.settings import Settings
from khabar.store import Store

log = logging.getLogger(__name__)


async def run_scheduler(
    store: Store,
    settings: Settings,
    stop: asyncio.Event,
    *,
    poll_one: Callable[..., object] | None = None,
    fetcher: object | None = None,
) -> None:
    """Poll due sources until ``stop`` is set: each source in its own task, at most
    ``poll_concurrency`` at once, so a slow source delays no other. Sources are claimed with
    leases like ``khabar worker`` does (``khabar.pipeline.worker``), so ``khabar run`` beside
    workers never polls a source another is polling."""
    await Worker(store, settings, worker_id=default_worker_id(), fetcher=fetcher, poll_one=poll_one).run(stop)  # type: ignore[arg-type]


class SchedulerThread:
    """``run_scheduler`` on its own event loop in a daemon thread, beside a web server."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, name="khabar-scheduler", daemon=True)

    def start(self) -> SchedulerThread:
        self._thread.start()
        self._ready.wait(5)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            self._stop = asyncio.Event()
            self._ready.set()
            await run_scheduler(self.store, self.settings, self._stop)

        try:
            self._loop.run_until_complete(main())
        finally:
            self._loop.close()

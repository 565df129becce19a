"""When to check each source again, and the loop that keeps checking them.

Intervals adapt to a source's publishing rate: a source that publishes every ten minutes is
checked every five, one that published last week is checked rarely, always within
``min_interval`` … ``max_interval`` and spread by ``interval_jitter``. A failing source waits
``min_interval`` after its first error, doubling with each further error up to
``max_error_backoff``, or longer when the server asked (Retry-After).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from khabar.settings import Settings
from khabar.store import Store

log = logging.getLogger(__name__)

#: publication times considered when estimating a source's rate
RATE_WINDOW = 20


def publishing_interval(times: Sequence[datetime], now: datetime, settings: Settings) -> float:
    """Seconds until the next check of a source whose newest articles appeared at ``times``.

    Half the mean gap between recent articles (so a new one waits half a gap on average),
    but at least a quarter of the time since the newest one (a source gone quiet slows down).
    """
    recent = sorted((t for t in times if t is not None and t <= now), reverse=True)[:RATE_WINDOW]
    if len(recent) < 2:
        return bounded(settings.default_interval, settings)
    gap = (recent[0] - recent[-1]).total_seconds() / (len(recent) - 1)
    quiet = (now - recent[0]).total_seconds()
    return bounded(max(gap / 2, quiet / 4), settings)


def error_backoff(error_count: int, settings: Settings, retry_after: float | None = None) -> float:
    """Seconds before checking again a source that failed ``error_count`` times in a row."""
    delay = settings.min_interval * 2 ** max(0, min(error_count - 1, 30))
    delay = min(delay, settings.max_error_backoff)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.max_error_backoff))
    return delay


def bounded(seconds: float, settings: Settings) -> float:
    return min(max(seconds, settings.min_interval), settings.max_interval)


def jittered(seconds: float, settings: Settings) -> float:
    share = min(max(settings.interval_jitter, 0.0), 1.0)
    return max(0.0, seconds * (1 + random.uniform(-share, share)))


def next_check(now: datetime, seconds: float, settings: Settings) -> datetime:
    return now + timedelta(seconds=jittered(seconds, settings))


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
    from khabar.pipeline.worker import default_worker_id, run_worker

    await run_worker(store, settings, stop, worker_id=default_worker_id(),
                     fetcher=fetcher, poll_one=poll_one)  # type: ignore[arg-type]


class SchedulerThread:
    """``run_scheduler`` on its own event loop in a daemon thread, beside a web server."""

    def __init__(self, store: Store, settings: Settings) -> None:
        import threading

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

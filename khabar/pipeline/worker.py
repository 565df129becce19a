"""Workers: processes, on any number of machines, that share the polling of one database.

A worker loops: it claims due sources with a lease (``store.claim_sources``: on PostgreSQL
``SELECT … FOR UPDATE SKIP LOCKED``, so two workers never claim the same source), polls each
with ``poll_source`` (which stores the articles, then records the outcome and the next check),
and releases the lease. While polls run, their leases are renewed every third of a lease; a
worker that dies stops renewing, its leases expire, and other workers claim its sources.

Nothing from one source stops a worker, and a failing database (PostgreSQL restarting) is
logged and tried again with a growing pause. Beside the polls, a worker sends due alerts
(``khabar.notify.run_sender``; with ``once``, once at the end). ``khabar run`` uses the same loop
(``scheduler.run_scheduler``), so it can run beside workers without polling twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import httpx

from khabar import logs, metrics
from khabar.errors import StoreError
from khabar.ingest.fetch import Fetcher
from khabar.notify import run_sender, send_due
from khabar.pipeline.pages import forget_snapshots
from khabar.pipeline.poll import PollReport, PollResult, Progress, poll_source, utcnow
from khabar.pipeline.schedule import default_worker_id
from khabar.settings import Settings, load_settings
from khabar.store import Source, Store

log = logging.getLogger(__name__)

#: seconds running polls may take to finish once a worker is asked to stop
STOP_GRACE = 10.0
#: shortest lease (seconds): renewing more often than a third of it would busy the database
MIN_LEASE = 0.3
#: longest pause (seconds) between two tries of a failing database
MAX_DB_RETRY_DELAY = 30.0
#: with ``once`` (cron), claims tried before a database that stays down ends the run
ONCE_CLAIM_ATTEMPTS = 3


@dataclass
class WorkerReport:
    """What a worker did: sources polled and their outcomes (each result with ``--once``)."""

    worker: str
    sources: int = 0
    inserted: int = 0
    updated: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    claim_failures: int = 0
    results: list[PollResult] | None = None

    def add(self, result: PollResult) -> None:
        self.sources += 1
        self.inserted += result.inserted
        self.updated += result.updated
        self.outcomes[result.outcome] = self.outcomes.get(result.outcome, 0) + 1
        if self.results is not None:
            self.results.append(result)

    def to_json(self) -> dict:
        doc = {"worker": self.worker, "sources": self.sources, "inserted": self.inserted,
               "updated": self.updated, "outcomes": dict(self.outcomes),
               "claim_failures": self.claim_failures}
        if self.results is not None:
            doc["results"] = [asdict(r) for r in self.results]
        return doc


def poll(
    store: Store,
    *,
    everything: bool = False,
    settings: Settings | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: Progress | None = None,
) -> PollReport:
    """Check once every due source (every followed, unpaused one with ``everything``): one
    run of the worker loop with ``once`` (``khabar poll``). Sources are claimed with leases,
    so a poll beside workers leaves alone what they are polling; alerts are left to the
    workers (or ``khabar run``). Results come in the order the sources were claimed."""
    settings = settings or load_settings()
    forget_snapshots()  # pages are tagged against the store as it is now

    async def main() -> WorkerReport:
        worker = Worker(store, settings, transport=transport, once=True, claim_all=everything,
                        progress=progress, send_alerts=False)
        return await worker.run(asyncio.Event())

    return PollReport(results=list(asyncio.run(main()).results or []))


class Worker:
    """One worker's loop and what it holds while it runs: the polls under way (whose leases
    are renewed), the tasks not yet done (polls, and the release after each), and with
    ``once`` the sources polled so far, in the order they were claimed."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        worker_id: str | None = None,
        fetcher: Fetcher | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        once: bool = False,
        claim_all: bool = False,
        concurrency: int | None = None,
        lease_seconds: float | None = None,
        poll_one: Callable[..., object] | None = None,
        progress: Progress | None = None,
        send_alerts: bool = True,
    ) -> None:
        self.store, self.settings = store, settings
        self.name = worker_id or default_worker_id()
        self.slots = max(1, concurrency or settings.poll_concurrency)
        self.lease = max(MIN_LEASE, float(lease_seconds or settings.lease_seconds))
        self.poll_one = poll_one or poll_source
        self.once, self.claim_all = once, claim_all
        self.progress, self.send_alerts = progress, send_alerts
        self.own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(settings, transport=transport)
        self.report = WorkerReport(self.name, results=[] if once else None)
        self.running: dict[int, asyncio.Task] = {}  # polls whose leases are renewed
        self.tasks: set[asyncio.Task] = set()  # polls, and releases after them, not yet done
        self.freed = asyncio.Event()  # a poll ended: a slot is free
        self.polled: dict[int, int] = {}  # with ``once``: source id → order claimed
        self.failures = 0  # claims failed in a row

    async def run(self, stop: asyncio.Event) -> WorkerReport:
        logs.bind(stage="worker")
        renewer = asyncio.create_task(_renew_leases(self.store, self.name, self.running,
                                                    self.lease))
        # Alerts are sent beside the polls (khabar.notify), claimed with leases like sources.
        sender_stop = asyncio.Event()
        sender = None if self.once or not self.send_alerts else asyncio.create_task(
            run_sender(self.store, self.settings, sender_stop, worker=self.name))
        finished = False
        try:
            while not stop.is_set():
                self.freed.clear()
                if self.slots > len(self.running) and not await self._claim_and_start(stop):
                    continue  # the database is down: paused, try again
                if self.once and not self.running:
                    finished = True
                    break
                if self.once or len(self.running) >= self.slots:
                    await _wait_any(stop, self.freed, self.settings.scheduler_tick)  # a slot
                else:
                    await _wait_any(stop, None, self.settings.scheduler_tick)  # nothing due
        finally:
            # Done (--once): only releases are left. Stopped or cancelled: polls get STOP_GRACE.
            await _finish(self.tasks, None if finished else STOP_GRACE)
            renewer.cancel()
            await asyncio.gather(renewer, return_exceptions=True)
            sender_stop.set()
            if sender is not None:
                await asyncio.gather(sender, return_exceptions=True)
            elif finished and self.send_alerts:  # --once: what the polls matched goes out now
                await _send_once(self.store, self.settings, self.name)
            if self.own_fetcher:
                await self.fetcher.aclose()
        if self.report.results is not None:
            self.report.results.sort(key=lambda r: self.polled.get(r.source_id, 0))
        return self.report

    async def _claim_and_start(self, stop: asyncio.Event) -> bool:
        """Claim due sources for the free slots and start their polls; False when the claim
        failed (after a pause growing with the failures in a row)."""
        try:
            claimed = await asyncio.to_thread(
                self.store.claim_sources, self.name, utcnow(), lease_seconds=self.lease,
                limit=self.slots - len(self.running), everything=self.claim_all)
            self.failures = 0
        except Exception as exc:  # noqa: BLE001 - a database down: try again later
            await self._claim_failed(stop, exc)
            return False
        if self.once:  # a source whose outcome could not be recorded is due again
            for source in (c for c in claimed if c.id in self.polled):
                await _release(self.store, source, self.name)
            claimed = [c for c in claimed if c.id not in self.polled]
            for source in claimed:
                self.polled[source.id] = len(self.polled)
        for source in claimed:
            task = self.running[source.id] = asyncio.create_task(self._poll(source))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return True

    async def _claim_failed(self, stop: asyncio.Event, exc: Exception) -> None:
        self.failures += 1
        self.report.claim_failures += 1
        metrics.WORKER_CLAIM_FAILURES.inc()
        if self.once and self.failures >= ONCE_CLAIM_ATTEMPTS:
            raise StoreError(
                f"worker {self.name}: cannot claim sources after {self.failures} tries: {exc}",
                user_message="تعذر الوصول إلى قاعدة البيانات؛ لم يُفحص أي مصدر.",
            ) from exc
        delay = min(MAX_DB_RETRY_DELAY, 0.5 * 2 ** min(self.failures, 8))
        log.error("worker %s: cannot claim sources (%s: %s); trying again in %.1f s",
                  self.name, type(exc).__name__, exc, delay)
        await _wait_any(stop, None, delay)

    async def _poll(self, source: Source) -> None:
        try:
            result = await self.poll_one(self.store, self.fetcher, source,
                                         settings=self.settings)
            if isinstance(result, PollResult):
                self.report.add(result)
                if self.progress:
                    self.progress(result, self.report.sources, len(self.polled))
        except Exception:  # noqa: BLE001 - the worker outlives any one source
            log.exception("worker %s: polling %s failed", self.name, source.name)
        finally:
            self.running.pop(source.id, None)
            self.freed.set()
            # Also when cancelled: a poll cut short is given back at once, not after expiry.
            await _release(self.store, source, self.name)


async def _send_once(store: Store, settings: Settings, worker: str) -> None:
    try:
        await asyncio.to_thread(send_due, store, settings, worker=worker)
    except Exception as exc:  # noqa: BLE001 - the next run sends them
        log.error("worker %s: cannot send alerts (%s)", worker, exc)


async def _finish(running: set[asyncio.Task], grace: float | None) -> None:
    """Let running polls finish for ``grace`` seconds (None: however long), then cut the rest
    short (their leases are given back all the same)."""
    tasks = list(running)
    if not tasks:
        return
    await asyncio.wait(tasks, timeout=grace)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _release(store: Store, source: Source, worker: str) -> None:
    try:
        await asyncio.to_thread(store.release_source, source.id, worker)
    except Exception as exc:  # noqa: BLE001 - the lease expires by itself
        log.warning("worker %s: cannot release %s (%s); its lease will expire",
                    worker, source.name, exc)


async def _renew_leases(store: Store, worker: str, running: dict[int, asyncio.Task],
                        lease: float) -> None:
    """Every third of a lease, extend the leases of the polls still running."""
    while True:
        await asyncio.sleep(lease / 3)
        ids = list(running)
        if not ids:
            continue
        try:
            held = await asyncio.to_thread(store.renew_leases, worker, ids, utcnow(),
                                           lease_seconds=lease)
        except Exception as exc:  # noqa: BLE001 - try again at the next renewal
            log.warning("worker %s: cannot renew leases (%s)", worker, exc)
            continue
        lost = [i for i in ids if i not in set(held) and i in running]
        if lost:
            metrics.WORKER_LEASES_LOST.inc(len(lost))
            log.warning("worker %s: lost the lease of sources %s (another worker may poll "
                        "them too; what is stored is stored once)", worker, lost)


async def _wait_any(stop: asyncio.Event, other: asyncio.Event | None, timeout: float) -> None:
    """Until ``stop`` or ``other`` is set, or ``timeout`` seconds passed."""
    waiters = [asyncio.ensure_future(stop.wait())]
    if other is not None:
        waiters.append(asyncio.ensure_future(other.wait()))
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)

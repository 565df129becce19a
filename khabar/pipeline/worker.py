"""Workers: processes, on any number of machines, that share the polling of one database.

A worker loops: it claims due sources with a lease (``store.claim_sources``: on PostgreSQL
``SELECT … FOR UPDATE SKIP LOCKED``, so two workers never claim the same source), polls each
with ``poll_source`` (which stores the articles, then records the outcome and the next check),
and releases the lease. While polls run, their leases are renewed every third of a lease; a
worker that dies stops renewing, its leases expire, and other workers claim its sources.

Nothing from one source stops a worker, and a failing database (PostgreSQL restarting) is
logged and tried again with a growing pause. ``khabar run`` uses the same loop
(``scheduler.run_scheduler``), so it can run beside workers without polling twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import httpx

from khabar.errors import StoreError
from khabar.ingest.fetch import Fetcher
from khabar.pipeline.poll import PollResult, poll_source, utcnow
from khabar.pipeline.schedule import default_worker_id
from khabar.settings import Settings
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


async def run_worker(
    store: Store,
    settings: Settings,
    stop: asyncio.Event,
    *,
    worker_id: str | None = None,
    fetcher: Fetcher | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    once: bool = False,
    concurrency: int | None = None,
    lease_seconds: float | None = None,
    poll_one: Callable[..., object] | None = None,
) -> WorkerReport:
    """Claim and poll due sources until ``stop`` is set (with ``once``: until nothing more is
    due). At most ``concurrency`` (``poll_concurrency``) polls run at once, each under a
    lease of ``lease_seconds`` (``lease_seconds`` setting), renewed while it runs."""
    worker = worker_id or default_worker_id()
    slots = max(1, concurrency or settings.poll_concurrency)
    lease = max(MIN_LEASE, float(lease_seconds or settings.lease_seconds))
    poll = poll_one or poll_source
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings, transport=transport)
    report = WorkerReport(worker, results=[] if once else None)
    running: dict[int, asyncio.Task] = {}  # polls whose leases are renewed
    tasks: set[asyncio.Task] = set()  # polls, and releases after them, not yet done
    freed = asyncio.Event()

    async def one(source: Source) -> None:
        try:
            result = await poll(store, fetcher, source, settings=settings)
            if isinstance(result, PollResult):
                report.add(result)
        except Exception:  # noqa: BLE001 - the worker outlives any one source
            log.exception("worker %s: polling %s failed", worker, source.name)
        finally:
            running.pop(source.id, None)
            freed.set()
            # Also when cancelled: a poll cut short is given back at once, not after expiry.
            await _release(store, source, worker)

    renewer = asyncio.create_task(_renew_leases(store, worker, running, lease))
    failures = 0
    finished = False
    polled: set[int] = set()  # with ``once``: each source is polled once at most
    try:
        while not stop.is_set():
            freed.clear()
            free = slots - len(running)
            claimed: list[Source] = []
            if free > 0:
                try:
                    claimed = await asyncio.to_thread(
                        store.claim_sources, worker, utcnow(), lease_seconds=lease, limit=free)
                    failures = 0
                except Exception as exc:  # noqa: BLE001 - a database down: try again later
                    failures += 1
                    report.claim_failures += 1
                    if once and failures >= ONCE_CLAIM_ATTEMPTS:
                        raise StoreError(
                            f"worker {worker}: cannot claim sources after {failures} tries: {exc}",
                            user_message="تعذر الوصول إلى قاعدة البيانات؛ لم يُفحص أي مصدر.",
                        ) from exc
                    delay = min(MAX_DB_RETRY_DELAY, 0.5 * 2 ** min(failures, 8))
                    log.error("worker %s: cannot claim sources (%s: %s); trying again in %.1f s",
                              worker, type(exc).__name__, exc, delay)
                    await _wait_any(stop, None, delay)
                    continue
                if once:  # a source whose outcome could not be recorded is due again
                    again = [c for c in claimed if c.id in polled]
                    for source in again:
                        await _release(store, source, worker)
                    claimed = [c for c in claimed if c.id not in polled]
                    polled.update(c.id for c in claimed)
                for source in claimed:
                    task = running[source.id] = asyncio.create_task(one(source))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
            if once and not running:
                finished = True
                break
            if once or len(running) >= slots:
                await _wait_any(stop, freed, settings.scheduler_tick)  # a slot frees up
            else:
                await _wait_any(stop, None, settings.scheduler_tick)  # nothing more is due
    finally:
        # Done (--once): only releases are left. Stopped or cancelled: polls get STOP_GRACE.
        await _finish(tasks, None if finished else STOP_GRACE)
        renewer.cancel()
        await asyncio.gather(renewer, return_exceptions=True)
        if own:
            await fetcher.aclose()
    return report


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

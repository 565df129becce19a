"""Prometheus metrics: every counter and histogram khabar keeps, defined once, here.

Stages record with one call at the place where the thing happens (``metrics.POLLS`` in
``pipeline/poll``, ``metrics.SEARCH_SECONDS`` in ``search/service`` …); the exposition
(``/metrics``, see ``khabar.web.health`` and ``exposition``) adds gauges read from the database
at scrape time (``khabar.store.health.operations_state``): sources failing, due-queue length
and lag, leases held. Those are right however many processes on however many machines poll,
because the database is the state they share.

Counters and histograms live in the process that counts them. Several khabar processes on one
machine share them through prometheus-client's multiprocess mode: set ``KHABAR_METRICS_DIR``
to a directory every process can write (emptied when the services start); any process's
``/metrics`` then shows the sum of all. The variable is read from the environment when this
module is imported, before the metrics are defined.

Names follow Prometheus conventions: ``_total`` counters, ``_seconds`` histograms, one label
per dimension with few values (outcomes, kinds, route templates — never ids or URLs).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
    start_http_server,
    values,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from khabar import __version__
from khabar.errors import KhabarError
from khabar.store import health


def _shared_counters_from_environment() -> None:
    """With ``KHABAR_METRICS_DIR`` (or prometheus' own ``PROMETHEUS_MULTIPROC_DIR``), the
    metrics defined below keep their values in files of that directory (multiprocess mode).
    Runs before they are defined: each takes its storage from ``values.ValueClass``."""
    shared = os.environ.get("KHABAR_METRICS_DIR", "").strip()
    if shared and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        values.ValueClass = values.MultiProcessValue()


_shared_counters_from_environment()
disable_created_metrics()  # no *_created series: they double the exposition for no graph

#: seconds: fetches and polls (a feed on a slow host takes seconds; the total timeout is 60)
SLOW_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
#: seconds: searches and web requests (the search goal is 50 ms at p95, docs/benchmarks.md)
FAST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# --- polling (pipeline/poll.py, pipeline/worker.py) ------------------------------------------
POLLS = Counter("khabar_polls", "Checks of a followed source, by outcome (new, unchanged, "
                "not_modified, timeout, http_error …).", ["outcome"])
POLL_SECONDS = Histogram("khabar_poll_seconds", "Time one source's check took, pages included.",
                         buckets=SLOW_BUCKETS)
FETCH_SECONDS = Histogram("khabar_fetch_seconds", "Time of one fetch (kind: feed or page), "
                          "retries included; failed fetches too.", ["kind"],
                          buckets=SLOW_BUCKETS)
WORKER_CLAIM_FAILURES = Counter("khabar_worker_claim_failures",
                                "Claims of due sources that failed (database unreachable).")
WORKER_LEASES_LOST = Counter("khabar_worker_leases_lost",
                             "Leases a worker found taken by another when renewing them.")

# --- storing and understanding (pipeline/stories.py) -----------------------------------------
ARTICLES_STORED = Counter("khabar_articles_stored", "Records given to the store, by what became "
                          "of them (inserted, updated, duplicate), from imports and polls.",
                          ["status"])
COPIES_FOLDED = Counter("khabar_copies_folded",
                        "New articles folded under an earlier one as its near copy.")
STORIES_OPENED = Counter("khabar_stories_opened", "New articles that opened a new story.")

# --- search (search/service.py) --------------------------------------------------------------
SEARCH_SECONDS = Histogram("khabar_search_seconds", "Time of one search, by kind (relevance, "
                           "newest: words; listing: filters only).", ["kind"],
                           buckets=FAST_BUCKETS)

# --- the web (web/health.py middleware) ------------------------------------------------------
HTTP_REQUESTS = Counter("khabar_http_requests", "Web requests by route template, method and "
                        "status.", ["route", "method", "status"])
HTTP_SECONDS = Histogram("khabar_http_request_seconds", "Time to answer a web request, by route "
                         "template.", ["route"], buckets=FAST_BUCKETS)

# --- alerts (notify/): incremented by the sender, one per delivery attempt -------------------
ALERT_DELIVERIES = Counter("khabar_alert_deliveries", "Alert deliveries by channel (email, "
                           "telegram …) and outcome (sent, failed, retried).",
                           ["channel", "outcome"])


def observe_since(histogram: Histogram, started: float, *labels: str) -> None:
    """Record the seconds since ``started`` (``time.perf_counter()``) in ``histogram``."""
    elapsed = time.perf_counter() - started
    (histogram.labels(*labels) if labels else histogram).observe(elapsed)


def multiprocess_dir() -> str | None:
    """The directory shared by this machine's khabar processes, or None (one process)."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class DatabaseCollector(Collector):
    """Gauges read from the database at scrape time: the polling's state (the same for every
    process of a deployment) and this process's connection pool."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def describe(self) -> list:
        return []  # collected at scrape time only

    def collect(self) -> Iterator[Any]:
        info = GaugeMetricFamily("khabar_build_info", "The running version.", labels=["version"])
        info.add_metric([__version__], 1)
        yield info
        up = health.readiness(self.store)
        yield GaugeMetricFamily("khabar_database_up", "1 when the database answers.",
                                value=int(up.database))
        yield GaugeMetricFamily("khabar_schema_current", "1 when the schema is this version's.",
                                value=int(up.schema == "current"))
        pool = GaugeMetricFamily("khabar_db_pool_connections", "This process's database "
                                 "connections by state (size, checked_out, idle, overflow).",
                                 labels=["state"])
        for state, value in health.pool_state(self.store).items():
            pool.add_metric([state], value)
        yield pool
        if not up.ok:
            return
        try:
            polling = health.polling_state(self.store, datetime.now(UTC))
        except KhabarError:
            return
        gauges: tuple[tuple[str, float, str], ...] = (
            ("khabar_sources_followed", polling.followed, "Followed sources (paused included)."),
            ("khabar_sources_paused", polling.paused, "Followed sources that are paused."),
            ("khabar_sources_failing", polling.failing,
             "Followed, unpaused sources whose last check failed."),
            ("khabar_due_sources", polling.due,
             "Sources due for a check and not being polled (the due queue)."),
            ("khabar_due_oldest_seconds", polling.oldest_due_seconds,
             "How long the most overdue source has waited (polling lag)."),
            ("khabar_worker_leases_held", polling.leases_held,
             "Sources claimed by a worker now (polls in progress)."),
        )
        for name, number, text in gauges:
            yield GaugeMetricFamily(name, text, value=number)


def registry_for(store: Any | None = None) -> CollectorRegistry:
    """A registry of this process's metrics (of every process sharing ``KHABAR_METRICS_DIR``
    when it is set), plus the database's gauges when ``store`` is given."""
    registry = CollectorRegistry(auto_describe=True)
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Forward(REGISTRY))
    if store is not None:
        registry.register(DatabaseCollector(store))
    return registry


def exposition(store: Any | None = None) -> bytes:
    """The text exposition (``CONTENT_TYPE_LATEST``) of ``registry_for(store)``."""
    return generate_latest(registry_for(store))


def start_metrics_server(address: str, store: Any | None = None) -> tuple[str, int]:
    """Serve ``/metrics`` (no token) on ``address`` ("HOST:PORT", from ``metrics_address``)
    in a daemon thread; the address actually bound. Raises ``ValueError`` for a bad address."""
    host, _, port = address.strip().rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"KHABAR_METRICS_ADDRESS: expected HOST:PORT, got {address!r}")
    server, _thread = start_http_server(int(port), addr=host.strip("[]"),
                                        registry=registry_for(store))
    bound = server.server_address
    return str(bound[0]), int(bound[1])


class _Forward(Collector):
    """The default registry's metrics (ours and the process collector's) in another registry."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterable[Any]:
        return self.source.collect()

    def describe(self) -> list:
        return []

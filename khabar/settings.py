"""Named settings: every limit and timeout of live ingestion, with its default and its help.

Each setting is read from the environment variable ``KHABAR_<NAME>`` (upper case), for example
``KHABAR_MAX_BODY_BYTES=20000000`` or ``KHABAR_ALLOW_PRIVATE_NETWORKS=1``. Code that needs
other values (tests, benchmarks) passes overrides: ``load_settings(connect_timeout=0.5)``.
``docs/settings.md`` documents every setting, and a test checks that it does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
import dataclasses
from dataclasses import dataclass
from typing import Any, NamedTuple

from khabar import __version__


class Setting(NamedTuple):
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    # --- the network ------------------------------------------------------------------------
    Setting("allow_private_networks", False,
            "Allow fetching from private, loopback and link-local addresses (tests, intranets). "
            "Checked on the address actually connected to, so DNS rebinding is refused too."),
    Setting("user_agent",
            f"khabar/{__version__} (+https://github.com/khabar-news/khabar; news aggregator)",
            "The User-Agent header of every request, and the agent name matched in robots.txt."),
    Setting("connect_timeout", 10.0, "Seconds to wait for a TCP (and TLS) connection."),
    Setting("read_timeout", 20.0, "Seconds to wait for the next bytes of a response."),
    Setting("total_timeout", 60.0, "Seconds one request may take in all, body included."),
    Setting("max_body_bytes", 15 * 1024 * 1024,
            "Largest response body read, counted after decompression (gzip bombs stop here)."),
    Setting("max_redirects", 5, "Redirects followed for one request; a loop stops sooner."),
    Setting("max_connections", 100, "Requests in flight at once, over all hosts."),
    Setting("per_host_connections", 2, "Requests in flight at once to one host."),
    Setting("per_host_delay", 0.25, "Seconds between the starts of two requests to one host."),
    Setting("retries", 2,
            "Retries of a request that failed to connect, timed out, or got a 5xx/429 answer."),
    Setting("retry_backoff", 1.0,
            "Seconds before the first retry; doubled each time, with random jitter."),
    Setting("max_retry_after", 300.0,
            "Longest Retry-After (seconds) waited within one poll; a longer one postpones the "
            "source's next check instead."),
    Setting("robots_ttl", 86400.0, "Seconds a host's robots.txt is kept before it is read again."),
    # --- the scheduler -----------------------------------------------------------------------
    Setting("min_interval", 300.0, "Shortest time (seconds) between two checks of one source."),
    Setting("max_interval", 21600.0, "Longest time (seconds) between two checks of one source."),
    Setting("default_interval", 1800.0,
            "Time between checks of a source whose publishing rate is not known yet."),
    Setting("interval_jitter", 0.1,
            "Random share (0–1) added to or taken from each interval, so checks spread out."),
    Setting("max_error_backoff", 86400.0,
            "Longest wait (seconds) before checking a failing source again."),
    Setting("poll_concurrency", 20, "Sources polled at the same time."),
    Setting("source_timeout", 300.0,
            "Seconds one source's poll may take (feed and article pages); then it is cut off."),
    Setting("fetch_pages", True,
            "Fetch each new entry's article page for its full text (else keep the feed's text)."),
    Setting("max_pages_per_poll", 50, "Article pages fetched for one source in one poll."),
    Setting("scheduler_tick", 15.0,
            "Seconds between two looks for due sources in `khabar run` and `khabar worker`."),
    Setting("lease_seconds", 120.0,
            "Seconds a worker's claim on a source holds; renewed every third of it while the "
            "poll runs. A worker that dies loses its sources to the others after this long."),
    # --- the web -----------------------------------------------------------------------------
    Setting("admin_password", "",
            "Password of the web admin pages (/admin: add, edit, pause and remove sources, "
            "import OPML). Empty: the admin pages are closed."),
    Setting("secret_key", "",
            "Key that signs the admin's session cookie. Empty: a random key per process, so "
            "admins log in again after a restart and every `khabar serve` process needs the same "
            "key behind a load balancer."),
    Setting("live_poll_seconds", 5.0,
            "Seconds between two looks for new articles in a live-update stream (/api/events)."),
    Setting("live_keepalive_seconds", 25.0,
            "Seconds after which an idle live-update stream sends a keep-alive comment, so "
            "proxies keep the connection open."),
    Setting("live_max_seconds", 600.0,
            "Longest a live-update stream stays open; then the browser reconnects on its own."),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True, slots=True)
class Settings:
    """The values in force, one typed field per entry of ``SETTINGS`` (a test checks that the
    two agree): ``settings.connect_timeout`` and so on. Built by ``load_settings``."""

    allow_private_networks: bool
    user_agent: str
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_body_bytes: int
    max_redirects: int
    max_connections: int
    per_host_connections: int
    per_host_delay: float
    retries: int
    retry_backoff: float
    max_retry_after: float
    robots_ttl: float
    min_interval: float
    max_interval: float
    default_interval: float
    interval_jitter: float
    max_error_backoff: float
    poll_concurrency: int
    source_timeout: float
    fetch_pages: bool
    max_pages_per_poll: int
    scheduler_tick: float
    lease_seconds: float
    admin_password: str
    secret_key: str
    live_poll_seconds: float
    live_keepalive_seconds: float
    live_max_seconds: float

    def replace(self, **overrides: Any) -> Settings:
        """A copy with some values changed (the original is left as it is)."""
        return dataclasses.replace(self, **_checked(overrides))


_FIELDS = {f.name for f in dataclasses.fields(Settings)}


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, then ``KHABAR_*`` variables of ``environ`` (os.environ), then ``overrides``."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = env.get(f"KHABAR_{setting.name.upper()}")
        values[setting.name] = setting.default if raw is None else _parse(setting, raw)
    values.update(_checked(overrides))
    missing = set(values) - _FIELDS
    if missing:  # a new entry of SETTINGS needs its typed field in Settings too
        raise TypeError(f"settings {', '.join(sorted(missing))}: add a typed field to class Settings")
    return Settings(**values)


def _checked(overrides: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(overrides) - set(_BY_NAME))
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(unknown)}")
    return dict(overrides)


def _parse(setting: Setting, raw: str) -> Any:
    kind = type(setting.default)
    text = raw.strip()
    if kind is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(f"KHABAR_{setting.name.upper()}: expected 1/0, true/false, got {raw!r}")
    if kind in (int, float):
        try:
            value = kind(float(text)) if kind is int else float(text)
        except ValueError:
            raise ValueError(f"KHABAR_{setting.name.upper()}: expected a number, got {raw!r}") from None
        if value < 0:
            raise ValueError(f"KHABAR_{setting.name.upper()}: must not be negative")
        return value
    return text

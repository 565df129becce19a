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
    # --- alerts (saved searches) -------------------------------------------------------------
    Setting("alerts_tick", 15.0,
            "Seconds between two looks for due alerts in `khabar run` and `khabar worker`."),
    Setting("alerts_lease_seconds", 120.0,
            "Seconds a sender's claim on an alert holds; a sender that dies before sending "
            "loses its alerts to the others after this long."),
    Setting("alerts_retry_backoff", 60.0,
            "Seconds before an alert that failed to send is tried again; doubled each time."),
    Setting("alerts_max_backoff", 3600.0, "Longest wait (seconds) between two tries of an alert."),
    Setting("alerts_give_up_after", 86400.0,
            "Seconds after which an alert that still cannot be sent is given up."),
    Setting("alerts_daily_hour", 7,
            "Hour of the day (0–23, in each saved search's time zone) of daily digests."),
    Setting("alerts_max_age", 172800.0,
            "Articles published longer ago than this (seconds) when stored — an archive "
            "import — are listed under the saved searches they match but not announced."),
    Setting("alerts_max_per_user", 100, "Saved searches one user may keep."),
    Setting("alerts_max_channels", 20, "Alert channels one user may add."),
    Setting("alerts_base_url", "",
            "Public address of this khabar (https://news.example.org): alerts link to its "
            "article pages. Empty: alerts link to the outlets' own pages."),
    Setting("webpush_subject", "",
            "Contact sent to browsers' push services with each Web Push alert (VAPID `sub`): "
            "mailto:admin@example.org or https://news.example.org. Empty: "
            "mailto:khabar@localhost."),
    # --- hardening (issue 20) ------------------------------------------------------------------
    Setting("max_article_chars", 200_000,
            "Longest article body (and summary) stored, in characters; a longer one is cut at "
            "a paragraph end and ends with a note saying so. 0: no limit. Long-form news runs "
            "to ~60,000 characters; one 38 MB record slowed every page and search that met it."),
    Setting("max_entries_per_poll", 1000,
            "Feed entries read in one poll, the first ones (feeds list the newest first); the "
            "document is cut before parsing. 0: no limit. A 100,000-entry feed took minutes "
            "and 660 MB to parse whole."),
    Setting("trusted_hosts", "",
            "Host names khabar answers to, comma-separated "
            "(\"news.example.org,www.news.example.org\"; \"*.example.org\" for subdomains). "
            "A request for any other Host gets 400, so a forged Host header cannot reach feeds' "
            "self links and page URLs. Empty: any host (set it in production)."),
    # --- the web -----------------------------------------------------------------------------
    Setting("admin_password", "",
            "Password of the web admin pages (/admin: add, edit, pause and remove sources, "
            "import OPML). Empty: the admin pages are closed."),
    Setting("secret_key", "",
            "Key that signs the short-lived cookie carrying a form's result message (sessions "
            "are kept in the database, not in this cookie). Empty: a random key per process; "
            "behind a load balancer give every `khabar serve` process the same key."),
    # --- readers: accounts, sessions, login throttling (docs/users.md) --------------------
    Setting("private_install", False,
            "A private install: anonymous visitors are sent to the login page (the API answers "
            "401) and only accounts read. Off: anyone may read, accounts add their own layer."),
    Setting("registration_open", False,
            "Let visitors create their own reader account at /register. Off: an admin creates "
            "accounts (`khabar users add`, /admin/users)."),
    Setting("trusted_proxies", "",
            "Comma-separated addresses or networks (127.0.0.1, 10.0.0.0/8) of reverse proxies "
            "whose X-Forwarded-Proto and X-Forwarded-For are believed: they decide the Secure "
            "flag of cookies and the address login throttling counts. Empty: trust none."),
    Setting("session_days", 30.0,
            "Days a login stays valid without use; each use extends it. Sessions end sooner on "
            "logout, a password change, \"log out everywhere\" or the account's removal."),
    Setting("login_window_seconds", 900.0,
            "The window (seconds) in which failed logins are counted for throttling."),
    Setting("login_failures_per_account", 10,
            "Failed logins to one account within the window before its logins are refused "
            "with 429 (Retry-After: until the oldest failure leaves the window)."),
    Setting("login_failures_per_address", 30,
            "Failed logins from one client address within the window before its logins are "
            "refused with 429."),
    Setting("live_poll_seconds", 5.0,
            "Seconds between two looks for new articles in a live-update stream (/api/events)."),
    Setting("live_keepalive_seconds", 25.0,
            "Seconds after which an idle live-update stream sends a keep-alive comment, so "
            "proxies keep the connection open."),
    Setting("live_max_seconds", 600.0,
            "Longest a live-update stream stays open; then the browser reconnects on its own."),
    # --- operations: metrics, logs (khabar/metrics.py, khabar/logs.py, docs/operations.md) ---
    Setting("metrics_token", "",
            "Bearer token that opens /metrics on the web server (Authorization: Bearer …). "
            "Empty: the web server does not serve /metrics (use metrics_address)."),
    Setting("metrics_address", "",
            "HOST:PORT where `khabar serve`, `run` and `worker` serve /metrics on a separate, "
            "token-less listener (bind it to a private address). Empty: none."),
    Setting("metrics_dir", "",
            "Directory of its own, shared by the khabar processes of one machine for their counters "
            "(prometheus-client multiprocess mode; empty it when the services start). Read from "
            "the environment at start-up. Empty: each process counts alone."),
    Setting("log_format", "human",
            "Log lines: `human` (one readable line each) or `json` (one JSON object per line, "
            "for log collectors)."),
    Setting("log_level", "", "Lowest level logged: debug, info, warning or error. Empty: info "
            "for `khabar serve`, `run` and `worker`, warning for the other commands."),
    # --- the reader's pages (front) ------------------------------------------------------------
    Setting("time_zone", "",
            "IANA time zone of the dates and times on pages, e.g. `Asia/Riyadh`. Empty: the "
            "server's own time zone. An unknown name stops `khabar serve` with an error."),
    # --- the image proxy (khabar.web.images) --------------------------------------------------
    Setting("image_cache_dir", "data/image-cache",
            "Folder of the image proxy's cache of thumbnails (created when needed; kept across "
            "restarts; every `khabar serve` process may share it)."),
    Setting("image_cache_max_bytes", 256 * 1024 * 1024,
            "Largest size of the image cache; past it the least recently served thumbnails are "
            "deleted first."),
    Setting("image_max_bytes", 8 * 1024 * 1024,
            "Largest original image the proxy downloads (bytes, after decompression)."),
    Setting("image_max_pixels", 24_000_000,
            "Largest original image the proxy decodes (width × height), read from the image's "
            "header before decoding: decompression bombs stop here."),
    # --- search on PostgreSQL (khabar/store/postgres_tantivy.py) ------------------------------
    Setting("search_index_dir", "",
            "PostgreSQL only: this machine's search index folder (tantivy), built from the "
            "database on first start and kept by following its changes; every process of the "
            "machine shares it, each machine has its own. Empty: PostgreSQL ranks with its RUM "
            "(or GIN) index."),
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
    # alerts
    alerts_tick: float
    alerts_lease_seconds: float
    alerts_retry_backoff: float
    alerts_max_backoff: float
    alerts_give_up_after: float
    alerts_daily_hour: int
    alerts_max_age: float
    alerts_max_per_user: int
    alerts_max_channels: int
    alerts_base_url: str
    webpush_subject: str
    # hardening (issue 20)
    max_article_chars: int
    max_entries_per_poll: int
    trusted_hosts: str
    admin_password: str
    secret_key: str
    # readers
    private_install: bool
    registration_open: bool
    trusted_proxies: str
    session_days: float
    login_window_seconds: float
    login_failures_per_account: int
    login_failures_per_address: int
    live_poll_seconds: float
    live_keepalive_seconds: float
    live_max_seconds: float
    metrics_token: str
    metrics_address: str
    metrics_dir: str
    log_format: str
    log_level: str
    # the reader's pages (front)
    time_zone: str
    image_cache_dir: str
    image_cache_max_bytes: int
    image_max_bytes: int
    image_max_pixels: int
    # search on PostgreSQL
    search_index_dir: str

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

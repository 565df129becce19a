"""The fetcher: one polite, bounded HTTP GET, retried when retrying can help.

``Fetcher.get(url, etag=…, last_modified=…)`` returns a ``FetchResult`` or raises a
``FetchError`` subclass (see ``khabar.errors``). In order, one call:

1. waits for a slot: ``max_connections`` over all hosts, ``per_host_connections`` per host,
   ``per_host_delay`` between two starts on one host;
2. asks robots.txt first when ``robots=True`` (article pages);
3. sends a conditional GET and follows redirects itself, up to ``max_redirects``, refusing a
   loop, and noting whether every hop was permanent (301/308: the source has moved);
4. maps the status: 304 → not modified, 429/503 → ``RateLimited`` (with Retry-After), other
   4xx/5xx → ``HTTPStatusError``;
5. streams the body through the capped decoder (``max_body_bytes`` after decompression);
6. all within ``total_timeout``; connect and read timeouts apply per operation.

Failures to connect, timeouts, 5xx and 429 are retried ``retries`` times with exponential
backoff and jitter (or the server's Retry-After when it is at most ``max_retry_after``).
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

from khabar.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    RateLimited,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from khabar.ingest.fetch._body import ACCEPT_ENCODING, CappedDecoder, to_text, xml_text
from khabar.ingest.fetch._network import GuardedTransport, Resolver
from khabar.ingest.fetch._robots import MAX_ROBOTS_BYTES, RobotsCache
from khabar.settings import Settings, load_settings

log = logging.getLogger(__name__)

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
ACCEPT_FEED = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")


@dataclass(slots=True)
class FetchResult:
    url: str                      # where the body came from, after redirects
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None   # set when every redirect was permanent (301/308)
    elapsed: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return to_text(self.body, self.content_type)

    def xml_text(self) -> str:
        """The text of an XML body, its declared encoding removed (it is decoded already)."""
        return xml_text(self.body, self.content_type)


class _HostGate:
    def __init__(self, connections: int) -> None:
        self.slots = asyncio.Semaphore(max(1, connections))
        self.lock = asyncio.Lock()
        self.next_start = 0.0


class Fetcher:
    """Use as ``async with Fetcher(settings) as fetcher:``; one per event loop."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.settings = s = settings or load_settings()
        limits = httpx.Limits(max_connections=s.max_connections,
                              max_keepalive_connections=s.max_connections)
        self._transport = transport or GuardedTransport(
            allow_private=s.allow_private_networks, limits=limits, resolver=resolver
        )
        self._client = httpx.AsyncClient(
            transport=self._transport,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout,
                                  write=s.read_timeout, pool=s.total_timeout),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )
        self._all = asyncio.Semaphore(max(1, s.max_connections))
        self._hosts: dict[str, _HostGate] = {}
        agent = s.user_agent.split("/", 1)[0].strip() or "khabar"
        self.robots = RobotsCache(self._get_robots, agent=agent, ttl=s.robots_ttl)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    # --- public ---------------------------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        robots: bool = False,
        accept: str = ACCEPT_FEED,
        max_bytes: int | None = None,
        retries: int | None = None,
    ) -> FetchResult:
        """GET ``url`` (see the module docstring); raises a FetchError subclass."""
        s = self.settings
        attempts = (s.retries if retries is None else retries) + 1
        for attempt in range(attempts):
            try:
                return await self._get_within_time(
                    url, etag, last_modified, robots, accept, max_bytes or s.max_body_bytes
                )
            except (Unreachable, FetchTimeout, HTTPStatusError) as exc:
                delay = self._retry_delay(exc, attempt)
                if attempt + 1 >= attempts or delay is None:
                    raise
                log.info("fetch: %s; retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- one attempt ------------------------------------------------------------------------

    async def _get_within_time(self, url: str, etag: str | None, last_modified: str | None,
                               robots: bool, accept: str, max_bytes: int) -> FetchResult:
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                result = await self._follow(url, etag, last_modified, robots, accept, max_bytes)
        except TimeoutError:
            raise FetchTimeout(
                f"{url} took more than {self.settings.total_timeout:g} s"
            ) from None
        result.elapsed = time.monotonic() - started
        return result

    async def _follow(self, url: str, etag: str | None, last_modified: str | None,
                      robots: bool, accept: str, max_bytes: int) -> FetchResult:
        seen = {url}
        current = url
        permanent = True
        for _ in range(self.settings.max_redirects + 1):
            _check_scheme(current)
            if robots and not await self.robots.allowed(current):
                raise RobotsDisallowed(f"robots.txt of {urlsplit(current).netloc} disallows {current}")
            headers = {"Accept": accept}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            result = await self._send(current, headers, max_bytes)
            if result.status in REDIRECTS and "location" in result.headers:
                target = urljoin(current, result.headers["location"].strip())
                if target in seen:
                    raise TooManyRedirects(f"redirect loop at {current} → {target}")
                seen.add(target)
                permanent = permanent and result.status in PERMANENT
                current = target
                continue
            if current != url and permanent:
                result.moved_to = current
            return result
        raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects from {url}")

    async def _send(self, url: str, headers: dict[str, str], max_bytes: int) -> FetchResult:
        async with self._slot(url):
            try:
                request = self._client.build_request("GET", url, headers=headers)
                response = await self._client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise FetchTimeout(f"{url}: {type(exc).__name__}") from exc
            except (httpx.TransportError, httpx.InvalidURL) as exc:
                raise Unreachable(f"{url}: {type(exc).__name__}: {exc}") from exc
            try:
                return await self._read(url, response, max_bytes)
            except httpx.TimeoutException as exc:
                raise FetchTimeout(f"{url}: reading the body: {type(exc).__name__}") from exc
            except httpx.TransportError as exc:
                raise Unreachable(f"{url}: reading the body: {exc}") from exc
            finally:
                await response.aclose()

    async def _read(self, url: str, response: httpx.Response, max_bytes: int) -> FetchResult:
        status = response.status_code
        head = {k.lower(): v for k, v in response.headers.items()}
        result = FetchResult(
            url=url, status=status, content_type=head.get("content-type"),
            etag=head.get("etag"), last_modified=head.get("last-modified"), headers=head,
        )
        if status in REDIRECTS or status == 304:
            return result
        if status in (429, 503):
            raise RateLimited(f"{url} answered {status}", status=status,
                              retry_after=parse_retry_after(head.get("retry-after")))
        if status >= 400:
            raise HTTPStatusError(f"{url} answered {status}", status=status)
        length = head.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes and "content-encoding" not in head:
            raise TooLarge(f"{url} announces {length} bytes, more than the cap of {max_bytes}")
        decoder = CappedDecoder(head.get("content-encoding"), max_bytes, url)
        async for chunk in response.aiter_raw():
            decoder.feed(chunk)
        result.body = decoder.body()
        return result

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        host = urlsplit(url).netloc.lower()
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = _HostGate(self.settings.per_host_connections)
        async with gate.slots:
            async with gate.lock:
                wait = gate.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                gate.next_start = time.monotonic() + self.settings.per_host_delay
            async with self._all:
                yield

    def _retry_delay(self, exc: FetchError, attempt: int) -> float | None:
        """Seconds before the next attempt, or None when retrying cannot help."""
        s = self.settings
        if isinstance(exc, RateLimited):
            if exc.retry_after is not None:
                return exc.retry_after if exc.retry_after <= s.max_retry_after else None
        elif isinstance(exc, HTTPStatusError) and exc.status < 500:
            return None
        base = s.retry_backoff * (2 ** attempt)
        return base * (1 + random.uniform(-0.25, 0.25))

    async def _get_robots(self, url: str) -> tuple[int, str]:
        result = await self.get(url, accept="text/plain, */*;q=0.5",
                                max_bytes=MAX_ROBOTS_BYTES, retries=0)
        return result.status, result.text()


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = datetime.now(timezone.utc).timestamp() if now is None else now
    return max(0.0, when.timestamp() - current)


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"not an http(s) address: {url}",
                         user_message="العنوان ليس عنوان صفحة ويب (http أو https).")

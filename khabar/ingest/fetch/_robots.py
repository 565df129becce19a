"""robots.txt, honoured for article pages: one parsed file per origin, kept ``robots_ttl``.

As RFC 9309 says: a 4xx answer (no robots.txt) allows everything; a robots.txt that cannot be
fetched (5xx, unreachable) disallows everything until it is asked again, after a short wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from khabar.errors import BlockedAddress, FetchError, HTTPStatusError

#: how long an unreachable robots.txt blocks its host before it is asked again
UNREACHABLE_TTL = 600.0
#: robots.txt bodies are small; more than this is not read
MAX_ROBOTS_BYTES = 512 * 1024

#: fetches a robots.txt URL: (status, text), raising FetchError
RobotsGetter = Callable[[str], Awaitable[tuple[int, str]]]


class RobotsCache:
    def __init__(self, get: RobotsGetter, *, agent: str, ttl: float) -> None:
        self._get = get
        self.agent = agent
        self.ttl = ttl
        self._rules: dict[str, tuple[float, RobotFileParser | bool]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch of a host's robots.txt, however many pages wait for it
            expires, rules = self._rules.get(origin, (0.0, True))
            if expires < time.monotonic():
                expires, rules = await self._load(origin)
                self._rules[origin] = (expires, rules)
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.agent, url)

    async def _load(self, origin: str) -> tuple[float, RobotFileParser | bool]:
        now = time.monotonic()
        try:
            status, text = await self._get(f"{origin}/robots.txt")
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                return now + self.ttl, True
            return now + UNREACHABLE_TTL, False
        except BlockedAddress:
            raise  # the page is refused for its address, not for its robots.txt
        except FetchError:
            return now + UNREACHABLE_TTL, False
        if status >= 400:
            return now + self.ttl, 400 <= status < 500
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return now + self.ttl, parser

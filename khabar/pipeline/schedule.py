"""When to check each source again: pure interval maths (like Miniflux's
``Feed.ScheduleNextCheck``), and the name a poller claims sources under.

Intervals adapt to a source's publishing rate: a source that publishes every ten minutes is
checked every five, one that published last week is checked rarely, always within
``min_interval`` … ``max_interval`` and spread by ``interval_jitter``. A failing source waits
``min_interval`` after its first error, doubling with each further error up to
``max_error_backoff``, or longer when the server asked (Retry-After).
"""

from __future__ import annotations

import os
import random
import socket
from collections.abc import Sequence
from datetime import datetime, timedelta

from khabar.settings import Settings

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


def default_worker_id() -> str:
    """``hostname:pid``: unique among live workers, and says where to look."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]

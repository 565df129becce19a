"""Adaptive intervals and error backoff, as tables."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from khabar.pipeline.schedule import error_backoff, jittered, publishing_interval
from khabar.settings import load_settings

S = load_settings(min_interval=300, max_interval=21600, default_interval=1800,
                  max_error_backoff=86400, interval_jitter=0.1)
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def every(minutes: float, count: int = 10, last_ago: float = 0) -> list[datetime]:
    newest = NOW - timedelta(minutes=last_ago)
    return [newest - timedelta(minutes=minutes * n) for n in range(count)]


@pytest.mark.parametrize("times, expected", [
    ([], 1800),                                  # unknown rate: the default
    (every(60, 1), 1800),                        # one article: still unknown
    (every(2), 300),                             # very busy: the minimum
    (every(30), 900),                            # every 30 min: checked every 15
    (every(30, last_ago=240), 3600),             # gone quiet for 4 h: a quarter of that
    (every(24 * 60), 21600),                     # daily: the maximum
    (every(30, last_ago=-60), 900),              # a future date is ignored, not trusted
])
def test_publishing_interval(times, expected):
    assert publishing_interval(times, NOW, S) == pytest.approx(expected)


@pytest.mark.parametrize("errors, retry_after, expected", [
    (1, None, 300), (2, None, 600), (5, None, 4800), (20, None, 86400), (1, 7200, 7200),
    (1, 10**9, 86400),
])
def test_error_backoff(errors, retry_after, expected):
    assert error_backoff(errors, S, retry_after) == expected


def test_jitter_stays_within_its_share():
    values = [jittered(1000, S) for _ in range(200)]
    assert all(900 <= v <= 1100 for v in values) and len(set(values)) > 100

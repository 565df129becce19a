"""When an alert may go out: instant, hourly, daily, quiet hours in the search's zone."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from khabar.errors import QueryError
from khabar.notify.schedule import after_quiet_hours, clock, due_times, next_digest, zone

UTC = timezone.utc


def at(h: int, m: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 12, day, h, m, tzinfo=UTC)


@pytest.mark.parametrize("now, tz, start, end, expected", [
    (at(20, 30), "Asia/Riyadh", "22:00", "07:00", at(4, 0, 3)),  # 23:30 there: wraps midnight
    (at(2, 0), "Asia/Riyadh", "22:00", "07:00", at(4, 0)),  # 05:00 there
    (at(5, 0), "Asia/Riyadh", "22:00", "07:00", at(5, 0)),  # 08:00 there: not quiet
    (at(13, 30), "UTC", "13:00", "14:00", at(14, 0)),  # same-day quiet hours
    (at(13, 30), "UTC", "13:00", "13:00", at(13, 30)),  # empty span: never quiet
    (at(13, 30), "UTC", None, None, at(13, 30)),
])
def test_quiet_hours(now, tz, start, end, expected):
    assert after_quiet_hours(now, tz, start, end) == expected


def test_digests_in_the_searchs_zone():
    assert next_digest(at(10, 20), "hourly", "UTC", 7) == at(11)
    assert next_digest(at(10, 20), "hourly", "Asia/Kolkata", 7) == at(10, 30)  # +05:30
    assert next_digest(at(3, 59), "daily", "Asia/Riyadh", 7) == at(4)
    assert next_digest(at(4, 0), "daily", "Asia/Riyadh", 7) == at(4, 0, 3)
    assert due_times(at(10, 20), mode="instant", tz="UTC", quiet_start=None, quiet_end=None,
                     daily_hour=7) == (at(10, 20), None)
    assert due_times(at(10, 20), mode="daily", tz="UTC", quiet_start="06:00", quiet_end="08:00",
                     daily_hour=7) == (at(8, 0, 3), at(8, 0, 3))  # the digest waits too


@pytest.mark.parametrize("bad", ["25:00", "7", "", "07:60", "سبعة"])
def test_bad_times_and_zones_say_so_in_arabic(bad):
    with pytest.raises(QueryError) as error:
        clock(bad)
    assert "22:00" in error.value.user_message
    with pytest.raises(QueryError):
        zone("Mars/Olympus")

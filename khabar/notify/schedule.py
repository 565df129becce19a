"""When an alert may go out: at once, at the next hour or day, never in quiet hours.

Times are computed in the saved search's time zone (``zoneinfo``) and returned in UTC.
Quiet hours ("22:00" … "07:00") may wrap midnight; an alert that falls inside them waits
until they end. A digest is due at the start of the next hour (``hourly``) or at
``daily_hour`` o'clock (``daily``), then moved past quiet hours.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from khabar.errors import QueryError

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def zone(name: str) -> ZoneInfo:
    """The time zone ``name`` ("Asia/Riyadh"); raises ``QueryError`` with an Arabic message."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise QueryError(f"unknown time zone {name!r}",
                         user_message=f"المنطقة الزمنية «{name}» غير معروفة (مثال: Asia/Riyadh).") from exc


def clock(text: str) -> time:
    """"22:00" → time(22, 0); raises ``QueryError`` with an Arabic message."""
    found = _CLOCK.match(text.strip())
    if found is None:
        raise QueryError(f"not a time of day: {text!r}",
                         user_message=f"الوقت «{text}» غير صالح؛ اكتبه مثل 22:00.")
    return time(int(found.group(1)), int(found.group(2)))


def in_quiet_hours(local: datetime, start: time, end: time) -> bool:
    now = local.time().replace(tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end  # wraps midnight


def after_quiet_hours(when: datetime, tz: str, start: str | None, end: str | None) -> datetime:
    """``when`` (UTC), or the end of the quiet hours it falls in."""
    if not start or not end:
        return when
    zone_ = zone(tz)
    local = when.astimezone(zone_)
    begin, finish = clock(start), clock(end)
    if not in_quiet_hours(local, begin, finish):
        return when
    ends = datetime.combine(local.date(), finish, tzinfo=zone_)
    if ends <= local:
        ends = datetime.combine(local.date() + timedelta(days=1), finish, tzinfo=zone_)
    return ends.astimezone(timezone.utc)


def next_digest(now: datetime, mode: str, tz: str, daily_hour: int) -> datetime:
    """The next digest time after ``now`` (UTC) for ``hourly`` or ``daily`` mode."""
    zone_ = zone(tz)
    local = now.astimezone(zone_)
    if mode == "hourly":
        start = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    else:
        start = local.replace(hour=daily_hour % 24, minute=0, second=0, microsecond=0)
        if start <= local:
            start = datetime.combine(local.date() + timedelta(days=1), start.time(), tzinfo=zone_)
    return start.astimezone(timezone.utc)


def due_times(now: datetime, *, mode: str, tz: str, quiet_start: str | None,
              quiet_end: str | None, daily_hour: int) -> tuple[datetime, datetime | None]:
    """When a new story's alert may go out, and when an update of an announced story may
    (None for instant mode: updates ride with the search's next alert, never alone)."""
    if mode == "instant":
        return after_quiet_hours(now, tz, quiet_start, quiet_end), None
    at = after_quiet_hours(next_digest(now, mode, tz, daily_hour), tz, quiet_start, quiet_end)
    return at, at

"""Relative times in Arabic ("منذ 3 ساعات"), with the number agreement Arabic requires."""

from __future__ import annotations

from datetime import datetime, timezone

# (singular, dual, plural for 3–10, singular accusative for 11+)
_UNITS = {
    "minute": ("دقيقة", "دقيقتين", "دقائق", "دقيقة"),
    "hour": ("ساعة", "ساعتين", "ساعات", "ساعة"),
    "day": ("يوم", "يومين", "أيام", "يوماً"),
    "month": ("شهر", "شهرين", "أشهر", "شهراً"),
    "year": ("سنة", "سنتين", "سنوات", "سنة"),
}


def format_relative(when: datetime, now: datetime | None = None) -> str:
    """'الآن', 'منذ دقيقة', 'منذ ساعتين', 'منذ 5 أيام', 'منذ 11 شهراً' …"""
    now = now or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = (now - when).total_seconds()
    if seconds < 0:
        return "الآن" if seconds > -60 else "لاحقاً"
    minutes = int(seconds // 60)
    if minutes < 1:
        return "الآن"
    for unit, size in (("year", 525_600), ("month", 43_200), ("day", 1_440), ("hour", 60)):
        if minutes >= size:
            return "منذ " + _count(minutes // size, unit)
    return "منذ " + _count(minutes, "minute")


def _count(n: int, unit: str) -> str:
    singular, dual, plural, accusative = _UNITS[unit]
    if n == 1:
        return singular
    if n == 2:
        return dual
    if 3 <= n <= 10:
        return f"{n} {plural}"
    return f"{n} {accusative}"

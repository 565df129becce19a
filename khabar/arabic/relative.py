"""Relative times in Arabic ("منذ 3 ساعات"), with the number agreement Arabic requires."""

from __future__ import annotations

from datetime import datetime, timezone

from khabar.arabic.plurals import count_noun


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
    return count_noun(n, unit)

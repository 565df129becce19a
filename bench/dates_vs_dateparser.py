"""parse_date against dateparser (languages=['ar', 'en']) on real-world date strings.

Usage: .venv/bin/python bench/dates_vs_dateparser.py

The table holds date strings as Arabic news sites print them, across regions (Gulf, Levant,
Egypt, Maghreb, Iraq, feeds), with the expected UTC moment. A parse counts as right when it gives
the expected minute (strings with a time or relative) or the expected day (date-only strings).
Both run over the whole table, in the same run; times are the median of 5 passes.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dateparser  # noqa: E402

from khabar.arabic import parse_date  # noqa: E402

UTC = timezone.utc
NOW = datetime(2024, 9, 20, 12, 0, tzinfo=UTC)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (text, expected, whether the time of day counts)
CASES: list[tuple[str, datetime, bool]] = [
    # Egypt / MSA
    ("الجمعة 20 سبتمبر 2024 - 10:30 م", at(2024, 9, 20, 22, 30), True),
    ("تاريخ النشر: الخميس، 5 أكتوبر 2023", at(2023, 10, 5), False),
    ("نشر في 12 يناير 2024 08:15 ص", at(2024, 1, 12, 8, 15), True),
    ("آخر تحديث: 5 أبريل 2023 09:05 صباحاً", at(2023, 4, 5, 9, 5), True),
    ("الأحد 7 من يوليو عام 2019", at(2019, 7, 7), False),
    ("3 يونيه 2021", at(2021, 6, 3), False),
    ("1 إبريل 2023", at(2023, 4, 1), False),
    ("20 سبتمبر 2024م", at(2024, 9, 20), False),
    ("الثلاثاء، 5 مارس 2023 - 14:20 (بتوقيت مكة المكرمة)", at(2023, 3, 5, 11, 20), True),
    ("5 مارس 2023 الساعة 8:15 مساءً", at(2023, 3, 5, 20, 15), True),
    ("نشر بتاريخ 5 مارس، 2023", at(2023, 3, 5), False),
    # Levant / Iraq
    ("14 شباط 2005", at(2005, 2, 14), False),
    ("1 كانون الثاني 2020", at(2020, 1, 1), False),
    ("31 كانون الأول 2019", at(2019, 12, 31), False),
    ("10 آذار 2023", at(2023, 3, 10), False),
    ("10 نيسان 2023", at(2023, 4, 10), False),
    ("10 أيار 2023", at(2023, 5, 10), False),
    ("10 حزيران 2023", at(2023, 6, 10), False),
    ("10 تموز 2023", at(2023, 7, 10), False),
    ("4 آب 2020", at(2020, 8, 4), False),
    ("2 تشرين الأول 2022", at(2022, 10, 2), False),
    ("10 تشرين الثاني 2023", at(2023, 11, 10), False),
    ("الأربعاء 15 آذار/مارس 2017", at(2017, 3, 15), False),
    ("20 سبتمبر/أيلول 2024", at(2024, 9, 20), False),
    ("20 أيلول (سبتمبر) 2024", at(2024, 9, 20), False),
    ("10 كانون الثاني/يناير 2023", at(2023, 1, 10), False),
    # Morocco
    ("الجمعة 20 شتنبر 2024", at(2024, 9, 20), False),
    ("3 ماي 2022", at(2022, 5, 3), False),
    ("12 يوليوز 2023", at(2023, 7, 12), False),
    ("9 غشت 2021", at(2021, 8, 9), False),
    ("30 نونبر 2020", at(2020, 11, 30), False),
    ("25 دجنبر 2020", at(2020, 12, 25), False),
    # Algeria / Tunisia
    ("17 جانفي 2021", at(2021, 1, 17), False),
    ("28 فيفري 2021", at(2021, 2, 28), False),
    ("6 أفريل 2021", at(2021, 4, 6), False),
    ("21 جوان 2021", at(2021, 6, 21), False),
    ("25 جويلية 2021", at(2021, 7, 25), False),
    ("15 أوت 2021", at(2021, 8, 15), False),
    # numeric, digits in other scripts
    ("20/09/2024", at(2024, 9, 20), False),
    ("2024/09/20", at(2024, 9, 20), False),
    ("20-09-2024 14:05", at(2024, 9, 20, 14, 5), True),
    ("٢٠ سبتمبر ٢٠٢٤", at(2024, 9, 20), False),
    ("٢٠/٠٩/٢٠٢٤ - ١٠:٣٠", at(2024, 9, 20, 10, 30), True),
    ("۲۰ سبتمبر ۲۰۲۴", at(2024, 9, 20), False),
    ("تاريخ النشر: 05/03/2023 - 08:15 مساءً", at(2023, 3, 5, 20, 15), True),
    # Hijri (Umm al-Qura)
    ("3 جمادى الآخرة 1445 هـ", at(2023, 12, 16), False),
    ("1 محرم 1445هـ", at(2023, 7, 19), False),
    ("الخميس ١ رمضان ١٤٤٥ هـ", at(2024, 3, 11), False),
    ("10 ذو الحجة 1444", at(2023, 6, 28), False),
    ("3 جمادى الآخرة 1445 هـ الموافق 15 ديسمبر 2023", at(2023, 12, 15), False),
    # relative
    ("منذ 3 ساعات", NOW - timedelta(hours=3), True),
    ("منذ ساعتين", NOW - timedelta(hours=2), True),
    ("قبل يومين", NOW - timedelta(days=2), True),
    ("منذ 5 دقائق", NOW - timedelta(minutes=5), True),
    ("قبل ثلاثة أيام", NOW - timedelta(days=3), True),
    ("أمس", NOW - timedelta(days=1), False),
    ("أول أمس", NOW - timedelta(days=2), False),
    ("اليوم", NOW, False),
    ("تاريخ النشر: منذ 3 ساعات", NOW - timedelta(hours=3), True),
    ("أمس 22:15", at(2024, 9, 19, 22, 15), True),
    # feeds and English
    ("Thu, 01 Mar 2018 00:30:44 GMT", at(2018, 3, 1, 0, 30, 44), True),
    ("Thu, 01 Mar 2018 04:30:44 +0400", at(2018, 3, 1, 0, 30, 44), True),
    ("2024-09-20T13:30:00+03:00", at(2024, 9, 20, 10, 30), True),
    ("2026-01-08 11:42:50+00:00", at(2026, 1, 8, 11, 42, 50), True),
    ("5th, March 2023 GMT", at(2023, 3, 5), False),
    ("March 5th, 2023", at(2023, 3, 5), False),
    ("March 5, 2023 10:00 PM", at(2023, 3, 5, 22, 0), True),
    ("Updated: Sep 20, 2024 at 10:30 am GMT", at(2024, 9, 20, 10, 30), True),
]

SETTINGS = {
    "RELATIVE_BASE": NOW.replace(tzinfo=None),
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "DATE_ORDER": "DMY",
}


def with_dateparser(text: str) -> datetime | None:
    return dateparser.parse(text, languages=["ar", "en"], settings=SETTINGS)


def with_khabar(text: str) -> datetime | None:
    return parse_date(text, now=NOW)


def right(got: datetime | None, expected: datetime, timed: bool) -> bool:
    if got is None:
        return False
    got = got.astimezone(UTC)
    if timed:
        return abs(got - expected) < timedelta(minutes=1)
    return got.date() == expected.date()


def main() -> None:
    warnings.simplefilter("ignore")
    rows = {}
    for name, fn in (("dateparser 1.x (ar, en)", with_dateparser), ("khabar parse_date", with_khabar)):
        fn(CASES[0][0])  # warm-up (dateparser loads its language data)
        ok = sum(right(fn(t), e, timed) for t, e, timed in CASES)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            for t, _, _ in CASES:
                fn(t)
            times.append(time.perf_counter() - start)
        rows[name] = (ok, statistics.median(times))
    if "-v" in sys.argv:
        for t, e, timed in CASES:
            print(f"{right(with_dateparser(t), e, timed):d} {right(with_khabar(t), e, timed):d}  {t}")
    base = rows["dateparser 1.x (ar, en)"][1]
    print(f"{len(CASES)} strings")
    print("| parser | right | accuracy | ms per string | × dateparser speed |")
    print("|---|---:|---:|---:|---:|")
    for name, (ok, seconds) in rows.items():
        per = seconds / len(CASES) * 1000
        print(f"| {name} | {ok}/{len(CASES)} | {ok / len(CASES):.1%} | {per:.3f} | {base / seconds:.1f} |")


if __name__ == "__main__":
    main()

from datetime import date, datetime, timedelta, timezone

import pytest

from khabar.arabic.dates import format_date, hijri_to_gregorian, parse_date

UTC = timezone.utc
NOW = datetime(2024, 9, 20, 12, 0, tzinfo=UTC)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


CASES = [
    # ISO 8601 and RFC 822
    ("2024-09-20", at(2024, 9, 20)),
    ("2024-09-20T10:30:00Z", at(2024, 9, 20, 10, 30)),
    ("2024-09-20T13:30:00+03:00", at(2024, 9, 20, 10, 30)),
    ("2026-01-08 11:42:50+00:00", at(2026, 1, 8, 11, 42, 50)),
    ("2024-09-20T10:30:00", at(2024, 9, 20, 10, 30)),  # naive → UTC
    ("Thu, 01 Mar 2018 00:30:44 GMT", at(2018, 3, 1, 0, 30, 44)),
    ("Thu, 01 Mar 2018 04:30:44 +0400", at(2018, 3, 1, 0, 30, 44)),
    ("20 Sep 2024", at(2024, 9, 20)),
    # MSA month names, weekday, prefixes, time
    ("20 سبتمبر 2024", at(2024, 9, 20)),
    ("الجمعة 20 سبتمبر 2024 - 10:30", at(2024, 9, 20, 10, 30)),
    ("تاريخ النشر: الجمعة 20 سبتمبر 2024 - 10:30 م", at(2024, 9, 20, 22, 30)),
    ("نشر في 20 سبتمبر 2024 12:15 ص", at(2024, 9, 20, 0, 15)),
    ("آخر تحديث: 5 أبريل 2023 09:05 صباحاً", at(2023, 4, 5, 9, 5)),
    ("5 ابريل 2023", at(2023, 4, 5)),
    ("1 إبريل 2023", at(2023, 4, 1)),
    ("3 يونيه 2021", at(2021, 6, 3)),
    ("الأحد 7 من يوليو عام 2019", at(2019, 7, 7)),
    ("20 سبتمبر 2024م", at(2024, 9, 20)),
    ("20 سبتمبر 2024 10:30 بتوقيت مكة", at(2024, 9, 20, 7, 30)),
    ("20 سبتمبر 2024 10:30 GMT+2", at(2024, 9, 20, 8, 30)),
    # Levantine / Iraqi and double names
    ("14 شباط 2005", at(2005, 2, 14)),
    ("1 كانون الثاني 2020", at(2020, 1, 1)),
    ("31 كانون الأول 2019", at(2019, 12, 31)),
    ("2 تشرين الأول 2022", at(2022, 10, 2)),
    ("4 آب 2020", at(2020, 8, 4)),
    ("20 سبتمبر/أيلول 2024", at(2024, 9, 20)),
    ("20 أيلول (سبتمبر) 2024", at(2024, 9, 20)),
    ("الأربعاء 15 آذار/مارس 2017", at(2017, 3, 15)),
    # Moroccan and Algerian / Tunisian
    ("الجمعة 20 شتنبر 2024", at(2024, 9, 20)),
    ("3 ماي 2022", at(2022, 5, 3)),
    ("3 مايو 2022", at(2022, 5, 3)),
    ("12 يوليوز 2023", at(2023, 7, 12)),
    ("9 غشت 2021", at(2021, 8, 9)),
    ("30 نونبر 2020", at(2020, 11, 30)),
    ("25 دجنبر 2020", at(2020, 12, 25)),
    ("17 جانفي 2021", at(2021, 1, 17)),
    ("28 فيفري 2021", at(2021, 2, 28)),
    ("6 أفريل 2021", at(2021, 4, 6)),
    ("21 جوان 2021", at(2021, 6, 21)),
    ("25 جويلية 2021", at(2021, 7, 25)),
    ("15 أوت 2021", at(2021, 8, 15)),
    # numeric, digits in other scripts
    ("20/09/2024", at(2024, 9, 20)),
    ("2024/09/20", at(2024, 9, 20)),
    ("20-09-2024 14:05", at(2024, 9, 20, 14, 5)),
    ("09/20/2024", at(2024, 9, 20)),
    ("٢٠ سبتمبر ٢٠٢٤", at(2024, 9, 20)),
    ("٢٠/٠٩/٢٠٢٤ - ١٠:٣٠", at(2024, 9, 20, 10, 30)),
    ("۲۰ سبتمبر ۲۰۲۴", at(2024, 9, 20)),
    # Hijri (tabular calendar)
    ("3 جمادى الآخرة 1445 هـ", at(2023, 12, 16)),
    ("1 محرم 1445هـ", at(2023, 7, 19)),
    ("الخميس ١ رمضان ١٤٤٥ هـ", at(2024, 3, 11)),
    ("10 ذو الحجة 1444", at(2023, 6, 28)),  # Umm al-Qura (the tabular calendar says 29 June)
    ("1 شوال 1445 هـ", at(2024, 4, 10)),
    ("٣ جمادى الأولى ١٤٤٦هـ", at(2024, 11, 5)),
    ("15 ربيع الأول 1300", at(1883, 1, 24)),  # before Umm al-Qura: tabular
    # Gregorian wins when both calendars are written
    ("3 جمادى الآخرة 1445 هـ الموافق 15 ديسمبر 2023", at(2023, 12, 15)),
    # relative to NOW
    ("منذ 3 ساعات", NOW - timedelta(hours=3)),
    ("منذ ساعتين", NOW - timedelta(hours=2)),
    ("منذ ساعة", NOW - timedelta(hours=1)),
    ("منذ يوم", NOW - timedelta(days=1)),
    ("منذ 5 دقائق", NOW - timedelta(minutes=5)),
    ("قبل ثلاثة أيام", NOW - timedelta(days=3)),
    ("منذ ٤ أسابيع", NOW - timedelta(weeks=4)),
    ("أمس", NOW - timedelta(days=1)),
    ("أمس 22:15", at(2024, 9, 19, 22, 15)),
    ("اليوم", NOW),
    ("نشر في اليوم 08:00", at(2024, 9, 20, 8, 0)),
    ("أول أمس", NOW - timedelta(days=2)),
    ("قبل يومين", NOW - timedelta(days=2)),
    ("منذ يومين", NOW - timedelta(days=2)),
    ("قبل أسبوعين", NOW - timedelta(weeks=2)),
    ("منذ ثلاث ساعات", NOW - timedelta(hours=3)),
    ("منذ دقيقتين", NOW - timedelta(minutes=2)),
    ("أمس الساعة 8:15 مساءً", at(2024, 9, 19, 20, 15)),
    # times with صباحاً / مساءً
    ("5 مارس 2023 الساعة 8:15 مساءً", at(2023, 3, 5, 20, 15)),
    ("الساعة 10:30 صباحاً 5 مارس 2023", at(2023, 3, 5, 10, 30)),
    ("5 مارس 2023 12:05 صباحا", at(2023, 3, 5, 0, 5)),
    ("تاريخ النشر: 05/03/2023 - 08:15 مساءً", at(2023, 3, 5, 20, 15)),
    ("5 مارس 2023 | 10:30 م", at(2023, 3, 5, 22, 30)),
    # English forms
    ("5th, March 2023 GMT", at(2023, 3, 5)),
    ("5th March 2023", at(2023, 3, 5)),
    ("21st of June 2022", at(2022, 6, 21)),
    ("March 5th, 2023", at(2023, 3, 5)),
    ("March 5, 2023 10:00 PM", at(2023, 3, 5, 22, 0)),
    ("Updated: Sep 20, 2024 at 10:30 am GMT", at(2024, 9, 20, 10, 30)),
    # labels around dates
    ("نشر بتاريخ 5 مارس، 2023", at(2023, 3, 5)),
    ("آخر تحديث: الثلاثاء، 5 مارس 2023 - 14:20 (بتوقيت مكة المكرمة)", at(2023, 3, 5, 11, 20)),
    ("تاريخ النشر: 2023-03-05", at(2023, 3, 5)),
    # every regional month spelling (those not above)
    ("10 آذار 2023", at(2023, 3, 10)),
    ("10 نيسان 2023", at(2023, 4, 10)),
    ("10 أيار 2023", at(2023, 5, 10)),
    ("10 حزيران 2023", at(2023, 6, 10)),
    ("10 تموز 2023", at(2023, 7, 10)),
    ("10 أيلول 2023", at(2023, 9, 10)),
    ("10 تشرين الثاني 2023", at(2023, 11, 10)),
    ("10 تشرين ثاني 2023", at(2023, 11, 10)),
    ("10 كانون ثاني 2023", at(2023, 1, 10)),
    ("10 كانون أول 2023", at(2023, 12, 10)),
    ("10 يوليه 2023", at(2023, 7, 10)),
    ("10 أغسطس 2023", at(2023, 8, 10)),
    ("10 أكتوبر 2023", at(2023, 10, 10)),
    ("10 نوفمبر 2023", at(2023, 11, 10)),
    ("10 يونيو/حزيران 2023", at(2023, 6, 10)),
    ("10 كانون الثاني/يناير 2023", at(2023, 1, 10)),
    ("10 جويلية 2023", at(2023, 7, 10)),
    # no date
    ("", None),
    ("   ", None),
    ("أعلنت الحكومة خطة جديدة", None),
    ("قالت الوزارة اليوم إنها ستعلن نتائج التحقيق خلال الأسبوع المقبل بعد انتهاء المشاورات", None),
    ("32 سبتمبر 2024", None),
    ("30 فبراير 2024", None),
    ("2024", None),
    ("رمضان كريم", None),
    ("اليوم العالمي للمرأة", None),
    ("يعيش منذ 3 سنوات في المنفى", None),
    ("تاريخ النشر: منذ 3 ساعات", NOW - timedelta(hours=3)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_date(text: str, expected: datetime | None) -> None:
    got = parse_date(text, now=NOW)
    assert got == expected
    if got is not None:
        assert got.tzinfo is not None and got.utcoffset() == timedelta(0)


@pytest.mark.parametrize("bad", [None, 12, b"2024-09-20"])
def test_parse_date_never_raises(bad: object) -> None:
    assert parse_date(bad) is None  # type: ignore[arg-type]


def test_relative_default_now_is_current_time() -> None:
    got = parse_date("منذ 5 دقائق")
    assert got is not None
    assert abs(datetime.now(UTC) - timedelta(minutes=5) - got) < timedelta(seconds=5)


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [
        ((1445, 1, 1), date(2023, 7, 19)),
        ((1445, 6, 3), date(2023, 12, 16)),
        ((1444, 12, 10), date(2023, 6, 28)),  # Umm al-Qura
        ((1, 1, 1), date(622, 7, 19)),  # outside Umm al-Qura: tabular
        ((1446, 9, 1), date(2025, 3, 1)),
    ],
)
def test_hijri_to_gregorian(hijri: tuple[int, int, int], gregorian: date) -> None:
    assert hijri_to_gregorian(*hijri) == gregorian


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (at(2024, 9, 20, 10, 30), "الجمعة 20 سبتمبر 2024"),
        (at(2023, 12, 16), "السبت 16 ديسمبر 2023"),
        (datetime(2018, 3, 1), "الخميس 1 مارس 2018"),
    ],
)
def test_format_date(value: datetime, expected: str) -> None:
    assert format_date(value) == expected


def test_format_then_parse_round_trip() -> None:
    value = at(2021, 4, 6)
    assert parse_date(format_date(value)) == value

"""Counted nouns follow CLDR's Arabic plural rules; dates and spans in Arabic."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from khabar.arabic import count_noun, format_datetime, format_relative, format_span


@pytest.mark.parametrize("n, expected", [
    (0, "لا أخبار"), (1, "خبر واحد"), (2, "خبران"), (3, "3 أخبار"), (10, "10 أخبار"),
    (11, "11 خبراً"), (99, "99 خبراً"), (100, "100 خبر"), (102, "102 خبر"), (103, "103 أخبار"),
    (111, "111 خبراً"),
])
def test_articles_are_counted_as_arabic_counts_them(n, expected):
    assert count_noun(n, "article") == expected


@pytest.mark.parametrize("noun, forms", [
    ("outlet", ("لا مصادر", "مصدر واحد", "مصدران", "3 مصادر", "11 مصدراً", "100 مصدر")),
    ("result", ("لا نتائج", "نتيجة واحدة", "نتيجتان", "3 نتائج", "11 نتيجة", "100 نتيجة")),
    ("story", ("لا قصص", "قصة واحدة", "قصتان", "3 قصص", "11 قصة", "100 قصة")),
])
def test_other_nouns(noun, forms):
    assert tuple(count_noun(n, noun) for n in (0, 1, 2, 3, 11, 100)) == forms


def test_relative_times_use_the_same_rules():
    now = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert format_relative(datetime(2023, 12, 31, 12, 0), now) == "منذ يوم"
    assert format_relative(datetime(2023, 12, 30, 12, 0), now) == "منذ يومين"
    assert format_relative(datetime(2024, 1, 1, 9, 0), now) == "منذ 3 ساعات"
    assert format_relative(datetime(2015, 1, 1, 12, 0), now) == "منذ 9 سنوات"


def test_date_time_and_spans():
    first, last = datetime(2018, 5, 31, 9, 10), datetime(2018, 5, 31, 14, 5)
    assert format_datetime(last) == "الخميس 31 مايو 2018، 14:05"
    assert format_span(first, last) == "الخميس 31 مايو 2018، 09:10–14:05"
    assert format_span(last, last) == "الخميس 31 مايو 2018، 14:05"
    assert format_span(first, datetime(2018, 6, 1, 8, 0)) == (
        "من الخميس 31 مايو 2018، 09:10 إلى الجمعة 1 يونيو 2018، 08:00")

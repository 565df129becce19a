"""Issue 20, items 2 and 13: a date outside 1900–2100 or an impossible epoch is not a news date.

It becomes unknown, the raw value is quoted in the problem, and nothing downstream overflows."""

from datetime import datetime, timezone

import pytest

from khabar.arabic import is_news_date, read_news_date
from khabar.store.records import iso_utc

UTC = timezone.utc


@pytest.mark.parametrize("value", [
    "0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 GMT", "1850-05-01", "2300-01-01T00:00:00Z",
    1e20, 253402300800, -62135596800, "+275760-09-13T00:00:00.000Z", "9999-12-31T23:59:59Z",
    float("nan"), float("inf"), "not a date", datetime(1, 1, 1, tzinfo=UTC),
])
def test_not_news_dates_become_unknown_with_a_problem(value) -> None:
    found, problem = read_news_date(value)
    assert found is None
    assert problem and "kept without a date" in problem
    assert repr(" ".join(str(value).split())[:40])[1:20] in problem or isinstance(value, datetime)


@pytest.mark.parametrize("value, expected", [
    ("2018-03-01T00:30:44Z", datetime(2018, 3, 1, 0, 30, 44, tzinfo=UTC)),
    (1519864244, datetime(2018, 3, 1, 0, 30, 44, tzinfo=UTC)),
    ("20 سبتمبر 2024", datetime(2024, 9, 20, tzinfo=UTC)),
    ("1900-01-01", datetime(1900, 1, 1, tzinfo=UTC)),
])
def test_news_dates_are_read(value, expected) -> None:
    assert read_news_date(value) == (expected, None)


@pytest.mark.parametrize("value", [None, "", True])
def test_no_date_is_no_problem(value) -> None:
    assert read_news_date(value) == (None, None)


def test_iso_utc_writes_four_digit_years() -> None:
    assert iso_utc(datetime(1, 1, 1, tzinfo=UTC)) == "0001-01-01T00:00:00Z"
    assert iso_utc(datetime(2018, 3, 1, 0, 30, 44, 500, tzinfo=UTC)) == "2018-03-01T00:30:44Z"
    assert not is_news_date(datetime(1899, 12, 31, tzinfo=UTC))

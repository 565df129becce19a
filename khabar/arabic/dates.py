"""Dates as Arabic news pages write them, parsed to timezone-aware UTC, and shown back in Arabic.

``parse_date`` reads ISO 8601, RFC 822, day + month name + year in MSA, Levantine/Iraqi,
Moroccan and Algerian/Tunisian spellings (also doubled, "سبتمبر/أيلول", "أيلول (سبتمبر)"),
numeric dates (day first: "20/09/2024", or year first: "2024/09/20"), Hijri dates and relative
dates ("منذ 3 ساعات", "أمس"). Arabic-Indic and Persian digits are read as digits; weekday names
and prefixes such as "تاريخ النشر:" are ignored because only the date pattern is searched for.

A date written without a zone is taken as UTC (page dumps and feeds rarely say which zone they
mean; UTC is at least stable). Hijri dates use Umm al-Qura (hijridate) for 1343–1500 AH and the
tabular Islamic calendar outside it; a sighting-based calendar can differ from both by a day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from hijridate import Hijri  # Umm al-Qura, the calendar Saudi and Gulf outlets date by

from khabar.arabic.normalize import fold

# --- data -------------------------------------------------------------------------------------

# Month names (written folded for reading ease; folded again at import), number of the month.
MONTHS: dict[str, int] = {
    # MSA / Egyptian
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5,
    "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين اول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11, "كانون الاول": 12, "كانون اول": 12,
    # Moroccan
    "ماي": 5, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # Algerian / Tunisian
    "جانفي": 1, "فيفري": 2, "افريل": 4, "جوان": 6, "جويليه": 7, "اوت": 8,
    # English, for pages that mix scripts
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع اول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4,
    "ربيع ثاني": 4, "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الثانيه": 6,
    "جمادي الاخره": 6, "جمادي الاخر": 6, "جمادي الثاني": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}

# Display names (MSA), Monday first as datetime.weekday() counts.
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
UMM_AL_QURA_YEARS = (1343, 1500)
MONTH_NAMES = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
               "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")

# Relative-date units (folded) → (timedelta of one unit, count implied by the word or None).
UNITS: dict[str, tuple[timedelta, int | None]] = {}
for _words, _unit in (
    (("ثانيه", "ثوان", "ثواني", "ثانيتين", "ثانيتان"), timedelta(seconds=1)),
    (("دقيقه", "دقائق", "دقيقتين", "دقيقتان"), timedelta(minutes=1)),
    (("ساعه", "ساعات", "ساعتين", "ساعتان"), timedelta(hours=1)),
    (("يوم", "ايام", "يومين", "يومان"), timedelta(days=1)),
    (("اسبوع", "اسابيع", "اسبوعين", "اسبوعان"), timedelta(weeks=1)),
    (("شهر", "اشهر", "شهور", "شهرين", "شهران"), timedelta(days=30)),
    (("سنه", "سنوات", "سنتين", "سنتان", "عام", "اعوام", "عامين", "عامان"), timedelta(days=365)),
):
    for _w in _words:
        UNITS[_w] = (_unit, 2 if _w.endswith(("ين", "ان")) and _w not in ("ثوان",) else None)

NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "واحده": 1, "اثنين": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4,
    "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8,
    "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}

# Whole-phrase relative days (folded), checked longest first.
RELATIVE_DAYS: dict[str, int] = {
    "اول من امس": -2, "اول امس": -2, "قبل امس": -2, "امس": -1, "البارحه": -1, "اليوم": 0,
    "الان": 0, "للتو": 0, "منذ قليل": 0, "قبل قليل": 0,
}

# Words that may stand around a relative date ("تاريخ النشر: منذ 3 ساعات", "الجمعة أمس"): any
# other word means the text is a sentence ("اليوم العالمي للمرأة"), not a date.
RELATIVE_FILLER = frozenset("""
    تاريخ النشر نشر في بتاريخ تم اخر تحديث التحديث الساعه صباحا مساء ص م بتوقيت مكه غرينتش
    gmt utc يوم الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد
""".split())

AM_WORDS: tuple[str, ...] = ("ص", "صباحا", "فجرا", "am", "a.m.")
PM_WORDS: tuple[str, ...] = ("م", "مساء", "ظهرا", "عصرا", "pm", "p.m.")
ZONES: dict[str, int] = {"مكه": 3, "السعوديه": 3, "الرياض": 3, "الامارات": 4, "ابوظبي": 4}

_DIGITS = str.maketrans({
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
})


# --- folding ----------------------------------------------------------------------------------

def _fold(text: str) -> str:
    """The matching form the tables above are written in: ``normalize.fold`` on one line."""
    return " ".join(fold(text).split())


def _folded(table: dict[str, int]) -> dict[str, int]:
    return {_fold(name): value for name, value in table.items()}


def _alternation(names: Mapping[str, object]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


# The tables in the form the text is compared in (whatever the shared fold does to them).
MONTHS, HIJRI_MONTHS, NUMBER_WORDS, RELATIVE_DAYS = (
    _folded(MONTHS), _folded(HIJRI_MONTHS), _folded(NUMBER_WORDS), _folded(RELATIVE_DAYS))
UNITS = {_fold(name): value for name, value in UNITS.items()}
ZONES = _folded(ZONES)
RELATIVE_FILLER = frozenset(_fold(word) for word in RELATIVE_FILLER)
AM_WORDS, PM_WORDS = tuple(_fold(w) for w in AM_WORDS), tuple(_fold(w) for w in PM_WORDS)


_NB = r"(?<![\d:])"      # a number starts here
_NA = r"(?![^\W\d_])"   # a name ends here (no letter follows; a digit may)
_WB = r"(?<!\w)"         # a word starts here
_GREG = _alternation(MONTHS)
_ORDINAL = r"(?:st|nd|rd|th)?"
_NAMED_RE = re.compile(
    rf"{_NB}(\d{{1,2}}){_ORDINAL}\s*[,،]?\s*(?:من\s+|of\s+)?({_GREG}){_NA}"
    rf"(?:\s*[/\\(\-–—،,]\s*(?:{_GREG}){_NA}\s*\)?)?"
    rf"\s*[،,]?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(\d{{4}})(?!\d)"
)
_ENGLISH_MONTHS = {name: n for name, n in MONTHS.items() if name.isascii()}
_MONTH_FIRST_RE = re.compile(  # "March 5th, 2023", "Sep 20 2024"
    rf"(?<![^\W\d_])({_alternation(_ENGLISH_MONTHS)})\.?\s+(\d{{1,2}}){_ORDINAL}(?!\d)"
    rf"\s*,?\s*(\d{{4}})(?!\d)"
)
_HIJRI_RE = re.compile(
    rf"{_NB}(\d{{1,2}})\s*(?:من\s+)?({_alternation(HIJRI_MONTHS)}){_NA}"
    rf"\s*[،,]?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(\d{{3,4}})(?!\d)"
)
_DMY_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\d)")
_YMD_RE = re.compile(r"(?<![\d/.\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\d/.\-])")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}.*)?$")
_TIME_RE = re.compile(
    rf"{_NB}(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?"
    rf"(?:\s*({'|'.join(re.escape(w) for w in AM_WORDS + PM_WORDS)}){_NA})?"
)
_OFFSET_RE = re.compile(r"(?:gmt|utc|غرينتش|جرينتش|غرينيتش)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?")
_ZONE_RE = re.compile(rf"بتوقيت\s+({_alternation(ZONES)})")
_RELATIVE_RE = re.compile(
    rf"{_WB}(?:منذ|قبل)\s+(?:(\d+|{_alternation(NUMBER_WORDS)})\s+)?({_alternation(UNITS)}){_NA}"
)
_RELATIVE_DAY_RE = re.compile(rf"{_WB}({_alternation(RELATIVE_DAYS)}){_NA}")
# RFC 822 date-time: "Thu, 01 Mar 2018 00:30:44 GMT" (the weekday is optional).
_RFC_822 = re.compile(
    r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:[+-]\d{4}|[A-Za-z]{1,5}))?\s*$"
)
_MAX_RELATIVE_WORDS = 8


# --- public -----------------------------------------------------------------------------------

def parse_date(text: str, now: datetime | None = None) -> datetime | None:
    """Read the date in ``text`` as timezone-aware UTC, or None if it holds no date.

    A date without a zone is taken as UTC. Relative dates ("منذ 3 ساعات", "أمس", "اليوم") count
    back from ``now`` (default: the current time, UTC) and are only read when the text holds
    nothing else but labels, weekdays and a time, so "اليوم العالمي للمرأة" is not a date.
    Hijri dates use Umm al-Qura where it is defined. Never raises.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return _parse(text, now)
    except (ValueError, OverflowError, TypeError):
        return None


def format_date(dt: datetime) -> str:
    """Arabic display of the date of ``dt`` as given (convert it first to show another zone):
    "الجمعة 20 سبتمبر 2024"."""
    return f"{WEEKDAYS[dt.weekday()]} {dt.day} {MONTH_NAMES[dt.month - 1]} {dt.year}"


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """A Hijri date in the Gregorian calendar: Umm al-Qura (hijridate) for the years 1343–1500
    AH it covers, else the tabular Islamic calendar (civil epoch, 16 July 622)."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        raise ValueError(f"not a Hijri date: {year}-{month}-{day}")
    if UMM_AL_QURA_YEARS[0] <= year <= UMM_AL_QURA_YEARS[1]:
        return Hijri(year, month, day).to_gregorian()
    return tabular_hijri_to_gregorian(year, month, day)


def tabular_hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Tabular Islamic calendar (civil epoch, 16 July 622) to Gregorian; ±1 day vs Umm al-Qura."""
    jdn = (day + -(-59 * (month - 1) // 2) + (year - 1) * 354 + (3 + 11 * year) // 30
           + 1948439)
    return date.fromordinal(jdn - 1721425)


# --- parsing ----------------------------------------------------------------------------------

def _parse(text: str, now: datetime | None) -> datetime | None:
    raw = text.strip()
    ascii_digits = raw.translate(_DIGITS).strip()
    if _ISO_RE.match(ascii_digits):
        try:
            return _utc(datetime.fromisoformat(ascii_digits))
        except ValueError:
            pass
    if _RFC_822.match(raw):
        try:
            return _utc(parsedate_to_datetime(raw))
        except (ValueError, TypeError, IndexError):
            pass
    folded = _fold(raw)
    day = _find_day(folded)
    if day is not None:
        found, rest = day
        hour, minute, second, offset = _find_time(rest)
        local = datetime(found.year, found.month, found.day, hour, minute, second)
        return (local - offset).replace(tzinfo=timezone.utc)
    return _relative(folded, now)


def _find_day(folded: str) -> tuple[date, str] | None:
    """The first calendar date in ``folded`` and the text around it (where a time may be)."""
    if m := _NAMED_RE.search(folded):
        found = date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    elif m := _MONTH_FIRST_RE.search(folded):
        found = date(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    elif m := _YMD_RE.search(folded):
        found = date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    elif m := _DMY_RE.search(folded):
        first, second = int(m.group(1)), int(m.group(3))
        if first <= 12 < second:  # US order, month first: 09/20/2024
            first, second = second, first
        found = date(int(m.group(4)), second, first)
    elif m := _HIJRI_RE.search(folded):
        found = hijri_to_gregorian(int(m.group(3)), HIJRI_MONTHS[m.group(2)], int(m.group(1)))
    else:
        return None
    return found, folded[: m.start()] + " " + folded[m.end():]


def _find_time(rest: str) -> tuple[int, int, int, timedelta]:
    """Hour, minute, second and UTC offset written in ``rest``; midnight UTC when none is."""
    hour = minute = second = 0
    if m := _TIME_RE.search(rest):
        hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        marker = m.group(4)
        if marker in PM_WORDS and hour < 12:
            hour += 12
        elif marker in AM_WORDS and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or second > 59:
            hour = minute = second = 0
    offset = timedelta(0)
    if m := _OFFSET_RE.search(rest):
        sign = -1 if m.group(1) == "-" else 1
        offset = sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
    elif m := _ZONE_RE.search(rest):
        offset = timedelta(hours=ZONES[m.group(1)])
    return hour, minute, second, offset


def _relative(folded: str, now: datetime | None) -> datetime | None:
    if len(folded.split()) > _MAX_RELATIVE_WORDS:
        return None
    now = _utc(now) if now is not None else datetime.now(timezone.utc)
    m = _RELATIVE_RE.search(folded) or _RELATIVE_DAY_RE.search(folded)
    if m is None or not _only_filler(folded[: m.start()] + " " + folded[m.end():]):
        return None
    if m.re is _RELATIVE_RE:
        unit, implied = UNITS[m.group(2)]
        count_word = m.group(1)
        if count_word is None:
            count = implied or 1
        else:
            count = int(count_word) if count_word.isdigit() else NUMBER_WORDS[count_word]
        return now - count * unit
    moment = now + timedelta(days=RELATIVE_DAYS[m.group(1)])
    if time := _TIME_RE.search(folded[m.end():] + " " + folded[: m.start()]):
        hour, minute, second, offset = _find_time(time.group(0))
        moment = moment.replace(hour=hour, minute=minute, second=second, microsecond=0) - offset
    return moment


def _only_filler(rest: str) -> bool:
    """Whether ``rest`` (a text without its relative date) holds only times and filler words."""
    rest = _OFFSET_RE.sub(" ", _TIME_RE.sub(" ", rest))
    return all(word in RELATIVE_FILLER for word in re.findall(r"[^\W\d_]+", rest))


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)

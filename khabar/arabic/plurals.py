"""Counted nouns in Arabic: "خبر واحد"، "خبران"، "3 أخبار"، "11 خبراً"، "100 خبر".

The form of a counted noun follows CLDR's plural categories for Arabic (zero, one, two, few,
many, other), taken from Babel, so 103 is "103 أخبار" and 111 is "111 خبراً" like 3 and 11.
Every page and message that counts something calls ``count_noun``.
"""

from __future__ import annotations

from typing import NamedTuple

from babel import Locale

_ARABIC = Locale.parse("ar")


class Noun(NamedTuple):
    """The six forms of a counted noun; ``{n}`` stands for the number."""

    zero: str
    one: str
    two: str
    few: str  # 3–10 (and 103–110 …): plural
    many: str  # 11–99 (and 111–199 …): singular, accusative
    other: str  # 100, 101, 102 …: singular, genitive


NOUNS: dict[str, Noun] = {
    "article": Noun("لا أخبار", "خبر واحد", "خبران", "{n} أخبار", "{n} خبراً", "{n} خبر"),
    "result": Noun("لا نتائج", "نتيجة واحدة", "نتيجتان", "{n} نتائج", "{n} نتيجة", "{n} نتيجة"),
    "outlet": Noun("لا مصادر", "مصدر واحد", "مصدران", "{n} مصادر", "{n} مصدراً", "{n} مصدر"),
    "story": Noun("لا قصص", "قصة واحدة", "قصتان", "{n} قصص", "{n} قصة", "{n} قصة"),
    "site": Noun("لا مواقع", "موقع واحد", "موقعان", "{n} مواقع", "{n} موقعاً", "{n} موقع"),
    "copy": Noun("لا نسخ", "نسخة واحدة", "نسختان", "{n} نسخ", "{n} نسخة", "{n} نسخة"),
    "statement": Noun("لا تصريحات", "تصريح واحد", "تصريحان", "{n} تصريحات", "{n} تصريحاً",
                      "{n} تصريح"),
    # units of relative times ("منذ دقيقتين"), in the genitive after منذ
    "minute": Noun("{n} دقيقة", "دقيقة", "دقيقتين", "{n} دقائق", "{n} دقيقة", "{n} دقيقة"),
    "hour": Noun("{n} ساعة", "ساعة", "ساعتين", "{n} ساعات", "{n} ساعة", "{n} ساعة"),
    "day": Noun("{n} يوم", "يوم", "يومين", "{n} أيام", "{n} يوماً", "{n} يوم"),
    "month": Noun("{n} شهر", "شهر", "شهرين", "{n} أشهر", "{n} شهراً", "{n} شهر"),
    "year": Noun("{n} سنة", "سنة", "سنتين", "{n} سنوات", "{n} سنة", "{n} سنة"),
}


def plural_category(n: int) -> str:
    """CLDR's plural category of ``n`` in Arabic: zero, one, two, few, many or other."""
    return str(_ARABIC.plural_form(abs(n)))


def count_noun(n: int, noun: str) -> str:
    """``n`` of ``noun`` (a key of ``NOUNS``) as Arabic writes it; raises KeyError for an
    unknown noun."""
    form: str = getattr(NOUNS[noun], plural_category(n))
    return form.format(n=n)

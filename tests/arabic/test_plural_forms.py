"""Analyzer version 3: the accusative tanween, the feminine sound plural and broken plurals
meet their singular (docs/benchmarks.md: headline → article MRR@10, CNN held out)."""

import pytest

from khabar.arabic import analyze, term
from khabar.arabic.broken_plurals import pairs
from khabar.arabic.feminine_plurals import STEMS
from khabar.arabic.stem import BROKEN_PLURALS


def same(a: str, b: str) -> bool:
    return term(a) is not None and term(a) == term(b)


@pytest.mark.parametrize("word, base", [
    ("رئيساً", "الرئيس"), ("سفيراً", "السفير"), ("مسؤولاً", "المسؤول"),
    ("مسؤولًا", "المسؤول"),  # tanween before the alef
    ("عاماً", "العام"), ("هدفاً", "الهدف"),
])
def test_accusative_tanween_meets_the_noun(word: str, base: str) -> None:
    assert same(word, base)


def test_tanween_alef_only_with_the_mark() -> None:
    # an alef without tanween is a letter of the word: names of countries keep it
    assert not same("روسيا", "روسي") and not same("أمريكا", "أمريك")
    assert term("جداً") is None and term("أيضاً") is None  # stop words stay stop words
    assert term("مساءً") == term("مساء")  # tanween on a hamza: no alef to take


@pytest.mark.parametrize("plural, singular", [
    ("شركات", "الشركة"), ("جامعات", "الجامعة"), ("الحكومات", "حكومة"), ("سيارات", "سيارة"),
    ("وزارات", "الوزارة"), ("شركاتها", "شركتها"), ("بشركات", "الشركة"),
])
def test_feminine_plural_meets_the_feminine_singular(plural: str, singular: str) -> None:
    assert same(plural, singular)


@pytest.mark.parametrize("plural, singular", [
    ("اجتماعات", "الاجتماع"), ("انتخابات", "الانتخاب"), ("تصريحات", "التصريح"),
])
def test_masculine_plural_in_at_keeps_the_masculine_singular(plural: str, singular: str) -> None:
    assert same(plural, singular)
    assert not same(plural, singular + "ة")


def test_feminine_stems_are_folded_stems() -> None:
    assert len(STEMS) > 300
    assert all(len(s) >= 3 and "ة" not in s and "أ" not in s for s in STEMS)


# one pair per pattern of khabar/arabic/broken_plurals.py
@pytest.mark.parametrize("plural, singular", [
    ("أسعار", "السعر"),  # أفعال
    ("الأسلحة", "سلاح"),  # أفعلة
    ("أقاليم", "الإقليم"),  # أفاعيل
    ("شروط", "الشرط"),  # فعول
    ("دول", "الدولة"),  # فُعَل
    ("مدن", "المدينة"),
    ("جبال", "الجبل"),  # فِعال
    ("مدارس", "المدرسة"),  # مفاعل
    ("ومدارسها", "مدرسة"),
    ("مشاريع", "المشروع"),  # مفاعيل
    ("رسائل", "الرسالة"),  # فعائل
    ("قضايا", "القضية"),  # فعالى
    ("عواصم", "العاصمة"),  # فواعل
    ("قوانين", "القانون"),  # فواعيل
    ("سفراء", "السفير"),  # فعلاء
    ("قادة", "القائد"),  # فُعَلة
    ("طلاب", "الطالب"),  # فُعّال
    ("برامج", "البرنامج"),  # فعالل
    ("بلدان", "البلد"),  # فِعلان
])
def test_broken_plural_meets_its_singular(plural: str, singular: str) -> None:
    assert same(plural, singular)


@pytest.mark.parametrize("a, b", [
    ("مدارس", "مدرس"),  # schools / teacher
    ("دول", "دولار"),
    ("دولي", "دولة"),  # international / state
    ("الوزراء", "الوزير"),  # رئيس الوزراء: left out on purpose
    ("عالم", "علماء"),  # world / scientists
    ("كتاب", "الكاتب"),  # book / writer
    ("صور", "صورة"),  # Tyre / picture
    ("شركات", "شرك"),
    ("الجزائر", "جزيرة"),
    ("مواطن", "وطن"),
])
def test_known_non_pairs_stay_apart(a: str, b: str) -> None:
    assert not same(a, b)


def test_every_listed_plural_is_mapped_and_no_singular_is_a_stop_word() -> None:
    listed = pairs()
    assert len(listed) >= 120
    for plural, singular in listed:
        assert term(singular) is not None, singular
        assert same(plural, singular), plural
    # no singular is itself a listed plural (the mapping is one step)
    assert not set(BROKEN_PLURALS.values()) & set(BROKEN_PLURALS)


def test_analyze_gives_the_singular_terms_in_text() -> None:
    assert analyze("افتتاح مدارس جديدة") == analyze("افتتاح مدرسة جديدة")

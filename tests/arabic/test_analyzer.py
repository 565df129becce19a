import re

import pytest

from khabar.arabic.analyzer import analyze, term, tokens
from khabar.arabic.normalize import clean

TOKEN_CASES = [
    ("قالت الحكومة، في بيان", ["قالت", "الحكومة", "في", "بيان"]),
    ("«الحكومة» ؛ نعم؟ لا!", ["الحكومة", "نعم", "لا"]),
    ("الحُكُومَة والحـكـومـة", ["الحُكُومَة", "والحـكـومـة"]),
    ("#وسم_جديد @user", ["وسم", "جديد", "user"]),
    ("ﺍﻟﺴﻼﻡ ﻻ", ["ﺍﻟﺴﻼﻡ", "ﻻ"]),
    ("BBC News 2018", ["BBC", "News", "2018"]),
    ("Café Straße", ["Café", "Straße"]),
    ("نما 3.5% و1,000 و١٬٥٠٠ و٢٫٥", ["نما", "3.5", "و", "1,000", "و", "١٬٥٠٠", "و", "٢٫٥"]),
    ("عام 2018.", ["عام", "2018"]),
    ("٢٠١٨م", ["٢٠١٨", "م"]),
    ("١٢\u200f٣٤", ["١٢\u200f٣٤"]),
    ("G20 و5G", ["G20", "و", "5G"]),
    ("الحكو\u200cمة \u200fنص\u200f", ["الحكو\u200cمة", "نص"]),
    ("اقرأ https://example.com/a-b-c?x=1 الآن", ["اقرأ", "الآن"]),
    ("www.example.com/news/123 خبر", ["خبر"]),
    ("", []),
    ("... ، ! ؟ ٪", []),
]


@pytest.mark.parametrize("text, expected", TOKEN_CASES)
def test_tokens(text: str, expected: list[str]) -> None:
    assert [w for w, _, _ in tokens(text)] == expected


@pytest.mark.parametrize("text", [t for t, _ in TOKEN_CASES])
def test_token_offsets_slice_back(text: str) -> None:
    for word, start, end in tokens(text):
        assert text[start:end] == word


TERM_CASES = [
    ("الحكومة", "حكومه"),
    ("الحكومة،", None),  # a raw token never carries punctuation; term of the whole is None
    ("إدارة", "اداره"),
    ("في", None),
    ("وفي", None),  # conjunction + stop word
    ("ولم", None),
    ("بعضها", None),  # stop word once the pronoun is removed
    ("والي", "والي"),  # governor, not و + إلى
    ("فقد", "فقد"),
    ("الآلي", "الي"),  # the article + a stop-word shape is a noun
    ("ب", None),  # single Arabic letter
    ("م", None),
    ("x", "x"),
    ("BBC", "bbc"),
    ("The", None),
    ("٢٠١٨", "2018"),
    ("1,000", "1000"),
    ("١٬٥٠٠", "1500"),
    ("3.5", "35"),
    ("ﷺ", None),  # unfolds to a phrase
    ("ﷲ", "الله"),
    ("İstanbul", "istanbul"),
    ("", None),
]


@pytest.mark.parametrize("word, expected", TERM_CASES)
def test_term(word: str, expected: str | None) -> None:
    assert term(word) == expected


EQUAL_ANALYSES = [
    ("إدارة", "ادارة", "الإدارة", "الادارة", "ادارہ"),
    ("إسرائيل", "اسرائيل", "إسرائیل"),  # a query without hamza matches the hamza form
    ("الحكومة", "الحُكُومَة", "الحـكـومـة", "الحكومة،", "«الحكومة»", "والحكومة", "حكومتها"),
    ("السلام", "ﺍﻟﺴﻼﻡ"),
    ("لا يوجد", "ﻻ يوجد"),
    ("الوطني", "الوطنی"),
    ("مستشفى", "مستشفي", "المستشفى"),
    ("٢٠١٨", "2018", "۲۰۱۸"),
    ("الحكومة", "الحكو\u200cمة", "\u200fالحكومة\u200f"),
]


@pytest.mark.parametrize("variants", EQUAL_ANALYSES)
def test_analyze_equal_however_typed(variants: tuple[str, ...]) -> None:
    analyses = [analyze(v) for v in variants]
    assert analyses[0]
    assert all(a == analyses[0] for a in analyses)


ANALYZE_CASES = [
    (
        "قالت الحكومة، في بيان نشرته وكالة الأنباء",
        ["قالت", "حكومه", "بيان", "نشره", "وكاله", "نبا"],
    ),
    ("في من إلى على عن هذا التي", []),
    ("وفي ولم وهو فهي لذلك", []),
    ("the state of the art", ["state", "art"]),
    ("#الانتخابات في @BBC", ["انتخاب", "bbc"]),
    ("اقرأ https://example.com/a-b-c", ["اقرا"]),
    ("محمد ﷺ", ["محمد", "صلي", "الله", "وسلم"]),  # as clean() spells it
]


@pytest.mark.parametrize("text, expected", ANALYZE_CASES)
def test_analyze(text: str, expected: list[str]) -> None:
    assert analyze(text) == expected


TEXT = (
    "\u200fأعلنت وزارة الخارجيّة السعوديـة، يوم الأحد ٢٠١٨/٣/٤، أنّ 1,500 شخص شاركوا في "
    "«المؤتمر» https://example.com/x-y. وقال الوزير: ﷺ محمدﷺ ﻻ تعليق #عاجل\n\nفقرة ثانية"
)


def test_terms_are_letters_and_digits_only() -> None:
    terms = analyze(TEXT)
    assert terms
    assert all(re.fullmatch(r"\w+", t) and "_" not in t for t in terms)


def test_analyze_same_before_and_after_clean() -> None:
    assert analyze(clean(TEXT)) == analyze(TEXT)


def test_term_is_cached() -> None:
    assert term.cache_info().maxsize == 200_000


def test_analyzer_version_is_exported() -> None:
    from khabar.arabic import ANALYZER_VERSION

    assert isinstance(ANALYZER_VERSION, int) and ANALYZER_VERSION >= 2

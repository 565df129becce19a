import pytest

from khabar.arabic.normalize import CLEAN_TABLE, FOLD_TABLE, INVISIBLE, clean, fold

CLEAN_CASES = [
    # Persian/Urdu letters typed in Arabic words
    ("الوطنی", "الوطني"),  # ی U+06CC
    ("ې ۍ", "ي ي"),
    ("کتاب", "كتاب"),  # ک U+06A9
    ("ادارہ", "اداره"),  # ہ U+06C1
    ("ادارە", "اداره"),  # ە U+06D5
    ("ھذا", "هذا"),  # ھ U+06BE
    ("الدولۀ", "الدولة"),  # ۀ U+06C0 -> ة
    ("پاکستان", "پاكستان"),  # پ has no Arabic letter: kept
    ("ٹ", "ٹ"),
    # presentation forms unfolded
    ("ﻻ", "لا"),
    ("ﺍﻟﺴﻼﻡ", "السلام"),
    ("ﷲ", "الله"),
    ("ﷺ", "صلى الله عليه وسلم"),
    ("ﻵ", "لآ"),
    ("ﮎ", "ك"),  # keheh presentation form -> ک -> ك
    ("ﯼ", "ي"),  # Farsi yeh presentation form -> ی -> ي
    ("\ufe70", "\u064b"),  # isolated fathatan: no space in front
    # NFKC is applied to presentation forms only
    ("ﬁ", "ﬁ"),
    ("x²", "x²"),
    ("①", "①"),
    ("Ｋ", "Ｋ"),
    # hamza, harakat and digits kept as written
    ("إدارة", "إدارة"),
    ("اِدارَة", "اِدارَة"),
    ("مسؤول سئل", "مسؤول سئل"),
    ("الـحـكـومـة", "الـحـكـومـة"),
    ("٢٠١٨ ۲۰۱۸ 2018", "٢٠١٨ ۲۰۱۸ 2018"),
    ("على مستشفى", "على مستشفى"),
    # spaces
    ("a\u00a0b", "a b"),
    ("a\u2009b\u202fc\u205fd\u3000e", "a b c d e"),
    ("a\t\tb", "a b"),
    ("a    b", "a b"),
    ("  سطر  ", "سطر"),
    # lines kept, each stripped, at most one blank line
    ("سطر أول  \n  سطر ثان", "سطر أول\nسطر ثان"),
    ("فقرة\n\nفقرة", "فقرة\n\nفقرة"),
    ("فقرة\n\n\n\n\nفقرة", "فقرة\n\nفقرة"),
    ("a\r\nb\rc", "a\nb\nc"),
    ("a\u2029b", "a\nb"),
    ("\n\nنص\n\n", "نص"),
    ("", ""),
]


@pytest.mark.parametrize("text, expected", CLEAN_CASES)
def test_clean(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_clean_removes_invisible_character(char: str) -> None:
    assert clean(f"الحكو{char}مة") == "الحكومة"
    assert clean(f"{char}word{char}") == "word"


LISTED_CONTROLS = (
    ["\u200e", "\u200f", "\u061c"]
    + [chr(cp) for cp in range(0x202A, 0x202F)]
    + [chr(cp) for cp in range(0x2066, 0x206A)]
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
)


@pytest.mark.parametrize("char", LISTED_CONTROLS)
def test_every_listed_control_is_invisible(char: str) -> None:
    assert char in INVISIBLE


FOLD_CASES = [
    ("إدارة", "اداره"),
    ("اِدارَة", "اداره"),
    ("ادارہ", "اداره"),
    ("أحمد", "احمد"),
    ("آثار", "اثار"),
    ("ٱلله", "الله"),
    ("ا\u0654", "ا"),  # decomposed hamza above
    ("مستشفى", "مستشفي"),  # ى -> ي
    ("مدرسة", "مدرسه"),  # ة -> ه
    ("مسؤول", "مسوول"),  # ؤ -> و
    ("رئيس", "رييس"),  # ئ -> ي
    ("سماء", "سماء"),  # standalone ء kept
    ("شَيْءٌ", "شيء"),
    ("هٰذا", "هذا"),  # superscript alef
    ("الـحـكـومـة", "الحكومه"),  # tatweel
    ("ذَٰلِكَ ۖ", "ذلك"),  # Quranic mark removed, trailing space stripped
    ("٢٠١٨", "2018"),
    ("۲۰۱۸", "2018"),
    ("BBC News", "bbc news"),
    ("Straße", "strasse"),
    ("الوطنی", "الوطني"),
    ("ﺍﻟﺴﻼﻡ", "السلام"),
    ("ﻷن", "لان"),
    ("سطر\u200f\n\nسطر", "سطر\n\nسطر"),
    ("كلمة ً كلمة", "كلمه كلمه"),  # a lone mark removed: no double space left
]


@pytest.mark.parametrize("text, expected", FOLD_CASES)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    "variants",
    [
        ("إدارة", "ادارة", "اِدارَة", "ادارہ", "إدارۀ", "ادارـة"),
        ("إسرائيل", "اسرائيل", "إسرائیل", "إِسْرَائِيل"),
        ("على", "علی", "عَلَى"),
        ("٣٥", "35", "۳۵"),
    ],
)
def test_fold_equal_however_typed(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1


MESSY = [
    "  \u200fالحكومة\u00a0السورية  \n\n\n\n  قالت   ",
    "ﺍﻟﺴﻼﻡ ﻋﻠﻴﻜﻢ ﷺ \ufe70 ﹰ",
    "كلمة ً ً كلمة\t\tx\r\n\r\n\r\ny",
    "ادارۀ الوطنی ٢٠١٨ BBC",
    "\u2066abc\u2069 \u202bنص\u202c",
]


@pytest.mark.parametrize("text", MESSY)
def test_clean_and_fold_are_idempotent(text: str) -> None:
    assert clean(clean(text)) == clean(text)
    assert fold(fold(text)) == fold(text)
    assert fold(clean(text)) == fold(text)


@pytest.mark.parametrize("table", [CLEAN_TABLE, FOLD_TABLE], ids=["clean", "fold"])
def test_tables_are_idempotent(table: dict[int, str | None]) -> None:
    bad = [chr(cp) for cp, value in table.items() if value and value.translate(table) != value]
    assert bad == []

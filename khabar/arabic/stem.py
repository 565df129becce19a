"""A conservative light stemmer for folded Arabic words (clitics and inflection suffixes).

It works on one word already passed through ``fold()`` (so ة is ه, ى is ي, no hamza on alef).
Without a lexicon, stripping a letter that belongs to the word merges unrelated words
("لبنان" → "لبن" "yoghurt") or splits related ones ("فلسطين" vs "فلسطيني"), so every rule
below has a guard and, when in doubt, the word is left alone. Order of the steps:

1. Proclitics. The definite article with its combinations (ال وال بال كال فال لل …) when at
   least 3 letters remain; a second ال after it ("الالتزام" → "التزام" → "تزام", the same as
   "التزام"). A single و/ب/ل only before a letter that starts verb and derived-noun patterns
   (م ت ي ن for و, م ت for ب and ل): "لمدرسه" → "مدرسه" but "لبنان", "بيان", "فرنسيون",
   "وزيره" keep their first letter. ف and ك alone are never stripped ("فكره", "كلام").
2. Pronoun suffixes (ها هما هم هن كم نا; ه only after ت). A ت left at the end is the
   feminine ة of the noun ("حكومتها" → "حكومت" → "حكومه", "جهته" → "جهه"), except in a short
   list of words ending in a root ت ("بيتها" → "بيت"); "اتها" is a plural ("مفاوضاتها" →
   "مفاوض") when at least 3 letters precede it ("حياتها" → "حياه").
3. Noun suffixes: dual تين/تان → ه, plural ات (stem ≥ 3), ون/ين (stem ≥ 4), then the
   nisba ي / يه when 4 letters remain ("سعوديه", "سعودي" → "سعود"); with 3 letters يه
   becomes ي, so "عربيه" meets "عربي", which keeps its ي.

The bare ه (ة or "his") is never stripped: "مدرسه" must not become "مدرس" ("teacher").
Plain ان is not stripped either: it ends far more names (لبنان، إيران، برلمان، باكستان)
than duals in news text.
"""

import re
from functools import lru_cache

from khabar.arabic.normalize import fold

# --- Data -------------------------------------------------------------------------------------

# Article combinations, longest first.
ARTICLES: tuple[str, ...] = (
    "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
)

# A single proclitic is stripped only when the next letter is one of these.
PROCLITIC_BEFORE: dict[str, str] = {"و": "متين", "ب": "مت", "ل": "مت"}

# Pronoun suffixes with the minimum length of what remains. هم/هن/كم/نا need 4 letters
# to keep "تفاهم", "مساهم", "محاكم", "اثينا", "فيينا" whole.
PRONOUN_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("هما", 3),
    ("هم", 4),
    ("هن", 4),
    ("ها", 3),
    ("كم", 4),
    ("نا", 4),
)

MIN_STEM = 3

# Short words whose final ت is not a feminine ة: kept when a pronoun follows ("وقتها").
T_FINAL: frozenset[str] = frozenset(
    fold(w)
    for w in ("بيت", "وقت", "صوت", "موت", "زيت", "بنت", "أخت", "سبت", "ذات", "صمت", "نبت", "قوات")
)

# Words whose ending looks like a suffix but is part of the word, and whose stripping would
# split them from their derived forms (فلسطين/فلسطيني) or merge them (عشرون/عشر).
# Checked after the article is removed.
PROTECTED: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "فلسطين",
        "أرجنتين",
        "كاميرون",
        "تلفزيون",
        "والدين",
        "والدها",
        "عشرون",
        "عشرين",
        "ثلاثون",
        "ثلاثين",
        "أربعون",
        "أربعين",
        "خمسون",
        "خمسين",
        "ستون",
        "ستين",
        "سبعون",
        "سبعين",
        "ثمانون",
        "ثمانين",
        "تسعون",
        "تسعين",
    )
)

# Folded Arabic letters only (no digits, no Latin): anything else is returned unchanged.
_ARABIC_WORD = re.compile(
    r"[\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f]+"
)

# --- Steps ------------------------------------------------------------------------------------


def _strip_proclitics(word: str) -> str:
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_STEM:
            rest = word[len(article) :]
            if rest.startswith("ال") and len(rest) - 2 >= MIN_STEM:
                rest = rest[2:]
            return rest
    allowed = PROCLITIC_BEFORE.get(word[0])
    if allowed and word[1] in allowed and len(word) - 1 >= MIN_STEM:
        return word[1:]
    return word


def _feminine_t(word: str) -> str:
    """The ending left once a pronoun is removed: a plural ات dropped, or ت back to ة (ه)."""
    if word in T_FINAL:
        return word  # بيت(ه), وقت(ها), قوات(ها)
    if word.endswith("ات") and len(word) - 2 >= MIN_STEM:
        return word[:-2]  # مفاوضات(ها) -> مفاوض
    if word.endswith("ت"):
        return word[:-1] + "ه"  # حكومت(ها) -> حكومه, جهت(ه) -> جهه, حيات(ه) -> حياه
    return word


def _nisba(word: str) -> str:
    if word.endswith("يه"):
        if len(word) - 2 >= 4:
            return word[:-2]  # سعوديه -> سعود
        if len(word) - 2 == 3:
            return word[:-1]  # عربيه -> عربي, ولايه -> ولاي
        return word  # قضيه, بنيه
    if word.endswith("ي") and len(word) - 1 >= 4:
        return word[:-1]  # سعودي -> سعود
    return word


def _noun_suffixes(word: str) -> str:
    n = len(word)
    if word.endswith(("تين", "تان")) and n - 3 >= MIN_STEM and not word.endswith("ستان"):
        return _nisba(word[:-3] + "ه")  # دولتين -> دوله
    if word.endswith("ات") and n - 2 >= MIN_STEM:
        return _nisba(word[:-2])  # غارات -> غار, عمليات -> عملي
    if word.endswith(("ون", "ين")) and n - 2 >= 4:
        return _nisba(word[:-2])  # مسلمين -> مسلم, فرنسيون -> فرنسي -> فرنس
    return _nisba(word)


def _strip_suffixes(word: str) -> str:
    for suffix, min_stem in PRONOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            return _noun_suffixes(_feminine_t(word[: -len(suffix)]))
    if word.endswith("ته") and len(word) - 1 >= MIN_STEM:
        return _noun_suffixes(_feminine_t(word[:-1]))  # حكومته -> حكومه, بيته -> بيت
    return _noun_suffixes(word)


# --- Public function --------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def stem(folded_word: str) -> str:
    """The light stem of one folded word. Short, Latin and numeric words come back unchanged."""
    if len(folded_word) < MIN_STEM or not _ARABIC_WORD.fullmatch(folded_word):
        return folded_word
    if folded_word in PROTECTED:
        return folded_word
    word = _strip_proclitics(folded_word)
    if word in PROTECTED:
        return word
    return _strip_suffixes(word)

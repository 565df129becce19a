"""A conservative light stemmer for folded Arabic words (clitics and inflection suffixes).

It works on one word already passed through ``fold()`` (so ة is ه, ى is ي, no hamza on alef).
Without a lexicon, stripping a letter that belongs to the word merges unrelated words
("لبنان" → "لبن" "yoghurt") or splits related ones ("فلسطين" vs "فلسطيني"), so every rule
below has a guard and, when in doubt, the word is left alone. Order of the steps:

1. Proclitics. The definite article with its combinations (ال وال بال كال فال لل …) when at
   least 3 letters remain; a second ال after it ("الالتزام" → "التزام" → "تزام", the same as
   "التزام"). A single و/ب/ل only before a letter that starts verb and derived-noun patterns
   (م ت ي ن for و, م ت for ب and ل): "لمدرسه" → "مدرسه" but "لبنان", "بيان", "فرنسيون",
   "وزيره" keep their first letter. Beyond that, ب and ل go before any letter when a stem of
   4 letters remains ("بنسبه" → "نسبه") and و before an alef ("واكد" → "اكد"), unless the word
   is one of RADICAL_START_WORDS ("برنامج", "لبنان", "لاعب", "واحد"), which would otherwise
   part from their forms with the article. ف and ك alone are never stripped ("فكره", "كلام").
2. Pronoun suffixes (ها هما هم هن كم نا; ه only after ت). A ت left at the end is the
   feminine ة of the noun ("حكومتها" → "حكومت" → "حكومه", "جهته" → "جهه"), except in a short
   list of words ending in a root ت ("بيتها" → "بيت"); "اتها" is a plural ("مفاوضاتها" →
   "مفاوض") when at least 3 letters precede it ("حياتها" → "حياه").
3. Noun suffixes: dual تين/تان → ه, plural ات (stem ≥ 3), ون/ين (stem ≥ 4), then the
   nisba ي / يه when 4 letters remain ("سعوديه", "سعودي" → "سعود"); with 3 letters يه
   becomes ي, so "عربيه" meets "عربي", which keeps its ي.

4. Plurals: a plural in ات stands on the feminine singular («شركات» → «شركه») when the stem is
   one of ``feminine_plurals.STEMS`` (learned from four ANT outlets), else on the bare stem
   («اجتماعات» → «اجتماع»); a broken plural's light stem is replaced by its singular's
   (``broken_plurals``: «مدارس» → «مدرسه», «دول» → «دوله»).

The bare ه (ة or "his") is never stripped: "مدرسه" must not become "مدرس" ("teacher").
Plain ان is not stripped either: it ends far more names (لبنان، إيران، برلمان، باكستان)
than duals in news text.
"""

import re
from functools import lru_cache

from khabar.arabic.broken_plurals import pairs as _broken_plural_pairs
from khabar.arabic.feminine_plurals import STEMS as FEMININE_PLURAL_STEMS
from khabar.arabic.normalize import fold

# --- Data -------------------------------------------------------------------------------------

# Article combinations, longest first.
ARTICLES: tuple[str, ...] = (
    "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
)

# A single proclitic is stripped when the next letter is one of these (3 letters left suffice).
PROCLITIC_BEFORE: dict[str, str] = {"و": "متين", "ب": "مت", "ل": "مت"}

# Beyond PROCLITIC_BEFORE: ب and ل are stripped before any letter when at least 4 letters
# remain ("بهدف" is kept, "بنسبه" → "نسبه", "لحقوق" → "حقوق"), and و before an alef when at
# least 3 remain ("واكد" → "اكد", "وايران" → "ايران"). Measured on ANT headline → article
# retrieval (docs/benchmarks.md): +0.012 MRR@10 over the guarded rules alone.
LONG_PROCLITICS: dict[str, int] = {"ب": 4, "ل": 4}
WAW_BEFORE_ALEF_MIN = 3

# Words that start with a root ب, ل or وا, which the two rules above would cut (written
# naturally, compared as light stems so "برنامجها" and "بطولته" are covered). Without them
# "برنامج" and "البرنامج", "لبنان" and "اللبناني", "لاعب" and "اللاعب" would part.
RADICAL_START_WORDS: str = """
    بريطانيا بريطاني برازيل البرازيلي برلمان برتغال البرتغالي بطولة بلدين بلدان بلدية
    بيان بيانات بحرين بحري بحرية بحيرة بيضاء بلجيكا برنامج برامج باحث باحثة باحثون بداية
    بنتاغون بالغ بالغة باكستان بشري بشرية باردة بارد باليستي بروفيسور بترول بورصة بطالة
    بطارية بطاقة بوابة بيولوجي بلاستيك بنزين باقي باقية بديل بديلة بلاغ بلقان بارز بارزة
    بسيط بسيطة بروتوكول بعثة بعيد بعيدة بركان باطل باطلة باهظ باهظة بغداد بيروت باريس
    بايرن بكتيريا بناء بنك بنوك بقايا بوليساريو بولندا بلغاريا بوسنة برشلونة برلين بكين
    بوتين بيئة بيئي بيئية بضائع براءة بريكست بلد بلاد بيت بطل بطلة
    لجنة لجان لبنان لبناني لاعب لاعبة لاعبين لاعبون لاجئ لاجئين لاجئون لازم لازمة لندن ليبيا ليبي
    لائحة لوائح لحظة لحظات لقاء لقاءات ليبرالي لاتيني لاتينية لياقة لوجستي لغوي لغة لوحة
    لاحق لاحقة لافت لافتة لاذقية ليلة ليالي ليكود لواء لوبي ليفربول لقطة لقطات
    واقعة واقع واقعي واحد واحدة واردة وارد وافد وافدة واسع واسعة واضح واضحة واعد واعدة
    واجهة واجب والد والدة وادي واشنطن واتساب وافق وافقت واجه واجهت واصل واصلت والي
"""

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

_PRONOUN_ENDINGS: tuple[str, ...] = tuple(suffix for suffix, _ in PRONOUN_SUFFIXES)

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


def _strip_article(word: str) -> str:
    """The word without its definite article (and its combinations), else unchanged."""
    if word.startswith(ARTICLES):  # one C call first: most words start with no article
        for article in ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= MIN_STEM:
                return word[len(article) :]
    return word


def _strip_proclitics(word: str) -> str:
    if word.startswith(ARTICLES):
        for article in ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= MIN_STEM:
                rest = word[len(article) :]
                if rest.startswith("ال") and len(rest) - 2 >= MIN_STEM:
                    rest = rest[2:]
                return rest
    first, rest = word[0], word[1:]
    allowed = PROCLITIC_BEFORE.get(first)
    if allowed and rest[0] in allowed and len(rest) >= MIN_STEM:
        return rest
    if first in LONG_PROCLITICS:
        long_enough = len(_strip_suffixes(rest)) >= LONG_PROCLITICS[first]
        if long_enough and _strip_suffixes(word) not in RADICAL_STEMS:
            return rest
    elif first == "و" and rest[0] == "ا" and len(rest) >= WAW_BEFORE_ALEF_MIN:
        if not rest.startswith("ال") and _strip_suffixes(word) not in RADICAL_STEMS:
            return rest
    return word


def _feminine_t(word: str) -> str:
    """The ending left once a pronoun is removed: a plural ات dropped, or ت back to ة (ه)."""
    if word in T_FINAL:
        return word  # بيت(ه), وقت(ها), قوات(ها)
    if word.endswith("ات") and len(word) - 2 >= MIN_STEM:
        return _plural_at(word[:-2])  # مفاوضات(ها) -> مفاوض, شركات(ها) -> شركه
    if word.endswith("ت"):
        return word[:-1] + "ه"  # حكومت(ها) -> حكومه, جهت(ه) -> جهه, حيات(ه) -> حياه
    return word


def _plural_at(stem: str) -> str:
    """What a plural in ات stands on: the feminine singular (ات → ة) when the corpus writes
    that one more (``feminine_plurals``: «شركات» → «شركه»), else the bare stem
    («اجتماعات» → «اجتماع»)."""
    return stem + "ه" if stem in FEMININE_PLURAL_STEMS else stem


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
        return _nisba(_plural_at(word[:-2]))  # اجتماعات -> اجتماع, شركات -> شركه
    if word.endswith(("ون", "ين")) and n - 2 >= 4:
        return _nisba(word[:-2])  # مسلمين -> مسلم, فرنسيون -> فرنسي -> فرنس
    return _nisba(word)


def _strip_suffixes(word: str) -> str:
    if word.endswith(_PRONOUN_ENDINGS):  # one C call first: most words end in no pronoun
        for suffix, min_stem in PRONOUN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
                return _noun_suffixes(_feminine_t(word[: -len(suffix)]))
    if word.endswith("ته") and len(word) - 1 >= MIN_STEM:
        return _noun_suffixes(_feminine_t(word[:-1]))  # حكومته -> حكومه, بيته -> بيت
    return _noun_suffixes(word)


# Light stems (suffixes only) of RADICAL_START_WORDS.
RADICAL_STEMS: frozenset[str] = frozenset(
    _strip_suffixes(_strip_article(fold(w))) for w in RADICAL_START_WORDS.split()
)

def _light_stem(folded_word: str) -> str:
    if len(folded_word) < MIN_STEM or not _ARABIC_WORD.fullmatch(folded_word):
        return folded_word
    if folded_word in PROTECTED:
        return folded_word
    word = _strip_proclitics(folded_word)
    if word in PROTECTED:
        return word
    return _strip_suffixes(word)


# Light stem of a broken plural → light stem of its singular (``broken_plurals``).
BROKEN_PLURALS: dict[str, str] = {
    p: s
    for p, s in ((_light_stem(fold(p)), _light_stem(fold(s))) for p, s in _broken_plural_pairs())
    if p != s
}

# --- Public function --------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def stem(folded_word: str) -> str:
    """The light stem of one folded word. Short, Latin and numeric words come back unchanged."""
    light = _light_stem(folded_word)
    return BROKEN_PLURALS.get(light, light)

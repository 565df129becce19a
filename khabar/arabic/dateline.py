"""Datelines: the "place - agency" opening of a wire story ("دبي-رويترز", "القاهرة (أ ف ب) -").

``parse_dateline`` reads a line that is only a dateline; ``split_dateline`` takes one off the start
of a paragraph. Separators are the hyphen, en and em dashes and a free-standing tatweel "ـ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- data -------------------------------------------------------------------------------------

# Agencies and outlets that sign wire copy, as written; matching ignores dots, spaces,
# alef/hamza variants, ة/ه and ى/ي.
AGENCIES: tuple[str, ...] = (
    "رويترز", "أ ف ب", "أ.ف.ب", "فرانس برس", "فرانس بريس", "وكالة فرانس برس", "أسوشيتد برس",
    "اسوشيتدبرس", "أ ب", "د ب أ", "د.ب.أ", "الأناضول", "واس", "وام", "سانا", "بنا", "قنا",
    "كونا", "سبأ", "ومع", "واج", "وات", "بترا", "أ ش أ", "إرنا", "شينخوا", "سبوتنيك",
    "سكاي نيوز عربية", "العربية.نت", "العربية", "الجزيرة نت", "الجزيرة", "سي إن إن", "بي بي سي",
    "CNN", "BBC", "AFP", "AP", "Reuters", "DPA", "Xinhua", "Anadolu",
)

# Words that do not name a place: function words, reporting verbs, bylines and page labels
# (written folded; folded again at import).
NOT_PLACE_WORDS: frozenset[str] = frozenset("""
    في من الي علي عن ان قد لا ما لم لن ليس هذا هذه ذلك تلك التي الذي الذين و او ثم مع بعد
    قبل حتي كما لكن هو هي هم انه انها كان كانت عند بين خلال ضد منذ اذا كل غير عبر اما
    قال قالت اعلن اعلنت اكد اكدت اضاف اضافت افاد افادت ذكر ذكرت اشار اشارت يقول تقول
    المصدر مصدر بقلم كتب كتبت حوار تقرير متابعه ترجمه اعداد تحرير كلمات دلاليه وسوم الوسوم
    اقرا ايضا شارك طباعه تابع تابعونا حمل اشترك تاريخ النشر اخر تحديث الكلمات الدالة الداله
    للمزيد المزيد شاهد وقال وقالت واضاف واضافت وذكر وذكرت ونقل ونقلت واكد واكدت واعلن واعلنت
    وافاد وافادت واشار واشارت ذكر نقل نقلت قناه صحيفه وكاله موقع مصادر
""".split())

MAX_LINE_WORDS = 7       # a whole-line dateline is short
MAX_PLACE_WORDS = 3
MAX_AGENCY_WORDS = 4
MAX_FREE_AGENCY_WORDS = 3  # an agency not in AGENCIES
MIN_REST_WORDS = 3        # a place-only dateline must open a real sentence
# Words that cannot open the sentence after a place-only dateline ("ترامب - الذي …" is no dateline).
NOT_SENTENCE_START: frozenset[str] = frozenset(
    "الذي التي الذين اللذان في من علي الي عن و او".split()
)
# First words of two-word place names; any other two words before a dash at the start of a
# paragraph are more often a sentence ("ألقت فضيحة - …") than a place.
COMPOUND_PLACE_STARTS: frozenset[str] = frozenset("""
    الدار ابو عين بني شرم راس دير بير كفر سيدي وادي جبل بندر مدينه قطاع الضفه سان نيو لوس
    هونغ كوالا بوينس ريو تل بيت ام البحر الجبل المدينه الكويت
""".split())

# A tatweel is a dash only standing free ("الرباط ـ"), never inside a word ("الـ19", "يـدشـن").
_DASH = r"(?:-{1,2}|[–—‒―−]|(?<=\s)ـ+(?=\s|$))"
_WORD = r"[^\W\d_ـ][^\W\d_]*"
_PLACE = rf"{_WORD}(?:(?:\s*[،,]\s*|\s+){_WORD}){{0,{MAX_PLACE_WORDS - 1}}}"
_AGENCY_WORD = r"[^\s()\-–—‒―−:،,ـ]+"
_AGENCY = rf"{_AGENCY_WORD}(?:\s+{_AGENCY_WORD}){{0,{MAX_AGENCY_WORDS - 1}}}"

_PAREN_LINE = re.compile(rf"(?P<place>{_PLACE})\s*\(\s*(?P<agency>[^()]+?)\s*\)\s*(?:{_DASH}|:)?")
_DASH_LINE = re.compile(
    rf"(?P<place>{_PLACE})\s*{_DASH}\s*(?:(?P<agency>{_AGENCY})\s*(?:[:.]|{_DASH})?)?"
)
_PAREN_START = re.compile(
    rf"(?P<place>{_PLACE})\s*\(\s*(?P<agency>[^()]{{1,40}}?)\s*\)\s*(?P<mark>{_DASH}|:)?\s*"
)
_DASH_START = re.compile(rf"(?P<place>{_PLACE})(?P<before>\s*){_DASH}(?P<after>\s*)")
_AGENCY_THEN_MARK = re.compile(rf"(?P<agency>{_AGENCY})\s*(?::|{_DASH})\s*")

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_VARIANTS = {"ا": "[اأإآٱ]", "ه": "[هة]", "ي": "[يىئ]", "و": "[وؤ]"}


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where a story was filed and who filed it: Dateline("دبي", "رويترز"); agency may be None."""

    place: str
    agency: str | None


# --- matching helpers -------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Matching form (prefers the shared ``normalize.fold``; the local folds keep it stable)."""
    try:
        from khabar.arabic.normalize import fold as shared_fold
    except ImportError:  # the shared normalizer is not there (yet)
        shared_fold = None
    if shared_fold is not None:
        text = shared_fold(text) or text
    return re.sub(r"[\u064b-\u065f\u0670]", "", text.translate(_FOLD)).lower()


def _key(name: str) -> str:
    return re.sub(r"[\s.]+", "", _fold(name))


_AGENCY_KEYS = frozenset(_key(a) for a in AGENCIES)
NOT_PLACE_WORDS = frozenset(_fold(w) for w in NOT_PLACE_WORDS)
NOT_SENTENCE_START = frozenset(_fold(w) for w in NOT_SENTENCE_START)
COMPOUND_PLACE_STARTS = frozenset(_fold(w) for w in COMPOUND_PLACE_STARTS)


def _agency_pattern(name: str) -> str:
    return r"[\s.]*".join(_VARIANTS.get(c, re.escape(c)) for c in _key(name))


_KNOWN_AGENCY_START = re.compile(
    "(?P<agency>" + "|".join(_agency_pattern(a) for a in sorted(AGENCIES, key=len, reverse=True))
    + rf")(?!\w)\s*(?:[:،,]|{_DASH})?\s*",
    re.IGNORECASE,
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _is_place(place: str) -> bool:
    words = re.split(r"[\s،,]+", place.strip())
    return 1 <= len(words) <= MAX_PLACE_WORDS and not any(
        _fold(w) in NOT_PLACE_WORDS for w in words
    )


def _is_short_place(place: str) -> bool:
    """One word, a "city، country" pair, or a known two-word place shape ("الدار البيضاء")."""
    if "،" in place or "," in place:
        return True
    words = place.split()
    return len(words) == 1 or (len(words) == 2 and _fold(words[0]) in COMPOUND_PLACE_STARTS)


def _is_agency(agency: str, *, free_words: int = MAX_FREE_AGENCY_WORDS) -> bool:
    if _key(agency) in _AGENCY_KEYS:
        return True
    words = agency.split()
    return (
        1 <= len(words) <= free_words
        and not any(ch.isdigit() for ch in agency)
        and not any(_fold(w.strip(".")) in NOT_PLACE_WORDS for w in words)
    )


def _made(place: str, agency: str | None) -> Dateline:
    agency = agency.strip(" .:") if agency else None
    return Dateline(place=_squash(place), agency=agency or None)


# --- public -----------------------------------------------------------------------------------

def parse_dateline(line: str) -> Dateline | None:
    """The dateline a whole line holds ("دبي - رويترز", "القاهرة (أ ف ب) -"), else None."""
    text = _squash(line or "")
    if not text or len(text.split()) > MAX_LINE_WORDS:
        return None
    for pattern in (_PAREN_LINE, _DASH_LINE):
        m = pattern.fullmatch(text)
        if m is None or not _is_place(m.group("place")):
            continue
        agency = m.group("agency")
        if agency is not None and not _is_agency(agency):
            return None
        return _made(m.group("place"), agency)
    return None


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Take a dateline off the start of ``paragraph``: (Dateline, rest) or (None, paragraph).

    "القاهرة (رويترز) - أعلنت …" and "دبي - أ ف ب: قال …" give the agency; "بيروت - أعلن …"
    gives the place alone.
    """
    text = (paragraph or "").lstrip()
    m = _PAREN_START.match(text)
    if m and _is_place(m.group("place")) and text[m.end():].strip():
        agency = m.group("agency")
        # "عمر عبدالرحمن (عموري) وعلي …" is no dateline: an unknown agency needs the dash.
        if _key(agency) in _AGENCY_KEYS or (m.group("mark") and _is_agency(agency, free_words=4)):
            return _made(m.group("place"), agency), text[m.end():]
    m = _DASH_START.match(text)
    if not m or not _is_place(m.group("place")):
        return None, paragraph
    place, after = m.group("place"), text[m.end():]
    known = _KNOWN_AGENCY_START.match(after)
    if known and after[known.end():].strip():
        return _made(place, known.group("agency")), after[known.end():]
    # Without a known agency the dash must stand apart ("كيم جونغ-أون" is a name, "أف-16" a
    # plane) and the place be short.
    if not (m.group("before") or m.group("after")) or not _is_short_place(place):
        return None, paragraph
    marked = _AGENCY_THEN_MARK.match(after)
    if marked and _is_agency(marked.group("agency")) and after[marked.end():].strip():
        return _made(place, marked.group("agency")), after[marked.end():]
    words = after.split()
    if len(words) >= MIN_REST_WORDS and _fold(words[0]) not in NOT_SENTENCE_START:
        return _made(place, None), after
    return None, paragraph

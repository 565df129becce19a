"""Datelines: the "place - agency" opening of a wire story ("دبي-رويترز", "القاهرة (أ ف ب) -").

``parse_dateline`` reads a line that is only a dateline; ``split_dateline`` takes one off the start
of a paragraph. Separators are the hyphen, en and em dashes and a free-standing tatweel "ـ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khabar.arabic.normalize import fold

# --- data -------------------------------------------------------------------------------------

# Agencies and outlets that sign wire copy: canonical name → the spellings met in datelines.
# Matching ignores dots, spaces, alef/hamza variants, ة/ه and ى/ي; a Dateline carries the
# canonical name, so "أ ف ب", "أ.ف.ب", "فرانس برس" and "AFP" are one agency.
AGENCY_NAMES: dict[str, tuple[str, ...]] = {
    "رويترز": ("رويترز", "رويتر", "Reuters"),
    "فرانس برس": ("فرانس برس", "فرانس بريس", "وكالة فرانس برس", "أ ف ب", "أ.ف.ب", "AFP"),
    "أسوشيتد برس": ("أسوشيتد برس", "اسوشيتدبرس", "أسوشيتيد برس", "أ ب", "أ.ب", "AP"),
    "د ب أ": ("د ب أ", "د.ب.أ", "الوكالة الألمانية", "DPA"),
    "الأناضول": ("الأناضول", "وكالة الأناضول", "Anadolu"),
    "واس": ("واس", "وكالة الأنباء السعودية"),
    "وام": ("وام", "وكالة أنباء الإمارات"),
    "قنا": ("قنا", "وكالة الأنباء القطرية"),
    "كونا": ("كونا", "وكالة الأنباء الكويتية"),
    "سانا": ("سانا",),
    "بنا": ("بنا",),
    "سبأ": ("سبأ",),
    "ومع": ("ومع", "لاماب"),
    "واج": ("واج",),
    "وات": ("وات",),
    "بترا": ("بترا",),
    "أ ش أ": ("أ ش أ", "أ.ش.أ"),
    "إرنا": ("إرنا",),
    "شينخوا": ("شينخوا", "Xinhua"),
    "سبوتنيك": ("سبوتنيك",),
    "سكاي نيوز عربية": ("سكاي نيوز عربية",),
    "العربية.نت": ("العربية.نت", "العربية نت"),
    "العربية": ("العربية",),
    "الجزيرة نت": ("الجزيرة نت",),
    "الجزيرة": ("الجزيرة",),
    "سي إن إن": ("سي إن إن", "CNN"),
    "بي بي سي": ("بي بي سي", "BBC"),
    "وكالات": ("وكالات", "الوكالات", "وكالات الأنباء"),
}
AGENCIES: tuple[str, ...] = tuple(v for variants in AGENCY_NAMES.values() for v in variants)

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
    عاجل خاص تنويه ملاحظه تحديث فيديو صور بالصور بالفيديو رابط الكاتب مراسل سؤال جواب
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
_WORD = r"[^\W\d_ـ](?:[^\W\d_]|[\u064b-\u065f\u0670])*"  # harakat allowed inside ("عمّان")
_PLACE = rf"{_WORD}(?:(?:\s*[،,]\s*|\s+){_WORD}){{0,{MAX_PLACE_WORDS - 1}}}"
_AGENCY_WORD = r"[^\s()\-–—‒―−:،,ـ]+"
_AGENCY = rf"{_AGENCY_WORD}(?:\s+{_AGENCY_WORD}){{0,{MAX_AGENCY_WORDS - 1}}}"

_PAREN_LINE = re.compile(rf"(?P<place>{_PLACE})\s*\(\s*(?P<agency>[^()]+?)\s*\)\s*(?:{_DASH}|:)?")
_DASH_LINE = re.compile(
    rf"(?P<place>{_PLACE})\s*{_DASH}\s*(?:(?P<agency>{_AGENCY})\s*(?:[:.]|{_DASH})?)?"
)
_BYLINE = re.compile(rf"(?P<place>{_PLACE})\s*:\s*(?P<name>[^:()\d]+)")
MAX_BYLINE_NAME_WORDS = 4
_PAREN_START = re.compile(
    rf"(?P<place>{_PLACE})\s*\(\s*(?P<agency>[^()]{{1,40}}?)\s*\)\s*(?P<mark>{_DASH}|:)?\s*"
)
#: "دبي، الإمارات العربية المتحدة (CNN)—": a city and a country of up to three words each, only
#: before a known agency in parentheses (CNN's form; a longer place is otherwise a sentence)
_WIDE_PAREN_START = re.compile(
    rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,{MAX_PLACE_WORDS - 1}}}\s*[،,]\s*"
    rf"{_WORD}(?:\s+{_WORD}){{0,{MAX_PLACE_WORDS - 1}}})"
    rf"\s*\(\s*(?P<agency>[^()]{{1,40}}?)\s*\)\s*(?P<mark>{_DASH}|:)?\s*"
)
_DASH_START = re.compile(rf"(?P<place>{_PLACE})(?P<before>\s*){_DASH}(?P<after>\s*)")
_AGENCY_THEN_MARK = re.compile(rf"(?P<agency>{_AGENCY})\s*(?::|{_DASH})\s*")

_VARIANTS = {"ا": "[اأإآٱ]", "ه": "[هة]", "ي": "[يىئ]", "و": "[وؤ]"}


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where a story was filed and who filed it: Dateline("دبي", "رويترز"); agency may be None."""

    place: str
    agency: str | None


# --- matching helpers -------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Matching form: ``normalize.fold`` (no hamza on alef, ة→ه, ى→ي, no marks or tatweel)."""
    return fold(text)


def _key(name: str) -> str:
    return re.sub(r"[\s.]+", "", _fold(name))


_CANONICAL = {_key(v): name for name, variants in AGENCY_NAMES.items() for v in variants}
_AGENCY_KEYS = frozenset(_CANONICAL)
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
    if agency:
        agency = _CANONICAL.get(_key(agency), _squash(agency))
    return Dateline(place=_squash(place), agency=agency or None)


def canonical_agency(name: str) -> str | None:
    """The one name of a known agency however it is spelled ("أ.ف.ب" → "فرانس برس"), else None."""
    return _CANONICAL.get(_key(name or ""))


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
    return _byline(text)


def _byline(text: str) -> Dateline | None:
    """"باريس: <name>" (place, no agency) or "الرباط: رويترز" (place and agency)."""
    m = _BYLINE.fullmatch(text)
    if m is None or not _is_place(m.group("place")) or not _is_short_place(m.group("place")):
        return None
    name = m.group("name").strip()
    if _key(name) in _AGENCY_KEYS:
        return _made(m.group("place"), name)
    words = name.split()
    if 1 <= len(words) <= MAX_BYLINE_NAME_WORDS and not any(
        _fold(w) in NOT_PLACE_WORDS for w in words
    ):
        return _made(m.group("place"), None)
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
    m = _WIDE_PAREN_START.match(text)
    if m and _key(m.group("agency")) in _AGENCY_KEYS and text[m.end():].strip() and not any(
            _fold(w) in NOT_PLACE_WORDS for w in re.split(r"[\s،,]+", m.group("place"))):
        return _made(m.group("place"), m.group("agency")), text[m.end():]
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

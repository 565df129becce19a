"""Keyphrases: the few words and phrases (at most 5) that say what an article is about.

``keyphrases(title, body, stats)`` works in four steps:

1. Segments: the text's words, cut at punctuation, numbers, stop words (the analyzer's) and
   the weak words below (reporting verbs, days, "said"), at words carrying an attached
   pronoun ("منصبه", "ناديه": no tag's head), and before a word that opens with the
   conjunction و/ف ("والأمن" starts a new phrase) or a preposition ("كمدرب", "لنادي": a
   complement, not the phrase's next word; "للأمن" continues "المديرية العامة").
2. Candidates: every run of 1–4 words inside a segment, grouped by their analyzer terms, so
   "للأمن الوطني" and "الأمن الوطنى" are one candidate. A phrase of several words must occur
   twice or stand in the title.
3. Salience: occurrences (title ×3, opening paragraph ×1.5) × mean inverse document frequency
   of its terms against the corpus (``TermStats``) × a bonus per extra word. A phrase that
   holds all the occurrences of a shorter one replaces it ("وقف إطلاق النار" over "إطلاق").
   3b. Only tags an editor would write are scored (``_noun_phrase``): names when they are a
   topic, single common words of the title that the article repeats and that are nouns
   (no adjective, verb, adverb, cut construct head), phrases that neither open with an
   adjective, verb or clitic nor hold a preposition or verb nor end cut in a construct.
4. The shown form: the spelling seen most, first word bared of clitics (``tagforms.bare``),
   letters ``plain`` — never "للأمن", never "الوطنی".
"""

from __future__ import annotations

import math
from bisect import bisect_left
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate, compress, groupby, repeat
from operator import and_, is_not, itemgetter, not_, or_

from khabar.arabic import term, tokens
from khabar.enrich.entity_cues import PERSON
from khabar.enrich.entity_words import words_of
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.memo import Memo
from khabar.enrich.keyphrase_counts import MAX_WORDS as COUNTED_WORDS
from khabar.enrich.keyphrase_counts import Candidate, counted
from khabar.enrich.reading import read
from khabar.enrich.tagforms import bare, fold, key, plain

MIN_PHRASES = 3
MAX_PHRASES = 5
MAX_WORDS = COUNTED_WORDS
#: a phrase is kept when its score is at least this share of the best one's
RELATIVE_FLOOR = 0.2
TITLE_WEIGHT = 3.0
OPENING_WEIGHT = 1.5
EXTRA_WORD_BONUS = 0.35
#: letters of the shortest word a phrase may hold
MIN_LETTERS = 3
#: weight of a single word met once, outside the title
ONCE_WEIGHT = 0.5
#: times a spelling must be seen in the corpus to count as a word of its own
ATTESTED_SPELLING = 3
#: a word shorter than this needs SHORT_ATTESTED_SPELLING sightings ("باقم" is not ب + "اقم",
#: "لوقف" is ل + "وقف")
MIN_ATTESTED_LETTERS = 4
SHORT_ATTESTED_SPELLING = 50
#: ... and at least this share of the times the word with the clitic is
ATTESTED_SHARE = 0.1

#: a single common word (no name) must stand in the title and occur this often in all: an
#: article repeats its topic ("الروبوت" 8 times), not a word its headline uses once ("غياب")
SINGLE_WORD_OCCURRENCES = 4
#: a single common word in more than this share of the corpus's articles is a topic only
#: when the article repeats it ``FREQUENT_OCCURRENCES`` times («الانتخابات» 9 times, not
#: «زيارة» 4 times)
FREQUENT_SHARE = 0.06
FREQUENT_OCCURRENCES = 6
#: a name outside the title must occur this often to be a topic (not one named in passing)
NAME_OCCURRENCES = 3
#: share of a word's sightings written with the article for it to be a noun
ARTICLE_SHARE = 0.05

#: attached pronouns, longest first (a word ending in ة is not one: the text keeps ة apart)
PRONOUN_SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "ه", "ك")

# Words that carry no topic in news prose, written naturally and folded/stemmed at import.
_WEAK = """
قال قالت يقول تقول وقال وقالت أكد أكدت يؤكد أعلن أعلنت يعلن أضاف أضافت يضيف أشار أشارت
ذكر ذكرت أوضح أوضحت تابع تابعت كشف كشفت أفاد أفادت صرح صرحت لفت نقل نقلت بحسب حسب وفق
اليوم أمس غدا الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم أيام عام العام
الماضي المقبل الحالي الجاري الأسبوع شهر الشهر ساعة ساعات سنة سنوات مساء صباح الليلة
كان كانت يكون تكون يمكن أكثر أقل أول الأول الأولى ثاني الثاني جديد جديدة الجديد
أيضا فقط مجرد عدد عدة بعد قبل إطار وسط نحو أمام عبر مثل ضمن لدى بشأن تجاه لصالح
فيديو إنفوغرافيك عاجل صور بالصور ريال درهم دينار جنيه يورو
خلف البلاد أبرز آخر آخرين أخرى أحد إحدى دور مدينة داخل خارج منتصف أواخر أوائل أعلى أدنى
مصدر مصادر تقرير تقارير وكالة بيان يتم تم سيتم جرى يجري شخص أشخاص وذلك حاليا
إلى إن أن الذي التي وكانت وكان وأن وإن ومن وفي دولار دولارا مليون مليار ألف نسبة المئة
"""
WEAK_TERMS: frozenset[str] = frozenset(
    t for w in _WEAK.split() if (t := term(w)) is not None
)

_BREAK = re.compile(r"[.،,:;؛؟?!\"«»“”()\[\]{}<>\n\r\t…|/\\–—_*#@+=]| - ")


@dataclass
class TermStats:
    """Document frequencies of analyzer terms: the corpus the salience is measured against.

    Seeded from the store (``Store.term_document_frequencies``) and kept current by
    ``observe`` as articles pass; with no documents every term weighs the same."""

    n_docs: int = 0
    df: dict[str, int] = field(default_factory=dict)
    #: folded spellings seen as whole words, to tell a clitic from a word's own letter
    spellings: Counter = field(default_factory=Counter)

    def observe(self, text: str) -> None:
        """Count one document's terms and spellings."""
        self.n_docs += 1
        words = {fold(plain(w)) for w, _, _ in tokens(text)}
        self.spellings.update(words)
        for t in {t for w in words if (t := term(w)) is not None}:
            self.df[t] = self.df.get(t, 0) + 1

    def attested(self, rest: str, whole: str, times: int = 3) -> bool:
        """``rest`` is a word of its own: seen often, and not rare beside ``whole`` ("جنة"
        beside "لجنة" is another word; "كرة" beside "لكرة" is the same)."""
        n = self.spellings.get(rest, 0)
        return n >= times and n >= ATTESTED_SHARE * self.spellings.get(whole, 0)

    def idf(self, t: str) -> float:
        if self.n_docs < 20:
            return 1.0
        return math.log((self.n_docs + 1) / (self.df.get(t, 0) + 1)) + 1.0


_Candidate = Candidate


Seen = Callable[[str, str], bool]


def _form(c: _Candidate) -> str:
    """The candidate's spelling seen most, the first seen of equals (``Counter.most_common``)."""
    return max(c.forms.items(), key=itemgetter(1))[0]


def segments(text: str, seen: Seen, memo: dict[str, _WordRead] | None = None,
             found: Iterable[tuple[str, int, int]] | None = None, start_at: int = 0
             ) -> list[list[tuple[str, str, str]]]:
    """Runs of (word, word bared of clitics, term) that a phrase may span (see step 1); ``seen`` tells which
    spellings are attested (``tagforms.bare``). ``memo`` keeps each word's reading for the
    other segments of the same article (``seen`` must be the same for all of them).
    ``found``: the tokens of the text from ``start_at`` on, when they were read already (a
    paragraph's in the body: ``text`` the body, ``start_at`` the paragraph's offset)."""
    entries: list[tuple[str, str, str]] = []
    runs: list[int] = []
    _segment_words(text, seen, {} if memo is None else memo,
                   tokens(text) if found is None else found, start_at, entries, runs, 0)
    return [[e for e, _ in group] for _, group in groupby(zip(entries, runs), itemgetter(1))]


def _segment_words(text: str, seen: Seen, memo: dict[str, _WordRead],
                   found: Iterable[tuple[str, int, int]], start_at: int,
                   entries: list[tuple[str, str, str]], runs: list[int], run: int) -> int:
    """``segments``' words appended to ``entries``, each one's segment (a number from ``run``
    on, one more at each cut) to ``runs``; returns the last number used. By ``map`` over the
    words: a Python step only for a word whose reading is not remembered across articles."""
    found = found if isinstance(found, list) else list(found)
    if not found:
        return run
    raw, starts, ends = zip(*found)
    readings = list(map(_FIXED.get, raw))
    if None in readings:  # a word met for the first time, or one ``seen`` may change
        for k in compress(range(len(raw)), map(not_, readings)):
            word = raw[k]
            reading = memo.get(word)
            if reading is None:
                reading = _FIXED.get(word, _UNREAD)
                if reading is _UNREAD:
                    reading = _fixed(word)
                if reading is None:
                    reading = _read_word(word, seen)
                memo[word] = reading
            readings[k] = reading
    # a word after punctuation breaks the segment and is left out of it
    breaks = list(map(_gap_breaks, map(text.__getitem__, map(slice, (start_at, *ends[:-1]), starts))))
    numbers = list(accumulate(map(or_, map(itemgetter(0), readings), breaks), initial=run))
    kept = list(map(and_, map(not_, breaks), map(is_not, map(itemgetter(1), readings), repeat(None))))
    entries.extend(compress(map(itemgetter(1), readings), kept))
    runs.extend(compress(numbers[1:], kept))
    return numbers[-1]


def _breaks(gap: str) -> bool:
    return gap != " " and bool(_BREAK.search(gap))


#: whether the text between two words breaks a segment, remembered per text
_gap_breaks = Memo(_breaks, 10_000).__getitem__


#: a word's part in ``segments``: whether it starts a new run, and its entry (None: too short)
_WordRead = tuple[bool, "tuple[str, str, str] | None"]
_BREAKS: _WordRead = (True, None)


def _read_word(word: str, seen: Seen) -> _WordRead:
    """What ``segments`` makes of one word, whatever precedes it (``_BREAKS``: it breaks), when
    ``_fixed_read`` cannot tell without ``seen``."""
    t = term(word)
    breaking = t is None or t in WEAK_TERMS
    breaking = breaking or word[0].isdigit() or not ("\u0600" <= word[0] <= "\u06ff")
    breaking = breaking or _pronoun_suffixed(plain(word), seen)
    if breaking:
        return _BREAKS
    shown = bare(word, seen)
    opens_conjunction = word[0] in "وف" and not shown.startswith(("و", "ف"))
    # "كمدرب", "لنادي": a preposition opens a complement, not the phrase's next word
    opens_complement = shown != plain(word) and not shown.startswith("ال")
    cuts = (opens_conjunction or opens_complement) and shown != plain(word)
    if len(shown) < MIN_LETTERS:
        return (cuts, None)
    return (cuts, (plain(word), shown, term(shown) or t))


#: raw word → ``_fixed_read(word)``, across articles; emptied at ``FIXED_MEMO`` words
_FIXED: dict[str, _WordRead | None] = {}
FIXED_MEMO = 200_000
_UNREAD: _WordRead = (False, None)  # a marker: the word is not in ``_FIXED``


def _fixed(word: str) -> _WordRead | None:
    if len(_FIXED) >= FIXED_MEMO:
        _FIXED.clear()
    reading = _FIXED[word] = _fixed_read(word)
    return reading


def _fixed_read(word: str) -> _WordRead | None:
    """``_read_word(word, seen)`` when no ``seen`` can change it, remembered across articles;
    None when it may: a word opening with a clitic letter (``bare`` asks ``seen``) or ending
    in a pronoun (``_pronoun_suffixed`` does)."""
    t = term(word)
    if t is None or t in WEAK_TERMS or word[0].isdigit() or not ("\u0600" <= word[0] <= "\u06ff"):
        return _BREAKS
    shown = plain(word)
    if not shown or shown[0] in _CLITIC_LETTERS or shown.endswith(PRONOUN_SUFFIXES):
        return None
    # ``bare`` keeps such a word whole: no conjunction or preposition opens it, nothing cuts
    if len(shown) < MIN_LETTERS:
        return (False, None)
    return (False, (shown, shown, term(shown) or t))


#: letters ``bare`` may take off the front of a word (every article prefix opens with one)
_CLITIC_LETTERS = "وفبلك"


def _pronoun_suffixed(word: str, seen: Seen) -> bool:
    """A word with an attached pronoun ("منصبه", "ناديه", "بلادهم"): it ends in one and the
    word without it is attested. Such a word is no head of a tag."""
    if not word.endswith(PRONOUN_SUFFIXES):
        return False
    for suffix in PRONOUN_SUFFIXES:
        stem = word[:-len(suffix)]
        if not word.endswith(suffix) or len(stem) < 3:
            continue
        if seen(fold(stem), fold(word)) or (stem.endswith("ت") and seen(fold(stem[:-1] + "ة"), fold(word))):
            return True  # "زيارته": ة written ت before the pronoun
    return False


def keyphrases(title: str, body: str, stats: TermStats | None = None,
               *, limit: int = MAX_PHRASES, known: Callable[[str], bool] | None = None) -> list[str]:
    """The article's keyphrases, most salient first (see the module docstring). ``known(key)``
    tells a name (``tagforms.key`` of the phrase) from a common word: the gazetteer's, the
    names learned; without it only the gazetteer is asked."""
    stats = stats or TermStats()
    known = known or _in_gazetteer
    reading = read(title, body)
    document = reading.spellings

    def seen(rest: str, whole: str) -> bool:
        if rest in document:
            return True
        if whole[0] == "ك" or len(rest) < 3:
            return False  # ك is rarely a tag's clitic: "كاندي" is a place
        short = len(rest) < MIN_ATTESTED_LETTERS
        return stats.attested(rest, whole, SHORT_ATTESTED_SPELLING if short else ATTESTED_SPELLING)

    parts = [(title, 0, reading.title_tokens, TITLE_WEIGHT, True)]
    parts += [(body, start, found, OPENING_WEIGHT if i == 0 else 1.0, False)
              for i, (start, found) in enumerate(_paragraphs(body, reading.body_tokens))]
    memo: dict[str, _WordRead] = {}
    entries: list[tuple[str, str, str]] = []
    runs: list[int] = []
    bounds: list[tuple[int, int, float, bool]] = []
    run = 0
    for text, start_at, found, weight, is_title in parts:
        first = len(entries)
        run = _segment_words(text, seen, memo, found, start_at, entries, runs, run + 1)
        bounds.append((first, len(entries), weight, is_title))
    scored: list[tuple[float, _Candidate]] = []
    # the candidates in order of first occurrence, those the checks below would pass over
    # left out (a phrase met once, inside a longer one, ...: ``keyphrase_counts.counted``)
    for c in counted(entries, runs, bounds, NAME_OCCURRENCES):
        n = len(c.terms)
        if not _noun_phrase(c, stats, known):
            continue
        idf = sum(stats.idf(t) for t in c.terms) / n
        once = ONCE_WEIGHT if c.occurrences == 1 and not c.in_title else 1.0
        scored.append((c.count * once * idf * (1 + EXTRA_WORD_BONUS * (n - 1)), c))
    scored.sort(key=lambda sc: (-sc[0], sc[1].first))
    chosen: list[tuple[float, _Candidate]] = []
    for score, c in scored:
        if chosen and score < RELATIVE_FLOOR * chosen[0][0] and len(chosen) >= MIN_PHRASES:
            break
        if any(_overlaps(c, other) for _, other in chosen):
            continue
        chosen.append((score, c))
        if len(chosen) >= limit:
            break
    shown: list[str] = []
    for _, c in chosen:
        form = _form(c)
        if form and form not in shown:
            shown.append(form)
    return shown


def _paragraphs(body: str, found: list[tuple[str, int, int]]
                ) -> list[tuple[int, list[tuple[str, int, int]]]]:
    """The body's paragraphs (its lines holding more than whitespace): each one's offset in the
    body and its tokens (``found``: the body's)."""
    out: list[tuple[int, list[tuple[str, int, int]]]] = []
    start = k = 0
    starts = list(map(itemgetter(1), found))  # ascending: a line's tokens found by bisection
    for line in body.split("\n"):
        end = start + len(line)
        first = k
        k = bisect_left(starts, end, k)
        if line.strip():
            out.append((start, found[first:k]))
        start = end + 1
    return out


def _in_gazetteer(k: str) -> bool:
    return k in gazetteer()


def _noun_phrase(c: _Candidate, stats: TermStats, known: Callable[[str], bool]) -> bool:
    """Whether the candidate's shown form is a tag an editor would write (step 3b). A name
    (``known``) is when it is a topic: in the title or met ``NAME_OCCURRENCES`` times. Otherwise:

    - a single word must stand in the title and occur ``SINGLE_WORD_OCCURRENCES`` times (a
      common word met only in the body, "مبلغ", or once in the headline, "غياب", is seldom the
      topic), and be a noun standing alone: not a nisba adjective
      ("الباكستانية", "السوري") nor a definite word that mostly follows a definite noun
      ("العرب" of "الحكام العرب"), not a verb ("يحرز", "ويطلعهم": the imperfect's ي/ت, a word
      the corpus never writes with the article), not an adverb in the accusative ("استنادا":
      the word without its alef is a noun), not the head of a construct cut from its
      complement ("أسواق" of "أسواق النفط", "لقب" of "لقب الدوري") nor a definite noun
      mostly said with its adjective ("الاتفاق" of "الاتفاق النووي"), and a word of every
      other article ("زيارة") must be repeated ``FREQUENT_OCCURRENCES`` times;
    - a phrase of several words does not start with an adjective ("الشمالي كيم جونغ أون",
      "الكوري الشمالي") or a verb ("تلقوا التدريب") or the conjunction ("ونمط الرفاهية"),
      holds no preposition inside ("محاولة الإطاحة بالحكم", "المنتمي للدوري"), and does not
      end cut in a construct ("جنوب غرب", "موعد إقامة"): its last word is definite, a name,
      or a nisba adjective ("مواقع استراتيجية");
    - a title without its name ("رئيس الوزراء", "الرئيس الروسي": a person cue of
      ``entity_cues``) is no tag: the person is."""
    if len(c.terms) == 1 and not c.in_title and c.occurrences < NAME_OCCURRENCES \
            and all(len(f.split()) == 1 for f in c.forms):
        return False  # one word outside the title: a name met this rarely, or no name (below)
    form = _form(c)
    words = form.split()
    if known(key(form)):
        return c.in_title or c.occurrences >= NAME_OCCURRENCES
    folded = [fold(w) for w in words]
    first, last = folded[0], folded[-1]
    if _opens_title(first) and PERSON.at(words_of(form), 0):
        return False  # a title without its name: "رئيس الوزراء", "الرئيس الروسي"
    if first[0] in "وف" and _clitic(stats, first):
        return False
    if first[0] in "بلك" and len(first) >= 5 and stats.spellings.get(first[1:], 0) >= ATTESTED_SPELLING:
        return False  # "برصاص": a preposition still on, the bare word attested
    if len(words) > 1:
        if (_nisba_word(first) and first.startswith("ال")) or first.endswith("وا") \
                or _verb(stats, first):
            return False
        if any(w.startswith(("لل", "بال", "كال")) for w in folded[1:]):
            return False
        if any(_verb(stats, w) for w in folded[1:]):
            return False  # "صورة يساورك القلق"
        return (last.startswith("ال") or last.endswith(("ي", "يه")) or known(key(words[-1]))
                or not _takes_article(stats, last))
    if not c.in_title or c.occurrences < SINGLE_WORD_OCCURRENCES or _nisba_word(last):
        return False
    if stats.n_docs >= 200 and stats.df.get(c.terms[0], 0) > FREQUENT_SHARE * stats.n_docs \
            and c.occurrences < FREQUENT_OCCURRENCES:
        return False  # a word of every other article ("زيارة", "الموسم") must be the topic
    base = last[1:] if last[0] in "وف" and (_clitic(stats, last) or last[1] in "يت") else last
    if _verb(stats, base):
        return False  # an imperfect verb: يحرز, سنفتقدهم
    if last.endswith("ا") and stats.spellings.get("ال" + last[:-1], 0) >= ATTESTED_SPELLING:
        return False
    if last.startswith("ال") and c.tails * 2 > c.occurrences:
        return False  # "الحكام العرب", "الحكام المختارين": an adjective after its noun
    if last.startswith("ال") and c.heads * 2 > c.occurrences:
        return False  # "الاتفاق" of "الاتفاق النووي": mostly said with its adjective
    return not (not last.startswith("ال") and c.heads * 2 > c.occurrences)


def _opens_title(folded: str) -> bool:
    """The word may open a person cue (a cheap test before reading the phrase's words)."""
    return folded in PERSON.first or folded.removeprefix("ال") in PERSON.first


def _verb(stats: TermStats, folded: str) -> bool:
    """An imperfect verb: opens with ي/ت (سي/ست/سن) and the corpus never writes it with the
    article (a known corpus is needed to tell)."""
    return (stats.n_docs >= 200 and folded.startswith(("ي", "ت", "سي", "ست", "سن"))
            and not _takes_article(stats, folded))


def _nisba_word(folded: str) -> bool:
    base = folded[2:] if folded.startswith("ال") else folded
    return len(base) >= 4 and base.endswith(("ي", "يه"))


def _clitic(stats: TermStats, folded: str) -> bool:
    """A word opening with و/ف that the corpus writes without it at least as often."""
    rest = folded[1:]
    return len(rest) >= 3 and stats.spellings.get(rest, 0) >= max(ATTESTED_SPELLING, stats.spellings.get(folded, 0))


def _takes_article(stats: TermStats, folded: str) -> bool:
    """The corpus writes the word with the article (a noun or adjective, not a verb or name)."""
    with_article = stats.spellings.get("ال" + folded, 0)
    return with_article >= ATTESTED_SPELLING and with_article >= ARTICLE_SHARE * stats.spellings.get(folded, 0)


def _overlaps(c: _Candidate, other: _Candidate) -> bool:
    """One phrase lies inside the other and adds nothing of its own."""
    short, long_ = (c, other) if len(c.terms) <= len(other.terms) else (other, c)
    n = len(short.terms)
    inside = any(long_.terms[i:i + n] == short.terms for i in range(len(long_.terms) - n + 1))
    if not inside:
        return False
    if short is c:
        return True  # a longer phrase holding it was chosen already
    # a shorter phrase was chosen: the longer one is dropped unless it stands on its own
    return long_.occurrences < short.occurrences

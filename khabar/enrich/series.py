"""Recurring columns: template text an outlet publishes again and again (wedding and condolence
columns, obituaries, prayer times, weather, currency, gold and oil price reports). They are not
events, and left to the clusterer they pile up into the day's biggest "story" (14 wedding
announcements of two papers' social columns). ``SeriesDetector.is_series`` finds them; the
clusterer places such an article in a story of its own that nothing joins (template text
with other names in its slots would otherwise fold as a near copy).

An article is of a series when

- its title names a column ("مواقيت الصلاة", "حالة الطقس", "أسعار العملات", "تهنئة …", "نعي …",
  "عقد قران …", "زفاف …"), or
- its outlet published, on at least ``MIN_OTHER_DAYS`` other days of the last ``WINDOW``, an
  article whose title starts with the same word and whose lead shares at least
  ``LEAD_OVERLAP`` of its opening words after the dateline (Jaccard, numbers and weekdays
  left out): fixed text with different slots, repeated day after day. A minister's statements
  on different days share their first words (his name and office), not thirty.

The detector sees articles in arrival order (the clusterer's order), so a pooled import and a
one-process import decide the same.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from datetime import datetime, timedelta

from khabar.arabic import fold, split_dateline

WINDOW = timedelta(days=8)
MIN_OTHER_DAYS = 2
LEAD_OVERLAP = 0.5
#: opening words of the lead compared
LEAD_WORDS = 30
#: articles of one outlet kept to compare with
HISTORY = 400

#: titles that name a column (folded as titles are, so written here in plain Arabic)
_COLUMN_CUES = (
    "مواقيت الصلاة", "أوقات الصلاة", "حالة الطقس", "طقس اليوم", "الطقس اليوم",
    "درجات الحرارة اليوم", "أسعار العملات", "أسعار صرف", "أسعار الذهب اليوم",
    "سعر الذهب اليوم", "أسعار الذهب في", "انتقل إلى رحمة الله",
)
_COLUMN_STARTS = ("تهنئة", "نعي", "تعزية", "عزاء", "عقد قران", "زفاف", "حفل زفاف")
_COLUMN_TITLE = re.compile(
    "|".join([re.escape(fold(c)) for c in _COLUMN_CUES]
             + ["^" + re.escape(fold(c)) for c in _COLUMN_STARTS]
             + ["^" + re.escape(fold("زواج")) + r" \S+ من"]))
#: a dateline the dateline parser leaves: "دبي، الإمارات العربية المتحدة (CNN)— …"
_DATELINE = re.compile(r"^[^.!؟\n]{0,80}?\)\s*[-–—:]+\s*")
_SKIP = re.compile(r"^\d+$|^(?:ال)?(?:احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت)$")


def _words(text: str, n: int) -> list[str]:
    return [w for w in re.findall(r"\w+", fold(text))[:n] if not _SKIP.match(w)]


class SeriesDetector:
    """Remembers each outlet's recent titles and leads, in arrival order."""

    def __init__(self) -> None:
        self._recent: dict[str, deque[tuple[datetime, str, frozenset[str]]]] = {}
        #: how many of an outlet's recent articles open their title with each word: the
        #: comparison is skipped when none does (most titles)
        self._heads: dict[str, Counter[str]] = {}

    def is_series(self, source: str, title: str, lead: str, when: datetime) -> bool:
        """Whether this article is of a recurring column; then remembers it."""
        return self.seen(source, when, features(title, lead))

    def seen(self, source: str, when: datetime, found: Features) -> bool:
        """``is_series`` with the text's ``features`` found beforehand (any process)."""
        head, lead_words, column = found
        recent = self._recent.setdefault(source, deque(maxlen=HISTORY))
        heads = self._heads.setdefault(source, Counter())
        while recent and when - recent[0][0] > WINDOW:
            heads[recent.popleft()[1]] -= 1
        if not column and head and len(lead_words) >= 8 and heads[head] > 0:
            days = set()
            for then, other_head, other_lead in recent:
                if other_head != head or then.date() == when.date() or then > when:
                    continue
                union = len(lead_words | other_lead)
                if union and len(lead_words & other_lead) / union >= LEAD_OVERLAP:
                    days.add(then.date())
            column = len(days) >= MIN_OTHER_DAYS
        if len(recent) == recent.maxlen:
            heads[recent[0][1]] -= 1  # the oldest makes room
        recent.append((when, head, lead_words))
        heads[head] += 1
        return column


#: what the detector needs of a text: the title's first word, the lead's opening words after
#: the dateline, and whether the title names a column
Features = tuple[str, frozenset[str], bool]


def features(title: str, lead: str) -> Features:
    folded_title = " ".join(re.findall(r"\w+", fold(title)))
    head = (_words(title, 3) or [""])[0]
    lead = _DATELINE.sub("", split_dateline(lead)[1], count=1)
    return head, frozenset(_words(lead, LEAD_WORDS)), bool(_COLUMN_TITLE.search(folded_title))

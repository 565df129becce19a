"""What tells one event from another of the same topic, read from an article's title and lead:
the weekday the lead gives the event ("قال … الثلاثاء") and the match scores it reports
("بنتيجة 3-1", "104-94"). Two reports of one event agree on them; two matches of one team, two
statements of one ministry on different days or two daily market reports do not.

``marks(title, lead)`` gives an article's marks; the clusterer keeps each story's marks and
lowers a candidate story's score when both sides have marks of a kind and none agree
(``khabar.enrich.stories``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khabar.arabic import fold
from khabar.store.records import pickled_by_fields

#: words of the lead looked at: the event's own day and score are given early
LEAD_WORDS = 45
_WEEKDAYS = ("الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت")
_WEEKDAY = re.compile(r"(?<![\w])(?:و|يوم |ليل |مساء |صباح )?(" + "|".join(_WEEKDAYS) + r")(?![\w])")
#: a score: two numbers (or صفر) joined by a dash; years and ranges ("2017-2018") are left out
_SCORE = re.compile(r"(?<![\w.])(\d{1,3}|صفر)\s?[-–]\s?(\d{1,3}|صفر)(?![\w.])")
# "الجمعة" also names a congregation or Friday prayers ("صلاة الجمعة", "خطبة الجمعة")
_NOT_A_DAY = re.compile(r"(?:صلاه|خطبه|جمعه|ايام)\s+(?:ال)?جمعه")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Marks:
    weekdays: frozenset[str] = frozenset()
    scores: frozenset[str] = frozenset()


def marks(title: str, lead: str) -> Marks:
    text = fold(title) + " \n " + " ".join(fold(lead).split()[:LEAD_WORDS])
    text = _NOT_A_DAY.sub(" ", text)
    days = frozenset(m.group(1) for m in _WEEKDAY.finditer(text))
    scores = set()
    for a, b in _SCORE.findall(text):
        a, b = ("0" if a == "صفر" else a), ("0" if b == "صفر" else b)
        scores.add("-".join(sorted((a, b))))  # 1-3 and 3-1: one match seen from either side
    return Marks(days, frozenset(scores))


def disagree(mine: frozenset[str], theirs: object) -> bool:
    """Both sides give marks of a kind and none agree (``theirs``: a story's Counter)."""
    return bool(mine) and bool(theirs) and not any(m in theirs for m in mine)  # type: ignore[operator]

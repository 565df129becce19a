"""Wording of plain Arabic text (messages, not HTML): counted nouns and isolated Latin names.

Counted nouns in Arabic: "قصة واحدة", "قصتان", "3 قصص", "11 قصة", "100 قصة".

Arabic picks the noun's form by the number: one and two have their own words (singular,
dual); 3–10 take the plural; 11–99 the singular (accusative in writing, which for most
feminine nouns is the singular as written); a hundred and above follow their last two digits
(103 → plural, 111 → singular, 100/101/102 → singular).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LATIN = re.compile(r"[A-Za-z]")
#: FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: plain text's <bdi>
FSI, PDI = "\u2068", "\u2069"


class Noun(NamedTuple):
    one: str  # "قصة واحدة"
    two: str  # "قصتان"
    plural: str  # "قصص" (3–10)
    singular: str  # "قصة" (11 and more)


STORY = Noun("قصة واحدة", "قصتان", "قصص", "قصة")
ARTICLE = Noun("خبر واحد", "خبران", "أخبار", "خبراً")
OUTLET = Noun("مصدر واحد", "مصدران", "مصادر", "مصدراً")
RESULT = Noun("نتيجة واحدة", "نتيجتان", "نتائج", "نتيجة")
CHANNEL = Noun("قناة واحدة", "قناتين", "قنوات", "قناة")  # after "إلى": the dual is oblique


def counted(n: int, noun: Noun) -> str:
    """``n`` of ``noun`` as written in Arabic."""
    if n == 1:
        return noun.one
    if n == 2:
        return noun.two
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} {noun.plural}"
    return f"{n} {noun.singular}"


def isolate(name: str) -> str:
    """A name holding Latin letters wrapped in Unicode isolates, so "BBC Arabic" keeps its
    order inside an Arabic sentence (what ``<bdi>`` does in a page)."""
    return f"{FSI}{name}{PDI}" if _LATIN.search(name) else name

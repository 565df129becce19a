"""Pure Arabic text functions, no I/O. Every module that touches Arabic text calls these.

- ``clean(text)``: display-safe text (Persian letters to Arabic, bidi/zero-width controls
  removed, presentation forms unfolded, spaces normalized).
- ``fold(text)``: the matching form (no harakat or tatweel, one alef, ى→ي, ة→ه, ASCII digits).
- ``analyze(text)``: index terms, the same at index time and at query time.
- ``ANALYZER_VERSION``: changes whenever ``analyze`` gives other terms (re-index then).
- ``tokens(text)`` / ``term(word)``: the two halves of ``analyze``, for highlighting.
- ``parse_date(text, now=None)`` / ``format_date(dt)``: dates in Arabic spellings;
  ``format_datetime(dt)`` "الخميس 31 مايو 2018، 14:05", ``format_span(first, last)``;
  ``format_relative(dt)``: "منذ ساعتين"; ``read_news_date(value)``: a record's date field, with
  the problem to report when it is not a news date (outside 1900–2100, unreadable).
- ``count_noun(n, noun)``: counted nouns by CLDR's Arabic plural rules ("11 خبراً").
- ``parse_dateline(text)``: "دبي-رويترز" → Dateline(place="دبي", agency="رويترز"); known agencies
  carry one canonical name (``canonical_agency("أ ف ب")`` == "فرانس برس").
"""

from khabar.arabic.normalize import clean, fold
from khabar.arabic.analyzer import ANALYZER_VERSION, analyze, term, tokens
from khabar.arabic.dates import (
    format_date, format_datetime, format_span, is_news_date, parse_date, read_news_date,
)
from khabar.arabic.plurals import count_noun, plural_category
from khabar.arabic.dateline import Dateline, canonical_agency, parse_dateline, split_dateline
from khabar.arabic.relative import format_relative

__all__ = [
    "clean",
    "fold",
    "ANALYZER_VERSION",
    "analyze",
    "term",
    "tokens",
    "parse_date",
    "read_news_date",
    "is_news_date",
    "format_date",
    "format_datetime",
    "format_span",
    "count_noun",
    "plural_category",
    "format_relative",
    "Dateline",
    "parse_dateline",
    "split_dateline",
    "canonical_agency",
]

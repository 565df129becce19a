"""Highlighted snippets: the part of a text where the query's terms are densest.

A word is highlighted when its index term (``khabar.arabic.term``) is one of the query's, so
"الإدارة" is marked for a query typed "ادارة". The output is HTML: the text is escaped and
only ``<mark>`` is added.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from html import escape

from khabar.arabic import term, tokens
from khabar.arabic.analyzer import words as raw_words

#: words in a snippet
SNIPPET_WORDS = 36
#: characters of a body a snippet is chosen from: each search result analyzed a whole 38 MB
#: body (5.7 s of CPU) before bodies were capped at ingest (the max_article_chars setting)
SCANNED_CHARS = 200_000
#: words read past the first query term, in snippet windows (the densest window lies there
#: or starts there)
LOOK_AHEAD = 3
#: a body is read in parts of about this many characters, each cut at whitespace, until the
#: words past the first query term are read
PART_CHARS = 200

#: snippets and highlighted titles kept, the last asked (a query asked again, a page
#: revisited: the search page's CPU was mostly snippets, issue 16)
KEPT = 4096

_SPACE = re.compile(r"\s")
_kept: OrderedDict[tuple, str] = OrderedDict()
_kept_lock = threading.Lock()


def kept_snippet(text: str, terms: set[str]) -> str:
    """``snippet(text, terms)``, kept for the ``KEPT`` last asked."""
    return _keep(snippet, text, terms)


def kept_highlight(text: str, terms: set[str]) -> str:
    """``highlight(text, terms)``, kept for the ``KEPT`` last asked."""
    return _keep(highlight, text, terms)


def _keep(make: Callable[[str, set[str]], str], text: str, terms: set[str]) -> str:
    # Keyed by the text's hash and length, not the text (a body may be long): an article
    # whose body changed gets a new snippet.
    key = (make, hash(text), len(text), frozenset(terms))
    with _kept_lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
            return html
    html = make(text, terms)
    with _kept_lock:
        _kept[key] = html
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return html


def snippet(text: str, terms: set[str], *, words: int = SNIPPET_WORDS) -> str:
    """The window of ``words`` words holding the most query terms, as escaped HTML.

    Bounded: words are read up to ``LOOK_AHEAD`` windows past the first query term (or to
    ``SCANNED_CHARS``), not to the end of the body — the search page made its snippets
    from whole bodies, most of its CPU (issue 16). They are read in parts, as plain words
    (``findall``) and their terms (cached by ``term``); offsets are found only for the part
    the chosen window starts in."""
    if len(text) > SCANNED_CHARS:
        text = text[:SCANNED_CHARS]
    found, hits, parts, stopped = _scan(text, terms, words)
    if not found:
        return escape(text[:300])
    start = _best_window(hits, words)
    end = min(found, start + words)
    spans = _spans(text, parts, start, end)
    begin_char = 0 if start == 0 else spans[0][1]
    end_char = len(text) if end == found and not stopped else spans[-1][2]
    window = [(s, e) for (_, s, e), hit in zip(spans, hits[start:end]) if hit]
    html = _mark(text, begin_char, end_char, window)
    html = " ".join(html.split())
    prefix = "… " if begin_char > 0 else ""
    suffix = " …" if end_char < len(text) else ""
    return prefix + html + suffix


def _scan(text: str, terms: set[str], words: int
          ) -> tuple[int, list[bool], list[tuple[int, int]], bool]:
    """How many words were read, whether each is a query term, where each part starts (word
    index, character), and whether words were left unread (the reading stopped)."""
    hits: list[bool] = []
    parts: list[tuple[int, int]] = []
    stop = words + 1 if not terms else -1  # no terms: the opening is the snippet
    pos, size = 0, len(text)
    while pos < size:
        cut = _SPACE.search(text, pos + PART_CHARS) if pos + PART_CHARS < size else None
        end = cut.start() if cut else size
        parts.append((len(hits), pos))
        part = [t in terms for t in map(term, raw_words(text, pos, end))]
        if stop < 0 and True in part:
            stop = len(hits) + part.index(True) + 1 + LOOK_AHEAD * words
        hits += part
        if 0 <= stop <= len(hits):
            stopped = True
            del hits[stop:]
            return len(hits), hits, parts, stopped
        pos = end
    return len(hits), hits, parts, False


def _spans(text: str, parts: list[tuple[int, int]], start: int, end: int
           ) -> list[tuple[str, int, int]]:
    """The words ``start`` to ``end`` (indexes of ``_scan``) with their offsets."""
    index, pos = next((i, p) for i, p in reversed(parts) if i <= start)
    out = []
    for span in tokens(text, pos):
        if index >= start:
            out.append(span)
            if len(out) == end - start:
                break
        index += 1
    return out


def highlight(text: str, terms: set[str]) -> str:
    """The whole text, escaped, with query terms marked (for titles)."""
    marked = [(s, e) for w, s, e in tokens(text) if term(w) in terms]
    return _mark(text, 0, len(text), marked)


def _best_window(hits: list[bool], words: int) -> int:
    if len(hits) <= words:
        return 0
    current = sum(hits[:words])
    best, best_start = current, 0
    for start in range(1, len(hits) - words + 1):
        current += hits[start + words - 1] - hits[start - 1]
        if current > best:
            best, best_start = current, start
    # Start a little before the first match so it has context.
    first = next((i for i in range(best_start, best_start + words) if hits[i]), best_start)
    return max(0, min(best_start, first - 4))


def _mark(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> str:
    out, cursor = [], begin
    for s, e in spans:
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)

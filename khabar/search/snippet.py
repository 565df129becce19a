"""Highlighted snippets: the part of a text where the query's terms are densest.

A word is highlighted when its index term (``khabar.arabic.term``) is one of the query's, so
"الإدارة" is marked for a query typed "ادارة". The output is HTML: the text is escaped and
only ``<mark>`` is added.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from html import escape

from khabar.search.term_finder import term_spans

#: words in a snippet
SNIPPET_WORDS = 36
#: characters of a body a snippet is chosen from: each search result analyzed a whole 38 MB
#: body (5.7 s of CPU) before bodies were capped at ingest (the max_article_chars setting)
SCANNED_CHARS = 200_000
#: marked words are looked for up to this many snippet windows past the first one (the
#: densest group starts there)
LOOK_AHEAD = 3
#: words shown before the first marked word of a snippet
CONTEXT = 4
#: characters looked back for those words (doubled until they are found)
CONTEXT_CHARS = 64

#: snippets and highlighted titles kept, the last asked (a query asked again, a page
#: revisited: the search page's CPU was mostly snippets, issue 16)
KEPT = 4096

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
    """``words`` words around the densest group of query terms, as escaped HTML: from
    ``CONTEXT`` words before the group's first marked word on, or the opening of the text
    when the group starts in its first ``words - CONTEXT`` words or no word is marked.

    The marked words are found by ``term_spans`` (a regex of the terms' letters, each
    candidate's word checked with ``term``), up to ``LOOK_AHEAD`` windows past the first;
    only the window's words are tokenized — the search page analyzed every word up to
    there, most of its CPU (issue 16). Groups are measured in runs of non-space characters
    (about words: ``str.count`` of the spaces between marked words)."""
    if len(text) > SCANNED_CHARS:
        text = text[:SCANNED_CHARS]
    marked = _marked(text, terms, words)
    start = _densest(text, marked, words)
    if start is None or _gap(text, 0, start) < words - CONTEXT:
        # no word marked, or the group is in the text's opening words: the opening
        begin, end = 0, _after(text, text.split(maxsplit=words), words)
    else:
        begin, end = _window(text, start, words)
    if not text[begin:end].strip():
        return escape(text[:300])
    html = _mark(text, begin, end, [(s, e) for s, e in marked if begin <= s and e <= end])
    html = " ".join(html.split())
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + html + suffix


def _gap(text: str, start: int, end: int) -> int:
    """About how many words lie between two offsets: the spaces and line breaks there."""
    return text.count(" ", start, end) + text.count("\n", start, end)


def _marked(text: str, terms: set[str], words: int) -> list[tuple[int, int]]:
    """The marked words' offsets, up to ``LOOK_AHEAD`` windows past the first."""
    found: list[tuple[int, int]] = []
    reach = LOOK_AHEAD * words
    for span in term_spans(text, terms):
        if found and _gap(text, found[0][0], span[0]) > reach:
            break
        found.append(span)
    return found


def _densest(text: str, marked: list[tuple[int, int]], words: int) -> int | None:
    """The offset of the first marked word of the group with the most marked words within a
    window (the earliest such group), or None when no word is marked."""
    if not marked:
        return None
    reach = words - CONTEXT
    at = [0]
    for (before, _), (after, _) in zip(marked, marked[1:]):
        at.append(at[-1] + _gap(text, before, after))
    best, best_count, last = 0, 0, 0
    for first in range(len(at)):
        last = max(last, first)
        while last + 1 < len(at) and at[last + 1] - at[first] < reach:
            last += 1
        if last - first + 1 > best_count:
            best, best_count = first, last - first + 1
    return marked[best][0]


def _window(text: str, start: int, words: int) -> tuple[int, int]:
    """The offsets of ``words`` words (runs of non-space characters) from ``CONTEXT`` words
    before the one at offset ``start`` (from further back when the text ends sooner)."""
    start = _run_start(text, start)
    ahead = words - CONTEXT
    rest = text[start:].split(maxsplit=ahead)
    return _words_back(text, start, words - min(len(rest), ahead)), _after(text, rest, ahead)


def _run_start(text: str, at: int) -> int:
    return max(text.rfind(" ", 0, at) + 1, text.rfind("\n", 0, at) + 1)


def _after(text: str, parts: list[str], words: int) -> int:
    """The end of the ``words``-th run of ``parts``, a ``split(maxsplit=words)`` of the
    text from some offset on (the text's end when it holds no more)."""
    if len(parts) <= words:
        return len(text)
    return len(text[:len(text) - len(parts[-1])].rstrip())


def _words_back(text: str, start: int, count: int) -> int:
    """The offset ``count`` runs of non-space characters before ``start`` (0 if fewer)."""
    back = CONTEXT_CHARS * max(1, count // CONTEXT)
    while True:
        cut = _run_start(text, start - back) if start > back else 0
        head = text[cut:start]
        parts = head.rsplit(maxsplit=count)
        if len(parts) > count:
            tail = head[len(parts[0]):]
            return cut + len(parts[0]) + len(tail) - len(tail.lstrip())
        if cut == 0:
            return 0
        back *= 2


def highlight(text: str, terms: set[str]) -> str:
    """The whole text, escaped, with query terms marked (for titles)."""
    return _mark(text, 0, len(text), list(term_spans(text, terms)))


def _mark(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> str:
    out, cursor = [], begin
    for s, e in spans:
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)

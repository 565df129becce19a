"""Highlighted snippets: the part of a text where the query's terms are densest.

A word is highlighted when its index term (``khabar.arabic.term``) is one of the query's, so
"الإدارة" is marked for a query typed "ادارة". The output is HTML: the text is escaped and
only ``<mark>`` is added.
"""

from __future__ import annotations

from html import escape

from khabar.arabic import term, tokens

#: words in a snippet
SNIPPET_WORDS = 36
#: characters of a body a snippet is chosen from: each search result analyzed a whole 38 MB
#: body (5.7 s of CPU) before bodies were capped at ingest (the max_article_chars setting)
SCANNED_CHARS = 200_000
#: words read past the first query term, in snippet windows (the densest window lies there
#: or starts there)
LOOK_AHEAD = 3


def snippet(text: str, terms: set[str], *, words: int = SNIPPET_WORDS) -> str:
    """The window of ``words`` words holding the most query terms, as escaped HTML.

    Bounded: words are read up to ``LOOK_AHEAD`` windows past the first query term (or to
    ``SCANNED_CHARS``), not to the end of the body — the search page made its snippets
    from whole bodies, most of its CPU (issue 16)."""
    if len(text) > SCANNED_CHARS:
        text = text[:SCANNED_CHARS]
    spans: list[tuple[str, int, int]] = []
    hits: list[bool] = []
    stop, stopped = -1, False
    for span in tokens(text):
        hit = term(span[0]) in terms
        spans.append(span)
        hits.append(hit)
        if hit and stop < 0:
            stop = len(spans) + LOOK_AHEAD * words
        elif stop < 0 and not terms and len(spans) > words:
            stopped = True
            break
        if len(spans) == stop:
            stopped = True
            break
    if not spans:
        return escape(text[:300])
    start = _best_window(hits, words)
    end = min(len(spans), start + words)
    begin_char = 0 if start == 0 else spans[start][1]
    end_char = len(text) if end == len(spans) and not stopped else spans[end - 1][2]
    window = [(s, e) for (_, s, e), hit in zip(spans[start:end], hits[start:end]) if hit]
    html = _mark(text, begin_char, end_char, window)
    html = " ".join(html.split())
    prefix = "… " if begin_char > 0 else ""
    suffix = " …" if end_char < len(text) else ""
    return prefix + html + suffix


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

"""Quotes: who said what in an article (issue 19).

``extract_quotes(body, entities)`` reads the body sentence by sentence (a full stop inside a
quotation does not end one) and finds the words that attribute a statement
(``quote_cues``):

1. a reporting verb (قال، أكد، أضاف، صرح، أوضح، أشار، نفى، حذر، دعا، اعتبر، أعلن … in
   every person and number): what was said is a quotation in marks («…», "…", “…”) or
   the text after a colon, found after the verb and its subject, else the clause after the
   complementizer أن/إن/بأن (and إلى for دعا, من for حذر), to the end of the sentence or
   the next attribution ("، وأضاف", "، مشيرا", "، على حد تعبيره");
2. a participle (قائلا، مضيفا، مشيرا إلى، مؤكدا … ، بالقول): the same, spoken by the
   sentence's speaker;
3. "according to" (وفق، وفقا لـ، بحسب، حسب، حسبما): the speaker follows, what was said is
   the clause before it in the sentence — unless the sentence already has a statement
   (a nested source, "قال X … وفقا لوكالة أسوشيتد برس", is no second statement);
4. "نقلت X عن Y قوله إن …": Y said it; "جاء/ورد في البيان أن …": the last speaker did.

**The speaker** (``quote_speakers.subject_speaker``) is, in order: a person of the article's entities named in
the subject (the words between the verb and what was said; a person by their last name
too), else a name the tagger did not know set in the subject by a title, a rank or a comma
(``quote_names``: "المتحدث باسم …، القومندان بول داهلين:"), else an organization named
there before a dative or time word ("لوكالة رويترز",
"الاثنين"); a title with no name ("وزير الخارجية التركي") becomes the person the article
names with that title elsewhere ("وزير الخارجية التركي، مولود تشاويش أوغلو"), else stays
a title. A subject that names nobody ("مصادر", "مسؤول", "شهود", "أحد الباحثين") drops the
statement. **Pronoun rule**: a verb with no subject after it ("وأضاف:", "قالت إنها …")
takes the entity standing just before it ("إيران التي تنفي أن …", "بوفون صرح …"), else
the previous named speaker in the same article; with none, the statement is dropped. A
definite noun standing for an issuer ("وقال البيان", "بحسب الوكالة") is also the previous
speaker.

Second round (outlets the rules were not written on): a person's title as subject is read by
its words ("وتابع وزير الرياضة المصري" → the person named next to "وزير الشباب والرياضة
المصري"), and a club or ministry inside it does not speak for them ("وأضاف قائد ليفربول");
a name governed by a preposition inside a subject is not the speaker ("… عن صلاح"); a
verb with no subject after "حيث/إذ", or with a pronoun object ("وكتب فوقها"), takes the
name the sentence opens with, else the last speaker, else the owner of the statement's
vehicle ("في تغريدة للقرة داغي", "جاء ذلك في بيان … ونص على أن"); a platform (تويتر،
فيسبوك) is never found by these rules, only as a verb's own subject ("قالت فيسبوك إن");
"أكد/شدد/نص على أن" open at أن; "نشر" reports only a clause; outlets are named as written
("وفقا لصحيفة نيويورك تايمز", "وفقا لما نقلته وكالة … «تاس»"); a statement whose speaker
is anonymous takes no nested source and no "وأضافوا" after it.

Measured on 64 hand-labelled ANT articles (tests/eval/data/quotes_ant64.json) and 32 of other
days (quotes_ant_days32.json), tests/eval/test_quotes.py; docs/benchmarks.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from khabar.enrich.quote_cues import (
    ACCORDING_FORMS, CALL_PREPOSITIONS, COMPLEMENTIZERS, INDIRECT_ONLY, ON_THAT, PARTICIPLE_FORMS,
    PASSIVE_FORMS, QUOTE_MARKS, TRANSMIT_FORMS, VERB_FORMS,
)
from khabar.enrich.quote_speakers import (
    MAX_SUBJECT_WORDS, Reading, Speaker, according_speaker, cue_form, nearest_named,
    subject_speaker, transmitted,
)
from khabar.enrich.quote_text import Tok, inside, mentions, quoted_regions, sentences, words
from khabar.enrich.tagforms import fold
from khabar.store.records import Entity, Quote

__all__ = ["extract_quotes"]

#: a quotation of fewer words inside a subject is a name, not a statement («جوليا»)
QUOTE_MIN_WORDS = 3
#: longest statement kept, in characters
MAX_QUOTE_CHARS = 1200
#: the marks between a word and the one before it
_GAP = re.compile(r"\W*$")
_FRAMING_ONE = frozenset((fold(w),) for w in "يذكر ويذكر يشار ويشار".split())
_FRAMING_TWO = frozenset(tuple(fold(w) for w in p.split()) for p in
                         ("جاء ذلك", "وجاء ذلك", "تجدر الإشارة", "وتجدر الإشارة"))
#: what may stand between a statement and the next attribution: "…»، مضيفا", "(روسيا)، وكشف"
_CLAUSE_GAP = frozenset(' \n"»”)،')
#: "(as he put it)" and the like end a statement
_TAILS = ("على حد تعبيره", "على حد تعبيرها", "حسب تعبيره", "بحسب تعبيره", "على حد قوله")


def _gap_before(text: str, start: int, end: int) -> str:
    """The non-word characters that end ``text[start:end]`` (punctuation, spaces)."""
    found = _GAP.search(text, start, end)
    assert found is not None  # an empty run matches at the end
    return found.group()


def extract_quotes(body: str, entities: list[Entity]) -> list[Quote]:
    """The statements of ``body``, in order (see the module docstring). ``entities`` are the
    article's (``khabar.enrich.entities``): speakers are resolved to their canonical names."""
    if not body:
        return []
    toks = words(body)
    quoted = quoted_regions(body)
    art = Reading(body, toks, mentions(toks, entities), quoted)
    starts = [tok.start for tok in toks]
    # the words that can be cues at all (most words cannot: passed over before anything else)
    cues = [i for i, cue in enumerate(map(_may_cue, [tok.folded for tok in toks])) if cue]
    t = 0
    for start, end in sentences(body, quoted):
        first = t
        t = bisect_left(starts, end, t)  # past the words that start before the sentence ends
        if first < t:
            art.spans.append((first, t))
            _sentence(art, first, t, start, end,
                      cues[bisect_left(cues, first):bisect_left(cues, t)])
    return art.found


def _sentence(art: Reading, lo: int, hi: int, s_start: int, s_end: int,
              cues: list[int]) -> None:
    """The statements of the sentence of words ``lo`` … ``hi`` - 1; ``cues``: those of its
    words that can be cues (``_may_cue``), in order."""
    toks = art.toks
    said_here: Speaker | None = None
    had_statement = False
    skip_to = lo
    for i in cues:
        if i < skip_to or inside(toks[i].start, art.quoted):
            continue
        if any(q.start <= toks[i].start < q.end for q in art.found):
            continue
        f = cue_form(toks[i].folded)
        kind = _kind(f, toks, i, hi)
        if kind is None:
            continue
        verb = toks[i].shown.removeprefix("و").removeprefix("ف") if kind != "according" else toks[i].shown
        if kind == "according":
            speaker, after = according_speaker(art, i + 1, hi)
            skip_to = after
            if speaker is None or had_statement or _framing(toks, lo, hi):
                continue
            span = _before(art, s_start, toks[i].start)
            if span is not None:
                _keep(art, speaker, verb, span, direct=False)
                had_statement = True
            continue
        if kind == "participle":
            speaker = said_here or nearest_named(art, lo, i) or art.last
            opening = i + 1
        elif kind == "passive":
            speaker, opening = art.last, i + 2
        elif kind == "transmit":
            speaker, opening = transmitted(art, i, hi)
            if opening < 0:
                continue
        else:
            speaker, opening = None, i + 1
        content = _content(art, f, opening, hi, s_end)
        if kind == "verb":
            subject_end = content[0] if content else _subject_end(toks, i + 1, hi)
            speaker = subject_speaker(art, lo, i, subject_end)
            if speaker is not None:
                said_here = speaker
        if content is not None and speaker is None and kind == "verb" and content[1]:
            # someone unnamed said it ("وقال باحثون إن …، وفق صحيفة …"): no nested source
            # makes it a statement, and "وأضافوا" after it is theirs
            had_statement, art.last = True, None
        if content is None or speaker is None:
            continue
        _, span, direct = content
        if span is not None:
            _keep(art, speaker, verb, span, direct=direct)
            had_statement = True
            said_here = speaker
            art.last = speaker
            skip_to = max(skip_to, _tok_at(toks, span[1], i))


@lru_cache(maxsize=100_000)
def _may_cue(folded: str) -> bool:
    """Whether a word can be a cue at all (``_kind`` reads the sets below): most words cannot,
    and are passed over before anything else is asked of them."""
    f = cue_form(folded)
    return (f in PARTICIPLE_FORMS or f in ACCORDING_FORMS or f in TRANSMIT_FORMS
            or f in PASSIVE_FORMS or f in VERB_FORMS)


def _framing(toks: list[Tok], lo: int, hi: int) -> bool:
    """A sentence the writer opens to frame or recall ("جاء ذلك خلال …", "ويذكر أن …"):
    what it says is not the source's statement, even with a "وفقا لـ" in it."""
    opening = tuple(t.folded for t in toks[lo:min(hi, lo + 2)])
    return opening[:1] in _FRAMING_ONE or opening in _FRAMING_TWO


def _kind(f: str, toks: list[Tok], i: int, hi: int) -> str | None:
    if f in PARTICIPLE_FORMS:
        return "participle"
    if f in ACCORDING_FORMS:
        return "according"
    if f in TRANSMIT_FORMS:
        return "transmit"
    if f in PASSIVE_FORMS and i + 1 < hi and toks[i + 1].folded == "في":
        return "passive"
    if f in VERB_FORMS:
        return "verb"
    return None


def _content(art: Reading, verb: str, j0: int, hi: int,
             s_end: int) -> tuple[int, tuple[int, int] | None, bool] | None:
    """Where what was said begins after a cue: (index of the first word after the subject,
    the span, direct) — or None when nothing is said within ``MAX_SUBJECT_WORDS``."""
    toks, text = art.toks, art.text
    lemma = VERB_FORMS.get(verb) or PARTICIPLE_FORMS.get(verb, "")
    calls = CALL_PREPOSITIONS.get(lemma, frozenset())
    prev_end = toks[j0 - 1].end if j0 > 0 else 0
    for j in range(j0, min(hi, j0 + MAX_SUBJECT_WORDS)):
        gap = "" if lemma in INDIRECT_ONLY else text[prev_end:toks[j].start]
        colon = gap.find(":")
        mark = next((k for k, c in enumerate(gap) if c in QUOTE_MARKS
                     and _opens(art, prev_end + k)), -1)
        if mark >= 0 and (colon < 0 or mark < colon) and _is_statement(art, prev_end + mark):
            return j, _direct(art, prev_end + mark), True
        if colon >= 0:
            after = prev_end + colon + 1
            rest = text[after:toks[j].start]
            m = next((k for k, c in enumerate(rest) if c in QUOTE_MARKS and _opens(art, after + k)),
                     -1)
            if m >= 0:
                return j, _direct(art, after + m), True
            return j, _to_end(art, toks[j].start, s_end), False
        f = toks[j].folded
        if j > j0 and (cue_form(f) in VERB_FORMS or cue_form(f) in PARTICIPLE_FORMS):
            return None
        if inside(toks[j].start, art.quoted):  # "سي إن بي سي": a name, no complementizer
            prev_end = toks[j].end
            continue
        if f == "علي" and lemma in ON_THAT and j + 1 < hi \
                and toks[j + 1].folded in COMPLEMENTIZERS:
            prev_end = toks[j].end
            continue  # "أكد على أن": what was said opens at أن
        if f in COMPLEMENTIZERS or f in calls:
            k = j + 1
            if f in calls and k < hi and toks[k].folded in COMPLEMENTIZERS:
                k += 1
            if k >= hi:
                return None
            return j, _to_end(art, _start_after(art, toks[j].end, toks[k].start), s_end), False
        prev_end = toks[j].end
    return None


def _is_statement(art: Reading, mark: int) -> bool:
    """A quotation after a verb is what was said when it holds a few words or ends the
    clause; «جوليا» or "سكاي" in the middle of a subject is a name."""
    span = _direct(art, mark)
    if span is None:
        return False
    if len(art.text[span[0]:span[1]].split()) >= QUOTE_MIN_WORDS:
        return True
    after = art.text[span[1]:span[1] + 4].lstrip("\"»”")
    return after[:1] in ("", "،", ",", ".", ":", "؛", "\n") or after.startswith(" \n")


def _start_after(art: Reading, after: int, word_start: int) -> int:
    """The statement's first character: a quotation mark right after the complementizer
    is left out of it."""
    gap = art.text[after:word_start]
    return word_start if gap.strip(" \"«“") == "" else after + len(gap) - len(gap.lstrip())


def _opens(art: Reading, pos: int) -> bool:
    """A quotation mark that opens a quotation (an ASCII mark may also close one)."""
    return any(a == pos for a, _ in art.quoted)


def _direct(art: Reading, mark: int) -> tuple[int, int] | None:
    end = next((b - 1 for a, b in art.quoted if a == mark), -1)
    if end < 0 or end - mark > MAX_QUOTE_CHARS:
        return None
    return _trim(art.text, mark + 1, end)


def _to_end(art: Reading, start: int, s_end: int) -> tuple[int, int] | None:
    text = art.text
    end = s_end
    for tail in _TAILS:
        at = text.find(tail, start, end)
        if at >= 0:
            end = at
    # the next attribution of the sentence ends this statement
    for t in art.toks:
        if t.start <= start or t.start >= end:
            continue
        f = cue_form(t.folded)
        gap = _gap_before(text, max(start, t.start - 6), t.start)
        if (f in PARTICIPLE_FORMS or f in VERB_FORMS or f in ACCORDING_FORMS) and \
                set(gap) <= _CLAUSE_GAP and ("،" in gap or t.shown[0] == "و"
                                             or f in PARTICIPLE_FORMS and _opens_clause(art, t)):
            if not inside(t.start, art.quoted):
                end = t.start
                break
    if end - start > MAX_QUOTE_CHARS:
        return None
    return _trim(text, start, end)


def _opens_clause(art: Reading, t: Tok) -> bool:
    """A participle of saying with what it says after it ("… في السابق لافتا إلى أن"): the
    next statement, even with no comma before it."""
    k = art.toks.index(t) + 1
    nxt = [u.folded for u in art.toks[k:k + 2]]
    return bool(nxt) and (nxt[0] in COMPLEMENTIZERS or nxt[0] in ("الي", "علي")
                          and len(nxt) > 1 and nxt[1] in COMPLEMENTIZERS)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    strip = " \n\t\"«»“”،,.:؛"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip + "-–":
        end -= 1
    if end - start < 2:
        return None
    return start, end


def _tok_at(toks: list[Tok], pos: int, default: int) -> int:
    for k in range(default, len(toks)):
        if toks[k].start >= pos:
            return k
    return len(toks)


def _subject_end(toks: list[Tok], j0: int, hi: int) -> int:
    """Where the subject of a verb with nothing said ends: at the next attribution."""
    for k in range(j0, min(hi, j0 + MAX_SUBJECT_WORDS)):
        f = cue_form(toks[k].folded)
        if f in VERB_FORMS or f in PARTICIPLE_FORMS or f in ACCORDING_FORMS:
            return k
    return min(hi, j0 + MAX_SUBJECT_WORDS)


def _keep(art: Reading, speaker: Speaker, verb: str, span: tuple[int, int], *,
          direct: bool) -> None:
    start, end = span
    if any(q.start == start and q.end == end for q in art.found):
        return
    art.found.append(Quote(speaker.name, speaker.type, verb, art.text[start:end], start, end,
                           direct))
    art.last = speaker


def _before(art: Reading, s_start: int, cue: int) -> tuple[int, int] | None:
    """The clause before an "according to": from the sentence's start."""
    return _trim(art.text, s_start, cue)

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

**The speaker** (``_speaker``) is, in order: a person of the article's entities named in
the subject (the words between the verb and what was said; a person by their last name
too), else an organization named there before a dative or time word ("لوكالة رويترز",
"الاثنين"); a title with no name ("وزير الخارجية التركي") becomes the person the article
names with that title elsewhere ("وزير الخارجية التركي، مولود تشاويش أوغلو"), else stays
a title. A subject that names nobody ("مصادر", "مسؤول", "شهود", "أحد الباحثين") drops the
statement. **Pronoun rule**: a verb with no subject after it ("وأضاف:", "قالت إنها …")
takes the entity standing just before it ("إيران التي تنفي أن …", "بوفون صرح …"), else
the previous named speaker in the same article; with none, the statement is dropped. A
definite noun standing for an issuer ("وقال البيان", "بحسب الوكالة") is also the previous
speaker.

Measured on 64 hand-labelled ANT articles (tests/eval/data/quotes_ant64.json,
tests/eval/test_quotes.py; docs/benchmarks.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.enrich.entity_cues import ORGANIZATION, PERSON
from khabar.enrich.quote_cues import (
    ACCORDING_FORMS, ANAPHORIC, ANONYMOUS, VEHICLES, CALL_PREPOSITIONS, COMPLEMENTIZERS, PARTICIPLE_FORMS,
    PASSIVE_FORMS, QUOTE_MARKS, RELATIVES, SUBJECT_STOPS, TRANSMIT_FORMS, VERB_FORMS,
)
from khabar.enrich.quote_text import Mention, Tok, inside, mentions, quoted_regions, sentences, words
from khabar.enrich.entity_words import MAX_NAME_WORDS, Word, is_name_word
from khabar.enrich.tagforms import fold, plain
from khabar.store.records import Entity, Quote

__all__ = ["extract_quotes"]

#: words after a verb within which what was said must begin
MAX_SUBJECT_WORDS = 16
#: words of a title kept as a speaker
MAX_TITLE_WORDS = 6
#: a quotation of fewer words inside a subject is a name, not a statement («جوليا»)
QUOTE_MIN_WORDS = 3
#: longest statement kept, in characters
MAX_QUOTE_CHARS = 1200
#: "(as he put it)" and the like end a statement
_TAILS = ("على حد تعبيره", "على حد تعبيرها", "حسب تعبيره", "بحسب تعبيره", "على حد قوله")

_ACCORDING_SKIP = frozenset({"ما", "لما"})
_PREPOSITIONS = frozenset(fold(w) for w in
                          "على في عبر من إلى عن موقع بموقع صفحة صفحته حساب حسابه منصة".split())
_CLAUSE_OPENERS = frozenset({"لكن", "ولكن", "ثم", "بينما", "فيما", "اما", "واما"})
_QUOTING = frozenset({"قوله", "قولها", "قولهم", "قولهما"})


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    type: str


@dataclass
class _Article:
    text: str
    toks: list[Tok]
    named: list[Mention]
    quoted: list[tuple[int, int]]
    spans: list[tuple[int, int]] = field(default_factory=list)  # sentences, as word ranges
    last: Speaker | None = None
    found: list[Quote] = field(default_factory=list)


def extract_quotes(body: str, entities: list[Entity]) -> list[Quote]:
    """The statements of ``body``, in order (see the module docstring). ``entities`` are the
    article's (``khabar.enrich.entities``): speakers are resolved to their canonical names."""
    if not body:
        return []
    toks = words(body)
    quoted = quoted_regions(body)
    art = _Article(body, toks, mentions(toks, entities), quoted)
    t = 0
    for start, end in sentences(body, quoted):
        first = t
        while t < len(toks) and toks[t].start < end:
            t += 1
        if first < t:
            art.spans.append((first, t))
            _sentence(art, first, t, start, end)
    return art.found


def _sentence(art: _Article, lo: int, hi: int, s_start: int, s_end: int) -> None:
    toks = art.toks
    said_here: Speaker | None = None
    had_statement = False
    skip_to = lo
    for i in range(lo, hi):
        if i < skip_to or inside(toks[i].start, art.quoted):
            continue
        if any(q.start <= toks[i].start < q.end for q in art.found):
            continue
        f = _cue_form(toks[i].folded)
        kind = _kind(f, toks, i, hi)
        if kind is None:
            continue
        verb = toks[i].shown.removeprefix("و").removeprefix("ف") if kind != "according" else toks[i].shown
        if kind == "according":
            speaker, after = _according_speaker(art, i + 1, hi)
            skip_to = after
            if speaker is None or had_statement:
                continue
            span = _before(art, s_start, toks[i].start)
            if span is not None:
                _keep(art, speaker, verb, span, direct=False)
                had_statement = True
            continue
        if kind == "participle":
            speaker = said_here or _nearest_named(art, lo, i) or art.last
            opening = i + 1
        elif kind == "passive":
            speaker, opening = art.last, i + 2
        elif kind == "transmit":
            speaker, opening = _transmitted(art, i, hi)
            if opening < 0:
                continue
        else:
            speaker, opening = None, i + 1
        content = _content(art, f, opening, hi, s_end)
        if kind == "verb":
            subject_end = content[0] if content else _subject_end(toks, i + 1, hi)
            speaker = _speaker(art, lo, i, subject_end)
            if speaker is not None:
                said_here = speaker
        if content is None or speaker is None:
            continue
        _, span, direct = content
        if span is not None:
            _keep(art, speaker, verb, span, direct=direct)
            had_statement = True
            said_here = speaker
            art.last = speaker
            skip_to = max(skip_to, _tok_at(toks, span[1], i))


def _cue_form(folded: str) -> str:
    if folded and folded[0] in "وف" and len(folded) > 3:
        rest = folded[1:]
        if (rest in VERB_FORMS or rest in PARTICIPLE_FORMS or rest in ACCORDING_FORMS
                or rest in TRANSMIT_FORMS or rest in PASSIVE_FORMS):
            return rest
    return folded


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


def _content(art: _Article, verb: str, j0: int, hi: int,
             s_end: int) -> tuple[int, tuple[int, int] | None, bool] | None:
    """Where what was said begins after a cue: (index of the first word after the subject,
    the span, direct) — or None when nothing is said within ``MAX_SUBJECT_WORDS``."""
    toks, text = art.toks, art.text
    calls = CALL_PREPOSITIONS.get(VERB_FORMS.get(verb, ""), frozenset())
    prev_end = toks[j0 - 1].end if j0 > 0 else 0
    for j in range(j0, min(hi, j0 + MAX_SUBJECT_WORDS)):
        gap = text[prev_end:toks[j].start]
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
        if j > j0 and (_cue_form(f) in VERB_FORMS or _cue_form(f) in PARTICIPLE_FORMS):
            return None
        if f in COMPLEMENTIZERS or f in calls:
            k = j + 1
            if f in calls and k < hi and toks[k].folded in COMPLEMENTIZERS:
                k += 1
            if k >= hi:
                return None
            return j, _to_end(art, _start_after(art, toks[j].end, toks[k].start), s_end), False
        prev_end = toks[j].end
    return None


def _is_statement(art: _Article, mark: int) -> bool:
    """A quotation after a verb is what was said when it holds a few words or ends the
    clause; «جوليا» or "سكاي" in the middle of a subject is a name."""
    span = _direct(art, mark)
    if span is None:
        return False
    if len(art.text[span[0]:span[1]].split()) >= QUOTE_MIN_WORDS:
        return True
    after = art.text[span[1]:span[1] + 4].lstrip("\"»”")
    return after[:1] in ("", "،", ",", ".", ":", "؛", "\n") or after.startswith(" \n")


def _start_after(art: _Article, after: int, word_start: int) -> int:
    """The statement's first character: a quotation mark right after the complementizer
    is left out of it."""
    gap = art.text[after:word_start]
    return word_start if gap.strip(" \"«“") == "" else after + len(gap) - len(gap.lstrip())


def _opens(art: _Article, pos: int) -> bool:
    """A quotation mark that opens a quotation (an ASCII mark may also close one)."""
    return any(a == pos for a, _ in art.quoted)


def _direct(art: _Article, mark: int) -> tuple[int, int] | None:
    end = next((b - 1 for a, b in art.quoted if a == mark), -1)
    if end < 0 or end - mark > MAX_QUOTE_CHARS:
        return None
    return _trim(art.text, mark + 1, end)


def _to_end(art: _Article, start: int, s_end: int) -> tuple[int, int] | None:
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
        f = _cue_form(t.folded)
        if (f in PARTICIPLE_FORMS or f in VERB_FORMS or f in ACCORDING_FORMS) and \
                text[max(start, t.start - 3):t.start].strip() in ("،", ",", "") and \
                "،" in text[max(start, t.start - 3):t.start] + ("،" if t.shown[0] == "و" else ""):
            if not inside(t.start, art.quoted):
                end = t.start
                break
    if end - start > MAX_QUOTE_CHARS:
        return None
    return _trim(text, start, end)


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
        f = _cue_form(toks[k].folded)
        if f in VERB_FORMS or f in PARTICIPLE_FORMS or f in ACCORDING_FORMS:
            return k
    return min(hi, j0 + MAX_SUBJECT_WORDS)


def _keep(art: _Article, speaker: Speaker, verb: str, span: tuple[int, int], *,
          direct: bool) -> None:
    start, end = span
    if any(q.start == start and q.end == end for q in art.found):
        return
    art.found.append(Quote(speaker.name, speaker.type, verb, art.text[start:end], start, end,
                           direct))
    art.last = speaker


# --- speakers ---------------------------------------------------------------------------

def _speaker(art: _Article, lo: int, verb: int, subject_end: int) -> Speaker | None:
    toks = art.toks
    first = verb + 1
    while first < subject_end and _cue_form(toks[first].folded) in PARTICIPLE_FORMS:
        first += 1  # "وأضاف قائلا:" — the participle is the verb's, not a subject
    if first > verb + 1 and first == subject_end:
        return _before_verb(art, lo, verb)
    subject = [k for k in range(first, subject_end) if not inside(toks[k].start, art.quoted)]
    for m in art.named:
        if m.entity.type == "person" and subject and subject[0] <= m.first < subject_end:
            return Speaker(m.entity.name, "person")
    if subject and (toks[subject[0]].folded in ANONYMOUS
                    or toks[subject[0]].folded.removeprefix("ال") in ANONYMOUS):
        return None
    cut = subject_end
    for k in subject:
        f = toks[k].folded
        if f in SUBJECT_STOPS or f in RELATIVES or (f.startswith("ل") and not _named_at(art, k)):
            cut = k
            break
    for m in art.named:
        if m.entity.type == "organization" and verb < m.first < cut:
            return Speaker(m.entity.name, "organization")
        if m.entity.type == "place" and m.first == verb + 1 and m.last < cut:
            return Speaker(m.entity.name, "place")
    phrase = [toks[k] for k in range(verb + 1, cut)]
    if not phrase:
        return _before_verb(art, lo, verb)
    head = phrase[0].folded
    if head in ANAPHORIC:
        return art.last or _topic_before(art, lo)
    if head in VEHICLES:  # "قال بيان صادر عن بنك باركليز": the issuer
        by = next((k for k, t in enumerate(phrase) if t.folded in ("عن", "من")), None)
        return _title(art, phrase[by + 1:]) if by is not None and by + 1 < len(phrase) else None
    return _title(art, phrase) or _bare_name(phrase)


def _topic_before(art: _Article, lo: int) -> Speaker | None:
    """What "البيان", "الوكالة" stand for when no one spoke before: the organization a
    previous sentence opens with (its subject, in a verb-first sentence)."""
    for start, end in reversed([r for r in art.spans if r[1] <= lo]):
        for m in art.named:
            if start <= m.first < end and m.entity.type == "organization":
                return Speaker(m.entity.name, "organization")
    return None


def _bare_name(phrase: list[Tok]) -> Speaker | None:
    """Words right after a verb that the tagger did not know but read as a name ("وقال
    أندريا ليفسي المؤرخ …: …"): up to three name words before a definite one."""
    out: list[Tok] = []
    for t in phrase[:MAX_NAME_WORDS]:
        if not is_name_word(Word(t.shown, t.folded, False)):
            break
        out.append(t)
    if not out or len(out) < len(phrase) and not phrase[len(out)].folded.startswith("ال"):
        return None
    return Speaker(" ".join(t.shown for t in out), "person")


def _named_at(art: _Article, k: int) -> bool:
    return any(m.first <= k <= m.last for m in art.named)


def _before_verb(art: _Article, lo: int, verb: int) -> Speaker | None:
    """The pronoun rule: the entity standing just before the verb, else the last speaker."""
    toks = art.toks
    k = verb - 1
    while k >= lo and toks[k].folded in RELATIVES:
        k -= 1
    for m in art.named:
        if k - 1 <= m.last <= k and m.first >= lo and not _after_preposition(art, m):
            return Speaker(m.entity.name, m.entity.type)  # "قيس الشيخ نجيب قال"
    # a name the tagger did not know opening the clause: "لكن بوفون صرح …"
    names: list[Tok] = []
    while k >= lo and len(names) < MAX_NAME_WORDS and \
            is_name_word(Word(toks[k].shown, toks[k].folded, False)):
        names.insert(0, toks[k])
        k -= 1
    if names and (k < lo or toks[k].folded in _CLAUSE_OPENERS
                  or "،" in art.text[toks[k].end:names[0].start]):
        return Speaker(" ".join(t.shown for t in names), "person")
    titled = _after_title(art, lo, verb)
    return titled or art.last


def _after_preposition(art: _Article, m: Mention) -> bool:
    """A name that is the object of a preposition ("على موقع تويتر قال فيها", "لوزارة")
    is not the subject of the verb after it."""
    toks = art.toks
    if toks[m.first].folded != fold(plain(m.entity.name.split()[0])):
        return True  # written with a clitic: بـ، لـ، و…
    return m.first > 0 and toks[m.first - 1].folded in _PREPOSITIONS


def _after_title(art: _Article, lo: int, verb: int) -> Speaker | None:
    """An SVO subject opened by a title: "الممثل قيس الشيخ نجيب قال …" → the words after
    the title, read as a name."""
    toks = art.toks
    for k in range(verb - 1, max(lo, verb - MAX_TITLE_WORDS) - 1, -1):
        words_ = [Word(t.shown, t.folded, False) for t in toks[k:verb]]
        n = PERSON.at(words_, 0)
        if n and k + n < verb:
            name = toks[k + n:verb]
            if all(t.folded not in ANONYMOUS and _cue_form(t.folded) not in VERB_FORMS
                   for t in name):
                return Speaker(" ".join(t.shown for t in name), "person")
            return None
    return None


def _nearest_named(art: _Article, lo: int, before: int, *,
                   organization_only: bool = False) -> Speaker | None:
    best = None
    for m in art.named:
        if lo <= m.first and m.last < before and not inside(art.toks[m.first].start, art.quoted):
            if m.entity.type == "place" or (organization_only and m.entity.type != "organization"):
                continue
            best = m
    return Speaker(best.entity.name, best.entity.type) if best else None


def _title(art: _Article, phrase: list[Tok]) -> Speaker | None:
    """A title as speaker: the person the article names with it, else the title itself."""
    words_ = [Word(t.shown, t.folded, False) for t in phrase]
    spokesman = any(t.folded == "باسم" for t in phrase[:3])
    if not (PERSON.at(words_, 0) or ORGANIZATION.at(words_, 0) or spokesman) \
            and not phrase[0].folded.startswith("ال"):
        return None
    phrase = phrase[:MAX_TITLE_WORDS]
    seq = [t.folded for t in phrase]
    toks = art.toks
    n = len(seq)
    for i in range(len(toks) - n + 1):
        if [toks[i + k].folded for k in range(n)] != seq:
            continue
        for m in art.named:
            if m.entity.type == "person" and (m.first == i + n or m.last == i - 1):
                return Speaker(m.entity.name, "person")
    return Speaker(" ".join(t.shown for t in phrase), "title")


def _according_speaker(art: _Article, j0: int, hi: int) -> tuple[Speaker | None, int]:
    """The speaker after وفق/بحسب ("وفقا لوكالة …", "بحسب ما أعلنت وكالة …") and the index
    after it."""
    toks = art.toks
    j = j0
    while j < hi and (toks[j].folded in _ACCORDING_SKIP or _cue_form(toks[j].folded) in VERB_FORMS
                      or toks[j].folded in TRANSMIT_FORMS):
        if toks[j].folded in TRANSMIT_FORMS:  # "بحسب ما نقلت فرانس برس عن الأناضول"
            via = next((k for k in range(j + 1, min(hi, j + 6)) if toks[k].folded == "عن"), None)
            if via is not None:
                j = via
        j += 1
    end = min(hi, j + 8)
    for k in range(j + 1, end):
        if "،" in art.text[toks[k - 1].end:toks[k].start] or toks[k].folded in RELATIVES:
            end = k
            break
    for m in art.named:
        if j <= m.first < end and m.entity.type in ("person", "organization"):
            return Speaker(m.entity.name, m.entity.type), m.last + 1
    if j < hi:
        f = toks[j].folded
        bare = f[1:] if f.startswith("ل") and f[1:].startswith("ال") else f
        if bare in ANAPHORIC:
            return art.last, j + 1
        phrase = [toks[k] for k in range(j, end)]
        if phrase and bare not in ANONYMOUS and bare.removeprefix("ال") not in ANONYMOUS:
            trimmed = [Tok(t.shown.removeprefix("ل") if k == 0 and t.folded.startswith("ل")
                           and len(t.folded) > 4 else t.shown,
                           t.folded[1:] if k == 0 and t.folded.startswith("ل")
                           and len(t.folded) > 4 else t.folded, t.start, t.end)
                       for k, t in enumerate(phrase)]
            return _title(art, trimmed), end
    return None, j


def _before(art: _Article, s_start: int, cue: int) -> tuple[int, int] | None:
    """The clause before an "according to": from the sentence's start."""
    return _trim(art.text, s_start, cue)


def _transmitted(art: _Article, i: int, hi: int) -> tuple[Speaker | None, int]:
    """"نقلت X عن Y قوله": Y, and where what Y said may begin (-1: not this pattern)."""
    toks = art.toks
    for j in range(i + 1, min(hi, i + 8)):
        f = toks[j].folded
        if f in ("عنه", "عنها", "عنهم"):
            k = j + 1
            while k < hi and k < j + 6 and toks[k].folded not in _QUOTING:
                k += 1
            return art.last, (k + 1 if k < hi and toks[k].folded in _QUOTING else j + 1)
        if f == "عن":
            k = j + 1
            while k < hi and k < j + MAX_SUBJECT_WORDS and toks[k].folded not in _QUOTING \
                    and toks[k].folded not in COMPLEMENTIZERS:
                k += 1
            speaker = _speaker(art, i, j, k)
            return speaker, (k + 1 if k < hi and toks[k].folded in _QUOTING else k)
    return None, -1

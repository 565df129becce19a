"""Names in a statement's subject that the tagger did not know: "المتحدث باسم الحرس الوطني
في بورتوريكو، القومندان بول داهلين:", "وزير الاقتصاد الفرنسي برونو لو مير إن", "أحمد أبوزيد،
المتحدث باسم وزارة الخارجية المصرية، إن" — the person, not the title or the organization
(``quote_speakers.subject_speaker``)."""

from __future__ import annotations

from collections.abc import Sequence

from khabar.enrich.entity_cues import PERSON
from khabar.enrich.entity_words import MAX_NAME_WORDS, Word, is_name_word
from khabar.enrich.entity_words import PARTICLES as NAME_PARTICLES
from khabar.enrich.quote_cues import (
    ANONYMOUS, MEDIA, RELATIVES, SUBJECT_STOPS, VEHICLES, VERB_FORMS,
)
from khabar.enrich.quote_text import Mention, Tok, inside
from khabar.enrich.tagforms import fold

#: small words inside a name: the Arabic ones of every name ("خالد بن سلمان") and foreign ones
#: ("برونو لو مير", "إيزيبيو دي فرانشيسكو")
PARTICLES = NAME_PARTICLES | frozenset(fold(w) for w in "بو لو لا دي دا فان فون دو".split())
#: words before a name that are ranks, not names ("العقيد الركن طيار تركي المالكي")
_RANKS = frozenset(fold(w) for w in "طيار ركن".split())
#: "سيسيل كانتريل، وهو مسؤول بالشرطة": the name, then what he is
_APPOSITION = frozenset(fold(w) for w in "وهو وهي".split())
#: words after which a name is an object, not the subject
_GOVERNED = frozenset(fold(w) for w in
                      "عن على مع من إلى في ضد حول بشأن لدى مثل عبر أمام خلال لـ".split())


def _word(t: Tok) -> Word:
    return Word(t.shown, t.folded, False)


def _name_like(t: Tok) -> bool:
    return (is_name_word(_word(t)) and t.folded not in ANONYMOUS and t.folded not in _RANKS
            and t.folded not in SUBJECT_STOPS and t.folded not in VERB_FORMS
            and t.folded[1:] not in MEDIA and t.folded[1:] not in VEHICLES)  # "لوكالة"


def _nisba(t: Tok) -> bool:
    """A family name written with the article ("تركي المالكي")."""
    return t.folded.startswith("ال") and t.folded.endswith("ي") and len(t.folded) >= 5


def _comma_between(text: str, a: Tok, b: Tok) -> bool:
    return "،" in text[a.end:b.start] or "," in text[a.end:b.start]


def unknown_name(text: str, toks: Sequence[Tok], named: Sequence[Mention],
                 quoted: list[tuple[int, int]], first: int, end: int) -> list[Tok] | None:
    """The words of a person's name in the subject ``toks[first:end]`` that no entity
    covers: a run of name words after a title, a rank or a comma (not after a preposition,
    an outlet's or a statement's noun), or opening the subject when a comma and a title
    follow it. A single word counts when a comma, a time word or the subject's end follows."""
    known = {k for m in named if m.entity.type != "person" for k in range(m.first, m.last + 1)}
    k, adjunct = first, False
    while k < end:
        if toks[k].folded in RELATIVES:  # "ماغي بو غصن التي تلعب …": a clause of its own
            return None
        # past "في رسالة …" only a name after a comma is the subject's ("في أمريكا، الأمير")
        if k > first and _comma_between(text, toks[k - 1], toks[k]):
            adjunct = False
        adjunct = adjunct or toks[k].folded in SUBJECT_STOPS
        if k in known or inside(toks[k].start, quoted) or not _name_like(toks[k]):
            k += 1
            continue
        run = [k]
        j = k + 1
        while j < end and len(run) < MAX_NAME_WORDS and j not in known \
                and not _comma_between(text, toks[j - 1], toks[j]) \
                and (_name_like(toks[j]) or toks[j].folded in PARTICLES and j + 1 < end
                     or _nisba(toks[j])):
            run.append(j)
            j += 1
            if _nisba(toks[j - 1]):
                break
        while run and toks[run[-1]].folded in PARTICLES:
            run.pop()
        if run and not adjunct and _stands_as_subject(text, toks, first, end, run):
            return [toks[i] for i in run]
        k = j
    return None


def _stands_as_subject(text: str, toks: Sequence[Tok], first: int, end: int,
                       run: list[int]) -> bool:
    a, b = run[0], run[-1]
    head = toks[a].folded
    if head[1:] in MEDIA or head[1:] in VEHICLES or any(toks[i].folded == "باسم" for i in run[1:]):
        return False  # "لشبكة سكاي", "متحدث باسم"
    after_ok = b + 1 >= end or _comma_between(text, toks[b], toks[b + 1]) \
        or toks[b + 1].folded in SUBJECT_STOPS
    if a == first:  # "أحمد أبوزيد، المتحدث باسم …", "أندريا ليفسي المؤرخ …", "…، وهو"
        if PERSON.at([_word(toks[i]) for i in run], 0) or b + 1 >= end:
            return False
        if not _comma_between(text, toks[b], toks[b + 1]):
            return len(run) >= 2 and toks[b + 1].folded.startswith("ال")
        nxt = [_word(t) for t in toks[b + 1:end]]
        return bool(nxt) and (PERSON.at(nxt, 0) > 0 or toks[b + 1].folded.startswith("المتحدث")
                              or toks[b + 1].folded in _APPOSITION)
    before = toks[a - 1]
    if before.folded in _GOVERNED or before.folded in MEDIA or before.folded in VEHICLES \
            or before.folded[1:] in MEDIA:  # "لوكالة رويترز"
        return False
    return len(run) >= 2 or after_ok


def extends_name(text: str, toks: Sequence[Tok], m: Mention, end: int) -> bool:
    """A person found by part of a name the article writes longer ("ألكسندر كولاروف" read
    as "ترينت ألكسندر"): the word after it is a name word the entity's name lacks."""
    k = m.last + 1
    if k >= end or _comma_between(text, toks[m.last], toks[k]) or not _name_like(toks[k]):
        return False
    return toks[k].folded not in {fold(w) for w in m.entity.name.split()}

"""Who said it: the speaker of a statement (``khabar.enrich.quotes``), read from the subject
after a reporting verb, before it (SVO), after "وفق/بحسب" or "نقلت … عن", and resolved to
the article's entities; the pronoun rule and the titles are in ``quotes``' docstring."""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.enrich.entity_cues import ORGANIZATION, PERSON
from khabar.enrich.entity_words import MAX_NAME_WORDS, Word, is_name_word
from khabar.enrich.quote_cues import (
    ACCORDING_FORMS, ANAPHORIC, ANONYMOUS, COMPLEMENTIZERS, PARTICIPLE_FORMS, PASSIVE_FORMS,
    RELATIVES, SUBJECT_STOPS, TRANSMIT_FORMS, VEHICLES, VERB_FORMS,
)
from khabar.enrich.quote_text import Mention, Tok, inside
from khabar.enrich.tagforms import fold, plain
from khabar.store.records import Quote

#: words after a verb within which what was said must begin
MAX_SUBJECT_WORDS = 16
#: words of a title kept as a speaker
MAX_TITLE_WORDS = 6

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
class Reading:
    text: str
    toks: list[Tok]
    named: list[Mention]
    quoted: list[tuple[int, int]]
    spans: list[tuple[int, int]] = field(default_factory=list)  # sentences, as word ranges
    last: Speaker | None = None
    found: list[Quote] = field(default_factory=list)


def cue_form(folded: str) -> str:
    if folded and folded[0] in "وف" and len(folded) > 3:
        rest = folded[1:]
        if (rest in VERB_FORMS or rest in PARTICIPLE_FORMS or rest in ACCORDING_FORMS
                or rest in TRANSMIT_FORMS or rest in PASSIVE_FORMS):
            return rest
    return folded





def subject_speaker(art: Reading, lo: int, verb: int, subject_end: int) -> Speaker | None:
    toks = art.toks
    first = verb + 1
    while first < subject_end and cue_form(toks[first].folded) in PARTICIPLE_FORMS:
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


def _topic_before(art: Reading, lo: int) -> Speaker | None:
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


def _named_at(art: Reading, k: int) -> bool:
    return any(m.first <= k <= m.last for m in art.named)


def _before_verb(art: Reading, lo: int, verb: int) -> Speaker | None:
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


def _after_preposition(art: Reading, m: Mention) -> bool:
    """A name that is the object of a preposition ("على موقع تويتر قال فيها", "لوزارة")
    is not the subject of the verb after it."""
    toks = art.toks
    if toks[m.first].folded != fold(plain(m.entity.name.split()[0])):
        return True  # written with a clitic: بـ، لـ، و…
    return m.first > 0 and toks[m.first - 1].folded in _PREPOSITIONS


def _after_title(art: Reading, lo: int, verb: int) -> Speaker | None:
    """An SVO subject opened by a title: "الممثل قيس الشيخ نجيب قال …" → the words after
    the title, read as a name."""
    toks = art.toks
    for k in range(verb - 1, max(lo, verb - MAX_TITLE_WORDS) - 1, -1):
        words_ = [Word(t.shown, t.folded, False) for t in toks[k:verb]]
        n = PERSON.at(words_, 0)
        if n and k + n < verb:
            name = toks[k + n:verb]
            if all(t.folded not in ANONYMOUS and cue_form(t.folded) not in VERB_FORMS
                   for t in name):
                return Speaker(" ".join(t.shown for t in name), "person")
            return None
    return None


def nearest_named(art: Reading, lo: int, before: int, *,
                   organization_only: bool = False) -> Speaker | None:
    best = None
    for m in art.named:
        if lo <= m.first and m.last < before and not inside(art.toks[m.first].start, art.quoted):
            if m.entity.type == "place" or (organization_only and m.entity.type != "organization"):
                continue
            best = m
    return Speaker(best.entity.name, best.entity.type) if best else None


def _title(art: Reading, phrase: list[Tok]) -> Speaker | None:
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


def according_speaker(art: Reading, j0: int, hi: int) -> tuple[Speaker | None, int]:
    """The speaker after وفق/بحسب ("وفقا لوكالة …", "بحسب ما أعلنت وكالة …") and the index
    after it."""
    toks = art.toks
    j = j0
    while j < hi and (toks[j].folded in _ACCORDING_SKIP or cue_form(toks[j].folded) in VERB_FORMS
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


def transmitted(art: Reading, i: int, hi: int) -> tuple[Speaker | None, int]:
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
            speaker = subject_speaker(art, i, j, k)
            return speaker, (k + 1 if k < hi and toks[k].folded in _QUOTING else k)
    return None, -1

"""Who said it: the speaker of a statement (``khabar.enrich.quotes``), read from the subject
after a reporting verb, before it (SVO), after "وفق/بحسب" or "نقلت … عن", and resolved to
the article's entities; the pronoun rule and the titles are in ``quotes``' docstring."""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.enrich.entity_cues import ORGANIZATION, PERSON
from khabar.enrich.entity_words import MAX_NAME_WORDS, Word, is_name_word, word_variants
from khabar.enrich.quote_cues import (
    ACCORDING_FORMS, ANAPHORIC, ANONYMOUS, COMPLEMENTIZERS, PARTICIPLE_FORMS, PASSIVE_FORMS,
    MEDIA, PLATFORMS, RELATIVES, SUBJECT_STOPS, TRANSMIT_FORMS, VEHICLES, VERB_FORMS,
)
from khabar.enrich.quote_names import extends_name, unknown_name
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
#: words that govern the name after them: it is no subject
_GOVERNING = frozenset(fold(w) for w in "عن على مع من إلى في ضد حول بشأن لدى مثل".split())
#: words either side of a person's name read for the words of their title
_TITLE_REACH = 8
#: adverbs opening a clause whose verb has no subject before it ("…، حيث قال")
_WHERE = frozenset(fold(w) for w in "حيث إذ بينما فيما".split())
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
    if folded and folded[0] in "وف" and len(folded) >= 3:  # "ونص"
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
        if m.entity.type == "person" and subject and subject[0] <= m.first < subject_end \
                and not _object_of_preposition(art, m, first) \
                and not extends_name(art.text, toks, m, subject_end):
            return Speaker(m.entity.name, "person")
    if subject and (toks[subject[0]].folded in ANONYMOUS
                    or toks[subject[0]].folded.removeprefix("ال") in ANONYMOUS):
        return None
    name = unknown_name(art.text, toks, art.named, art.quoted, first, subject_end)
    if name is not None:  # "المتحدث باسم …، القومندان بول داهلين:"
        return Speaker(" ".join(t.shown for t in name), "person")
    cut = subject_end
    for k in subject:
        f = toks[k].folded
        if f in SUBJECT_STOPS or f in RELATIVES or (f.startswith("ل") and not _named_at(art, k)):
            cut = k
            break
    phrase = [toks[k] for k in range(verb + 1, cut)]
    titled = _titled_person(art, phrase, verb) if phrase else None
    if titled is not None:  # "وأضاف قائد ليفربول": the person the article names so
        return titled
    spokesman = any(t.folded == "باسم" for t in phrase[:3])
    if phrase and not spokesman and PERSON.at([Word(t.shown, t.folded, False) for t in phrase], 0):
        return _title(art, phrase)  # "قائد ليفربول": a person, not the club
    for m in art.named:
        if m.entity.type == "organization" and verb < m.first < cut:
            return Speaker(m.entity.name, "organization")
        if m.entity.type == "place" and m.first == verb + 1 and m.last < cut:
            return Speaker(m.entity.name, "place")
    if not phrase:
        return _before_verb(art, lo, verb)
    head = phrase[0].folded
    if head in ANAPHORIC:
        return art.last or _topic_before(art, lo)
    if head in VEHICLES:  # "قال بيان صادر عن بنك باركليز": the issuer
        by = next((k for k, t in enumerate(phrase) if t.folded in ("عن", "من")), None)
        return _title(art, phrase[by + 1:]) if by is not None and by + 1 < len(phrase) else None
    return _title(art, phrase) or _bare_name(phrase)


def _object_of_preposition(art: Reading, m: Mention, first: int) -> bool:
    """A name governed by a preposition ("وأضاف قائد ليفربول عن صلاح") or written with one
    ("لوزارة", "للاتحاد") is not a speaker; the word at ``first`` has no preposition
    before it that counts."""
    toks = art.toks
    name = {fold(plain(w)) for w in m.entity.name.split()}
    f = toks[m.first].folded
    if f not in name and f[:1] in "بل" and (f[1:] in name or "ال" + f[2:] in name):
        return True  # "لوزارة", "للاتحاد"
    return m.first > first and toks[m.first - 1].folded in _GOVERNING


def _title_words(phrase: list[Tok]) -> list[frozenset[str]]:
    """The words of a title up to a preposition, each as its forms without clitics and
    article."""
    out: list[frozenset[str]] = []
    for t in phrase[:MAX_TITLE_WORDS]:
        if t.folded in _GOVERNING:
            break
        out.append(_bare_forms(t.folded))
    return out


def _bare_forms(folded: str) -> frozenset[str]:
    return frozenset(v.removeprefix("ال") for v, _ in word_variants(folded))


def _titled_person(art: Reading, phrase: list[Tok], verb: int) -> Speaker | None:
    """A person's title as subject ("وتابع وزير الرياضة المصري", "وأضاف قائد ليفربول"): the
    person the article names next to the same title words ("وزير الشباب والرياضة المصري،
    خالد عبد العزيز", "قائد ليفربول، الإنجليزي جوردن هندرسون"), the closest to them; of
    two as close, the one named last before the verb."""
    words_ = [Word(t.shown, t.folded, False) for t in phrase]
    if not PERSON.at(words_, 0):
        return None
    title = _title_words(phrase)
    toks = art.toks
    best: tuple[int, int] | None = None
    found: Mention | None = None
    for m in art.named:
        if m.entity.type != "person" or inside(toks[m.first].start, art.quoted) \
                or (m.first > 0 and toks[m.first - 1].folded in _GOVERNING):
            continue
        before = range(m.first - 1, max(-1, m.first - 1 - _TITLE_REACH), -1)
        after = range(m.last + 1, min(len(toks), m.last + 1 + _TITLE_REACH))
        for side in (before, after):
            reach = _covers(toks, side, title)
            if reach is not None and (best is None or (reach, -(m.first < verb)) <= best):
                best, found = (reach, -(m.first < verb)), m
    return Speaker(found.entity.name, "person") if found else None


def _covers(toks: list[Tok], side: range, title: list[frozenset[str]]) -> int | None:
    """How many words from a name, read away from it, hold every word of ``title``."""
    left = list(title)
    for n, k in enumerate(side, 1):
        forms = _bare_forms(toks[k].folded)
        left = [w for w in left if not w & forms]
        if not left:
            return n
    return None


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
    latin: list[Tok] = []  # "ونشرت CNN سابقا أن": a name in Latin letters
    for t in phrase[:MAX_NAME_WORDS]:
        if not (t.shown.isascii() and t.shown[:1].isupper()):
            break
        latin.append(t)
    if latin:
        return Speaker(" ".join(t.shown for t in latin), "organization")
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
    """The pronoun rule: the entity standing just before the verb, else the sentence's
    subject, else the last speaker, else — in "جاء ذلك في بيان …، ونص على أن" — the issuer
    a previous sentence names."""
    toks = art.toks
    k = verb - 1
    while k >= lo and toks[k].folded in RELATIVES:
        k -= 1
    unnamed = (k < verb - 1 and _object_relative(toks[verb - 1].folded, toks[verb].folded)) \
        or (k >= lo and toks[k].folded in _WHERE)  # "…، تويتر، حيث قال": no subject before
    if k < verb - 1 and not unnamed:
        return _after_noun(art, lo, verb, k)
    return (None if unnamed else _after_noun(art, lo, verb, k)) \
        or _sentence_subject(art, lo, verb) or art.last or _issuer_before(art, lo, verb)


def _object_relative(relative: str, verb: str) -> bool:
    """A feminine relative before a masculine verb is its object, not its subject
    ("صفقة القرن، والتي قال إنها …": he said of it)."""
    return relative.removeprefix("و") == "التي" and not (verb.startswith("ت") or verb.endswith("ت"))


def _after_noun(art: Reading, lo: int, verb: int, k: int) -> Speaker | None:
    """The subject standing at ``k``, just before the verb (past a relative; not a name in
    brackets: "(روسيا)، وكشف"), else a title before it, else the last speaker."""
    toks = art.toks
    for m in art.named:
        if k - 1 <= m.last <= k and m.first >= lo and not _after_preposition(art, m) \
                and not _platform(m) and ")" not in art.text[toks[m.last].end:toks[verb].start]:
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
    return _after_title(art, lo, verb) or (art.last if k < verb - 1 else None)


def _platform(m: Mention) -> bool:
    """Twitter, Facebook…: where a statement was published, not who made it — unless the
    company is the subject of the verb ("قالت فيسبوك إن")."""
    return fold(plain(m.entity.name)) in PLATFORMS


def _sentence_subject(art: Reading, lo: int, verb: int) -> Speaker | None:
    """A verb with no subject of its own in a sentence that opened with someone ("وكان حسن
    نصرالله … قد تحدث … والتي قال إنها", "ونشر عبد العزيز صورة … وكتب فوقها"): the first
    person or organization of the sentence that no preposition governs."""
    toks = art.toks
    for m in art.named:
        if not lo <= m.first <= min(verb - 1, lo + 2) or m.entity.type not in ("person", "organization"):
            continue
        if inside(toks[m.first].start, art.quoted) or _object_of_preposition(art, m, lo) \
                or _platform(m):
            continue
        return Speaker(m.entity.name, m.entity.type)
    return None


def _issuer_before(art: Reading, lo: int, verb: int) -> Speaker | None:
    """A sentence about a statement's vehicle ("جاء ذلك في بيان وصل …، ونص على أن") with no
    speaker yet: the organization a previous sentence names."""
    vehicle = next((k for k in range(lo, verb) if art.toks[k].folded in VEHICLES), None)
    if vehicle is None:
        return None
    for m in art.named:  # "في تغريدة للقرة داغي": whose it is
        if vehicle < m.first <= vehicle + 2 and m.entity.type in ("person", "organization") \
                and not _platform(m):
            return Speaker(m.entity.name, m.entity.type)
    return _topic_before(art, lo)


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
            if m.entity.type == "place" or (organization_only and m.entity.type != "organization") \
                    or _platform(m):
                continue
            best = m
    return Speaker(best.entity.name, best.entity.type) if best else None


def _title(art: Reading, phrase: list[Tok]) -> Speaker | None:
    """A title as speaker: the person the article names with it, else the title itself."""
    words_ = [Word(t.shown, t.folded, False) for t in phrase]
    spokesman = any(t.folded == "باسم" for t in phrase[:3])
    outlet = phrase[0].folded in MEDIA
    if not (PERSON.at(words_, 0) or ORGANIZATION.at(words_, 0) or spokesman or outlet) \
            and not phrase[0].folded.startswith("ال"):
        return None
    phrase = phrase[:MAX_TITLE_WORDS]
    cut = next((k for k in range(1, len(phrase)) if phrase[k].folded in _GOVERNING), len(phrase))
    phrase = phrase[:cut]  # "قائد ليفربول عن صلاح"
    seq = [t.folded for t in phrase]
    toks = art.toks
    n = len(seq)
    first = seq[0]
    for i in range(len(toks) - n + 1):
        if toks[i].folded != first or [toks[i + k].folded for k in range(n)] != seq:
            continue
        for m in art.named:
            if m.entity.type == "person" and (m.first == i + n or m.last == i - 1):
                return Speaker(m.entity.name, "person")
        named = _apposed_name(art, i + n)
        if named is not None and not outlet:
            return named
    return Speaker(" ".join(t.shown for t in phrase), "organization" if outlet else "title")


def _apposed_name(art: Reading, k: int) -> Speaker | None:
    """A name the tagger did not know, set off by commas after a title ("وزير الخارجية
    التركي، مولود تشاويش أوغلو، …")."""
    toks, text = art.toks, art.text
    if k >= len(toks) or text[toks[k - 1].end:toks[k].start].strip() != "،":
        return None
    names: list[Tok] = []
    while k < len(toks) and len(names) < MAX_NAME_WORDS \
            and is_name_word(Word(toks[k].shown, toks[k].folded, False)):
        names.append(toks[k])
        k += 1
    if not names or (k < len(toks) and text[names[-1].end:toks[k].start].strip() != "،"):
        return None
    return Speaker(" ".join(t.shown for t in names), "person")


def according_speaker(art: Reading, j0: int, hi: int) -> tuple[Speaker | None, int]:
    """The speaker after وفق/بحسب ("وفقا لوكالة …", "بحسب ما أعلنت وكالة …") and the index
    after it."""
    toks = art.toks
    j = j0
    while j < hi and (toks[j].folded in _ACCORDING_SKIP or _reporting(toks[j].folded)):
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
        if f.startswith("لل"):
            bare = "ال" + f[2:]  # "وفقا للتقرير"
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


def _reporting(folded: str) -> bool:
    """A reporting verb after "بحسب ما", its object pronoun included ("وفقا لما نقلته")."""
    for form in (folded, folded.removesuffix("ها"), folded.removesuffix("ه")):
        if len(form) >= 3 and (cue_form(form) in VERB_FORMS or form in TRANSMIT_FORMS):
            return True
    return False


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

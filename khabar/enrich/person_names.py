"""People announced by a cue: a title or role, then the name ("الرئيس الأمريكي دونالد ترامب",
"المتحدث باسم الجيش أفيخاي أدرعي"; the title's own definite words are skipped), or a
nationality adjective before a name the corpus has seen after a title ("الإسباني بيب
غوارديولا")."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.entity_cues import ORGANIZATION, PERSON, TITLE_WORDS
from khabar.enrich.entity_words import (MAX_NAME_WORDS, PARTICLES, Common, Word, accusative,
                                        definite, is_name_word, word_variants)
from khabar.enrich.first_names import shipped_first_names
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.known_names import match_known
from khabar.enrich.org_patterns import match_organization
from khabar.enrich.tagforms import fold

#: words between a title and the name it announces
MAX_TITLE_WORDS = 6


def match_person(words: list[Word], i: int, finds: list, known: dict, common: Common) -> int:
    """Words taken by a person cue and the name after it at ``i`` (0: no cue). Between the
    cue and the name, the title's complement: definite words ("الخارجية الروسية"), "باسم",
    institution nouns and known places and organizations ("رئيس هيئة الرياضة", "رئيسة وزراء
    نيوزيلندا،"), at most ``MAX_TITLE_WORDS`` words; the places and organizations met there
    are found too."""
    n = PERSON.at(words, i)
    if not n or (i > 0 and words[i - 1].folded in PARTICLES):
        return 0
    j = i + n
    limit = j + MAX_TITLE_WORDS
    while j < min(len(words), limit):
        w = words[j]
        if j > i + n and w.starts_phrase:
            break
        step = match_organization(words, j, finds, common)
        if step > 0:  # "رئيس هيئة الرياضة": the organization is found too
            j += step
            continue
        if (definite(w.folded) and w.folded not in STOP_WORDS) or w.folded in TITLE_WORDS \
                or any(v in ORGANIZATION.first or v in TITLE_WORDS
                       for v, _ in word_variants(w.folded)):
            if w.starts_phrase:
                break
            j += 1
            continue
        step = match_known(words, j, known, {}, finds, {})
        if step and finds[-1][1] == "person":
            return j - i + step
        if not step:
            break
        j += step
    if j >= len(words) or (words[j].starts_phrase and not words[j].after_comma):
        return j - i  # a name follows its title, or a comma: "رئيسة وزراء نيوزيلندا، جاسيندا"
    name = name_at(words, j, common)
    if len(name) < 2:
        return j - i
    finds.append((" ".join(name), "person", True))
    return j - i + len(name)


def match_first_name(words: list[Word], i: int, finds: list, common: Common,
                     is_first: Callable[[str, Common], bool]) -> int:
    """A given name (``first_names``), possibly behind a clitic, then the rest of a name:
    "أنهت فينوس وليامز", "وقال مروان فيلايني"; "عبد" with its definite word is one given
    name ("عبد اللطيف حموشي")."""
    if i > 0 and words[i - 1].folded in PARTICLES:
        return 0
    w = words[i]
    first = ""
    for v, cut in word_variants(w.folded)[:2]:
        if (not cut or w.folded.startswith("و")) and is_first(v, common) and v not in PARTICLES:
            first = w.shown[cut:]  # the word, or the word after و: "وقال مروان فيلايني"
            break
    start = i + 1
    if not first and w.folded in ("عبد", "وعبد") and i + 1 < len(words) \
            and not words[i + 1].starts_phrase and words[i + 1].folded.startswith("ال"):
        first = w.shown.removeprefix("و") + " " + words[i + 1].shown
        start = i + 2
    if not first or start >= len(words) or words[start].starts_phrase:
        return 0
    rest = name_at(words, start, common, continued=True)
    if not rest or fold(rest[0])[0] in "يت":
        return 0  # "كيم زار", "صالح تتوالى": a given name, then a verb
    finds.append((" ".join([first, *rest]), "person", True))
    return start - i + len(rest)


def name_at(words: list[Word], j: int, common: Common, *, continued: bool = False) -> list[str]:
    """The words of a person's name starting at ``j``: at most ``MAX_NAME_WORDS`` name words,
    joined by the particles of Arabic names ("سلمان بن عبد العزيز", "تركي آل الشيخ"); a
    definite word may end it ("جابر القرموطي") when it is not a common word. ``continued``:
    the words follow a given name already read (they may open with a particle)."""
    name: list[str] = [""] if continued else []
    words_taken = int(continued)
    while j < len(words) and words_taken < MAX_NAME_WORDS:
        w = words[j]
        if name and w.starts_phrase:
            break
        if name and w.folded in PARTICLES and j + 1 < len(words) \
                and not words[j + 1].starts_phrase:
            name.append(w.shown)
            j += 1
            continue
        compound = j + 1 < len(words) and words[j + 1].folded == "الله" \
            and not words[j + 1].starts_phrase  # "حسن نصر الله", "رامي الحمد الله"
        if name and _and_word(w, common):
            name.append(w.shown)  # "سيرينا وليامز", "راسل وستبروك": و is the name's own letter
        elif _name_word(w, common) and (not common(w.folded) or compound or (
                not name and w.folded in shipped_first_names())) \
                and not accusative(w.folded, common) and not PERSON.at(words, j) \
                and not (name and _verb_like(w.folded)):
            name.append(w.shown)
        elif name and w.folded.startswith("ال") and (
                fold(name[-1]) in PARTICLES or w.folded in ("الدين", "الله")):
            name.append(w.shown)
        elif name and w.folded.startswith("ال") and len(w.folded) > 4 \
                and w.folded not in STOP_WORDS and not common(w.folded) \
                and not common(w.folded[2:]):
            name.append(w.shown)
            break
        else:
            break
        words_taken += 1
        j += 1
    while name and fold(name[-1]) in PARTICLES:
        name.pop()
    core = [w for k, w in enumerate(name) if fold(w) not in PARTICLES
            and fold(w) not in ("الدين", "الله")
            and not (k and fold(name[k - 1]) in PARTICLES)]  # "عبد اللطيف", "زين الدين"
    if len(core) > 2 and not attested_word(name[-1]):
        name.pop()  # "كارلوس كارفالياو صديق": a third word must be a known name's word
    return name[1:] if continued else name


def _name_word(w: Word, common: Common) -> bool:
    """``is_name_word``, or a long word opening with ف that is no clitic before a common
    word ("فيرانتي", "فيلايني"; not "فالحكومة")."""
    f = w.folded
    return is_name_word(w) or (
        len(f) >= 5 and f[0] == "ف" and not common(f[1:])
        and is_name_word(Word(w.shown[1:], f[1:], False)))


def _and_word(w: Word, common: Common) -> bool:
    """A name word after the first that opens with و when و is its own letter: the word
    without it is no common word and no word of a known name ("وليامز", "وستبروك"; not
    "وترامب", "والحكومة"), and the word itself is no common word."""
    f = w.folded
    if len(f) < 5 or f[0] != "و" or f[1] in "اوي" or common(f):
        return False
    rest = f[1:]
    return (not common(rest) and rest not in shipped_first_names()
            and rest not in _gazetteer_person_words()
            and is_name_word(Word(w.shown[1:], rest, False)))


def _verb_like(folded: str) -> bool:
    """A word after a name's first that reads as an imperfect verb ("سلمان يرعى"): it opens
    with ي and is no known name's word (not ت: «ترمب», «تيلرسون» are names)."""
    return folded[0] == "ي" and not attested_word(folded)


def attested_word(word: str) -> bool:
    """A word of a name known before: a given name, a definite family name ("العبدالله"), a
    word after a particle, or a word of a gazetteer person."""
    f = fold(word)
    return (f.startswith("ال") or f in shipped_first_names() or f in _gazetteer_person_words())


@lru_cache(maxsize=1)
def _gazetteer_person_words() -> frozenset[str]:
    return frozenset(w for k, (_, kind) in gazetteer().items() if kind == "person"
                     for w in k.split())


def headline_speaker(title: list[Word], body: list[Word], common: Common) -> str | None:
    """A headline opening with a speaker's name and a colon ("نيمار: أرغب باللعب تحت قيادة
    غوارديولا", "زيهوفر: هناك استعلاء"): the name, when the body names them too."""
    for n in (1, 2, 3):
        if len(title) <= n or title[n].gap != ":":
            continue
        head = title[:n]
        if any(w.starts_phrase for w in head[1:]) or not all(
                (_name_word(w, common) and not common(w.folded)
                 and not accusative(w.folded, common)) or (k and w.folded == "الله")
                or (not k and w.folded in shipped_first_names())
                or (k + 1 < n and head[k + 1].folded == "الله") for k, w in enumerate(head)):
            return None
        last = head[-1].folded
        if any(w.folded == last or w.folded.endswith(last) and len(w.folded) - len(last) <= 2
               for w in body):
            return " ".join(w.shown for w in head)
        return None
    return None


def match_nisba(words: list[Word], i: int, finds: list, common: Common,
                attested: Callable[[str], bool]) -> int:
    """A nationality adjective, then a name the corpus has seen after a title:
    "الإسباني بيب غوارديولا" (the adjective alone is too weak a cue for a new name)."""
    f = words[i].folded
    if not (f.startswith("ال") and f.endswith("ي") and len(f) >= 6 and f not in STOP_WORDS):
        return 0
    if i + 1 >= len(words) or words[i + 1].starts_phrase:
        return 0
    name = name_at(words, i + 1, common)
    if len(name) < 2 or not attested(" ".join(fold(w) for w in name)):
        return 0
    finds.append((" ".join(name), "person", True))
    return 1 + len(name)


def match_apposition(words: list[Word], i: int, finds: list, common: Common) -> int:
    """A name followed by a comma and a definite title, its apposition: "تتولى أليسيا
    بوتشيتا، القاضية السابقة"; the name must not open with a verb ("يقود زيدان، المدرب")."""
    if i > 0 and words[i - 1].folded in PARTICLES:
        return 0
    titles = PERSON.first
    for w in words[i + 2:i + 2 + MAX_NAME_WORDS]:  # a loop: this runs at every word
        if w.gap in ("،", ",") and (w.folded in titles or w.folded[2:] in titles):
            break
    else:
        return 0  # no title after a comma where a name would end: nothing to read
    name = name_at(words, i, common)
    if len(name) < 2 or _verb_like(fold(name[0])):
        return 0
    k = i + len(name)
    if k >= len(words) or not words[k].after_comma or not words[k].folded.startswith("ال") \
            or not PERSON.at(words, k):
        return 0
    finds.append((" ".join(name), "person", True))
    return len(name)

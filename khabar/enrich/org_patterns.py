"""Organizations announced by an institution noun: "وزارة الخارجية الأمريكية", "حركة حماس",
"المديرية العامة للأمن الوطني" (``entity_cues.ORGANIZATION_CUES``)."""

from __future__ import annotations

from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.entity_cues import ORG_NAMED, ORGANIZATION
from khabar.enrich.entity_words import (MAX_NAME_WORDS, Common, Word, is_name_word, never,
                                        word_variants)
from khabar.enrich.tagforms import fold

#: cues that are also verbal nouns: "حركة" (traffic), "تنظيم" (organizing), "جبهة" (a front)
VERBAL_NOUN_CUES = frozenset(fold(w) for w in ("حركة", "تنظيم", "جبهة"))
#: adjectives that describe an institution without naming it
GENERIC_ADJECTIVES = frozenset(fold(w) for w in """
الرسمية الرسمي الحكومية الحكومي المحلية المحلي الجديدة الجديد الحالية الحالي السابقة السابق
المختصة المختص المعنية المعني الأخرى الأخير الأخيرة المذكورة المذكور
""".split())
#: institutions one per country, named by the article and a nationality: "الجيش الإسرائيلي"
NATIONAL = frozenset(fold(w) for w in ("جيش",))
#: an indefinite noun read through to the name: "وكالة أنباء الشرق الأوسط"
CONSTRUCT = frozenset(fold(w) for w in ("أنباء",))
#: the one word after a cue that leaves the institution unnamed ("وكالة الأنباء")
UNNAMED = frozenset(fold(w) for w in ("الأنباء", "اللعبة"))


def _base(folded: str) -> str:
    """A cue word without a leading clitic: "وحركة" → "حركة"."""
    for v, _ in reversed(word_variants(folded)):
        if v in ORG_NAMED:
            return v
    return folded


def drop_clitic(word: str) -> str:
    for clitic in ("وب", "ول", "و", "ب", "ل", "ف"):
        rest = fold(word[len(clitic):])
        if word.startswith(clitic) and (rest in ORGANIZATION.first
                                        or rest.removeprefix("ال") in ORGANIZATION.first):
            return word[len(clitic):]
    return word


def match_organization(words: list[Word], i: int, finds: list, common: Common = never) -> int:
    """Words taken by an organization cue and its name at ``i`` (0: none; -1: a cue with no
    name after it). The name: definite words ("وزارة الخارجية الأمريكية"), or after a cue of
    ``ORGANIZATION_NAMED`` one name word that is no common word ("حركة حماس"; not "تنظيم
    مسيرات"). A cue that is also a verbal noun ("حركة الطيران", "تنظيم المونديال") takes no
    common word; a name stops before a generic adjective ("وكالة الأنباء الرسمية")."""
    n = ORGANIZATION.at(words, i)
    if not n:
        return 0
    j = i + n
    parts = [words[i + k].shown for k in range(n)]
    parts[0] = drop_clitic(parts[0])
    taken = 0
    definite_cue = parts[0].startswith("ال")
    while j < len(words) and taken < MAX_NAME_WORDS and not words[j].starts_phrase:
        w = words[j]
        if w.folded in GENERIC_ADJECTIVES or (
                taken == 0 and _base(words[i].folded) in VERBAL_NOUN_CUES
                and (common(w.folded) or common(w.folded.removeprefix("ال")))):
            break
        if taken == 0 and w.folded in CONSTRUCT and not definite_cue:
            parts.append(w.shown)  # "وكالة أنباء الشرق الأوسط"
            j += 1
            continue
        if w.folded.startswith("ال") and len(w.folded) > 3 and w.folded not in STOP_WORDS:
            parts.append(w.shown)
        elif definite_cue and taken <= 1 and w.folded.startswith("لل") and len(w.folded) > 4:
            # "المديرية العامة للأمن الوطني", "الهيئة العامة للرياضة": a definite cue (and
            # its adjective), then ل + its object
            parts.append(w.shown)
            definite_cue = False
        elif taken == 0 and n == 1 and is_name_word(w) and _base(words[i].folded) in ORG_NAMED \
                and not common(w.folded):
            parts.append(w.shown)
            taken += 1
            j += 1
            break
        else:
            break
        taken += 1
        j += 1
    national = (definite_cue and fold(parts[0]).removeprefix("ال") in NATIONAL and taken == 1
                and fold(parts[-1]).endswith(("ي", "يه")))
    if taken and (not parts[0].startswith("ال") or not definite_cue or national) and not (
            taken == 1 and fold(parts[-1]) in UNNAMED):
        finds.append((" ".join(parts), "organization", True))
        return j - i
    return -1

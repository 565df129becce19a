"""Named entities: people, places and organizations, one canonical form each.

``entities(title, body, names)`` reads the text once, left to right, and at each word tries:

1. known names, longest first: the gazetteer (``gazetteer.py``) and the names learned from
   the corpus (``LearnedNames``); the first word may carry clitics ("لحماس", "وبغداد");
2. organization cues followed by their name: "وزارة الخارجية الأمريكية", "حركة حماس";
3. person cues — titles and roles — followed by a name: "الرئيس الأمريكي دونالد ترامب",
   "المتحدث باسم الجيش أفيخاي أدرعي" (the title's own definite words are skipped).

A person named in full once is then known by the last word of the name in the same article
("نتنياهو" → "بنيامين نتنياهو"); across articles ``LearnedNames`` keeps the names cues found,
so a name seen with a title in one article is recognized without it in the next.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.arabic import term, tokens
from khabar.arabic.names import same_name, skeleton_key
from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.gazetteer_curation import CALENDAR
from khabar.enrich.tagforms import bare, fold, plain
from khabar.store.records import Entity

MAX_NAME_WORDS = 3
MAX_ENTITIES = 12
#: cue matches a name needs in the corpus before it is known without a cue
LEARN_AFTER = 3

# Cues, written naturally; matched on folded words with the article stripped from the first.
PERSON_CUES = """
الرئيس الملك الملكة الأمير الأميرة الشيخ السيد السيدة الدكتور العاهل ولي_العهد
رئيس_الوزراء رئيسة_الوزراء رئيس_الحكومة المستشارة وزير وزيرة المبعوث
المتحدث_باسم المتحدثة_باسم الناطق_باسم الزعيم الجنرال المدرب اللاعب النجم المهاجم
الأمين_العام المدعي_العام البابا الناشط الناشطة المعارض الكاتب الفنان الفنانة
رئيس_وزراء رئيسة_وزراء لاعب_الوسط الحارس الإعلامي الممثلة المخرجة القاضية
المدير_العام المديرة_العامة مدير_عام المدير المديرة
"""
#: cues whose name may be one word that is not definite ("حركة حماس"); the others take
#: definite words only ("وزارة الخارجية الأمريكية")
ORGANIZATION_NAMED = """
حركة حزب منظمة وكالة شركة تنظيم جماعة جبهة
"""
ORGANIZATION_CUES = ORGANIZATION_NAMED + """
وزارة مجلس جامعة هيئة مؤسسة جمعية المديرية_العامة مديرية بنك مصرف صندوق اتحاد
"""
#: words that end a name (verbs and particles that follow names in news prose)
NAME_STOPS = """
قال قالت يقول أكد أعلن أضاف أشار ذكر إن أن خلال إلى على في عن مع من الذي التي إنه
عبر أمام مثل بعد قبل منذ حتى لدى أمر إنها أنها كما بين ضد بشأن حول ضمن وسط
يوم اليوم أمس الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت وقال وأكد وأضاف
"""


def _cue_keys(text: str) -> dict[tuple[str, ...], int]:
    out: dict[tuple[str, ...], int] = {}
    for cue in text.split():
        words = tuple(fold(w) for w in cue.split("_"))
        out[words] = len(words)
    return out


_PERSON = _cue_keys(PERSON_CUES)
_ORG = _cue_keys(ORGANIZATION_CUES)
_CUE_FIRST = {id(c): frozenset(k[0] for k in c) for c in (_PERSON, _ORG)}
_ORG_NAMED = frozenset(fold(w) for w in ORGANIZATION_NAMED.split())
_NAME_STOP = frozenset(fold(w) for w in NAME_STOPS.split())
#: one-word cues are common nouns, never a name alone («جامعة» is a town in geonames)
_CUE_NOUNS = frozenset(k[0] for cues in (_PERSON, _ORG) for k in cues if len(k) == 1) | frozenset(
    "ال" + k[0] for cues in (_PERSON, _ORG) for k in cues if len(k) == 1)
_BREAK = re.compile(r"[.،,:;؛؟?!\"«»“”()\[\]{}<>\n…|/–—]")
#: particles inside Arabic names: "سلمان بن عبد العزيز", "تركي آل الشيخ", "عبد الله"
_PARTICLES = frozenset(fold(w) for w in ("بن", "بنت", "ابن", "آل", "أبو", "عبد", "ابو"))
#: attached pronouns no name ends with ("حفظهم الله", "منصبهما")
_PRONOUN_SUFFIXES = ("هم", "هما", "كم", "كما", "هن")
_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "وب", "ول", "و", "ب", "ل", "ف", "ك")


@dataclass
class LearnedNames:
    """Names found by cues across the corpus: key → canonical name, type and count."""

    counts: Counter = field(default_factory=Counter)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)

    #: skeleton key (``arabic.names.skeleton_key``) → the display name of a learned person
    by_skeleton: dict[str, str] = field(default_factory=dict)
    #: folded name word → its other spellings met in the corpus (for search)
    variants: dict[str, set[str]] = field(default_factory=dict)
    #: last names shared by two learned people, or first words of a learned name: never
    #: taken alone for one person («حسين», «محمود», «الدين»)
    ambiguous: set[str] = field(default_factory=set)

    def learn(self, found: list[tuple[str, str, bool]],
              common: Callable[[str], bool] | None = None) -> None:
        """Record names an article gave with a cue (name, type, from_cue)."""
        for name, kind, from_cue in found:
            if not from_cue:
                continue
            k = " ".join(fold(w) for w in name.split())
            self.counts[k] += 1
            shown = self.canonical(name, record=True) if kind == "person" else name
            if self.counts[k] == LEARN_AFTER:
                self.names[k] = (shown, kind)
                if kind == "person":
                    if shown == name:
                        self.by_skeleton.setdefault(skeleton_key(name), name)
                    self._learn_last_name(k, shown, common or _never)

    def attested(self, k: str) -> bool:
        """A person's name (folded key) found after a title before."""
        return self.counts.get(k, 0) >= 1 or k in self.names

    def canonical(self, name: str, *, record: bool = False) -> str:
        """The display name of a person under any spelling: «دونالد ترمب» → «دونالد ترامب»
        once either is known. ``record`` keeps the word variants met (see ``variants``)."""
        held = self.names.get(" ".join(fold(w) for w in name.split()))
        if held is not None and held[1] == "person" and " " in held[0]:
            return held[0]
        sk = skeleton_key(name)
        known = self.by_skeleton.get(sk) or _known_people().get(sk)
        if known is None or known == name or not same_name(known, name):
            return name
        if record:
            for a, b in zip(name.split(), known.split()):
                fa, fb = fold(a), fold(b)
                if fa != fb:
                    self.variants.setdefault(fa, set()).add(fb)
                    self.variants.setdefault(fb, set()).add(fa)
        return known

    def _learn_last_name(self, k: str, name: str, common: Callable[[str], bool]) -> None:
        words = k.split()
        if len(words) < 2:
            return
        first, last = words[0], words[-1]
        self._forget(first)
        if last in self.ambiguous or len(last) <= 2 or last in STOP_WORDS or last in CALENDAR:
            return
        held = self.names.get(last)
        if held is not None:  # a second person with this last name, or a known name's word
            if held[0] != name:
                self._forget(last)
            return
        if not common(last) and not any(n.startswith(last + " ") for n in self.names):
            self.names[last] = (name, "person")

    def _forget(self, word: str) -> None:
        self.ambiguous.add(word)
        held = self.names.get(word)
        if held is not None and held[1] == "person" and " " in held[0]:
            del self.names[word]

    def to_json(self) -> dict:
        return {"names": {k: list(v) for k, v in self.names.items()},
                "ambiguous": sorted(self.ambiguous), "by_skeleton": self.by_skeleton,
                "variants": self.variants_json()}

    def variants_json(self) -> dict[str, list[str]]:
        return {k: sorted(v) for k, v in sorted(self.variants.items())}

    @classmethod
    def from_json(cls, data: dict | None) -> LearnedNames:
        learned = cls()
        for k, v in (data or {}).get("names", {}).items():
            learned.names[k] = (v[0], v[1])
        learned.ambiguous = set((data or {}).get("ambiguous", []))
        learned.by_skeleton = dict((data or {}).get("by_skeleton", {}))
        learned.variants = {k: set(v) for k, v in (data or {}).get("variants", {}).items()}
        return learned


@lru_cache(maxsize=1)
def _known_people() -> dict[str, str]:
    """Skeleton key → display name of the gazetteer's people of two words or more."""
    out: dict[str, str] = {}
    for name, kind in gazetteer().values():
        if kind == "person" and " " in name:
            out.setdefault(skeleton_key(name), name)
    return out


@dataclass
class _Word:
    shown: str
    folded: str
    starts_phrase: bool  # punctuation before it


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    last = 0
    for word, start, end in tokens(text):
        gap = text[last:start]
        last = end
        shown = plain(word)
        out.append(_Word(shown, fold(shown), bool(_BREAK.search(gap)) or not out))
    return out


@lru_cache(maxsize=100_000)
def word_variants(folded: str) -> tuple[tuple[str, int], ...]:
    """The word and the word without each possible clitic: (folded form, letters cut)."""
    out = [(folded, 0)]
    for clitic in _CLITICS:
        if folded.startswith(clitic) and len(folded) - len(clitic) >= 2:
            rest = folded[len(clitic):]
            if clitic.endswith("ال") and len(clitic) > 2:
                rest = "ال" + rest
            elif clitic == "لل":
                rest = "ال" + rest
            out.append((rest, len(clitic)))
    return tuple(out)


def extract(title: str, body: str, learned: LearnedNames | None = None,
            common: Callable[[str], bool] | None = None
            ) -> tuple[list[Entity], list[tuple[str, str, bool]]]:
    """Entities of an article, most mentioned first, and every raw find (name, type, by cue).

    ``common(folded_word)`` tells a frequent word of the corpus, which a name found by a cue
    may not contain ("رئيس مجلس إدارة" is no one's name)."""
    known = gazetteer()
    names = learned.names if learned else {}
    finds: list[tuple[str, str, bool]] = []
    aliases: dict[str, str] = {}
    for text in (title, body):
        words = _words(text)
        i = 0
        while i < len(words):
            step = _match_known(words, i, known, names, finds, aliases)
            if not step:
                step = _match_cue(words, i, finds, known, common or _never)
            if not step and learned is not None:
                step = _match_nisba(words, i, finds, common or _never, learned.attested)
            i += step or 1
    finds = [(_known_head(name, learned) if by_cue and kind == "person" and name.count(" ") >= 2
              else name, kind, by_cue) for name, kind, by_cue in finds]
    # Within the article, a person's last name is the full name given earlier.
    full: dict[str, str] = {}
    for name, kind, _ in finds:
        parts = name.split()
        if kind == "person" and len(parts) > 1:
            full.setdefault(fold(parts[-1]), name)
    counts: Counter = Counter()
    first_seen: dict[Entity, int] = {}
    for n, (name, kind, _) in enumerate(finds):
        if kind == "person" and " " not in name:
            name = full.get(fold(name)) or aliases.get(fold(name)) or name
        if kind == "person" and learned is not None:
            name = learned.canonical(name)
        entity = Entity(name, kind)
        counts[entity] += 1
        first_seen.setdefault(entity, n)
    ranked = sorted(counts, key=lambda e: (-counts[e], first_seen[e]))
    return ranked[:MAX_ENTITIES], finds


def _known_head(name: str, learned: LearnedNames | None) -> str:
    """A cue's three words cut to the known name they open: «دونالد ترمب نظيره» →
    «دونالد ترمب» when that name (under any spelling) is known."""
    head = name.rsplit(" ", 1)[0]
    k = " ".join(fold(w) for w in head.split())
    sk = skeleton_key(head)
    if (k in gazetteer() or sk in _known_people()
            or (learned is not None and (k in learned.names or sk in learned.by_skeleton))):
        return head
    return name


def entities(title: str, body: str, learned: LearnedNames | None = None,
             common: Callable[[str], bool] | None = None) -> list[Entity]:
    return extract(title, body, learned, common)[0]


def _known_first(known: dict) -> frozenset[str]:
    global _KNOWN_FIRST
    if _KNOWN_FIRST is None or _KNOWN_FIRST[0] is not known:
        _KNOWN_FIRST = (known, frozenset(k.split(" ", 1)[0] for k in known))
    return _KNOWN_FIRST[1]


_KNOWN_FIRST: tuple[dict, frozenset[str]] | None = None


def _match_known(words: list[_Word], i: int, known: dict, names: dict,
                 finds: list, aliases: dict) -> int:
    firsts = _known_first(known)
    if not any(v in firsts for v, _ in word_variants(words[i].folded)) and not _learned_first(
            names, words[i]):
        return 0
    for n in range(min(4, len(words) - i), 0, -1):
        if n > 1 and any(w.starts_phrase for w in words[i + 1:i + n]):
            continue
        tail = [w.folded for w in words[i + 1:i + n]]
        for first, cut in word_variants(words[i].folded):
            k = " ".join([first, *tail])
            hit = known.get(k)
            if hit and not (n == 1 and first in _CUE_NOUNS):
                finds.append((hit[0], hit[1], False))
                return n
            hit = names.get(k)
            if hit and n == 1 and cut and hit[1] == "person" and fold(bare(words[i].shown)) != first:
                continue  # "وجود" is a word, not و + the last name «جود»
            if hit:
                # a learned last name: the article's own full name wins (see extract)
                name = _without_clitic(words[i].shown, first, cut) if (
                    hit[1] == "person" and n == 1) else hit[0]
                finds.append((name, hit[1], False))
                aliases.setdefault(first, hit[0])
                return n
    return 0


def _without_clitic(shown: str, variant: str, cut: int) -> str:
    """The word as written without the clitic ``word_variants`` cut, keeping the article it
    carried ("والقذافي" → "القذافي", "للقذافي" → "القذافي")."""
    rest = shown[cut:]
    return "ال" + rest if variant.startswith("ال") and not fold(rest).startswith("ال") else rest


def _learned_first(names: dict, word: _Word) -> bool:
    if not names:
        return False
    firsts = _LEARNED_FIRST.get(id(names))
    if firsts is None or firsts[0] != len(names):
        firsts = (len(names), frozenset(k.split(" ", 1)[0] for k in names))
        _LEARNED_FIRST.clear()
        _LEARNED_FIRST[id(names)] = firsts
    return any(v in firsts[1] for v, _ in word_variants(word.folded))


_LEARNED_FIRST: dict[int, tuple[int, frozenset[str]]] = {}


def _cue_at(words: list[_Word], i: int, cues: dict) -> int:
    firsts = _CUE_FIRST[id(cues)]
    if not any(v in firsts or v.removeprefix("ال") in firsts for v, _ in word_variants(words[i].folded)):
        return 0
    for n in (3, 2, 1):
        if i + n > len(words):
            continue
        seq = [v for v, _ in word_variants(words[i].folded)]
        rest = tuple(w.folded for w in words[i + 1:i + n])
        for first in seq:
            if (first, *rest) in cues or (first.removeprefix("ال"), *rest) in cues:
                return n
    return 0


def _definite(folded: str) -> bool:
    """A definite word, its article possibly behind a clitic ("للأمن", "بالخارجية")."""
    return any(v.startswith("ال") for v, _ in word_variants(folded))


def _base(folded: str) -> str:
    """A cue word without a leading clitic: "وحركة" → "حركة"."""
    for v, _ in reversed(word_variants(folded)):
        if v in _ORG_NAMED:
            return v
    return folded


def _is_name_word(w: _Word) -> bool:
    f = w.folded
    return (len(f) >= 3 and f[0] not in "وف" and not f.startswith("ال") and f not in STOP_WORDS
            and not f.endswith(_PRONOUN_SUFFIXES)
            and f not in _NAME_STOP and term(w.shown) is not None and not f[0].isdigit()
            and "\u0600" <= f[0] <= "\u06ff")


def _never(_: str) -> bool:
    return False


def _match_cue(words: list[_Word], i: int, finds: list, known: dict,
               common: Callable[[str], bool]) -> int:
    n = _cue_at(words, i, _ORG)
    if n:
        j = i + n
        parts = [words[i + k].shown for k in range(n)]
        parts[0] = _drop_clitic(parts[0])
        taken = 0
        definite_cue = parts[0].startswith("ال")
        while j < len(words) and taken < MAX_NAME_WORDS and not words[j].starts_phrase:
            w = words[j]
            if w.folded.startswith("ال") and len(w.folded) > 3 and w.folded not in STOP_WORDS:
                parts.append(w.shown)
            elif definite_cue and taken == 0 and w.folded.startswith("لل") and len(w.folded) > 4:
                # "المديرية العامة للأمن الوطني": a definite cue, then ل + its object
                parts.append(w.shown)
                definite_cue = False
            elif taken == 0 and n == 1 and _is_name_word(w) and _base(words[i].folded) in _ORG_NAMED:
                parts.append(w.shown)
                taken += 1
                j += 1
                break
            else:
                break
            taken += 1
            j += 1
        if taken and (not parts[0].startswith("ال") or not definite_cue):
            finds.append((" ".join(parts), "organization", True))
            return j - i
        return 0
    n = _cue_at(words, i, _PERSON)
    if not n or (i > 0 and words[i - 1].folded in _PARTICLES):
        return 0
    j = i + n
    # the title's own words: "الأمريكي", "الخارجية الروسية", "باسم الجيش"
    while j < len(words) and not words[j].starts_phrase and (
        _definite(words[j].folded) or words[j].folded in ("باسم",)
    ) and words[j].folded not in STOP_WORDS and j - i < n + 5:
        j += 1
    if j < len(words):
        step = _match_known(words, j, known, {}, finds, {})
        if step and finds[-1][1] != "place":
            return j - i + step
        # "رئيسة وزراء نيوزيلندا، جاسيندا أرديرن": the title's country, then the name
        j += step
    name = _name_at(words, j, common)
    if len(name) < 2:
        return j - i
    finds.append((" ".join(name), "person", True))
    return j - i + len(name)


def _name_at(words: list[_Word], j: int, common: Callable[[str], bool]) -> list[str]:
    """The words of a person's name starting at ``j``: at most ``MAX_NAME_WORDS`` name words,
    joined by the particles of Arabic names ("سلمان بن عبد العزيز", "تركي آل الشيخ"); a
    definite word may end it ("جابر القرموطي") when it is not a common word."""
    name: list[str] = []
    words_taken = 0
    while j < len(words) and words_taken < MAX_NAME_WORDS:
        w = words[j]
        if name and w.starts_phrase:
            break
        if name and w.folded in _PARTICLES and j + 1 < len(words) \
                and not words[j + 1].starts_phrase:
            name.append(w.shown)
            j += 1
            continue
        if _is_name_word(w) and not common(w.folded) and not _cue_at(words, j, _PERSON):
            name.append(w.shown)
        elif name and w.folded.startswith("ال") and (
                fold(name[-1]) in _PARTICLES or w.folded in ("الدين", "الله")):
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
    while name and fold(name[-1]) in _PARTICLES:
        name.pop()
    return name


def _match_nisba(words: list[_Word], i: int, finds: list, common: Callable[[str], bool],
                 attested: Callable[[str], bool]) -> int:
    """A nationality adjective, then a name the corpus has seen after a title:
    "الإسباني بيب غوارديولا" (the adjective alone is too weak a cue for a new name)."""
    f = words[i].folded
    if not (f.startswith("ال") and f.endswith("ي") and len(f) >= 6 and f not in STOP_WORDS):
        return 0
    if i + 1 >= len(words) or words[i + 1].starts_phrase:
        return 0
    name = _name_at(words, i + 1, common)
    if len(name) < 2 or not attested(" ".join(fold(w) for w in name)):
        return 0
    finds.append((" ".join(name), "person", True))
    return 1 + len(name)


def _drop_clitic(word: str) -> str:
    for clitic in ("وب", "ول", "و", "ب", "ل", "ف"):
        if word.startswith(clitic) and fold(word[len(clitic):]) in {k[0] for k in _ORG}:
            return word[len(clitic):]
    return word

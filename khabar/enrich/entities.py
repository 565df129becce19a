"""Named entities: people, places and organizations, one canonical form each.

``entities(title, body, names)`` reads the text once, left to right, and at each word tries:

1. known names, longest first (``known_names``): the gazetteer (``gazetteer.py``) and the
   names learned from the corpus (``learned_names.LearnedNames``);
2. organization cues followed by their name (``org_patterns``): "وزارة الخارجية الأمريكية",
   "حركة حماس";
3. person cues — titles and roles — followed by a name (``person_names``): "الرئيس الأمريكي
   دونالد ترامب", a nationality adjective before a name seen after a title, a given name
   opening a name, and a name followed by its title after a comma ("أليسيا بوتشيتا، القاضية").

The cue words are in ``entity_cues``, the word-level reading in ``entity_words``. A person
named in full once is then known by the last word of the name in the same article
("نتنياهو" → "بنيامين نتنياهو"); across articles ``LearnedNames`` keeps the names cues found,
so a name seen with a title in one article is recognized without it in the next.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain, compress
from operator import itemgetter

from khabar.arabic.names import skeleton_key
from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.entity_cues import ORGANIZATION, PERSON
from khabar.enrich.entity_words import (MAX_NAME_WORDS, PARTICLES, Common, Word, never,
                                        word_variants, words_of)
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.known_names import (known_first_words, learned_first_words, match_known)
from khabar.enrich.learned_names import LEARN_AFTER, LearnedNames, known_people
from khabar.enrich.org_patterns import match_organization
from khabar.enrich.first_names import MIN_DISTINCT_NAMES, shipped_first_names
from khabar.enrich.person_names import (headline_speaker, match_apposition, match_first_name,
                                        match_nisba, match_person)
from khabar.enrich.reading import read
from khabar.enrich.tagforms import fold
from khabar.store.records import Entity

__all__ = ["LEARN_AFTER", "MAX_ENTITIES", "LearnedNames", "entities", "extract",
           "word_variants"]

MAX_ENTITIES = 12


def extract(title: str, body: str, learned: LearnedNames | None = None,
            common: Common | None = None
            ) -> tuple[list[Entity], list[tuple[str, str, bool]]]:
    """Entities of an article, most mentioned first, and every raw find (name, type, by cue).

    ``common(folded_word)`` tells a frequent word of the corpus, which a name found by a cue
    may not contain ("رئيس مجلس إدارة" is no one's name)."""
    known = gazetteer()
    names = learned.names if learned else {}
    common = common or never
    is_first = learned.is_first_name if learned is not None else _shipped_first
    finds: list[tuple[str, str, bool]] = []
    aliases: dict[str, str] = {}
    # hashtags are names too: "#عمر_البشير", "#كوريا_الشمالية"
    # (the reading's tokens are the text's own when it has no "_": a URL may hold one)
    reading = read(title, body)
    title_words = (words_of(title.replace("_", " ")) if "_" in title
                   else words_of(title, reading.title_tokens))
    body_words = (words_of(body.replace("_", " ")) if "_" in body
                  else words_of(body, reading.body_tokens))
    gates = _gates(known)
    learned_firsts = learned_first_words(names)
    firsts, first_counts = _given_names(learned)
    for words in (title_words, body_words):
        i = 0
        for at in compress(range(len(words)), _may_start(words, gates, known, learned_firsts,
                                                          firsts, first_counts)):
            if at < i:
                continue  # inside the name found last
            i = at
            step = match_known(words, i, known, names, finds, aliases)
            if not step:
                step = match_organization(words, i, finds, common)
                step = max(step, 0) if step else match_person(words, i, finds, known, common)
            if not step and learned is not None:
                step = match_nisba(words, i, finds, common, learned.attested)
            if not step:
                step = match_first_name(words, i, finds, common, is_first)
            if not step:
                step = match_apposition(words, i, finds, common)
            i += step or 1
        if words is title_words and not any(kind == "person" for _, kind, _ in finds):
            speaker = headline_speaker(title_words, body_words, common)
            if speaker is not None and not any(speaker == name for name, _, _ in finds):
                finds.append((speaker, "person", False))
    finds = [(_known_head(name, learned) if by_cue and kind == "person" and name.count(" ") >= 2
              else name, kind, by_cue) for name, kind, by_cue in finds]
    # Within the article, a person's last name is the full name given earlier.
    full: dict[str, str] = {}
    for name, kind, _ in finds:
        parts = name.split()
        if kind == "person" and len(parts) > 1:
            for part in parts[1:]:  # "زيهوفر" → «هورست زيهوفر»
                if fold(part) not in PARTICLES:
                    full.setdefault(fold(part), name)
    finds = _longest_organizations(finds)
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


#: folded word → what ``extract``'s rules need to start at it that does not change between
#: articles (``_gate``); emptied at ``OPENS_MEMO`` words
_GATES: dict[str, tuple[bool, tuple[str, ...], tuple[str, ...]]] = {}
_GATES_FOR: list = [None]  # the gazetteer ``_GATES`` was made for
OPENS_MEMO = 500_000


def _gates(known: dict) -> dict[str, tuple[bool, tuple[str, ...], tuple[str, ...]]]:
    if _GATES_FOR[0] is not known:
        _GATES.clear()
        _GATES_FOR[0] = known
    return _GATES


def _gate(memo: dict, known: dict, folded: str) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    """What a rule of ``extract`` needs to start at a word: (a gazetteer name opening with it
    (``match_known``), an organization or person cue (``match_organization``,
    ``match_person``), a nisba adjective (``match_nisba``) or «عبد» (``match_first_name``);
    the word's variants, one of which a learned name must open with (``match_known``); its
    first two variants, one of which must be a given name (``match_first_name``))."""
    if len(memo) >= OPENS_MEMO:
        memo.clear()
    variants = tuple(v for v, _ in word_variants(folded))
    opens = bool(  # ``opens_known``, ``Cues.opens`` without their memos
        not known_first_words(known).isdisjoint(variants)
        or not ORGANIZATION.openers.isdisjoint(variants) or not PERSON.openers.isdisjoint(variants)
        or (folded.startswith("ال") and folded.endswith("ي") and len(folded) >= 6
            and folded not in STOP_WORDS)
        or folded in ("عبد", "وعبد"))
    gate = memo[folded] = (opens, variants, variants[:2])
    return gate


def _may_start(words: list[Word], gates: dict, known: dict, learned_firsts: frozenset[str],
               firsts: frozenset[str] | None, first_counts: dict) -> list[bool]:
    """For each word, whether a rule of ``extract`` may start at it (where none may, each
    would answer 0): its ``_gate`` opens or one of its first two variants is a shipped given
    name (both remembered per word), a learned name may open with one of its variants, one
    of its first two variants is a given name learned ``MIN_DISTINCT_NAMES`` times, or it may
    open an apposition (``_apposed``). Decided once per distinct word of the text, by set
    operations."""
    if firsts is None:
        return [True] * len(words)
    folded = [w.folded for w in words]
    distinct = list(set(folded))
    static = _static_opens(known, firsts)
    for f in set(distinct).difference(static):  # words met for the first time
        gate = gates.get(f) or _gate(gates, known, f)
        static[f] = gate[0] or not firsts.isdisjoint(gate[2])
    opened = set(compress(distinct, map(static.__getitem__, distinct)))
    if learned_firsts or first_counts:
        gate_of = list(map(gates.get, distinct))
        if None in gate_of:  # the memo was emptied meanwhile
            gate_of = [gates.get(f) or _gate(gates, known, f) for f in distinct]
        hits = learned_firsts.intersection(chain.from_iterable(map(itemgetter(1), gate_of)))
        strong = {v for v in first_counts.keys() & set(chain.from_iterable(
            map(itemgetter(2), gate_of))) if first_counts[v] >= MIN_DISTINCT_NAMES}
        if hits or strong:
            opened.update(f for f, gate in zip(distinct, gate_of)
                          if not hits.isdisjoint(gate[1]) or not strong.isdisjoint(gate[2]))
    may = list(map(opened.__contains__, folded))
    for k in _apposed(words):
        if 0 <= k < len(may):
            may[k] = True
    return may


#: folded word → whether ``_may_start`` opens it whatever was learned; for one gazetteer and
#: one set of shipped given names (``_static_opens``); emptied at ``OPENS_MEMO`` words
_STATIC: dict[str, bool] = {}
_STATIC_FOR: list = [None, None]


def _static_opens(known: dict, firsts: frozenset[str]) -> dict[str, bool]:
    if _STATIC_FOR[0] is not known or _STATIC_FOR[1] is not firsts or len(_STATIC) >= OPENS_MEMO:
        _STATIC.clear()
        _STATIC_FOR[:] = [known, firsts]
    return _STATIC


def _given_names(learned: LearnedNames | None) -> tuple[frozenset[str] | None, dict]:
    """The given names ``match_first_name`` may find (``is_first_name`` says yes to fewer):
    the shipped ones and those learned ``MIN_DISTINCT_NAMES`` times; (None, {}) when the test
    is not ``LearnedNames``' own (then every word is tried)."""
    if learned is None:
        return shipped_first_names(), {}
    if type(learned).is_first_name is not LearnedNames.is_first_name:
        return None, {}
    shipped = shipped_first_names() if learned.shipped is None else learned.shipped
    return shipped, learned.first_learned


def _apposed(words: list[Word]) -> set[int]:
    """Where ``match_apposition`` may start: two to ``MAX_NAME_WORDS`` + 1 words before a
    title after a comma."""
    titles = PERSON.first
    out: set[int] = set()
    for j, w in enumerate(words):
        if w.gap and w.gap in ("،", ",") and (w.folded in titles or w.folded[2:] in titles):
            out.update(range(j - 1 - MAX_NAME_WORDS, j - 1))
    return out


def _known_head(name: str, learned: LearnedNames | None) -> str:
    """A cue's three words cut to the known name they open: «دونالد ترمب نظيره» →
    «دونالد ترمب» when that name (under any spelling) is known."""
    head = name.rsplit(" ", 1)[0]
    k = " ".join(fold(w) for w in head.split())
    sk = skeleton_key(head)
    if (k in gazetteer() or sk in known_people()
            or (learned is not None and (k in learned.names or sk in learned.by_skeleton))):
        return head
    return name


def _longest_organizations(finds: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """An organization named in part and in full in one article is the full name: «جماعة
    الإخوان» → «جماعة الإخوان المسلمين»."""
    # Between full names of one length, the one met most, then first: never the order of a
    # set, which differs from one process to another («منظمة الصحة العالمية» against a misread
    # «منظمة الصحة العاملين» of the same article).
    mentions = Counter(name for name, kind, _ in finds if kind == "organization")
    if len(mentions) < 2:
        return finds
    orgs = list(mentions)  # in order of first mention
    longer = {}
    for name in orgs:
        full = [o for o in orgs if o.startswith(name + " ")]
        if full:
            longer[name] = max(full, key=lambda o: (len(o), mentions[o], -orgs.index(o)))
    return [(longer.get(name, name) if kind == "organization" else name, kind, by_cue)
            for name, kind, by_cue in finds]


def _shipped_first(folded: str, _: Common = never) -> bool:
    return folded in shipped_first_names()


def entities(title: str, body: str, learned: LearnedNames | None = None,
             common: Common | None = None) -> list[Entity]:
    return extract(title, body, learned, common)[0]

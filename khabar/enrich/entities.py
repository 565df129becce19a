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

from khabar.arabic.names import skeleton_key
from khabar.enrich.entity_words import PARTICLES, Common, never, word_variants, words_of
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.known_names import match_known
from khabar.enrich.learned_names import LEARN_AFTER, LearnedNames, known_people
from khabar.enrich.org_patterns import match_organization
from khabar.enrich.first_names import shipped_first_names
from khabar.enrich.person_names import (headline_speaker, match_apposition, match_first_name,
                                        match_nisba, match_person)
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
    title_words = words_of(title.replace("_", " ") if "_" in title else title)
    body_words = words_of(body.replace("_", " ") if "_" in body else body)
    for words in (title_words, body_words):
        i = 0
        while i < len(words):
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
    orgs = {name for name, kind, _ in finds if kind == "organization"}
    if len(orgs) < 2:
        return finds
    longer = {}
    for name in orgs:
        full = [o for o in orgs if o.startswith(name + " ")]
        if full:
            longer[name] = max(full, key=len)
    return [(longer.get(name, name) if kind == "organization" else name, kind, by_cue)
            for name, kind, by_cue in finds]


def _shipped_first(folded: str, _: Common = never) -> bool:
    return folded in shipped_first_names()


def entities(title: str, body: str, learned: LearnedNames | None = None,
             common: Common | None = None) -> list[Entity]:
    return extract(title, body, learned, common)[0]

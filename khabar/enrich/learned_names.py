"""Names learned from the corpus: what cues found in earlier articles, known without a cue.

``LearnedNames.learn`` counts each name a cue found (``LEARN_AFTER`` sightings make it known),
keeps one display spelling per person across spellings (``canonical``: «دونالد ترمب» →
«دونالد ترامب», by the consonant skeleton of ``khabar.arabic.names``) and a person's last name
alone when it is no common word and no other learned person's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.arabic.names import same_name, skeleton_key
from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.entity_words import NAME_STOP, PARTICLES, never
from khabar.enrich.first_names import MIN_DISTINCT_NAMES, shipped_first_names
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.gazetteer_curation import CALENDAR
from khabar.enrich.tagforms import fold

#: cue matches a name needs in the corpus before it is known without a cue
LEARN_AFTER = 3
#: ... or matches in articles of this many different outlets
LEARN_ACROSS_OUTLETS = 2


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
    #: folded first word → different people a cue found whose name it opens (what
    #: ``first_names_build`` reads, with the whole corpus to filter by)
    first_counts: Counter = field(default_factory=Counter)
    #: folded first word → different learned people whose name it opens (``is_first_name``)
    first_learned: Counter = field(default_factory=Counter)
    #: folded name → the outlets whose articles gave it with a cue (while learning)
    outlets: dict[str, set[str]] = field(default_factory=dict)
    #: the given names known before learning (None: those shipped, ``first_names``)
    shipped: frozenset[str] | None = None

    def learn(self, found: list[tuple[str, str, bool]],
              common: Callable[[str], bool] | None = None, source: str | None = None) -> None:
        """Record names an article gave with a cue (name, type, from_cue). A name is known
        after ``LEARN_AFTER`` articles, or ``LEARN_ACROSS_OUTLETS`` of different outlets."""
        for name, kind, from_cue in found:
            if not from_cue:
                continue
            k = " ".join(fold(w) for w in name.split())
            self.counts[k] += 1
            if kind == "person" and self.counts[k] == 1 and " " in k:
                first = k.split(" ", 1)[0]
                if first not in PARTICLES:
                    self.first_counts[first] += 1
            if source and k not in self.names:
                self.outlets.setdefault(k, set()).add(source)
            shown = self.canonical(name, record=True) if kind == "person" else name
            if k not in self.names and (self.counts[k] >= LEARN_AFTER or (
                    self.counts[k] >= LEARN_ACROSS_OUTLETS
                    and len(self.outlets.get(k, ())) >= LEARN_ACROSS_OUTLETS)):
                self.outlets.pop(k, None)
                self.names[k] = (shown, kind)
                if kind == "person" and " " in k and k.split(" ", 1)[0] not in PARTICLES:
                    self.first_learned[k.split(" ", 1)[0]] += 1
                if kind == "person":
                    if shown == name:
                        self.by_skeleton.setdefault(skeleton_key(name), name)
                    self._learn_last_name(k, shown, common or never)

    def is_first_name(self, folded: str, common: Callable[[str], bool] = never) -> bool:
        """A given name: shipped (``first_names``), or opening the names of
        ``MIN_DISTINCT_NAMES`` people this archive learned and no common word
        nor the first word of a known place or organization («سان», «بايرن»)."""
        if folded in (shipped_first_names() if self.shipped is None else self.shipped):
            return True
        return (self.first_learned.get(folded, 0) >= MIN_DISTINCT_NAMES
                and not common(folded) and folded not in known_firsts())

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
        known = self.by_skeleton.get(sk) or known_people().get(sk)
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
        if last in self.ambiguous or len(last) <= 2 or last in STOP_WORDS or last in CALENDAR \
                or last in NAME_STOP:
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
                "first_learned": dict(self.first_learned.most_common()),
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
        learned.first_learned = Counter((data or {}).get("first_learned", {}))
        learned.by_skeleton = dict((data or {}).get("by_skeleton", {}))
        learned.variants = {k: set(v) for k, v in (data or {}).get("variants", {}).items()}
        return learned


@lru_cache(maxsize=1)
def known_firsts() -> frozenset[str]:
    """First words of the gazetteer's places and organizations."""
    return frozenset(k.split(" ", 1)[0] for k, (_, kind) in gazetteer().items()
                     if kind != "person")


@lru_cache(maxsize=1)
def known_people() -> dict[str, str]:
    """Skeleton key → display name of the gazetteer's people of two words or more."""
    out: dict[str, str] = {}
    for name, kind in gazetteer().values():
        if kind == "person" and " " in name:
            out.setdefault(skeleton_key(name), name)
    return out

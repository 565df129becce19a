"""Curation of the gazetteer against a news corpus: which names are words, how outlets spell.

Geonames' Arabic alternate names are a mixed bag for news: «الخميس» (Thursday) names an
Algerian town, «الجديدة» (new) a Moroccan one, and the first alternate of a city is often a
Persian or Urdu spelling («رم» for Rome, «ورشو» for Warsaw). ``curate(groups, counts)`` judges
each name by how a news corpus uses it:

- a city's name is a common word when the corpus writes it often (``MIN_OCCURRENCES``) and
  seldom as a place — its share of occurrences after a place cue ("في", "مدينة", "إلى" …) is
  below ``RARE_PLACE_SHARE``, or below ``MIN_PLACE_SHARE`` while the word also inflects like
  a noun (the same word with the article toggled, «ثورة» / «الثورة», is written at least
  ``TOGGLE_SHARE`` as often), or when the toggled word is written ``NOUN_TOGGLE_SHARE`` as
  often whatever the cues («جامعة» / «الجامعة»); weekdays, months and stop words are words always. Countries are
  judged by the calendar and stop words only: news writes them as subjects, not after cues;
- a place's display name is its most written variant in the corpus (ties: the standard spelling).

``count_corpus(texts, keys)`` counts the candidate keys (each word bared and folded, as
``tagforms.key``) and their occurrences after a place cue. The gazetteer command writes the
verdicts and their counts to ``khabar/data/gazetteer_curation.json``, which later builds read
without the corpus (``python -m khabar.enrich.gazetteer --corpus FILE`` refreshes it).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khabar.arabic import fold, tokens
from khabar.arabic.dates import HIJRI_MONTHS, MONTHS, WEEKDAYS
from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.tagforms import key

CURATION_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer_curation.json"

#: words after which a name is used as a place ("في دبي", "مدينة حلب", "إلى الرياض")
PLACE_CUES = frozenset(fold(w) for w in """
في من إلى الى نحو مدينة بمدينة ومدينة لمدينة بلدة قرية منطقة بمنطقة محافظة بمحافظة ولاية
بولاية إقليم إمارة بإمارة عاصمة العاصمة شمال جنوب شرق غرب شمالي جنوبي شرقي غربي قرب ضواحي وسط داخل
""".split())
#: a name met this often in the corpus is judged by how it is used
MIN_OCCURRENCES = 15
#: shares of place uses (measured on ANT: «الخميس» 0.007, «الجديدة» 0.002, «بشار» 0.006,
#: «ثورة» 0.12 against «روما» 0.18, «طهران» 0.15, «الدوحة» 0.18, «ميونيخ» 0.08)
RARE_PLACE_SHARE = 0.05
MIN_PLACE_SHARE = 0.2
TOGGLE_SHARE = 0.2
#: a name written with the article toggled this share of its own count is a common noun
#: whatever its place uses («جامعة» / «الجامعة»: "في جامعة هارفارد" follows a place cue)
NOUN_TOGGLE_SHARE = 0.5
#: calendar words, never place names whatever geonames says
CALENDAR = frozenset(key(w) for w in (*WEEKDAYS, *MONTHS, *HIJRI_MONTHS)) | frozenset(
    key(w.removeprefix("ال")) for w in WEEKDAYS)


@dataclass
class Counts:
    """Occurrences of candidate keys in a corpus, and those after a place cue."""

    total: Counter = field(default_factory=Counter)
    as_place: Counter = field(default_factory=Counter)

    def add_text(self, text: str, keys: frozenset[str], max_words: int) -> None:
        raw = [w for w, _, _ in tokens(text)]
        keyed = [key(w) for w in raw]
        for i in range(len(keyed)):
            after_cue = i > 0 and fold(raw[i - 1]) in PLACE_CUES
            for n in range(1, max_words + 1):
                k = " ".join(keyed[i:i + n])
                if k in keys:
                    self.total[k] += 1
                    if after_cue:
                        self.as_place[k] += 1

    def place_share(self, k: str) -> float:
        return self.as_place[k] / self.total[k] if self.total[k] else 0.0


def count_corpus(texts: Iterable[str], keys: Iterable[str]) -> Counts:
    wanted = frozenset(keys)
    longest = max((k.count(" ") + 1 for k in wanted), default=1)
    counts = Counts()
    for text in texts:
        counts.add_text(text, wanted, longest)
    return counts


def read_texts(path: Path) -> Iterator[str]:
    """Title and body of each article of a JSON Lines file (gzip or not): the fields title,
    and text or body."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            yield f"{row.get('title') or ''}\n{row.get('text') or row.get('body') or ''}"


def toggled(k: str) -> str:
    """A one-word key with its article toggled ("ثوره" ↔ "الثوره"); "" for longer keys."""
    if " " in k:
        return ""
    return k[2:] if k.startswith("ال") else "ال" + k


def is_word(k: str, counts: Counts | None, *, country: bool = False) -> bool:
    """A name that is a common word (see the module docstring)."""
    if k in CALENDAR or k in STOP_WORDS:
        return True
    if country or counts is None or counts.total[k] < MIN_OCCURRENCES:
        return False
    share = counts.place_share(k)
    toggles = counts.total[toggled(k)]
    if toggles >= NOUN_TOGGLE_SHARE * counts.total[k]:
        return True
    return share < RARE_PLACE_SHARE or (share < MIN_PLACE_SHARE and toggles >= TOGGLE_SHARE * counts.total[k])


def curate(groups: list[tuple[list[str], bool]], counts: Counts) -> dict:
    """Verdicts for groups of variant names of one place each (their first name is the
    current display name; the flag tells a country):
    ``{"words": {key: [total, as_place, toggled]}, "display": {first: best}}``. A country
    keeps its display name."""
    words: dict[str, list[int]] = {}
    display: dict[str, str] = {}
    for names, country in groups:
        kept = []
        for name in names:
            k = key(name)
            if is_word(k, counts, country=country):
                words[k] = [counts.total[k], counts.as_place[k], counts.total[toggled(k)]]
            else:
                kept.append(name)
        if kept and not country:
            best = max(kept, key=lambda n: counts.total[key(n)])
            if counts.total[key(best)] and best != names[0]:
                display[names[0]] = best
    return {"words": dict(sorted(words.items())), "display": dict(sorted(display.items()))}


def load() -> dict:
    """The stored verdicts (empty when the file is missing)."""
    if not CURATION_PATH.is_file():
        return {"words": {}, "display": {}}
    return json.loads(CURATION_PATH.read_text(encoding="utf-8"))


def save(verdicts: dict, corpus: str) -> None:
    data = {"about": "Written by python -m khabar.enrich.gazetteer --corpus FILE "
                     "(khabar/enrich/gazetteer_curation.py): names that are common words "
                     "[occurrences, after a place cue, with the article toggled] and display "
                     "spellings chosen by corpus frequency.", "corpus": corpus, **verdicts}
    CURATION_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n",
                             encoding="utf-8")

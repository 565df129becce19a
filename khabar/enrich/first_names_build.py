"""Rebuild ``khabar/data/first_names.json`` from a news corpus (see ``first_names``).

Usage: python -m khabar.enrich.first_names_build --corpus FILE   (JSON Lines, fields title and
text, .jsonl or .jsonl.gz; ANT takes a few minutes)

The corpus is tagged in order with one learning tagger, as ``khabar import`` would; a word is a
given name when it opened the names of ``MIN_DISTINCT_NAMES`` different people that titles
announced (``LearnedNames.first_counts``), or stood before «بن»/«بنت» with as many different
names after («محمد بن سلمان», «محمد بن زايد», «محمد بن راشد»). Words of the gazetteer, stop
words, cue words and the calendar are left out.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from khabar.arabic import clean
from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.entities import extract
from khabar.enrich.entity_cues import CUE_NOUNS
from khabar.enrich.entity_words import (NAME_STOP, PARTICLES, accusative, word_variants,
                                        words_of)
from khabar.enrich.first_names import MIN_DISTINCT_NAMES, PATH
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.gazetteer_curation import CALENDAR
from khabar.enrich.learned_names import known_firsts
from khabar.enrich.tagger import Tagger

_SON = frozenset(("بن", "بنت"))
#: nouns before a team's or a place's name: a word met after them is no given name
_NOT_PERSON_CUES = frozenset(("نادي", "فريق", "منتخب", "مدينة", "مدينه", "دولة", "دوله",
                              "ولاية", "ولايه", "بلدة", "بلده", "قرية", "قريه"))
#: imperfect verbs: "يشعر" beside "تشعر" (a given name has no feminine form of this kind)
VERB_SHARE = 0.2
#: a word written with the article this share of the times it is written without is a noun
NOUN_SHARE = 0.1


def build(corpus: Path) -> dict:
    tagger = Tagger()
    tagger.names.shipped = frozenset()  # only what this corpus teaches
    fathers: dict[str, set[str]] = defaultdict(set)
    not_people: Counter = Counter()
    n = 0
    for row in _rows(corpus):
        title, body = clean(row.get("title") or ""), clean(row.get("text") or "")
        n += 1
        tagger.stats.observe(title + "\n" + body)
        _, finds = extract(title, body, tagger.names, tagger._common)
        tagger.names.learn(finds, tagger._common, row.get("source"))
        for text in (title, body):
            words = words_of(text)
            for a, b, c in zip(words, words[1:], words[2:]):
                if b.folded in _SON and not b.starts_phrase and not c.starts_phrase:
                    fathers[a.folded].add(c.folded)
            for a, b in zip(words, words[1:]):
                if any(v in _NOT_PERSON_CUES for v, _ in word_variants(a.folded)):
                    not_people[b.folded] += 1
    learned = {w: c for w, c in tagger.names.first_counts.items()
               if c >= MIN_DISTINCT_NAMES and not _word_not_name(w, tagger, not_people)}
    patronymic = {w: len(after) for w, after in fathers.items()
                  if len(after) >= MIN_DISTINCT_NAMES}
    known = gazetteer()
    names = sorted(w for w in learned.keys() | patronymic.keys()
                   if len(w) >= 2 and w not in known and w not in known_firsts()
                   and w not in STOP_WORDS and w not in NAME_STOP and w not in CUE_NOUNS
                   and w not in CALENDAR and w not in PARTICLES and not w.startswith("ال")
                   and not _clitic_form(w, learned.keys() | patronymic.keys(), tagger))
    return {"about": "Given names (folded) learned from a news corpus by "
                     "python -m khabar.enrich.first_names_build; see khabar/enrich/first_names.py.",
            "corpus": corpus.name, "articles": n, "names": names}


def _word_not_name(w: str, tagger: Tagger, not_people: Counter) -> bool:
    """A common word by the whole corpus, an accusative or an imperfect verb, a team's or a
    place's name, or a learned person's last name («ترمب»)."""
    spellings = tagger.stats.spellings
    if tagger._common(w) or accusative(w, tagger._common) or not_people[w] >= 2:
        return True
    if w.endswith(("ته", "ها", "هم")) or (w[0] == "و" and w.endswith("ه")):
        return True  # a noun with a pronoun: "وزوجته"
    if w.endswith("ا") and spellings.get(w[:-1], 0) >= spellings.get(w, 0):
        return True  # an accusative of a word written more often without it: "خلفا"
    if spellings.get("ال" + w, 0) >= NOUN_SHARE * spellings.get(w, 0):
        return True  # a noun written with the article too: "محور", "طالب", "مستعد"
    if w[0] == "ي" and len(w) >= 4 and spellings.get("ت" + w[1:], 0) >= VERB_SHARE * max(
            1, spellings.get(w, 0)):
        return True
    held = tagger.names.names.get(w)
    return held is not None and held[1] == "person"


def _clitic_form(w: str, names: set[str], tagger: Tagger) -> bool:
    """«لمحمد», «وعلي», «وكان»: a clitic before a name or a word."""
    return w[0] in "ولب" and len(w) > 3 and (w[1:] in names or w[1:] in STOP_WORDS
                                            or w[1:] in NAME_STOP or tagger._common(w[1:]))


def _rows(path: Path):  # noqa: ANN202 - an iterator of dicts
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild khabar/data/first_names.json.")
    parser.add_argument("--corpus", type=Path, required=True)
    data = build(parser.parse_args(argv).corpus)
    PATH.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{PATH}: {len(data['names'])} given names from {data['articles']} articles")


if __name__ == "__main__":
    main()

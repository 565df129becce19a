"""Given names: a word that opens people's names, so that "أنهت فينوس وليامز" or "قال مروان
فيلايني" names a person with no title before it.

Two sources, both from news text, none written by hand:

- ``khabar/data/first_names.json``, shipped: the words that opened the names of at least
  ``MIN_DISTINCT_NAMES`` different people found by a title in a news corpus, or stood before
  «بن»/«بنت» with as many different fathers' names ("محمد بن سلمان", "تركي بن طلال").
  ``python -m khabar.enrich.first_names_build --corpus FILE`` rewrites it (ANT: see
  docs/benchmarks.md);
- the archive's own: ``LearnedNames.first_counts`` grows with every new person a title
  announces, so an archive learns the given names of its own beat.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "data" / "first_names.json"
#: different people a word must open the names of to be a given name
MIN_DISTINCT_NAMES = 3


@lru_cache(maxsize=1)
def shipped_first_names() -> frozenset[str]:
    """The folded given names of ``first_names.json`` (empty when the file is absent)."""
    if not PATH.is_file():
        return frozenset()
    return frozenset(json.loads(PATH.read_text(encoding="utf-8"))["names"])

"""Common nouns and adjectives of news Arabic, shipped so that a fresh archive tells a word
from a name: «تطوير», «دعوة», «مستشار» are written with the article as often as without,
names almost never are («جونسون», «حموشي»).

``common_nouns()`` loads ``khabar/data/common_nouns.txt.gz`` (folded words, one a line).
``python -m khabar.enrich.lexicon --corpus FILE`` rebuilds it from a JSON Lines news corpus
(fields title and text): the words seen ``MIN_SIGHTINGS`` times or more whose form with the
article is written ``ARTICLE_SHARE`` as often or more. The tagger adds what its own archive
teaches (``tagger._takes_article``).
"""

from __future__ import annotations

import argparse
import gzip
from collections import Counter
from functools import lru_cache
from pathlib import Path

from khabar.arabic import tokens
from khabar.enrich.gazetteer_curation import read_texts
from khabar.enrich.tagforms import fold, plain

PATH = Path(__file__).resolve().parent.parent / "data" / "common_nouns.txt.gz"
MIN_SIGHTINGS = 20
ARTICLE_SHARE = 0.3


@lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    if not PATH.is_file():
        return frozenset()
    with gzip.open(PATH, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def build(corpus: Path) -> list[str]:
    seen: Counter = Counter()
    for text in read_texts(corpus):
        seen.update({fold(plain(w)) for w, _, _ in tokens(text)})
    return sorted(
        w for w, n in seen.items()
        if not w.startswith("ال") and "\u0621" <= w[:1] <= "\u064a"
        and n + seen.get("ال" + w, 0) >= MIN_SIGHTINGS
        and seen.get("ال" + w, 0) >= ARTICLE_SHARE * n
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild khabar/data/common_nouns.txt.gz.")
    parser.add_argument("--corpus", type=Path, required=True,
                        help="JSON Lines (.jsonl or .jsonl.gz) with title and text")
    words = build(parser.parse_args(argv).corpus)
    with gzip.open(PATH, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(words) + "\n")
    print(f"{PATH}: {len(words)} words, {PATH.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

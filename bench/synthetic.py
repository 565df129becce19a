"""Synthetic-but-realistic articles recombined from the ANT corpus, for scale benchmarks.

    .venv/bin/python bench/synthetic.py --articles 5 [--seed 2026]   # print a sample

``synthetic_articles(n, seed)`` yields ``n`` ``ArticleRecord``s, streamed (never held in
memory), the same ones for the same seed. Each takes:

- a real ANT headline, with probability 1/2 one of its words swapped for a word of another
  headline of the same category;
- the lead paragraph of that headline's article, then paragraphs drawn from other articles of
  the same category, as many paragraphs in all as the headline's article had (clamped to 3–8),
  so body sizes follow the real distribution;
- the real outlet name and category of that article, a publication time drawn uniformly over
  five years (2014-01-01 to 2018-12-31), and a distinct URL and guid;
- a content hash (SHA-256 of title and body), so the store's exact-copy lookup runs as in a
  real import.

Vocabulary therefore stays ANT's (about 143,000 distinct words), and the term frequencies
stay those of real news text; what is not real is the dates and the mix of paragraphs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from khabar.ingest import read_file
from khabar.store import ArticleRecord, ReadProblem

DATA = Path(os.environ.get("KHABAR_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
ANT = DATA / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"

START = datetime(2014, 1, 1, tzinfo=timezone.utc)
SPAN_SECONDS = int((datetime(2019, 1, 1, tzinfo=timezone.utc) - START).total_seconds())

DOMAINS = {
    "skynews": "www.skynewsarabia.com",
    "alarabia": "www.alarabiya.net",
    "france24": "www.france24.com",
    "CNN": "arabic.cnn.com",
    "BBC": "www.bbc.com",
}


@dataclass(frozen=True, slots=True)
class Seed:
    """One real ANT article, split for recombination."""

    title: str
    paragraphs: tuple[str, ...]
    source: str
    category: str


def load_ant(path: Path = ANT) -> list[Seed]:
    """Every readable ANT article with a title and a body, in file order."""
    seeds = []
    for item in read_file(path):
        if isinstance(item, ReadProblem) or not item.title.strip() or not item.body.strip():
            continue
        paragraphs = tuple(p.strip() for p in item.body.split("\n") if p.strip())
        seeds.append(Seed(item.title.strip(), paragraphs, item.source or "unknown",
                          item.category or "other"))
    return seeds


class Synthesizer:
    """Recombines ANT articles; build once, then iterate ``articles(n, seed)``."""

    def __init__(self, seeds: list[Seed]) -> None:
        self.seeds = seeds
        self.paragraphs: dict[str, list[str]] = defaultdict(list)
        self.title_words: dict[str, list[str]] = defaultdict(list)
        for s in seeds:
            self.paragraphs[s.category].extend(s.paragraphs)
            self.title_words[s.category].extend(s.title.split())

    def articles(self, n: int, seed: int = 2026, *, start: int = 0) -> Iterator[ArticleRecord]:
        rng = random.Random(seed)
        for i in range(n):
            base = rng.choice(self.seeds)
            words = base.title.split()
            if len(words) > 2 and rng.random() < 0.5:
                words[rng.randrange(len(words))] = rng.choice(self.title_words[base.category])
            title = " ".join(words)
            count = min(8, max(3, len(base.paragraphs)))
            pool = self.paragraphs[base.category]
            body = "\n".join([base.paragraphs[0]] + [rng.choice(pool) for _ in range(count - 1)])
            published = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
            number = start + i
            domain = DOMAINS.get(base.source, "news.example")
            url = f"https://{domain}/synthetic/{base.category}/{number}"
            yield ArticleRecord(
                title=title,
                body=body,
                url=url,
                canonical_url=url,
                guid=f"syn-{number}",
                published_at=published,
                fetched_at=published,
                source=base.source,
                category=base.category,
                content_hash=hashlib.sha256(f"{title}\n{body}".encode()).hexdigest(),
            )


def synthetic_articles(n: int, seed: int = 2026, path: Path = ANT) -> Iterator[ArticleRecord]:
    yield from Synthesizer(load_ant(path)).articles(n, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    for record in synthetic_articles(args.articles, args.seed):
        print(record.published_at.isoformat(), record.source, record.category, record.url)
        print("  ", record.title)
        print("  ", len(record.body), "chars,", record.body.count("\n") + 1, "paragraphs")


if __name__ == "__main__":
    main()

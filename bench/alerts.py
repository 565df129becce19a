"""Percolation against the naive loop: 10,000 saved searches against ANT articles.

    nice -n 10 .venv/bin/python bench/alerts.py [--articles 10000] [--queries 10000] \\
        [--naive-articles 300] [--seed 15] [--repeat 3]

Articles are the first ``--articles`` records of the ANT corpus (read by ``khabar.ingest``,
not stored, not enriched: entity filters see no entities). Each becomes a
``percolate.Document`` once; that analysis (``khabar.arabic.analyze`` of title and body) is
timed apart, since storing an article pays for it anyway.

Saved searches are drawn (seed ``--seed``) from words of the same articles' headlines, in
the shapes people save: one or two words (55 %), a phrase (15 %), ``a OR b`` (10 %), a word
minus a word (10 %), ``source:`` with a word (5 %), ``category:`` with a word (5 %). Queries
that search refuses (stop words only) are drawn again.

Measured in one run, side by side:

- the percolator (``Percolator.match``: anchor index, then the full check on candidates)
  over every article;
- the naive loop (``naive_match``: every query's full check — the same compiled ``Check`` the
  percolator runs on its candidates — against each article) over the
  first ``--naive-articles`` articles (all 10,000 queries against all 10,000 articles would
  take many minutes); both give the same matches there (checked).

Then the cost per article as the saved searches grow (100, 300, 1,000, 3,000, 10,000): the
percolator over every article, the naive loop over the naive subset, and the candidates
the index wakes per article.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import Counter
from functools import partial
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khabar.arabic import analyze  # noqa: E402
from khabar.errors import QueryError  # noqa: E402
from khabar.ingest import read_file  # noqa: E402
from khabar.search.percolate import (  # noqa: E402
    Check,
    Document,
    Percolator,
    compile_saved,
    naive_match,
)
from khabar.search.query import AnalyzedQuery  # noqa: E402
from khabar.store import ArticleRecord  # noqa: E402

ANT = Path("/work/shared/data/ant-multisource/articles_2018-03_to_2018-05.jsonl.gz")
SIZES = (100, 300, 1000, 3000, 10000)


def documents(path: Path, n: int) -> tuple[list[Document], list[ArticleRecord]]:
    records = [r for r in islice((x for x in read_file(path) if isinstance(x, ArticleRecord)), n)]
    docs = []
    for i, r in enumerate(records, 1):
        title, body = tuple(analyze(r.title)), tuple(analyze(r.body))
        docs.append(Document(title_terms=title, body_terms=body, source=r.source or "",
                             category=r.category, keywords=frozenset(r.keywords),
                             time=r.published_at, article_id=i,
                             terms=frozenset(title) | frozenset(body)))
    return docs, records


def draw_queries(records: list[ArticleRecord], n: int, rng: random.Random,
                 allowed=None) -> list[str]:  # noqa: ANN001 - a word → bool, or None
    out: list[str] = []
    while len(out) < n:
        r = rng.choice(records)
        words = [w for w in r.title.split() if len(w) > 2 and '"' not in w and ":" not in w
                 and (allowed is None or allowed(w))]
        if len(words) < 3:
            continue
        a, b = rng.sample(words, 2)
        at = rng.randrange(len(words) - 1)
        roll = rng.random()
        if roll < 0.35:
            text = a
        elif roll < 0.55:
            text = f"{a} {b}"
        elif roll < 0.70:
            text = f'"{words[at]} {words[at + 1]}"'
        elif roll < 0.80:
            text = f"{a} OR {b}"
        elif roll < 0.90:
            text = f"{a} -{b}"
        elif roll < 0.95:
            text = f'source:"{r.source}" {a}'
        else:
            text = f"category:{r.category} {a}" if r.category else a
        try:
            compile_saved(text)
        except QueryError:
            continue
        out.append(text)
    return out


#: articles timed together; each chunk is timed --repeat times and its best time counts
CHUNK = 250


def best_time(run, items: list[Document], repeat: int) -> float:  # noqa: ANN001 - doc -> x
    """Seconds ``run`` takes over ``items``: per chunk of ``CHUNK`` the best of ``repeat``
    runs (the machine is shared; bursts of load only ever add time), with the garbage
    collector paused as ``timeit`` does."""
    total = 0.0
    gc.collect()
    gc.disable()
    try:
        for at in range(0, len(items), CHUNK):
            chunk = items[at:at + CHUNK]
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                for doc in chunk:
                    run(doc)
                runs.append(time.perf_counter() - started)
            total += min(runs)
    finally:
        gc.enable()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--naive-articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell; the best counts")
    parser.add_argument("--specific-share", type=float, default=0.01,
                        help="the second mix's words occur in at most this share of articles")
    parser.add_argument("--corpus", type=Path, default=ANT)
    args = parser.parse_args()

    started = time.perf_counter()
    docs, records = documents(args.corpus, args.articles)
    analysis = time.perf_counter() - started
    df: Counter = Counter()
    for doc in docs:
        df.update(doc.terms)
    print(f"{len(docs)} ANT articles (analysis {analysis / len(docs) * 1e6:.0f} µs/article, "
          f"paid at storing anyway), {args.queries} saved searches per mix (seed {args.seed})")
    rare = len(docs) * args.specific_share

    def specific(word: str) -> bool:
        terms = analyze(word)
        return bool(terms) and all(df[t] <= rare for t in terms)

    mixes = [("title words", None),
             (f"specific words (in ≤{args.specific_share:.0%} of articles)", specific)]
    for label, allowed in mixes:
        texts = draw_queries(records, args.queries, random.Random(args.seed), allowed)
        compiled = {i: compile_saved(t) for i, t in enumerate(texts)}
        print(f"\nqueries drawn from {label}:")
        measure(compiled, docs, df, docs[: args.naive_articles], args.repeat)


def measure(compiled: dict[int, AnalyzedQuery], docs: list[Document], df: Counter,
            subset: list[Document], repeat: int) -> None:
    print(f"{'searches':>9} {'percolator µs/article':>22} {'candidates/article':>19} "
          f"{'naive µs/article':>17} {'speed-up':>9} {'matches/article':>16}")
    for size in [s for s in SIZES if s <= len(compiled)]:
        queries = {k: compiled[k] for k in range(size)}
        started = time.perf_counter()
        percolator = Percolator(dict(df))
        for key, query in queries.items():
            percolator.add(key, query)
        built = time.perf_counter() - started
        checks = {k: Check.of(q) for k, q in queries.items()}  # the same check, per query
        took = best_time(percolator.match, docs, repeat)
        naive_took = best_time(partial(naive_match, checks), subset, repeat)
        results = [percolator.match(doc) for doc in docs]
        naive_results = [naive_match(checks, doc) for doc in subset]
        woken = sum(len(percolator.candidates(doc)) for doc in docs)
        assert [sorted(r) for r in results[: len(subset)]] == [sorted(r) for r in naive_results], \
            "percolator and naive loop disagree"
        per = took / len(docs) * 1e6
        naive_per = naive_took / len(subset) * 1e6
        matched = sum(len(r) for r in results) / len(docs)
        print(f"{size:>9,} {per:>22.1f} {woken / len(docs):>19.1f} {naive_per:>17.1f} "
              f"{naive_per / per:>8.0f}× {matched:>16.2f}   (index built in {built:.2f} s)")
    print(f"at {len(compiled):,} saved searches: percolator {len(docs) / took:,.0f} articles/s "
          f"over {len(docs):,} articles; naive loop {len(subset) / naive_took:,.1f} articles/s "
          f"over {len(subset):,} (same matches)")


if __name__ == "__main__":
    main()

"""Story clustering quality on both labelled ANT sets, without a store: the clusterer alone,
run over the whole corpus in arrival order (as bench/cluster_ant.py), fast enough to compare
rules side by side.

    .venv/bin/python bench/story_eval.py [--path FILE] [--db STORE]

- the first set (tests/eval/data/ant_stories.txt, 21 March - 30 May, the one the rules are
  tuned on): pairwise P/R/F1, B-cubed F1, distinct pairs kept apart;
- the held-out pairs (tests/eval/data/ant_story_pairs_heldout.txt, 1-20 March, never tuned on):
  pairwise P/R, different-event pairs kept apart.

Articles carry no entities here (the tagger is not run), so entity signals are off; the
numbers of a real import are those of tests/eval/test_stories.py (or ``--db`` on an imported
store, which reads the stored stories instead of clustering).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cluster_ant import ANT  # noqa: E402
from khabar.arabic import clean  # noqa: E402
from khabar.enrich.fingerprint import content_hash  # noqa: E402
from khabar.enrich.stories import Clusterer, Item  # noqa: E402
from khabar.ingest.urls import canonical_url  # noqa: E402
from tests.eval.clustering import load_labels, load_pairs, score, score_pairs  # noqa: E402


def load(path: Path) -> tuple[list[Item], dict[str, int]]:
    """Items folded as the store folds them, and docno → item id."""
    from datetime import datetime

    key_to_id: dict[str, int] = {}
    docno_id: dict[str, int] = {}
    items: list[Item] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            title, body = clean(row["title"]).strip(), clean(row["text"]).strip()
            keys = [canonical_url(row["url"]), content_hash(title, body)]
            known = next((key_to_id[k] for k in keys if k in key_to_id), None)
            if known is None:
                known = len(items) + 1
                when = datetime.fromisoformat(row["time_utc"].replace("Z", "+00:00"))
                items.append(Item(known, title, body, row["source"], when))
            for k in keys:
                key_to_id.setdefault(k, known)
            docno_id[row["docno"]] = known
    items.sort(key=lambda i: (i.time, i.id))
    return items, docno_id


def analyzed(items: list[Item], cache: Path | None) -> None:
    """Give every item its text analysis, from ``cache`` when it holds them (analysis is the
    costly part and does not change with the clustering rules)."""
    import pickle

    from khabar.enrich.stories import analyze_item_text

    if cache and cache.exists():
        done = pickle.loads(cache.read_bytes())
    else:
        done = {i.id: analyze_item_text(i.title, i.body) for i in items}
        if cache:
            cache.write_bytes(pickle.dumps(done))
    for i in items:
        i.analysis = done[i.id]


def from_store(db: Path, path: Path) -> dict[str, int]:
    """docno → stored story id, read from an imported store."""
    from khabar.store import open_store

    with open_store(db) as store:
        stored = [a for chunk in store.articles_in_arrival_order() for a in chunk]
    by_url = {a.canonical_url: a for a in stored}
    by_hash = {a.content_hash: a for a in reversed(stored)}
    found = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            article = by_url.get(canonical_url(row["url"]))
            if article is None:
                article = by_hash[content_hash(row["title"].strip(), row["text"].strip())]
            found[row["docno"]] = article.story_id
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", type=Path, default=ANT)
    parser.add_argument("--db", type=Path, help="read the stories of an imported store")
    parser.add_argument("--cache", type=Path,
                        help="keep the texts' analyses in this pickle (made on first use)")
    args = parser.parse_args()
    if args.db:
        story_of = from_store(args.db, args.path)
    else:
        items, docno_id = load(args.path)
        analyzed(items, args.cache)
        clusterer = Clusterer()
        start = time.perf_counter()
        story = {i.id: clusterer.add(i).story_id for i in items}
        took = time.perf_counter() - start
        print(f"clustered {len(items):,} articles in {took:.1f} s "
              f"({len(items) / took:,.0f} articles/s)")
        story_of = {d: story[i] for d, i in docno_id.items()}
    labels = load_labels()
    print(f"first set (tuning, 21 Mar-30 May): {score(labels, story_of)}")
    print(f"held-out pairs (1-20 Mar):         {score_pairs(load_pairs(), story_of)}")


if __name__ == "__main__":
    main()

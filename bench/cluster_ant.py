"""Story clustering of the whole ANT corpus in arrival order: speed, and whether the cost of
one article stays flat as the archive grows.

    .venv/bin/python bench/cluster_ant.py [--path FILE]

The articles are read and folded as the store folds them (one per canonical URL and per
normalized text), then placed one at a time by ``khabar.enrich.stories.Clusterer`` (near-copy
look-up + TF-IDF candidate stories). Reported: articles/s, the mean cost per article of the
first and of the last 1,000 articles and their ratio, and, measured side by side in this run,
the NewsBlur-style title rule (tests/eval/clustering.py) as the baseline.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from khabar.arabic import clean  # noqa: E402
from khabar.enrich.fingerprint import content_hash  # noqa: E402
from khabar.enrich.stories import Clusterer, Item  # noqa: E402
from khabar.ingest.urls import canonical_url  # noqa: E402
from tests.eval.clustering import newsblur_baseline  # noqa: E402

DEFAULT = Path(os.environ.get("KHABAR_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
ANT = DEFAULT / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"
WINDOW = 1000


def load(path: Path) -> list[Item]:
    seen: set[str] = set()
    items: list[Item] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            title, body = clean(row["title"]).strip(), clean(row["text"]).strip()
            keys = {canonical_url(row["url"]), content_hash(title, body)}
            if keys & seen:
                continue
            seen |= keys
            when = datetime.fromisoformat(row["time_utc"].replace("Z", "+00:00"))
            items.append(Item(len(items) + 1, title, body, row["source"], when))
    items.sort(key=lambda i: (i.time, i.id))
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", type=Path, default=ANT)
    args = parser.parse_args()
    items = load(args.path)
    clusterer = Clusterer()
    costs = []
    start = time.perf_counter()
    for item in items:
        t = time.perf_counter()
        clusterer.add(item)
        costs.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    t = time.perf_counter()
    newsblur_baseline((i.id, i.title, i.time) for i in items)
    baseline = time.perf_counter() - t
    first = sum(costs[:WINDOW]) / WINDOW * 1000
    last = sum(costs[-WINDOW:]) / WINDOW * 1000
    print(f"articles: {len(items):,}  (open stories at the end: {clusterer.open_stories})")
    print(f"khabar clusterer: {total:.2f} s, {len(items) / total:,.0f} articles/s")
    print(f"NewsBlur-style title rule (baseline): {baseline:.2f} s, "
          f"{len(items) / baseline:,.0f} articles/s  (khabar takes {total / baseline:.1f}x)")
    print(f"per article: first {WINDOW:,} {first:.2f} ms, last {WINDOW:,} {last:.2f} ms, "
          f"ratio last/first {last / first:.2f}")


if __name__ == "__main__":
    main()

"""Cost of a story's summary, provenance and timeline (khabar.pipeline.storyline), side by side
with loading the story from the store.

    .venv/bin/python bench/storyline.py --db PATH [--stories 300]

PATH is a store with stories (e.g. one that `bench/import_ant.py` or `khabar import` filled
with the ANT corpus). Takes the --stories most recently active stories of at least 2 articles
(as /stories lists them), loads each (`store.story`), computes its storyline without the cache, then reads it
again through the cache, and prints per-story and per-article times and the ratio to the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khabar.pipeline.storyline import build_storyline, storyline  # noqa: E402
from khabar.store import open_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--stories", type=int, default=300)
    args = parser.parse_args()
    store = open_store(args.db)
    found = store.stories(limit=args.stories, min_articles=2)
    loads, builds, cached, sizes = [], [], [], []
    for card in found:
        t0 = time.perf_counter()
        story = store.story(card.id)
        t1 = time.perf_counter()
        sightings = [s for a in story.articles if a.duplicate_of is None
                     for s in store.sightings(a.id)]
        quotes = store.quotes_of([a.id for a in story.articles])  # the timeline's statements
        t2 = time.perf_counter()
        build_storyline(story, sightings, quotes)
        t3 = time.perf_counter()
        storyline(store, story)  # fills the cache
        t4 = time.perf_counter()
        storyline(store, story)
        t5 = time.perf_counter()
        loads.append(t1 - t0)
        builds.append(t3 - t2)
        cached.append(t5 - t4)
        sizes.append(len(story.articles))
    articles = sum(sizes)
    print(f"load average {os.getloadavg()[0]:.2f}; {len(found)} stories, {articles} articles "
          f"(median {statistics.median(sizes)}, max {max(sizes)})")
    for name, times in (("store.story (load)", loads), ("storyline, computed", builds),
                        ("storyline, cached (incl. sightings look-ups)", cached)):
        print(f"{name:46s} median {statistics.median(times) * 1000:7.2f} ms  "
              f"p95 {sorted(times)[int(len(times) * 0.95) - 1] * 1000:7.2f} ms  "
              f"max {max(times) * 1000:7.2f} ms")
    print(f"computed per article: {sum(builds) / articles * 1000:.2f} ms; "
          f"computed / load (medians): {statistics.median(builds) / statistics.median(loads):.2f}")
    store.close()


if __name__ == "__main__":
    main()

"""Cost of finding quotes beside finding entities, per article (issue 19).

Usage: .venv/bin/python bench/enrich_quotes.py [N] [ROUNDS]   (KHABAR_SHARED_DATA honoured;
N=2000, ROUNDS=3)

On the first N ANT articles, side by side and interleaved in each round (so that the load of
the machine falls on both alike): the entities of each article (``entities.extract``, what
the tagger does for entities) and its quotes (``quotes.extract_quotes`` on the body and those
entities). Prints the best round's ms per article for each, the ratio, and the quotes found.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khabar.enrich.entities import extract  # noqa: E402
from khabar.enrich.quotes import extract_quotes  # noqa: E402
from khabar.ingest import read_file  # noqa: E402
from tests.conftest import shared_data_dir  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
ANT = shared_data_dir() / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"


def main() -> None:
    records = [r for r, _ in zip(read_file(ANT), range(N))]
    entities = [extract(r.title, r.body)[0] for r in records]  # warm caches
    best_e = best_q = float("inf")
    found = 0
    for _ in range(ROUNDS):
        t_e = t_q = 0.0
        found = 0
        for r, ents in zip(records, entities):
            t0 = time.perf_counter()
            extract(r.title, r.body)
            t1 = time.perf_counter()
            found += len(extract_quotes(r.body, ents))
            t_q += time.perf_counter() - t1
            t_e += t1 - t0
        best_e, best_q = min(best_e, t_e), min(best_q, t_q)
    n = len(records)
    print(f"{n} articles, best of {ROUNDS} rounds")
    print(f"entities  {1000 * best_e / n:.2f} ms/article")
    print(f"quotes    {1000 * best_q / n:.2f} ms/article  ({found} quotes, "
          f"{found / n:.2f} per article)")
    print(f"quotes / entities = {best_q / best_e:.2f}")


if __name__ == "__main__":
    main()

"""MRR@10 of headline → article retrieval on ANT for each analyzer, original and typed headlines.

Usage: .venv/bin/python bench/retrieval_mrr.py [--stop-words]   (KHABAR_SHARED_DATA honoured)
Besides the 1,000 headlines of all outlets: 1,000 of the four tuning outlets and 1,000 of CNN,
the outlet the analyzer is not tuned on.
The same figures are pinned as floors by tests/eval/test_retrieval.py.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khabar.arabic import analyze  # noqa: E402
from tests.eval.reference_analyzers import BASELINES, with_stop_words  # noqa: E402
from tests.eval.retrieval import (  # noqa: E402
    HELD_OUT, Index, mrr_at_10, outlet_queries, read_ant, sample_queries, typed,
)


def main() -> None:
    data = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
    docs = read_ant(data / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz")
    queries = sample_queries(docs)
    analyzers = dict(BASELINES)
    if "--stop-words" in sys.argv:
        analyzers.update({f"{k}+stop": with_stop_words(v) for k, v in BASELINES.items()})
    analyzers["khabar"] = analyze
    print(f"{len(docs)} documents, {len(queries)} headlines")
    tuning, held = outlet_queries(docs, held_out=False), outlet_queries(docs, held_out=True)
    print(f"| analyzer | MRR@10 original | MRR@10 typed | four outlets | {HELD_OUT} (held out) "
          "| index s | query s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, analyzer in analyzers.items():
        t0 = time.perf_counter()
        index = Index(docs, analyzer)
        t1 = time.perf_counter()
        original = mrr_at_10(index, docs, queries)
        loose = mrr_at_10(index, docs, queries, typed)
        four, unseen = mrr_at_10(index, docs, tuning), mrr_at_10(index, docs, held)
        t2 = time.perf_counter()
        print(f"| {name} | {original:.4f} | {loose:.4f} | {four:.4f} | {unseen:.4f} "
              f"| {t1 - t0:.1f} | {t2 - t1:.1f} |", flush=True)


if __name__ == "__main__":
    main()

"""Throughput of khabar's ``analyze`` against Snowball Arabic (PyStemmer) on the same ANT text.

Usage: .venv/bin/python bench/analyzer_speed.py   (KHABAR_SHARED_DATA honoured)

Both sides tokenize the same way (``khabar.arabic.tokens``); Snowball then lowercases and stems
the tokens with ``stemWords`` (C, with its own cache), khabar folds, drops stop words and stems
(``term`` is cached). Each side runs twice over all bodies: the first pass fills the caches.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khabar.arabic import analyze  # noqa: E402
from tests.eval.reference_analyzers import snowball_terms  # noqa: E402
from tests.eval.retrieval import read_ant  # noqa: E402


def timed(fn, texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    for text in texts:
        n += len(fn(text))
    return time.perf_counter() - start, n


def main() -> None:
    data = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
    texts = [d.body for d in read_ant(data / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz")]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(f"{len(texts)} bodies, {mb:.1f} MB")
    print("| analyzer | pass | seconds | MB/s | terms | × snowball |")
    print("|---|---|---:|---:|---:|---:|")
    results = {}
    for run in ("cold", "warm"):
        for name, fn in (("snowball (PyStemmer)", snowball_terms), ("khabar analyze", analyze)):
            seconds, n = timed(fn, texts)
            results[name, run] = seconds
            ratio = results["snowball (PyStemmer)", run] / seconds
            print(f"| {name} | {run} | {seconds:.2f} | {mb / seconds:.2f} | {n:,} | {ratio:.2f} |", flush=True)
    cold = results["snowball (PyStemmer)", "cold"] / results["khabar analyze", "cold"]
    warm = results["snowball (PyStemmer)", "warm"] / results["khabar analyze", "warm"]
    print(f"goal: cold ≥ 1.0× Snowball: {cold:.2f}× ({'met' if cold >= 1.0 else 'not met'}); "
          f"warm ≥ 2.0×: {warm:.2f}× ({'met' if warm >= 2.0 else 'not met'}); "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

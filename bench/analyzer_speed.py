"""Throughput of khabar's ``analyze`` against Snowball Arabic (PyStemmer) on the same ANT text.

Usage: .venv/bin/python bench/analyzer_speed.py [--baseline DIR] [--rounds N]
(KHABAR_SHARED_DATA honoured)

Both sides tokenize the same way (``khabar.arabic.tokens``); Snowball then lowercases and stems
the tokens with ``stemWords`` (C, with its own cache), khabar folds, drops stop words and stems
(``term`` is cached). Each side runs twice over all bodies: the first pass fills the caches.

``--baseline DIR`` compares other code side by side (``git archive main | tar -x -C DIR``): each
round runs the bench once with DIR's ``khabar`` and once with this tree's, each in a fresh
process, alternating, and checks that both give the same terms for every body (a digest).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROWS = ("snowball (PyStemmer)", "khabar analyze")


def timed(fn, texts: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (``time.process_time``) and number of terms of one pass."""
    cpu, start = time.process_time(), time.perf_counter()
    n = 0
    for text in texts:
        n += len(fn(text))
    return time.perf_counter() - start, time.process_time() - cpu, n


def run(tree: Path) -> dict:
    """The bench with ``tree``'s ``khabar``: seconds per side and pass, and a digest of the terms."""
    sys.path.insert(0, str(tree))
    from khabar.arabic import analyze
    from tests.eval.reference_analyzers import snowball_terms
    from tests.eval.retrieval import read_ant

    data = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
    texts = [d.body for d in read_ant(data / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz")]
    result: dict = {"bodies": len(texts), "mb": sum(len(t.encode()) for t in texts) / 1e6}
    for run_ in ("cold", "warm"):
        for name, fn in zip(ROWS, (snowball_terms, analyze), strict=True):
            result[f"{name}|{run_}"] = timed(fn, texts)
    digest = hashlib.sha256()
    for text in texts:
        digest.update(" ".join(analyze(text)).encode() + b"\n")
    result["digest"] = digest.hexdigest()
    return result


def report(result: dict, label: str = "") -> tuple[float, float]:
    """Print the table of one run; the cold and warm ratios against Snowball."""
    mb = result["mb"]
    ratios = []
    for run_ in ("cold", "warm"):
        base = result[f"{ROWS[0]}|{run_}"][0]
        for name in ROWS:
            seconds, cpu, n = result[f"{name}|{run_}"]
            print(f"| {label}{name} | {run_} | {seconds:.2f} | {cpu:.2f} | {mb / seconds:.2f} | {n:,} "
                  f"| {base / seconds:.2f} |", flush=True)
        ratios.append(base / result[f"{ROWS[1]}|{run_}"][0])
    return ratios[0], ratios[1]


HEADER = ("| analyzer | pass | seconds | CPU s | MB/s | terms | × snowball |\n"
          "|---|---|---:|---:|---:|---:|---:|")


def compare(baseline: Path, rounds: int) -> None:
    """Alternate fresh processes with the baseline's code and this tree's, ``rounds`` times each."""
    print(f"load average before: {os.getloadavg()}")
    print(HEADER)
    digests: dict[str, set[str]] = {"baseline": set(), "this tree": set()}
    for round_ in range(1, rounds + 1):
        for label, tree in (("baseline", baseline), ("this tree", REPO)):
            out = subprocess.run([sys.executable, __file__, "--child", str(tree)], check=True,
                                 capture_output=True, text=True).stdout
            result = json.loads(out)
            cold, warm = report(result, f"{label} {round_}: ")
            digests[label].add(result["digest"])
            print(f"| ({label} {round_}: cold {cold:.2f}×, warm {warm:.2f}×, "
                  f"load {os.getloadavg()[0]:.1f}) | | | | | | |", flush=True)
    same = digests["baseline"] == digests["this tree"] and len(digests["this tree"]) == 1
    print(f"terms of every body: {'the same' if same else 'DIFFERENT'} "
          f"(sha256 {', '.join(sorted(digests['this tree']))[:16]}…); "
          f"load average after: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, help="another source tree to compare with")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.child)))
        return
    if args.baseline:
        compare(args.baseline.resolve(), args.rounds)
        return
    result = run(REPO)
    print(f"{result['bodies']} bodies, {result['mb']:.1f} MB")
    print(HEADER)
    cold, warm = report(result)
    print(f"goal: cold ≥ 1.0× Snowball: {cold:.2f}× ({'met' if cold >= 1.0 else 'not met'}); "
          f"warm ≥ 2.0×: {warm:.2f}× ({'met' if warm >= 2.0 else 'not met'}); "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

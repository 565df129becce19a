"""Draw candidate article pairs for the held-out story set (tests/eval/data/ant_story_pairs_heldout.txt).

    .venv/bin/python scripts/story_pair_candidates.py [--seed 2026] > /tmp/candidates.txt

Only ANT articles of 1-20 March 2018 are drawn: days that the first labelled set
(tests/eval/data/ant_stories.txt, 21 March - 30 May) never used, and that the clustering rules
were never tuned on. Pairs are drawn without looking at what the clusterer does, stratified by
the TF-IDF cosine of title + lead (analyzed terms, IDF over the window), so that both the easy
and the hard cases are there:

- ``near``: cosine >= 0.45, articles at most 3 days apart (mostly same event, some not);
- ``mid``: cosine 0.25-0.45, at most 3 days apart (the hard band: same event reworded, or
  same topic and a different event);
- ``topic``: cosine 0.12-0.25 and 1-7 days apart, sharing a rare title term (same topic,
  often a different event: two matches of one team, two statements of one ministry);
- ``random``: same day, any cosine (mostly unrelated).

Each candidate is printed with outlet, time, title and lead, for a person to judge; the
criteria are in the label file's header.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
from collections import Counter
from datetime import datetime
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from khabar.arabic import analyze, clean  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA",
                             Path(__file__).resolve().parents[2] / "shared" / "data"))
ANT = SHARED / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"
FIRST, LAST = "2018-03-01", "2018-03-21"  # [FIRST, LAST)
QUOTA = {"near": 45, "mid": 60, "topic": 45, "random": 15}


def load() -> list[dict]:
    rows, seen = [], set()
    with gzip.open(ANT, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if not FIRST <= row["time_utc"][:10] < LAST:
                continue
            key = (row["url"], row["title"].strip())
            if key in seen or row["title"].strip() in seen:
                continue
            seen.add(key)
            seen.add(row["title"].strip())
            row["when"] = datetime.fromisoformat(row["time_utc"].replace("Z", "+00:00"))
            lead = clean(row["text"]).split("\n", 1)[0]
            row["title_terms"] = set(analyze(clean(row["title"])))
            row["terms"] = Counter(analyze(clean(row["title"])) * 2 + analyze(lead)[:60])
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rows = load()
    df: Counter = Counter()
    for r in rows:
        df.update(r["terms"].keys())
    n = len(rows)

    def vec(r: dict) -> dict[str, float]:
        v = {t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in r["terms"].items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    vectors = [vec(r) for r in rows]
    postings: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for t in r["terms"]:
            if df[t] <= 40:
                postings.setdefault(t, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for posting in postings.values():
        pairs.update(combinations(posting, 2))
    strata: dict[str, list[tuple[int, int, float]]] = {k: [] for k in QUOTA}
    for i, j in pairs:
        a, b = rows[i], rows[j]
        if a["url"] == b["url"]:
            continue
        days = abs((a["when"] - b["when"]).total_seconds()) / 86400
        cos = sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items())
        rare_title = any(df[t] <= 25 for t in a["title_terms"] & b["title_terms"])
        if cos >= 0.45 and days <= 3:
            strata["near"].append((i, j, cos))
        elif 0.25 <= cos < 0.45 and days <= 3:
            strata["mid"].append((i, j, cos))
        elif 0.12 <= cos < 0.25 and 1 <= days <= 7 and rare_title:
            strata["topic"].append((i, j, cos))
    by_day: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_day.setdefault(r["time_utc"][:10], []).append(i)
    rng = random.Random(args.seed)
    for _ in range(QUOTA["random"]):
        day = rng.choice(sorted(by_day))
        i, j = sorted(rng.sample(by_day[day], 2))
        cos = sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items())
        strata["random"].append((i, j, cos))
    for name, quota in QUOTA.items():
        chosen = sorted(strata[name])
        chosen = rng.sample(chosen, min(quota, len(chosen))) if name != "random" else chosen
        print(f"## stratum {name}: {len(strata[name])} candidates, {len(chosen)} drawn")
        for i, j, cos in chosen:
            for r in (rows[i], rows[j]):
                lead = " ".join(clean(r["text"]).split()[:40])
                print(f"{r['docno']}  {r['time_utc'][:16]}  {r['title']}\n    {lead}")
            print(f"   cos {cos:.2f}\n")


if __name__ == "__main__":
    main()

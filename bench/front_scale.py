"""A database of N synthetic articles imported by `khabar import`, for the home page at scale.

    .venv/bin/python bench/front_scale.py --articles 100000 --db /work/bench-data/front-100k.db

Articles come from ``bench/synthetic.py`` (ANT headlines and paragraphs recombined, seed
2026), written as an ANT-style JSON Lines file in time order (the i-th article published at
i/N of the five years 2014–2018, so arrival order is time order as when feeds are polled) and
imported by the real command: enrichment, tags, near copies and story clustering included.
Prints the import's seconds and rate; `bench/load_web.py --db PATH` then loads the pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import SPAN_SECONDS, START, Synthesizer, load_ant  # noqa: E402

CODES = {"skynews": "SK", "alarabia": "AA", "france24": "FR", "CNN": "CN", "BBC": "BB"}


def write_jsonl(path: Path, n: int, seed: int) -> None:
    """``n`` synthetic articles as ANT's JSON Lines, published in order over five years."""
    step = SPAN_SECONDS / max(n, 1)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for i, record in enumerate(Synthesizer(load_ant()).articles(n, seed)):
            published = START + timedelta(seconds=int(i * step))
            out.write(json.dumps({
                "docno": f"{CODES.get(record.source or '', 'XX')}-syn-{i}",
                "source": record.source,
                "category": record.category,
                "title": record.title,
                "url": record.url,
                "time_utc": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "text": record.body,
            }, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    if args.db.exists():
        sys.exit(f"bench: {args.db} exists; name a new file")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    khabar = str(Path(sys.executable).parent / "khabar")
    with tempfile.TemporaryDirectory(dir=args.db.parent) as tmp:
        source = Path(tmp) / "synthetic.jsonl.gz"
        started = time.perf_counter()
        write_jsonl(source, args.articles, args.seed)
        written = time.perf_counter() - started
        print(f"wrote {args.articles:,} articles in {written:.0f} s", flush=True)
        started = time.perf_counter()
        subprocess.run([khabar, "--db", str(args.db), "import", str(source)], check=True)
        took = time.perf_counter() - started
    print(f"imported {args.articles:,} articles in {took:.0f} s "
          f"({args.articles / took:.0f} articles/s) into {args.db}")


if __name__ == "__main__":
    main()

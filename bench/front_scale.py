"""A database of N synthetic articles imported by `khabar import`, for the home page at scale.

    .venv/bin/python bench/front_scale.py --articles 100000 --db /work/bench-data/front-100k.db

Articles come from ``bench/synthetic.py`` (ANT headlines and paragraphs recombined, seed
2026), written as an ANT-style JSON Lines file in time order (the i-th article published at
i/N of the five years 2014–2018, so arrival order is time order as when feeds are polled) and
imported by the real command: enrichment, tags, near copies and story clustering included.
Prints the import's seconds and rate; `bench/load_web.py --db PATH` then loads the pages.

    .venv/bin/python bench/front_scale.py --tile BASE.db --articles 1000000 --db /work/bench-data/front-1m.db

The full import runs at 30–300 articles/s on the shared 2-core machine (tagging and story
clustering included), so a million articles would take hours. ``--tile`` builds a large
archive from an imported one instead: a copy of BASE (an import of ANT, say), then copies of
its articles, stories and story countries shifted back in time by whole spans of BASE (copy k
is k spans older; ids, URLs and guids made distinct; scores lowered by the recency the shift
takes away), until the archive holds N articles. The newest span, the one the home page
shows, is BASE's own with its real stories; everything behind it is at the density of BASE.
The copies are not added to the full-text index here: the first `khabar serve` (or any
command) on the tiled store finds FTS5 short of articles and rebuilds it, then the tantivy index
(minutes at 1M; search at scale is measured by bench/search_scale.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import shutil
import sqlite3
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


ARTICLE_COLUMNS = (
    "source_id title body summary author language category attributed_to keywords "
    "dateline_place dateline_agency content_hash body_origin page_error entry_hash entities "
    "countries image_url image_width image_height enclosures").split()
STORY_COLUMNS = "article_count outlet_count category".split()


def _shifted(column: str, days: int) -> str:
    """A stored datetime ("YYYY-MM-DD HH:MM:SS.ffffff") ``days`` earlier, in the same form."""
    return (f"CASE WHEN {column} IS NULL THEN NULL ELSE "
            f"datetime({column}, '-{days} days') || substr({column}, 20) END")


def tile(base: Path, db: Path, n: int) -> None:
    """``db``: BASE, then shifted copies of BASE's articles and stories up to ``n`` articles."""
    shutil.copyfile(base, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    max_a, count = conn.execute("SELECT max(id), count(*) FROM articles").fetchone()
    max_s = conn.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0]
    first, last = conn.execute(
        "SELECT min(coalesce(published_at, fetched_at)), max(coalesce(published_at, fetched_at))"
        " FROM articles").fetchone()
    span = math.ceil((julian(conn, last) - julian(conn, first)) + 1)
    copies = math.ceil(n / count)
    print(f"base: {count:,} articles, {max_s:,} stories, {span} days; {copies - 1} copies",
          flush=True)
    cols = ", ".join(ARTICLE_COLUMNS)
    scols = ", ".join(STORY_COLUMNS)
    for k in range(1, copies):
        days = k * span
        room = n - conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if room <= 0:
            break
        conn.execute(
            f"INSERT INTO stories (id, headline_id, first_at, last_at, score, lead_ids, {scols}) "
            f"SELECT id + {k * max_s}, headline_id + {k * max_a}, {_shifted('first_at', days)}, "
            f"{_shifted('last_at', days)}, score - {days}, '[]', {scols} FROM stories "
            f"WHERE id <= {max_s}")
        conn.execute(
            f"INSERT INTO story_countries (story_id, country, day, last_at, article_count) "
            f"SELECT story_id + {k * max_s}, country, date(day, '-{days} days'), "
            f"{_shifted('last_at', days)}, article_count FROM story_countries "
            f"WHERE story_id <= {max_s}")
        conn.execute(
            f"INSERT INTO articles (id, url, canonical_url, guid, published_at, fetched_at, "
            f"updated_at, story_id, duplicate_of, {cols}) "
            f"SELECT id + {k * max_a}, url || '#t{k}', canonical_url || '#t{k}', "
            f"guid || '#t{k}', {_shifted('published_at', days)}, {_shifted('fetched_at', days)}, "
            f"{_shifted('updated_at', days)}, story_id + {k * max_s}, "
            f"duplicate_of + {k * max_a}, {cols} FROM articles WHERE id <= {max_a} "
            f"ORDER BY id LIMIT {room}")
        conn.commit()
        if k % 10 == 0:
            print(f"copy {k}: {conn.execute('SELECT count(*) FROM articles').fetchone()[0]:,} "
                  "articles", flush=True)
    conn.execute("ANALYZE")
    conn.commit()
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    conn.close()
    print(f"{db}: {total:,} articles, {stories:,} stories")


def julian(conn: sqlite3.Connection, stamp: str) -> float:
    return conn.execute("SELECT julianday(?)", (stamp,)).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--tile", type=Path, metavar="BASE",
                        help="copy BASE's articles back in time instead of importing")
    args = parser.parse_args()
    if args.db.exists():
        sys.exit(f"bench: {args.db} exists; name a new file")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if args.tile:
        started = time.perf_counter()
        tile(args.tile, args.db, args.articles)
        print(f"tiled in {time.perf_counter() - started:.0f} s")
        return
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

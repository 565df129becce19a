"""Search at scale, the data: the query set drawn from ANT headlines (seed 2026, the kinds
and their shares), and removing what a run imported. Records come from ``bench/synthetic.py``. Part of ``bench/search_scale.py``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
from itertools import islice
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from khabar.arabic import analyze  # noqa: E402

SEED = 2026
BATCH = 1000


# Share of each query kind in the query set.
KINDS = [("1 word", 60), ("2 words", 50), ("3 words", 30), ("phrase", 20), ("OR", 20),
         ("filter", 20)]
_WORD = re.compile(r"\w+")


# --- queries ---------------------------------------------------------------------------

def content_words(title: str) -> list[str]:
    return [w for w in _WORD.findall(title)
            if len(w) >= 3 and not w.isdigit() and analyze(w)]


def make_queries(seeds, count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """(kind, query text) pairs drawn from real headlines."""
    rng = random.Random(seed)
    titles = [content_words(s.title) for s in seeds]
    titles = [(t, s) for t, s in zip(titles, seeds) if len(t) >= 3]
    total = sum(n for _, n in KINDS)
    queries: list[tuple[str, str]] = []
    for kind, share in KINDS:
        for _ in range(max(1, round(count * share / total))):
            words, s = rng.choice(titles)
            i = rng.randrange(len(words) - 2)
            if kind == "1 word":
                text = words[i]
            elif kind == "2 words":
                text = " ".join(words[i:i + 2])
            elif kind == "3 words":
                text = " ".join(words[i:i + 3])
            elif kind == "phrase":
                text = '"' + " ".join(words[i:i + rng.choice((2, 3))]) + '"'
            elif kind == "OR":
                other, _ = rng.choice(titles)
                text = f"{words[i]} OR {rng.choice(other)}"
            else:
                which = rng.choice(("source", "category", "date"))
                if which == "source":
                    text = f'{words[i]} source:{s.source}'
                elif which == "category":
                    text = f'{words[i]} category:{s.category}'
                else:
                    year = rng.randrange(2014, 2019)
                    text = f"{words[i]} from:{year}-01-01 to:{year}-06-30"
            queries.append((kind, text))
    return queries[:count]


def batches(iterable, size: int):
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


def remove_data(args: argparse.Namespace, backend: str) -> None:
    """What a run of ``backend`` imported: its files, and its PostgreSQL database."""
    data = Path(args.data_dir)
    for path in {"sqlite": [f"sqlite-{args.articles}.db.search"],
                 "tantivy": [f"tantivy-{args.articles}"],
                 "pgtantivy": [f"pgtantivy-{args.articles}"]}.get(backend, []):
        shutil.rmtree(data / path, ignore_errors=True)
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (data / f"sqlite-{args.articles}.db{suffix}").unlink(missing_ok=True)
    if backend in ("postgresql", "pgtantivy"):
        dbname = args.pg_url.rsplit("/", 1)[1]
        admin = args.pg_url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {dbname}"])

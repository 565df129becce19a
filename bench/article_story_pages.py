"""CPU per request of the article and story pages, in process, old code against new, and
whether both show the same thing.

    .venv/bin/python bench/article_story_pages.py --db PATH --old DIR [--articles 300]
        [--stories 50] [--sample 20] [--rounds 2]

PATH is a store with stories (the ANT corpus imported by `khabar import`); DIR holds the old
code (e.g. `git archive main | tar -x -C DIR`). Each version runs in its own process
(`PYTHONPATH`), in turn, ``--rounds`` times, on the same database opened read-only in effect
(no reader is logged in, so nothing is written). A process asks Starlette's TestClient, one
request at a time, for

- the article page and its JSON twin of the ``--articles`` latest articles, then the first
  ``--sample`` of them again (a page asked again: what `bench/load_web.py` measures);
- the story page and its JSON twin of the ``--stories`` most recently active stories of at
  least 2 articles, then the first ``--sample`` again;
- the story of `bench/load_web.py` ("big story": the most articles among the 100 most recently
  active stories of 3+), its page and its JSON twin once, then ``--sample`` times again;

and reports the CPU time (``time.process_time``: every thread of the process) and the wall time
per request, the median over the rounds. The first request of a page is "first", the repeat
"again" (its caches warm). Baseline: the old code. The answers' bodies (HTML and JSON,
related articles included) are compared between the versions, page by page; the script fails
if any differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("article page", "article API", "story page", "story API", "big story page",
         "big story API")


def child(db: str, n_articles: int, n_stories: int, sample: int, out: str) -> None:
    import warnings

    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    from khabar.settings import load_settings
    from khabar.store import open_store
    from khabar.web.app import create_app

    store = open_store(db)
    client = TestClient(create_app(store, settings=load_settings(secret_key="bench")))
    client.get("/static/style.css")
    article_ids = [a.id for a in store.latest(limit=n_articles)]
    story_ids = [s.id for s in store.stories(limit=n_stories, min_articles=2)]
    # bench/load_web.py's story: the most articles among the 100 most recently active of 3+
    big = max(store.stories(limit=100, min_articles=3), key=lambda s: s.article_count).id
    urls = {
        "article page": [f"/articles/{i}" for i in article_ids],
        "article API": [f"/api/articles/{i}" for i in article_ids],
        "story page": [f"/stories/{i}" for i in story_ids],
        "story API": [f"/api/stories/{i}" for i in story_ids],
        "big story page": [f"/stories/{big}"],
        "big story API": [f"/api/stories/{big}"],
    }
    times: dict[str, dict[str, list[float]]] = {}
    bodies: dict[str, str] = {}
    for kind in KINDS:
        again = urls[kind][:sample] if len(urls[kind]) > 1 else urls[kind] * sample
        for phase, paths in (("first", urls[kind]), ("again", again)):
            cpu0, wall0 = time.process_time(), time.perf_counter()
            for path in paths:
                answer = client.get(path)
                if answer.status_code != 200:
                    sys.exit(f"{path}: {answer.status_code}")
                if phase == "first":
                    bodies[path] = hashlib.sha256(answer.content).hexdigest()
                    if kind == "article API":
                        bodies[path + "#related"] = json.dumps(answer.json()["related"],
                                                               ensure_ascii=False)
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            times.setdefault(kind, {})[phase] = [1000 * cpu / len(paths), 1000 * wall / len(paths),
                                                 len(paths)]
    import khabar

    Path(out).write_text(json.dumps({"times": times, "bodies": bodies, "code": khabar.__file__},
                                    ensure_ascii=False))


def run(code: Path, args: argparse.Namespace, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    subprocess.run([sys.executable, __file__, "--child", str(out), "--db", str(args.db),
                    "--articles", str(args.articles), "--stories", str(args.stories),
                    "--sample", str(args.sample)], env=env, check=True, cwd=code)
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--old", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(str(args.db), args.articles, args.stories, args.sample, args.child)
        return
    if args.old is None:
        parser.error("--old DIR is required")
    versions = {"old": args.old.resolve(), "new": REPO}
    results: dict[str, list[dict]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for name, code in versions.items():
                results[name].append(run(code, args, Path(tmp) / f"{name}-{r}.json"))
    for name, code in versions.items():
        if not all(Path(r["code"]).is_relative_to(code) for r in results[name]):
            sys.exit(f"the {name} runs did not import khabar from {code}")
    old, new = results["old"][0]["bodies"], results["new"][0]["bodies"]
    differ = sorted(k for k in old if old[k] != new.get(k))
    related = [k for k in old if k.endswith("#related")]
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}; "
          f"{args.rounds} rounds, the median of each")
    print(f"{'page':<15} {'asked':<6} {'n':>4} {'old CPU ms':>11} {'new CPU ms':>11} "
          f"{'× old':>6} {'old wall':>9} {'new wall':>9}")
    for kind in KINDS:
        for phase in ("first", "again"):
            def med(name: str, i: int, kind: str = kind, phase: str = phase) -> float:
                return statistics.median(run_["times"][kind][phase][i] for run_ in results[name])
            n = results["old"][0]["times"][kind][phase][2]
            print(f"{kind:<15} {phase:<6} {n:>4} {med('old', 0):>11.1f} {med('new', 0):>11.1f} "
                  f"{med('new', 0) / med('old', 0):>6.2f} {med('old', 1):>9.1f} {med('new', 1):>9.1f}")
    same_related = sum(old[k] == new.get(k) for k in related)
    print(f"same related articles (ids, shared words, scores): {same_related}/{len(related)}; "
          f"same answer bodies: {len(old) - len(related) - len([d for d in differ if '#' not in d])}"
          f"/{len(old) - len(related)}")
    if differ:
        sys.exit("differ: " + " ".join(differ[:20]))


if __name__ == "__main__":
    main()

"""Lighthouse scores of the reader's main pages: `make lighthouse`.

    python scripts/lighthouse.py [--db PATH]

Serves the small fixture store of tests/front_data.py (or the database --db names) on
loopback and runs Lighthouse (npm, pinned in bench/lighthouse/package.json; `make lighthouse`
installs it) with Debian's Chromium and its default mobile preset on the home, article,
story and search pages. Prints each page's performance, accessibility, best-practices and
SEO scores (0–100); the reports go to a temporary directory. Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khabar.store import open_store  # noqa: E402
from khabar.web.app import create_app  # noqa: E402
from tests.browser.conftest import CHROMIUM, serving  # noqa: E402
from tests.front_data import fill_front  # noqa: E402

LIGHTHOUSE = REPO / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: the performance metrics printed under the scores (Lighthouse's audit ids)
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI"}


def pages(store) -> dict[str, str]:  # noqa: ANN001 - a Store
    top = store.top_stories(since=store.newest_time().replace(year=2000), limit=1)
    story = top[0]
    return {
        "home": "/",
        "article": f"/articles/{story.headline.id}",
        "story": f"/stories/{story.id}",
        "search": "/search?q=" + quote(story.headline.title.split()[0]),
    }


def lighthouse(url: str, out: Path) -> dict[str, int]:
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300,
    )
    report = json.loads(out.read_text())
    scores: dict = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["metrics"] = "  ".join(
        f"{short} {report['audits'][m].get('displayValue', '-')}" for m, short in METRICS.items())
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="serve this database instead of the fixture")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse: not installed (cd bench/lighthouse && npm ci)")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(args.db or Path(tmp) / "fixture.db")
        if args.db is None:
            fill_front(store)
        print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
        with serving(create_app(store)) as url:
            for name, path in pages(store).items():
                scores = lighthouse(url + path, Path(tmp) / f"{name}.json")
                print(f"{name:<10}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES)
                      + f"    {scores['metrics']}", flush=True)
        store.close()


if __name__ == "__main__":
    main()

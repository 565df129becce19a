"""Load on `khabar serve` over the ANT corpus: requests/s and latency, with wrk.

    .venv/bin/python bench/load_web.py [--db PATH] [--seconds 10] [--connections 16]

Needs Debian's `wrk`. Imports the ANT corpus into a temporary database unless --db names
one, starts `khabar serve` on a loopback port (one process), and runs wrk against each page
in turn. Baseline: a static file from the same server (the framework's own floor), so each
page is also reported as a share of the baseline's requests/s. Traffic goes to 127.0.0.1
only and each run is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))


def targets(article_id: int, story_id: int) -> list[tuple[str, str]]:
    return [
        ("static file (baseline)", "/static/style.css"),
        ("home (top stories)", "/"),
        ("latest (20, copies folded)", "/latest"),
        ("stories", "/stories"),
        ("story page (summary, provenance, timeline)", f"/stories/{story_id}"),
        ("story API", f"/api/stories/{story_id}"),
        ("top stories API", "/api/top"),
        ("article", f"/articles/{article_id}"),
        ("search page", "/search?q=" + quote("ادارة ترامب")),
        ("search API", "/api/search?q=" + quote("النفط")),
        ("RSS feed", "/feeds/latest.rss"),
    ]


def wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": lat.get("50"), "p99": lat.get("99"), "errors": int(errors.group(1)) if errors else 0}


def wait_until_serving(base: str, server: subprocess.Popen, seconds: float = 180.0) -> None:
    """Until the home page answers (a large archive's first request makes it), else exit."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"bench: khabar serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=60) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"bench: khabar serve did not answer within {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench: wrk not found (apt-get install wrk)")
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "load.db"
    khabar = [str(Path(sys.executable).parent / "khabar"), "--db", str(db)]
    if args.db is None:
        subprocess.run([*khabar, "import", str(DATA / "ant-multisource"), "--json"],
                       check=True, capture_output=True)
    article_id = int(subprocess.run([*khabar, "articles", "--limit", "1"], check=True,
                                    capture_output=True, text=True).stdout.split("\t")[0])
    # the story with the most articles among the 100 most recently active (3+ outlets)
    listed = subprocess.run([*khabar, "stories", "--limit", "100", "--min-articles", "3"],
                            check=True, capture_output=True, text=True).stdout.splitlines()
    story_id = int(max(listed, key=lambda line: int(line.split("\t")[1])).split("\t")[0])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*khabar, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", server)
        rows = [(name, wrk(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections))
                for name, path in targets(article_id, story_id)]
    finally:
        server.terminate()
        server.wait(timeout=10)
        tmp.cleanup()
    base = rows[0][1]["rps"]
    print(f"{'page':<24} {'req/s':>8} {'p50':>9} {'p99':>9} {'x baseline':>10} {'non-2xx':>8}")
    for name, r in rows:
        print(f"{name:<24} {r['rps']:>8.0f} {r['p50']:>9} {r['p99']:>9} {r['rps'] / base:>10.2f} {r['errors']:>8}")


if __name__ == "__main__":
    main()

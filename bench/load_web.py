"""Load on `khabar serve` over the ANT corpus: requests/s and latency, with wrk.

    .venv/bin/python bench/load_web.py [--db PATH] [--seconds 10] [--connections 16]
        [--processes N] [--only static,search,varied …] [--khabar "CMD"]

Needs Debian's `wrk`. Imports the ANT corpus into a temporary database unless --db names
one, starts `khabar serve` on a loopback port (``--processes N`` when given, else the
command's default), and runs wrk against each page in turn. Baseline: a static file from the
same server (the framework's own floor), so each page is also reported as a share of the
baseline's requests/s. "search, 200 queries" is the search page over the 200 varied queries
of ``bench/search_scale.py`` (a wrk Lua script rotates them), so no cache of one repeated
query flatters it. Each row also gives the server's CPU per request (its processes' user +
system time over the run, from /proc: meaningful on a loaded machine where req/s is not).
``--khabar`` runs another khabar (an old tree, for side-by-side runs). Traffic goes to
127.0.0.1 only and each run is bounded by --seconds.
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


#: the rotating-URL mode: the search page over many queries
VARIED = "search, 200 queries"


def targets(article_id: int, story_id: int | None) -> list[tuple[str, str]]:
    found = [
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
        (VARIED, "/search"),
    ]
    return [(name, path) for name, path in found if story_id is not None or "None" not in path]


def varied_script(directory: Path, count: int = 200) -> Path:
    """A wrk Lua script asking the search page for ``count`` queries in turn (each thread
    from its own offset)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search_scale_data import make_queries
    from synthetic import ANT, load_ant

    paths = ["/search?q=" + quote(text) for _, text in make_queries(load_ant(ANT), count)]
    script = directory / "varied.lua"
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local i = math.random(#paths)\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format(\"GET\", paths[i])\n"
        "end\n")
    return script


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its live descendants, in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for each in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def descendants(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = [int(c) for c in children]
    return found + [d for c in found for d in descendants(c)]


def wrk(url: str, seconds: int, connections: int, server: int, script: Path | None = None) -> dict:
    before = cpu_seconds(server)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
         *(["-s", str(script)] if script else []), url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    ).stdout
    used = cpu_seconds(server) - before
    total = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": lat.get("50"), "p99": lat.get("99"),
            "errors": int(errors.group(1)) if errors else 0,
            "cpu_ms": 1000 * used / total if total else float("nan")}


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
    parser.add_argument("--processes", type=int, help="khabar serve --processes (default: its own)")
    parser.add_argument("--only", help="comma-separated words: run the pages whose name holds one")
    parser.add_argument("--khabar", help="the command that runs khabar (default: this venv's)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench: wrk not found (apt-get install wrk)")
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "load.db"
    khabar = [*(args.khabar.split() if args.khabar else [str(Path(sys.executable).parent / "khabar")]),
              "--db", str(db)]
    if args.db is None:
        subprocess.run([*khabar, "import", str(DATA / "ant-multisource"), "--json"],
                       check=True, capture_output=True)
    article_id = int(subprocess.run([*khabar, "articles", "--limit", "1"], check=True,
                                    capture_output=True, text=True).stdout.split("\t")[0])
    # the story with the most articles among the 100 most recently active (3+ outlets)
    listed = subprocess.run([*khabar, "stories", "--limit", "100", "--min-articles", "3"],
                            check=True, capture_output=True, text=True).stdout.splitlines()
    # (none in a store of bench/search_scale.py: its import clusters no stories)
    story_id = (int(max(listed, key=lambda line: int(line.split("\t")[1])).split("\t")[0])
                if listed else None)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    processes = ["--processes", str(args.processes)] if args.processes else []
    server = subprocess.Popen([*khabar, "serve", "--port", str(port), *processes],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    chosen = [(name, path) for name, path in targets(article_id, story_id)
              if not args.only or any(w in name for w in args.only.split(","))]
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", server)
        for _ in range(16):  # every web process (up to 4 by default) has answered a few
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120).read()
        rows = [(name, wrk(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections,
                           server.pid, varied_script(Path(tmp.name)) if name == VARIED else None))
                for name, path in chosen]
    finally:
        server.terminate()
        server.wait(timeout=10)
        tmp.cleanup()
    base = rows[0][1]["rps"]
    print(f"{'page':<24} {'req/s':>8} {'p50':>9} {'p99':>9} {'x first':>8} {'non-2xx':>8} "
          f"{'CPU ms/req':>10}")
    for name, r in rows:
        print(f"{name:<24} {r['rps']:>8.0f} {r['p50']:>9} {r['p99']:>9} {r['rps'] / base:>8.2f} "
              f"{r['errors']:>8} {r['cpu_ms']:>10.2f}")


if __name__ == "__main__":
    main()

"""Polling throughput: 1,000 feeds on a loopback server, mostly answering 304.

    .venv/bin/python bench/poll_feeds.py [--feeds 1000] [--hosts 100] [--changed 0.05]

The feeds are spread over ``--hosts`` ports of 127.0.0.1 (one port = one host for the
per-host limits) and served by a separate process. Round 1 (every feed new, 3 entries each,
article pages not fetched) fills the database; round 2 is the measured one: every feed is
checked with its ETag (best of 3 rounds, as for the baseline); ``--changed`` of them answer 200 with the same entries, the rest 304.

Baseline, measured in the same run: raw httpx GETs of the same URLs with the same ETags and
the same concurrency, without khabar's bookkeeping (slots and politeness, retries, parsing,
known-entry look-ups, source state written to SQLite, scheduling).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402

from _outlets import Outlets, free_ports  # noqa: E402
from khabar.pipeline.worker import poll  # noqa: E402
from khabar.settings import load_settings  # noqa: E402
from khabar.store import open_store  # noqa: E402


#: measured rounds; the best of them is reported, for khabar and the baseline alike
ROUNDS = 3


def feed(n: int, base: str) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(f'خبر رقم {k} من المصدر {n}')}</title>"
        f"<link>{base}/page/{n}-{k}.html</link><guid>{n}-{k}</guid>"
        f"<pubDate>Sat, 28 Nov 2026 {10 + k}:00:00 GMT</pubDate>"
        f"<description>نص الخبر رقم {k} من المصدر رقم {n} كما تنشره الخلاصة.</description></item>"
        for k in range(3)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>مصدر {n}</title><link>{base}/</link>{items}</channel></rss>").encode()


async def baseline(urls: list[str], etags: dict[str, str], concurrency: int) -> float:
    slots = asyncio.Semaphore(concurrency)
    limits = httpx.Limits()  # httpx defaults: faster here than khabar's 100 keep-alive
    async with httpx.AsyncClient(limits=limits) as client:
        async def one(url: str) -> int:
            async with slots:
                response = await client.get(url, headers={"If-None-Match": etags[url]})
                await response.aread()
                return response.status_code

        started = time.perf_counter()
        statuses = await asyncio.gather(*(one(u) for u in urls))
        elapsed = time.perf_counter() - started
    assert statuses.count(304) >= len(urls) // 2, statuses[:5]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--changed", type=float, default=0.05)
    args = parser.parse_args()

    ports = free_ports(args.hosts)
    urls = [f"http://127.0.0.1:{ports[n % args.hosts]}/feed/{n}.xml" for n in range(args.feeds)]
    feeds = {f"/feed/{n}.xml": feed(n, f"http://127.0.0.1:{ports[n % args.hosts]}")
             for n in range(args.feeds)}
    random.seed(1)
    changed = set(random.sample(sorted(feeds), int(args.feeds * args.changed)))
    server = Outlets(ports, feeds, {}, changed)
    settings = load_settings(allow_private_networks=True, fetch_pages=False)
    try:
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "poll.db") as store:
            for n, url in enumerate(urls):
                store.follow_source(name=f"مصدر {n}", feed_url=url)
            started = time.perf_counter()
            first = poll(store, everything=True, settings=settings)
            first_s = time.perf_counter() - started
            second_s = float("inf")
            for _ in range(ROUNDS):  # round 2 repeats identically: best of ROUNDS
                started = time.perf_counter()
                second = poll(store, everything=True, settings=settings)
                second_s = min(second_s, time.perf_counter() - started)
            etags = {s.feed_url: s.etag or "" for s in store.followed_sources()}
            raw_s = min(asyncio.run(baseline(urls, etags, settings.poll_concurrency))
                        for _ in range(ROUNDS))
    finally:
        server.close()

    n = args.feeds
    print(f"{n} feeds on {args.hosts} loopback hosts; poll_concurrency="
          f"{settings.poll_concurrency}, per_host_connections={settings.per_host_connections}, "
          f"per_host_delay={settings.per_host_delay} s (defaults)")
    print(f"floor set by politeness: {args.feeds // args.hosts} feeds per host, one start per "
          f"{settings.per_host_delay} s per host = {(args.feeds // args.hosts - 1) * settings.per_host_delay:.2f} s")
    print(f"round 1 outcomes: {first.to_json()['outcomes']}, {first.inserted} articles stored")
    print(f"round 2 outcomes: {second.to_json()['outcomes']}")
    print()
    print("| run | checks | seconds | checks/s | × baseline time |")
    print("|---|---:|---:|---:|---:|")
    print(f"| raw httpx GETs, same URLs and ETags (baseline) | {n} | {raw_s:.2f} | {n / raw_s:,.0f} | 1.00 |")
    print(f"| khabar poll, round 2 (mostly 304) | {n} | {second_s:.2f} | **{n / second_s:,.0f}** | {second_s / raw_s:.2f} |")
    print(f"| khabar poll, round 1 (all new, 3 entries each) | {n} | {first_s:.2f} | {n / first_s:,.0f} | {first_s / raw_s:.2f} |")


if __name__ == "__main__":
    main()

"""End-to-end article pages per second: fetch + extract + enrich/analyze + store, next to
trafilatura extraction alone on the same pages.

    .venv/bin/python bench/pages_e2e.py [--copies 100] [--hosts 10] [--processes 1,2]

The pages are the three real Arabic article pages of ../shared/data/html-extraction-ar, each
served ``--copies`` times under different addresses (their canonical and og:url links removed,
so every copy is its own article), listed by one RSS feed per host on a loopback server in a
separate process. khabar polls the feeds with article pages fetched (robots.txt asked, 404
here), extracted with trafilatura, enriched, stored and indexed in SQLite. ``per_host_delay``
is 0 for this run: the politeness delay is waiting, not work.

Baseline, measured in the same run: ``trafilatura.bare_extraction`` with khabar's options on
the same HTML strings, one after the other, in trafilatura's default mode (with its fallback
extractors; khabar runs its ``fast`` mode first, see ``khabar.ingest.html_page``). The
``fast`` mode alone is shown too. CPU seconds per page: this (polling) process, the pool's
processes (read from /proc before the pool stops), and the loopback server. khabar's run is repeated for each ``--processes``
value (``khabar.pipeline.extraction.use_processes``: pages extracted in that many processes;
1: in a thread), each into a fresh database.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura  # noqa: E402

from _outlets import Outlets, free_ports  # noqa: E402
from khabar.ingest.html_page import DATE_PARAMS, EXTRACTION  # noqa: E402
from khabar.pipeline.extraction import pool_pids, use_processes  # noqa: E402
from khabar.pipeline.worker import poll  # noqa: E402
from khabar.settings import load_settings  # noqa: E402
from khabar.store import open_store  # noqa: E402

SHARED = Path(os.environ.get("KHABAR_SHARED_DATA",
                             Path(__file__).resolve().parents[2] / "shared" / "data"))
PAGES = SHARED / "html-extraction-ar"
_SELF_LINKS = re.compile(r'<link[^>]+rel="canonical"[^>]*>|<meta[^>]+property="og:url"[^>]*>',
                         re.I)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def real_pages() -> list[str]:
    texts = [
        (PAGES / "assabah-tn" / "assabah.com.tn.article.html").read_text(encoding="utf-8"),
        (PAGES / "cnn-arabic-2013" / "arabic_article.html").read_text(encoding="utf-8"),
        gzip.decompress((PAGES / "lbcgroup-lb" / "LBCGroup_2026_01_08.html.gz").read_bytes())
        .decode("utf-8"),
    ]
    return [_SELF_LINKS.sub("", t) for t in texts]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--processes", default="1,2", help="comma-separated process counts")
    args = parser.parse_args()

    originals = real_pages()
    ports = free_ports(args.hosts)
    pages: dict[str, bytes] = {}
    htmls: list[str] = []
    items: dict[int, list[str]] = {p: [] for p in ports}
    for n in range(args.copies * len(originals)):
        port = ports[n % args.hosts]
        path = f"/page/{n}.html"
        html = originals[n % len(originals)]
        pages[path] = html.encode("utf-8")
        htmls.append(html)
        items[port].append(
            f"<item><title>مقال {n}</title><link>http://127.0.0.1:{port}{path}</link>"
            f"<guid>{n}</guid><description>ملخص المقال {n}</description></item>")
    feeds = {f"/feed/{p}.xml": (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>مصدر</title>'
        + "".join(items[p]) + "</channel></rss>").encode() for p in ports}
    server = Outlets(ports, feeds, pages)
    total = len(htmls)
    # no source may time out: on a loaded machine a poll of many pages takes minutes
    settings = load_settings(allow_private_networks=True, per_host_delay=0.0,
                             max_pages_per_poll=total, source_timeout=24 * 3600.0)
    runs: list = []
    try:
        for processes in (int(p) for p in args.processes.split(",")):
            use_processes(processes)
            with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "pages.db") as store:
                for port in ports:
                    store.follow_source(name=f"مصدر {port}",
                                        feed_url=f"http://127.0.0.1:{port}/feed/{port}.xml")
                server_cpu = cpu_seconds(server.process.pid)
                started, parent_cpu = time.perf_counter(), time.process_time()
                report = poll(store, everything=True, settings=settings)
                e2e_s = time.perf_counter() - started
                cpu = {"parent": time.process_time() - parent_cpu,
                       "pool": sum(cpu_seconds(pid) for pid in pool_pids()),
                       "server": cpu_seconds(server.process.pid) - server_cpu}
                from_pages = sum(1 for a in store.latest(limit=total) if a.body_origin == "page")
            runs.append((processes, e2e_s, report, from_pages, cpu))
            use_processes(1)
    finally:
        server.close()

    baselines = []
    for fast in (False, True):
        started, cpu_started = time.perf_counter(), time.process_time()
        extracted = sum(
            1 for html in htmls
            if trafilatura.bare_extraction(html, date_extraction_params=DATE_PARAMS, fast=fast,
                                           **EXTRACTION)
        )
        baselines.append((extracted, time.perf_counter() - started,
                          time.process_time() - cpu_started))
    (extracted, baseline_s, baseline_cpu), (fast_extracted, fast_s, fast_cpu) = baselines

    print(f"{total} pages ({args.copies} copies of 3 real pages) on {args.hosts} loopback hosts; "
          f"load average {os.getloadavg()[0]:.1f}")
    for processes, _, report, from_pages, _ in runs:
        print(f"  {processes} process(es): {report.inserted} articles stored, "
              f"{from_pages} with the page's text, "
              f"{sum(r.page_errors for r in report.results)} page errors")
    print()
    print("| run | pages | seconds | pages/s | × baseline throughput | CPU ms per page: "
          "polling process / pool / server |")
    print("|---|---:|---:|---:|---:|---|")
    print(f"| trafilatura.bare_extraction alone (baseline) | {extracted} | {baseline_s:.2f} | "
          f"{extracted / baseline_s:,.1f} | 1.00 | {1000 * baseline_cpu / total:.0f} / – / – |")
    print(f"| trafilatura.bare_extraction alone, `fast=True` | {fast_extracted} | {fast_s:.2f} | "
          f"{fast_extracted / fast_s:,.1f} | {(fast_extracted / fast_s) / (extracted / baseline_s):.2f}"
          f" | {1000 * fast_cpu / total:.0f} / – / – |")
    for processes, e2e_s, _, _, cpu in runs:
        print(f"| khabar poll, pages extracted in {processes} process(es): fetch + extract + "
              f"enrich + store + index | {total} | {e2e_s:.2f} | **{total / e2e_s:,.1f}** | "
              f"{(total / e2e_s) / (extracted / baseline_s):.2f} | "
              f"{1000 * cpu['parent'] / total:.0f} / {1000 * cpu['pool'] / total:.0f} / "
              f"{1000 * cpu['server'] / total:.0f} |")
    # only a run that stored every page with its text counts
    best = max([(total / e2e_s) / (extracted / baseline_s)
                for _, e2e_s, _, from_pages, _ in runs if from_pages == total] or [0.0])
    print(f"goal: pages end to end ≥ 1.5× trafilatura alone: best {best:.2f}× "
          f"({'met' if best >= 1.5 else 'not met'}; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()

"""The image proxy's cost: a thumbnail made on a cache miss against one served from the cache,
both against a static file from the same app (the baseline), side by side in one run.

    .venv/bin/python bench/image_proxy.py [--images 20] [--hits 200]

An outlet on 127.0.0.1 serves photo-like JPEGs (1600×1067, noise over a gradient); each
miss fetches one, checks it, and makes its 640 px WebP; hits ask for those again. Runs in-process (Starlette's TestClient), one request at a time; takes seconds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khabar.settings import load_settings  # noqa: E402
from khabar.store import ArticleRecord, open_store  # noqa: E402
from khabar.store.records import Image as LeadImage  # noqa: E402
from khabar.web.app import create_app  # noqa: E402
from khabar.web.images import proxy_of  # noqa: E402
from tests.loopback import Loopback  # noqa: E402

WEBP = {"accept": "image/avif,image/webp,*/*;q=0.8"}


def photo(seed: int) -> bytes:
    noise = Image.effect_noise((1600, 1067), 40 + seed % 20).convert("RGB")
    gradient = Image.linear_gradient("L").resize((1600, 1067)).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(noise, gradient, 0.6).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def timed(client: TestClient, url: str) -> float:
    started = time.perf_counter()
    answer = client.get(url, headers=WEBP)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{url}: {answer.status_code} {answer.text[:200]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--hits", type=int, default=200)
    args = parser.parse_args()
    outlet = Loopback()
    sizes = []
    for n in range(args.images):
        body = photo(n)
        sizes.append(len(body))
        outlet.static(f"/p/{n}.jpg", body, content_type="image/jpeg")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        added = store.add_articles([
            ArticleRecord(title=f"خبر {n}", body=f"نص {n}", guid=str(n), source="بنك الصور",
                          image=LeadImage(outlet.url(f"/p/{n}.jpg")))
            for n in range(args.images)])
        settings = load_settings(allow_private_networks=True, per_host_delay=0.0, retries=0,
                                 secret_key="bench", image_cache_dir=str(Path(folder) / "cache"))
        client = TestClient(create_app(store, settings=settings))
        proxy = proxy_of(client.app)
        urls = [f"/img/640/{proxy.token(a.article_id, outlet.url(f'/p/{n}.jpg'))}"
                for n, a in enumerate(added)]
        static = [timed(client, "/static/style.css") for _ in range(args.hits)]
        misses = [timed(client, url) for url in urls]
        hits = [timed(client, urls[n % len(urls)]) for n in range(args.hits)]
        store.close()
    outlet.close()
    rows = [("static file (baseline)", static), ("thumbnail, cache hit", hits),
            ("thumbnail, cache miss (fetch, check, make)", misses)]
    base = statistics.median(static)
    print(f"{args.images} originals of {statistics.mean(sizes) / 1024:.0f} KiB on average")
    print(f"{'request':<48} {'median ms':>10} {'p95 ms':>8} {'× baseline':>11}")
    for name, values in rows:
        median = statistics.median(values)
        p95 = sorted(values)[int(len(values) * 0.95) - 1]
        print(f"{name:<48} {median * 1000:>10.1f} {p95 * 1000:>8.1f} {median / base:>11.1f}")


if __name__ == "__main__":
    main()

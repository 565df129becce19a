"""Cost of tagging (keyphrases, entities, category) beside the rest of an import, per article.

Usage: .venv/bin/python bench/enrich_tags.py [N]   (KHABAR_SHARED_DATA honoured; N=3000)

On the first N ANT articles, side by side in one run: reading the records, enriching them
without tags (clean, dateline, fingerprint), tagging them (``Tagger.observe`` + ``tag`` with
a trained category model), and storing them (SQLite, FTS5). Prints ms per article and the
share tagging adds to the import of one article; and YAKE on the same articles for scale.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import khabar.enrich as enrich_module  # noqa: E402
from khabar.enrich.categories import train  # noqa: E402
from khabar.enrich.tagger import Tagger  # noqa: E402
from khabar.ingest import read_file  # noqa: E402
from khabar.pipeline.importer import prepare_record  # noqa: E402
from khabar.store import open_store  # noqa: E402
from tests.conftest import shared_data_dir  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
ANT = shared_data_dir() / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"


class _NoTags(Tagger):
    def observe(self, record):  # noqa: ANN001, D102
        pass

    def tag(self, record):  # noqa: ANN001, D102
        return record


def main() -> None:
    from datetime import datetime, timezone

    t0 = time.perf_counter()
    records = [r for r, _ in zip(read_file(ANT), range(N))]
    t_read = time.perf_counter() - t0
    now = datetime.now(timezone.utc)

    t0 = time.perf_counter()
    plain = [prepare_record(r, None, now, tagger=_NoTags()) for r in records]
    t_enrich = time.perf_counter() - t0

    model = train((r.title, r.body, r.category) for r in plain if r.category)
    tagger = Tagger(categories=model)
    t0, c0 = time.perf_counter(), time.process_time()
    for r in plain:
        tagger.observe(r)
    for r in plain:
        r.category = None  # let the model guess, the costlier path
        tagger.tag(r)
    t_tags, c_tags = time.perf_counter() - t0, time.process_time() - c0

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "b.db") as store:
        t0 = time.perf_counter()
        for i in range(0, len(plain), 500):
            store.add_articles(plain[i:i + 500])
        t_store = time.perf_counter() - t0

    try:
        import yake

        extractor = yake.KeywordExtractor(lan="ar", n=3, top=8)
        sample = plain[:300]
        t0 = time.perf_counter()
        for r in sample:
            extractor.extract_keywords(r.title + "\n" + r.body)
        t_yake = (time.perf_counter() - t0) / len(sample)
    except ImportError:
        t_yake = None

    n = len(plain)
    base = (t_read + t_enrich + t_store) / n
    print(f"{n} ANT articles, ms per article:")
    print(f"  read {1000 * t_read / n:.2f}  enrich without tags {1000 * t_enrich / n:.2f}  "
          f"store {1000 * t_store / n:.2f}  → import without tags {1000 * base:.2f}")
    print(f"  tags (keyphrases + entities + category) {1000 * t_tags / n:.2f}  "
          f"→ import with tags {1000 * (base + t_tags / n):.2f} "
          f"(×{(base + t_tags / n) / base:.2f})")
    print(f"goal: tags ≤ 1.5 ms per article: {1000 * t_tags / n:.2f} ms "
          f"({'met' if 1000 * t_tags / n <= 1.5 else 'not met'}; CPU {1000 * c_tags / n:.2f} ms; "
          f"load average {os.getloadavg()[0]:.1f})")
    if t_yake is None:
        print("  YAKE not installed (`pip install yake` to compare): skipped")
    else:
        print(f"  YAKE alone {1000 * t_yake:.2f} (keyphrases only; "
              f"×{t_yake / (t_tags / n):.2f} of khabar's tags)")
    _ = enrich_module


if __name__ == "__main__":
    main()

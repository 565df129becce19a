"""The category model shipped with khabar, so a fresh archive categorizes its first article.

``default_model()`` loads ``khabar/data/categories.json.gz``: ``categories.train`` on the six
categories of the ANT corpus (internationalNews, middleEast, sport, economy, technology,
culture), its vocabulary cut to the terms met in ``MIN_DOCUMENTS`` articles or more and its
weights rounded, to keep the file small. ``Tagger.for_store`` uses it while the archive has no
model of its own; ``khabar train-categories`` trains one from the archive, which then wins.

Rebuild: ``python -m khabar.enrich.default_categories --corpus FILE`` (a JSON Lines file with
title, text and category fields, such as ANT's); it prints the accuracy on each outlet held
out (trained on the other outlets) and the file's size.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

from khabar.enrich import categories as cat

PATH = Path(__file__).resolve().parent.parent / "data" / "categories.json.gz"
#: articles a term must occur in to stay in the shipped vocabulary (the file's size)
MIN_DOCUMENTS = 25
#: decimals kept of each weight
DECIMALS = 2


@lru_cache(maxsize=1)
def default_model() -> cat.CategoryModel | None:
    """The shipped model, or None when the file is missing."""
    if not PATH.is_file():
        return None
    with gzip.open(PATH, "rt", encoding="utf-8") as f:
        return cat.CategoryModel.from_json(json.load(f))


def _rows(corpus: Path) -> Iterator[dict]:
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("category"):
                yield row


def build(corpus: Path, min_documents: int = MIN_DOCUMENTS) -> cat.CategoryModel:
    rows = list(_rows(corpus))
    return _small(cat.train((r["title"], r.get("text") or r.get("body") or "", r["category"])
                            for r in rows), rows, min_documents)


def _small(model: cat.CategoryModel, rows: list[dict], min_documents: int) -> cat.CategoryModel:
    """The model with only the terms of ``min_documents`` articles (renormalized)."""
    df: dict[str, int] = {}
    for r in rows:
        for t in cat.features(r["title"], r.get("text") or r.get("body") or ""):
            df[t] = df.get(t, 0) + 1
    keep = sorted(t for t in model.vocabulary if df.get(t, 0) >= min_documents)
    columns = [model.vocabulary[t] for t in keep]
    likelihood = np.exp(model.log_likelihood[:, columns])
    log_likelihood = np.log(likelihood / likelihood.sum(axis=1, keepdims=True))
    return cat.CategoryModel(model.classes, {t: i for i, t in enumerate(keep)},
                             model.log_prior, log_likelihood)


def held_out_outlets(corpus: Path, min_documents: int = MIN_DOCUMENTS) -> dict[str, float]:
    """Accuracy on each outlet of a model trained on the others."""
    rows = list(_rows(corpus))
    out: dict[str, float] = {}
    for outlet in sorted({r["source"] for r in rows}):
        train_rows = [r for r in rows if r["source"] != outlet]
        model = _small(cat.train((r["title"], r.get("text") or "", r["category"])
                                 for r in train_rows), train_rows, min_documents)
        share, _ = cat.accuracy(model, ((r["title"], r.get("text") or "", r["category"])
                                        for r in rows if r["source"] == outlet))
        out[outlet] = round(share, 3)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild khabar/data/categories.json.gz.")
    parser.add_argument("--corpus", type=Path, required=True,
                        help="JSON Lines (.jsonl or .jsonl.gz) with title, text and category")
    parser.add_argument("--held-out", action="store_true",
                        help="also print the accuracy on each outlet held out")
    args = parser.parse_args(argv)
    if args.held_out:
        print("accuracy per held-out outlet:", held_out_outlets(args.corpus))
    model = build(args.corpus)
    data = model.to_json()
    data["log_prior"] = [round(x, DECIMALS) for x in data["log_prior"]]
    data["log_likelihood"] = [[round(x, DECIMALS) for x in row] for row in data["log_likelihood"]]
    with gzip.open(PATH, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
    print(f"{PATH}: {len(model.classes)} categories, {len(model.vocabulary)} terms, "
          f"{PATH.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

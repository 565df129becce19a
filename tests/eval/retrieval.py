"""Headline → article retrieval on the ANT corpus, ranked with BM25, scored with MRR@10.

Used by ``tests/eval/test_retrieval.py`` and by ``bench/`` scripts. In memory, pure Python:

- the corpus is read once, one document per distinct URL (the first copy), title and body kept;
- an ``Index`` holds, for one analyzer, the postings of the bodies and their lengths; the BM25
  weight of a term in a document (k1 = 1.2, b = 0.75, Lucene's idf) is computed once per term;
- ``mrr_at_10`` queries with the headlines, each headline's distinct terms OR-ed, and averages
  1/rank of the headline's own article (0 when it is not in the first 10).

``typed(text)`` rewrites a headline as people type it: no hamza on alef, ه for ة, ي for ى.
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

K1 = 1.2
B = 0.75
TOP = 10
SAMPLE = 1_000
SEED = 2026

_TYPED = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})


@dataclass(frozen=True, slots=True)
class Doc:
    url: str
    title: str
    body: str
    source: str = ""


def read_ant(path: Path) -> list[Doc]:
    """One document per distinct URL, first copy wins, in corpus order."""
    docs: dict[str, Doc] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["url"] not in docs and row["title"].strip() and row["text"].strip():
                docs[row["url"]] = Doc(row["url"], row["title"].strip(), row["text"],
                                       row.get("source", ""))
    return list(docs.values())


def sample_queries(docs: Sequence[Doc], n: int = SAMPLE, seed: int = SEED) -> list[int]:
    """Indexes of the documents whose headlines are the queries (fixed seed)."""
    return sorted(random.Random(seed).sample(range(len(docs)), n))


#: the ANT outlet the analyzer is not tuned on (its lexicons are learned from the other four)
HELD_OUT = "CNN"


def outlet_queries(docs: Sequence[Doc], held_out: bool, n: int = SAMPLE, seed: int = SEED) -> list[int]:
    """Headlines of the held-out outlet (``held_out``) or of the four others, sampled alike."""
    pool = [i for i, d in enumerate(docs) if (d.source == HELD_OUT) == held_out]
    return sorted(random.Random(seed).sample(pool, min(n, len(pool))))


def typed(text: str) -> str:
    return text.translate(_TYPED)


class Index:
    """BM25 over the bodies of ``docs`` as ``analyzer`` turns them into terms."""

    def __init__(self, docs: Sequence[Doc], analyzer: Callable[[str], list[str]]) -> None:
        self.analyzer = analyzer
        self.postings: dict[str, list[tuple[int, int]]] = {}
        lengths: list[int] = []
        for i, doc in enumerate(docs):
            terms = analyzer(doc.body)
            lengths.append(len(terms))
            for t, tf in Counter(terms).items():
                self.postings.setdefault(t, []).append((i, tf))
        self.n = len(lengths)
        avgdl = sum(lengths) / max(1, self.n)
        self.norms = [K1 * (1 - B + B * dl / avgdl) for dl in lengths]
        self._weights: dict[str, dict[int, float]] = {}

    def weights(self, t: str) -> dict[int, float]:
        w = self._weights.get(t)
        if w is None:
            plist = self.postings.get(t, ())
            df = len(plist)
            idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
            norms = self.norms
            w = {d: idf * tf * (K1 + 1) / (tf + norms[d]) for d, tf in plist}
            self._weights[t] = w
        return w

    def search(self, query: str, k: int = TOP) -> list[int]:
        scores: dict[int, float] = {}
        get = scores.get
        for t in dict.fromkeys(self.analyzer(query)):
            for d, w in self.weights(t).items():
                scores[d] = get(d, 0.0) + w
        return [d for d, _ in heapq.nlargest(k, scores.items(), key=itemgetter(1))]


def mrr_at_10(index: Index, docs: Sequence[Doc], queries: Sequence[int],
              rewrite: Callable[[str], str] = str) -> float:
    total = 0.0
    for q in queries:
        ranked = index.search(rewrite(docs[q].title))
        if q in ranked:
            total += 1.0 / (ranked.index(q) + 1)
    return total / len(queries)

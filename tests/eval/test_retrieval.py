"""Headline → article retrieval on ANT: khabar's ``analyze`` against Lucene's and Snowball's.

The bodies of the 14,474 distinct ANT articles are indexed in memory (BM25, tests/eval/retrieval.py)
once per analyzer; 1,000 headlines sampled with a fixed seed are the queries, as written and as
people type them (no hamza on alef, ه for ة, ي for ى). MRR@10 must stay above the pinned floors,
and khabar must beat Lucene's ArabicNormalizer + ArabicStemmer and Snowball on both variants.
Figures and the command are recorded in docs/benchmarks.md (``bench/retrieval_mrr.py``).
"""

from __future__ import annotations

import pytest

from khabar.arabic import analyze
from tests.eval.reference_analyzers import BASELINES
from tests.eval.retrieval import Index, mrr_at_10, outlet_queries, read_ant, sample_queries, typed

pytestmark = pytest.mark.corpus

ANALYZERS = {**BASELINES, "khabar": analyze}

#: (analyzer, variant) → floor; measured 2026-11-29 (see docs/benchmarks.md), pinned ~0.005 below
FLOORS: dict[tuple[str, str], float] = {
    ("plain", "original"): 0.648,
    ("plain", "typed"): 0.504,
    ("lucene", "original"): 0.686,
    ("lucene", "typed"): 0.686,
    ("snowball", "original"): 0.692,
    ("snowball", "typed"): 0.653,
    ("khabar", "original"): 0.707,
    ("khabar", "typed"): 0.707,
}

VARIANTS = {"original": str, "typed": typed}

#: headlines of the four tuning outlets and of CNN, the outlet the analyzer (and its lexicon of
#: feminine plurals) never saw; measured 2026-12-03, analyzer version 3 (docs/benchmarks.md)
OUTLET_FLOORS: dict[tuple[str, str], float] = {
    ("khabar", "tuning"): 0.692,
    ("khabar", "held-out"): 0.743,
}


@pytest.fixture(scope="module")
def mrr(ant_file) -> dict[tuple[str, str], float]:
    docs = read_ant(ant_file)
    queries = sample_queries(docs)
    assert len(docs) == 14_474 and len(queries) == 1_000
    outlets = {"tuning": outlet_queries(docs, held_out=False),
               "held-out": outlet_queries(docs, held_out=True)}
    figures: dict[tuple[str, str], float] = {}
    for name, analyzer in ANALYZERS.items():
        index = Index(docs, analyzer)
        for variant, rewrite in VARIANTS.items():
            figures[name, variant] = mrr_at_10(index, docs, queries, rewrite)
        for split, split_queries in outlets.items():
            figures[name, split] = mrr_at_10(index, docs, split_queries)
    print("\n" + "\n".join(f"MRR@10 {n:9} {v:9} {x:.4f}" for (n, v), x in figures.items()))
    return figures


@pytest.mark.parametrize("key", list(FLOORS), ids=lambda k: "-".join(k))
def test_mrr_floor(mrr: dict[tuple[str, str], float], key: tuple[str, str]) -> None:
    assert mrr[key] >= FLOORS[key]


@pytest.mark.parametrize("key", list(OUTLET_FLOORS), ids=lambda k: "-".join(k))
def test_mrr_floor_per_outlet_split(mrr: dict[tuple[str, str], float], key: tuple[str, str]) -> None:
    assert mrr[key] >= OUTLET_FLOORS[key]


@pytest.mark.parametrize("split", ["tuning", "held-out"])
@pytest.mark.parametrize("reference", ["lucene", "snowball"])
def test_khabar_beats_reference_on_the_held_out_outlet(mrr: dict[tuple[str, str], float],
                                                      reference: str, split: str) -> None:
    assert mrr["khabar", split] > mrr[reference, split]


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("reference", ["lucene", "snowball", "plain"])
def test_khabar_beats_reference(mrr: dict[tuple[str, str], float], reference: str, variant: str) -> None:
    assert mrr["khabar", variant] > mrr[reference, variant]

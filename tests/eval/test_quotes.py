"""Evaluation of quotes on ANT against 64 hand-labelled articles
(tests/eval/data/quotes_ant64.json: criteria in the file), with entities found as the
import's tagger finds them (the archive's learned names and common words). Al Arabiya,
BBC, France 24 and Sky News were read while the rules were written (training figures);
CNN was held out in the first round; its errors were read in the second (issue 19: wording
the tuning outlets lacked), so it is now a tuning outlet too. The 32 articles of other days
(tests/eval/data/quotes_ant_days32.json, all five outlets) were labelled before the second
round and held out in it; in the third round their errors were read (tuning data now), and 25
articles of days neither set uses (tests/eval/data/quotes_ant_days3.json, labelled and
committed before that round's rules) are the held-out figures. docs/benchmarks.md has the
figures."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from khabar.enrich.entities import LearnedNames
from khabar.enrich.tagger import NAMES_MODEL, Tagger
from khabar.store.records import SPEAKER_TYPES
from tests.eval.quotes_eval import DAYS3_LABELS, DAYS_LABELS, labels, score

#: measured 2026-12-03, speaker-quote pairs (same speaker, spans overlapping by half).
#: First round: tuning outlets (AL, BB, FR, SK: 48 articles, 59 statements) P 0.920 R 0.780
#: (46 tp, 4 fp, 13 fn); CNN (16 articles, 34 statements, then held out) P 0.600 R 0.441.
#: Second round (CNN's errors read, rules for their classes): tuning outlets unchanged,
#: P 0.920 R 0.780; CNN P 0.882 R 0.882 (30 tp, 4 fp, 4 fn); the held-out days (32 articles
#: of all five outlets, 52 statements, measured once) P 0.667 R 0.577 (30 tp, 15 fp, 22 fn;
#: the first round's rules: P 0.651 R 0.538) — below the issue's aim (P ≥ 0.85, R ≥ 0.70).
#: Third round (the days32 errors read, rules for their classes): tuning outlets P 0.920
#: R 0.780 (unchanged); CNN P 0.909 R 0.882 (30 tp, 3 fp, 4 fn); days32, now tuning data,
#: P 0.896 R 0.827 (43 tp, 5 fp, 9 fn); the third set of other days (25 articles, 35
#: statements, held out) P 0.833 R 0.571 (20 tp, 4 fp, 15 fn; before: P 0.522 R 0.343)
TUNING_FLOORS = (0.88, 0.75)
CNN_FLOORS = (0.88, 0.85)
DAYS32_FLOORS = (0.85, 0.78)
HELD_OUT_FLOORS = (0.80, 0.54)
#: stored articles whose quotes are checked against their body
STORED_SAMPLE = 300


@pytest.fixture(scope="module")
def labelled_rows(ant_file):
    want = set(labels()["articles"]) | set(labels(DAYS_LABELS)["articles"]) \
        | set(labels(DAYS3_LABELS)["articles"])
    with gzip.open(ant_file, "rt", encoding="utf-8") as f:
        return {r["docno"]: r for r in map(json.loads, f) if r["docno"] in want}


def _scores(ant_store, labelled_rows, held_out: bool, **kw):
    tagger = Tagger.for_store(ant_store)
    learned = LearnedNames.from_json(ant_store.load_model(NAMES_MODEL))
    s = score(labelled_rows, held_out=held_out, learned=learned, common=tagger._common, **kw)
    name = kw["path"].name if "path" in kw else "CNN" if held_out else "tuning"
    print(f"{name}: P {s.precision:.3f} "
          f"R {s.recall:.3f} ({s.tp} tp, {s.fp} fp, {s.fn} fn; verb right on "
          f"{s.verbs_right} of {s.tp})")
    return s


def test_quotes_on_the_tuning_outlets(ant_store, labelled_rows):
    s = _scores(ant_store, labelled_rows, held_out=False)
    assert s.precision >= TUNING_FLOORS[0] and s.recall >= TUNING_FLOORS[1]


def test_quotes_on_cnn(ant_store, labelled_rows):
    s = _scores(ant_store, labelled_rows, held_out=True)
    assert s.precision >= CNN_FLOORS[0] and s.recall >= CNN_FLOORS[1]


def test_quotes_on_the_days32_set(ant_store, labelled_rows):
    s = _scores(ant_store, labelled_rows, held_out=True, path=DAYS_LABELS)
    assert s.precision >= DAYS32_FLOORS[0] and s.recall >= DAYS32_FLOORS[1]


def test_quotes_on_the_held_out_days(ant_store, labelled_rows):
    s = _scores(ant_store, labelled_rows, held_out=True, path=DAYS3_LABELS)
    assert s.precision >= HELD_OUT_FLOORS[0] and s.recall >= HELD_OUT_FLOORS[1]


def test_the_import_stores_quotes_that_stand_in_their_article(ant_store):
    """Quotes are computed at import: a sample of stored articles' quotes are their body's
    text at their offsets, with a speaker of a known type."""
    top = ant_store.top_speakers(limit=5)
    assert top and top[0][2] >= 20, top
    rng = random.Random(19)
    ids = rng.sample(range(1, ant_store.count_articles() + 1), STORED_SAMPLE)
    found = ant_store.quotes_of(ids)
    assert sum(map(len, found.values())) >= STORED_SAMPLE // 2
    for article_id, quotes in found.items():
        article = ant_store.article(article_id)
        for q in quotes:
            assert article.body[q.start:q.end] == q.text
            assert q.speaker_type in SPEAKER_TYPES and q.speaker and q.verb

"""Stories on the real ANT corpus: copies fold, events group, related stays apart.

The ANT corpus is imported once per session (``ant_store``), stories included, in arrival
order. Floors are pinned; the NewsBlur-style baseline is measured in the same run.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict

import pytest

from khabar.enrich.fingerprint import content_hash
from khabar.enrich.related import is_copy_or_same_story
from khabar.ingest.urls import canonical_url
from khabar.pipeline.stories import related
from tests.eval.clustering import load_labels, load_pairs, newsblur_baseline, score, score_pairs

pytestmark = pytest.mark.corpus

#: floors on the labelled set (tests/eval/data/ant_stories.txt); measured 2026-11-29:
#: P 0.961 R 0.760 F1 0.849 B-cubed F1 0.941 (baseline F1 0.099, B-cubed 0.738)
PAIRWISE_PRECISION_FLOOR = 0.90
PAIRWISE_F1_FLOOR = 0.80
BCUBED_F1_FLOOR = 0.92
#: docno pairs named in the issue: cross-outlet copies that must fold or share a story
NAMED_PAIRS = [
    ("SK-sport-194-20180309", "AL-sport-506-20180309"),
    ("AL-internationalNews-1246-20180519", "SK-internationalNews-1672-20180519"),
    ("SK-internationalNews-654-20180329", "AL-internationalNews-676-20180329"),
    ("AL-sport-1251-20180411", "SK-sport-659-20180411"),
    ("AL-technology-109-20180320", "SK-technology-201-20180320"),
]
RELATED_SAMPLE = 60
#: floors on the held-out pairs (tests/eval/data/ant_story_pairs_heldout.txt, 1-20 March 2018,
#: never tuned on); measured 2026-12-03 (#19 item 5): P 0.979 R 0.780, different-event pairs
#: kept apart 98.2% (before the weekday/score marks: P 0.959 R 0.797, 96.5%)
HELDOUT_PRECISION_FLOOR = 0.95
HELDOUT_RECALL_FLOOR = 0.75
HELDOUT_TOPIC_APART_FLOOR = 0.95


@pytest.fixture(scope="module")
def ant_rows(ant_file):
    with gzip.open(ant_file, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def stored(ant_store):
    """Every stored ANT article in arrival order."""
    return [a for chunk in ant_store.articles_in_arrival_order() for a in chunk]


@pytest.fixture(scope="module")
def article_of(ant_rows, stored):
    """docno → the stored article that holds it (by canonical URL, else by folded text)."""
    by_url = {a.canonical_url: a for a in stored}
    by_hash = {a.content_hash: a for a in reversed(stored)}
    found = {}
    for row in ant_rows:
        article = by_url.get(canonical_url(row["url"]))
        if article is None:
            article = by_hash[content_hash(row["title"].strip(), row["text"].strip())]
        found[row["docno"]] = article
    return found


def test_url_duplicate_pairs_with_identical_text_fold_to_one_article(ant_rows, article_of):
    by_url = defaultdict(list)
    for row in ant_rows:
        by_url[row["url"]].append(row)
    pairs = [rows for rows in by_url.values() if len(rows) == 2]
    identical = [p for p in pairs if content_hash("", p[0]["text"]) == content_hash("", p[1]["text"])]
    print(f"ANT: {len(pairs)} URL-duplicate pairs, {len(identical)} with the same folded text")
    # SOURCE.md counts 601 identical texts; folding harakat and spacing, 598 hash the same.
    assert len(pairs) >= 620 and len(identical) >= 590
    assert all(article_of[a["docno"]].id == article_of[b["docno"]].id for a, b in pairs)


def test_copies_under_other_urls_are_sightings(ant_store, stored):
    sighted = [a for a in stored[:3000] if ant_store.sightings(a.id)]
    assert sighted, "the same text under two URLs is seen, not stored twice"


def test_named_cross_outlet_copies_fold_or_share_a_story(article_of):
    for a, b in NAMED_PAIRS:
        first, second = article_of[a], article_of[b]
        assert first.story_id == second.story_id, (a, b)
    folded = sum(1 for a, b in NAMED_PAIRS
                 if article_of[b].duplicate_of == article_of[a].id
                 or article_of[a].duplicate_of == article_of[b].id)
    assert folded >= 4  # the fifth (Jaccard 0.45) is a rewrite: same story, not a copy


def test_stories_beat_the_newsblur_baseline_on_the_labelled_set(stored, article_of):
    labels = load_labels()
    assert len(labels.groups) >= 30 and len(labels.distinct) >= 30
    ours = score(labels, {d: article_of[d].story_id for d in labels.docnos})
    baseline_cluster = newsblur_baseline(
        (a.id, a.title, a.published_at or a.fetched_at) for a in stored)
    baseline = score(labels, {d: baseline_cluster[article_of[d].id] for d in labels.docnos})
    print(f"\nkhabar:   {ours}\nbaseline: {baseline}")
    assert ours.precision >= PAIRWISE_PRECISION_FLOOR
    assert ours.f1 >= PAIRWISE_F1_FLOOR
    assert ours.bcubed_f1 >= BCUBED_F1_FLOOR
    assert ours.f1 > baseline.f1 and ours.bcubed_f1 > baseline.bcubed_f1


def test_held_out_pairs_keep_events_of_one_topic_apart(article_of):
    pairs = load_pairs()
    assert len(pairs) >= 150
    held_out = score_pairs(pairs, {d: article_of[d].story_id for _, a, b in pairs for d in (a, b)})
    print(f"\nheld-out pairs: {held_out}")
    assert held_out.precision >= HELDOUT_PRECISION_FLOOR
    assert held_out.recall >= HELDOUT_RECALL_FLOOR
    assert held_out.topic_apart >= HELDOUT_TOPIC_APART_FLOOR
    assert held_out.unrelated_apart == 1.0


def test_related_never_includes_a_copy_or_the_same_story(ant_store, stored):
    in_stories = [a for a in stored if a.story_id is not None and a.story_id != a.id]
    sample = random.Random(2018).sample(in_stories, RELATED_SAMPLE)
    shown = 0
    for article in sample:
        for r in related(ant_store, article):
            shown += 1
            assert r.article.story_id != article.story_id
            assert r.article.id not in (article.id, article.duplicate_of)
            assert not is_copy_or_same_story(article, r.article)
            assert r.shared
    assert shown >= RELATED_SAMPLE  # most articles get related articles

"""Story summaries and wire provenance on real ANT stories of 3+ outlets (#19 items 2-3).

The stories and their hand-labelled first publishers are in data/storyline_stories.txt, the
criteria in data/storyline_criteria.md, the judgements of 30 summaries (ours, the lead
paragraph, sumy's LexRank and TextRank) in data/storyline_judged.json. Floors are pinned;
the baselines are run side by side. Measured 2026-12-03 (training figures: the labels were made
while the method was written, and one provenance rule was changed after seeing its errors):
provenance 40/40, and 16/16 on 16 held-out stories of May 2018 labelled before the method ran
on them; summaries 163 sentences, 0 near-duplicate pairs, 0 unattributed (LexRank 5
stories with a near-duplicate pair, TextRank 12); judged: main fact 30/30 (lead 29, LexRank 30,
TextRank 28), restated facts 33 (LexRank 30, TextRank 42). Later that day (helper `summary`):
11 of the 30 summaries changed when CNN's datelines were taken off and were judged again
(restated: 40 over the 30), and
14 held-out stories never looked at before were judged (data/storyline_summary_heldout.txt):
main fact 14/14, restated 19 in 58 sentences, readable 13/14. A lexical rewording check tried
on them gave 21 and was not kept (docs/benchmarks.md, "2026-12-03: summaries that say it
twice").
"""

from __future__ import annotations

import pytest

from khabar.enrich.provenance import provenance
from khabar.enrich.story_facts import story_facts
from tests.eval.storyline_eval import (
    DATA, auto_checks, fingerprint, lead, load_judged, load_stories, ours, stored_story_articles,
    sumy_summary,
)

pytestmark = pytest.mark.corpus

PROVENANCE_ACCURACY_FLOOR = 0.9
#: stories of a month not looked at while the method was written (measured 16/16)
HELDOUT = DATA / "storyline_provenance_heldout.txt"
#: stories whose summaries were judged without the method being tuned on them
HELDOUT_SUMMARIES = DATA / "storyline_summary_heldout.txt"
#: restatements of a fact in other words, per judged story (measured 40/30 and 19/14)
RESTATED_PER_STORY_CEILING = 1.45
HELDOUT_READABLE_FLOOR = 0.9
#: judged summaries that must still be the summaries the code gives (else judge again)
JUDGED_STILL_CURRENT = 0.8
MAIN_FACT_FLOOR = 0.9


@pytest.fixture(scope="module")
def story_articles(ant_file, ant_store):
    """Labelled story number → its stored articles (URL duplicates folded to one)."""
    labelled = load_stories() + load_stories(HELDOUT) + load_stories(HELDOUT_SUMMARIES)
    return stored_story_articles(ant_store, ant_file, labelled)


def test_the_labelled_sets_are_big_enough():
    stories = load_stories()
    assert len(stories) >= 30 and len(load_judged()["stories"]) >= 30


@pytest.mark.parametrize("labels", [None, HELDOUT], ids=["labelled", "held-out"])
def test_first_publisher_accuracy(story_articles, labels):
    stories = load_stories(labels) if labels else load_stories()
    wrong = []
    for s in stories:
        found = provenance(story_facts(story_articles[s.number])).first_publisher
        if found != s.first:
            wrong.append(f"story {s.number}: labelled {s.first}, found {found}")
    accuracy = 1 - len(wrong) / len(stories)
    print(f"provenance: {len(stories) - len(wrong)}/{len(stories)} = {accuracy:.3f}", *wrong,
          sep="\n  ")
    assert accuracy >= PROVENANCE_ACCURACY_FLOOR


def test_summaries_are_short_attributed_and_never_repeat_a_sentence(story_articles):
    totals = {"ours": [0, 0, 0], "lead": [0, 0, 0], "lexrank": [0, 0, 0], "textrank": [0, 0, 0]}
    baselines = pytest.importorskip("sumy") is not None
    for number in {s.number for s in load_stories()}:
        articles = story_articles[number]
        mine = ours(articles)
        assert 3 <= len(mine) <= 5, number
        runs = {"ours": mine, "lead": lead(articles)}
        if baselines:
            runs["lexrank"] = sumy_summary(articles, "lexrank", len(mine))
            runs["textrank"] = sumy_summary(articles, "textrank", len(mine))
        for name, picked in runs.items():
            auto = auto_checks(picked, articles)
            totals[name][0] += auto.sentences
            totals[name][1] += auto.duplicates > 0
            totals[name][2] += auto.unattributed
    for name, (sentences, with_duplicates, unattributed) in totals.items():
        print(f"{name}: {sentences} sentences, {with_duplicates} stories with a near-duplicate "
              f"pair, {unattributed} unattributed")
    assert totals["ours"][1] == 0 and totals["ours"][2] == 0
    assert totals["ours"][1] <= min(totals["lexrank"][1], totals["textrank"][1])


def _judged(story_articles, held_out: bool) -> list[dict]:
    """The judgements (of one set) whose summary is still the one the code gives."""
    judged = {n: j for n, j in load_judged()["stories"].items()
              if bool(j.get("held_out")) is held_out}
    current = {n: fingerprint(ours(story_articles[int(n)])) == j["ours"]["fingerprint"]
               for n, j in judged.items()}
    print(f"judged summaries still current ({'held-out' if held_out else 'first set'}): "
          f"{sum(current.values())}/{len(judged)}")
    assert sum(current.values()) / len(judged) >= JUDGED_STILL_CURRENT, (
        "the summaries changed: judge them again")
    return [j for n, j in judged.items() if current[n]]


def test_judged_summaries(story_articles):
    kept = _judged(story_articles, held_out=False)
    main = sum(j["ours"]["main_fact"] for j in kept) / len(kept)
    assert main >= MAIN_FACT_FLOOR
    assert all(j["ours"]["readable"] for j in kept)
    lead_main = sum(j["lead"]["main_fact"] for j in kept) / len(kept)
    assert main >= lead_main
    assert sum(j["ours"]["restated"] for j in kept) / len(kept) <= RESTATED_PER_STORY_CEILING


def test_held_out_judged_summaries(story_articles):
    assert len(load_stories(HELDOUT_SUMMARIES)) >= 10
    kept = _judged(story_articles, held_out=True)
    assert sum(j["ours"]["main_fact"] for j in kept) / len(kept) >= MAIN_FACT_FLOOR
    assert sum(j["ours"]["readable"] for j in kept) / len(kept) >= HELDOUT_READABLE_FLOOR
    assert sum(j["ours"]["restated"] for j in kept) / len(kept) <= RESTATED_PER_STORY_CEILING

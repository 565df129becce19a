"""Evaluation of tags on ANT: entities against 50 hand-labelled articles, categories on a time
split, keyphrases against YAKE on 30 judged articles (docs/benchmarks.md has the figures)."""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from khabar.enrich.categories import accuracy, train
from khabar.enrich.entities import LearnedNames
from khabar.enrich.tagger import NAMES_MODEL, Tagger
from tests.eval.tags_eval import (GROUNDING_SAMPLE, HELD_OUT, LABELS, grounding, outlets,
                                  score)

JUDGED = Path(__file__).resolve().parent / "data" / "keyphrases_judged.json"

#: measured 2026-11-29: person P 0.789 R 0.441, place P 0.886 R 0.821,
#: organization P 0.824 R 0.549 (partial match, title + opening 350 characters);
#: 2026-12-02 (issue 13, curated gazetteer, name particles, common-noun lexicon): person
#: P 0.882 R 0.441, place P 0.929 R 0.821, organization P 0.824 R 0.549;
#: 2026-12-03 (titles read through their complement, given names, organization patterns):
#: person P 0.893 R 0.735, place P 0.929 R 0.821, organization P 0.939 R 0.608;
#: 2026-12-03 (second pass: apposition, hamza-initial names, و inside a name, no verb as a
#: name's second word): person P 0.929 R 0.765 (26 tp, 2 fp, 8 fn)
FLOORS = {
    "person": (0.88, 0.75),
    "place": (0.90, 0.80),
    "organization": (0.90, 0.58),
}
#: the held-out set (tags_eval.HELD_OUT), never tuned on; before the 2026-12-03 rules person
#: P 0.778 R 0.333, place P 0.912 R 0.849, organization P 0.739 R 0.425; after them person
#: P 0.789 R 0.714, place P 0.925 R 0.849, organization P 0.880 R 0.550
HELD_OUT_FLOORS = {
    "person": (0.75, 0.65),
    "place": (0.90, 0.82),
    "organization": (0.83, 0.50),
}
#: measured 2026-11-29: 0.808 on 5,031 stored May articles, trained on those of March–April
CATEGORY_FLOOR = 0.77
MAY = datetime(2018, 5, 1, tzinfo=timezone.utc)
_NOT_A_TAG = re.compile(r"[^\w\s]|[\u06a9\u06af\u06cc\u067e\u0686\u0698]")  # punctuation, Persian
_CLITIC_FORMS = ("وال", "بال", "فال", "كال", "لل")


@pytest.fixture(scope="module")
def ant_rows(ant_file):
    with gzip.open(ant_file, "rt", encoding="utf-8") as f:
        return {r["docno"]: r for r in map(json.loads, f)}


def _report(name: str, labels, ant_rows, learned, common) -> dict:
    scores = score(ant_rows, learned, common, labels)
    for kind, s in scores.items():
        print(f"{name} {kind}: P {s.precision:.3f} R {s.recall:.3f} "
              f"({s.tp} tp, {s.fp} fp, {s.fn} fn)")
    for outlet in outlets(labels):
        by = score(ant_rows, learned, common, labels, outlet)
        print(f"  {outlet}: " + "  ".join(f"{k} {s.tp}/{s.fp}/{s.fn}" for k, s in by.items()))
    return scores


def test_entities_precision_and_recall_per_type(ant_store, ant_rows):
    tagger = Tagger.for_store(ant_store)
    learned = LearnedNames.from_json(ant_store.load_model(NAMES_MODEL))
    scores = _report("tuned-on", LABELS, ant_rows, learned, tagger._common)
    for kind, (p_floor, r_floor) in FLOORS.items():
        assert scores[kind].precision >= p_floor, kind
        assert scores[kind].recall >= r_floor, kind


def test_entities_on_held_out_articles(ant_store, ant_rows):
    """The 40 articles labelled before the rules were written and never tuned on."""
    tagger = Tagger.for_store(ant_store)
    learned = LearnedNames.from_json(ant_store.load_model(NAMES_MODEL))
    scores = _report("held-out", HELD_OUT, ant_rows, learned, tagger._common)
    for kind, (p_floor, r_floor) in HELD_OUT_FLOORS.items():
        assert scores[kind].precision >= p_floor, kind
        assert scores[kind].recall >= r_floor, kind


#: measured 2026-12-02 on 1,000 stored ANT articles: see docs/benchmarks.md
GROUNDED_FLOOR = 0.99


def test_shown_entities_occur_in_their_article(ant_store):
    articles = sorted(ant_store.latest(limit=20_000), key=lambda a: a.url)
    sample = articles[::max(1, len(articles) // GROUNDING_SAMPLE)][:GROUNDING_SAMPLE]
    learned = LearnedNames.from_json(ant_store.load_model(NAMES_MODEL))
    shown, missing, names = grounding(sample, learned)
    print(f"grounding: {shown - missing} of {shown} shown entities occur in their article "
          f"({(shown - missing) / shown:.4f}); missing e.g. {names[:10]}")
    assert shown > 3000 and (shown - missing) / shown >= GROUNDED_FLOOR


def test_category_accuracy_on_a_time_split(ant_store):
    model = train(ant_store.categorized_examples(until=MAY))
    share, n = accuracy(model, ant_store.categorized_examples(since=MAY))
    print(f"category accuracy {share:.3f} on {n} May articles")
    assert n > 5000 and share >= CATEGORY_FLOOR


def test_keyphrases_judged_better_than_yake():
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    assert len(judged["articles"]) == 30
    ours = [v for a in judged["articles"] for _, v in a["khabar"]]
    yake = [v for a in judged["articles"] for _, v in a["yake"]]
    assert sum(ours) / len(ours) > 3 * (sum(yake) / len(yake))


#: 2026-12-03 (issue 13): the same 30 articles re-tagged and judged by the same criteria,
#: 80 of 99 phrases usable (0.808; 112 of 225 on 2026-11-29); 30 articles of 15 May 2018
#: judged after the rules were fixed: 85 of 120 (0.708). docs/benchmarks.md has the figures.
KEYPHRASE_FLOOR = 0.80
FRESH_KEYPHRASE_FLOOR = 0.70
#: share of the keywords an import of ANT stores for the 30 articles that are judged usable
#: (a phrase never judged counts as not usable; the import tags in order, learning as it goes,
#: where the judged run had the whole corpus's statistics); measured 2026-12-03: 81 of 102 (0.794)
STORED_KEYPHRASE_FLOOR = 0.70


def _share(rows) -> float:  # noqa: ANN001 - [[phrase, verdict], ...]
    verdicts = [v for _, v in rows]
    return sum(verdicts) / len(verdicts)


def test_keyphrases_judged_usable_on_the_same_and_on_fresh_articles():
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    assert _share([r for a in judged["articles"] for r in a["khabar_2026_12_03"]]) >= KEYPHRASE_FLOOR
    fresh = judged["fresh"]["articles"]
    assert len(fresh) == 30 and not {a["docno"] for a in fresh} & {a["docno"] for a in judged["articles"]}
    assert _share([r for a in fresh for r in a["khabar"]]) >= FRESH_KEYPHRASE_FLOOR


#: 2026-12-03, second pass (docs/benchmarks.md): two more days judged, 30 articles each; the
#: share judged usable before (3b7ed89) and after the second pass's rules. 9 April 2018 was
#: judged blind to which code gave which phrase: 83 of 120 (0.692) before, 84 of 116 (0.724)
#: after; 7 May 2018: 58 of 93 (0.624) before, 62 of 83 (0.747) after (partly training)
FRESH_DAYS_FLOORS = {"fresh_2018_04_09": 0.70, "fresh_2018_05_07": 0.72}


def test_keyphrases_judged_on_two_more_days():
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    seen = {a["docno"] for a in judged["articles"]} | {a["docno"] for a in judged["fresh"]["articles"]}
    for day, floor in FRESH_DAYS_FLOORS.items():
        articles = judged[day]["articles"]
        assert len(articles) == 30 and not {a["docno"] for a in articles} & seen
        assert all(a["docno"].endswith(day.removeprefix("fresh_").replace("_", "")) for a in articles)
        after = _share([r for a in articles for r in a["khabar"]])
        assert after >= floor and after >= _share([r for a in articles for r in a["khabar_before"]])


def test_stored_keywords_are_the_usable_ones(ant_store, ant_rows):
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    verdicts = {}
    for a in judged["articles"]:
        url = ant_rows[a["docno"]]["url"]
        verdicts[url] = {**dict(a["khabar"]), **dict(a["khabar_2026_12_03"])}
    good = total = 0
    for article in ant_store.latest(limit=20_000):
        if article.url in verdicts:
            good += sum(verdicts[article.url].get(k, 0) for k in article.keywords)
            total += len(article.keywords)
            verdicts.pop(article.url)
    print(f"stored keywords judged usable: {good} of {total} ({good / total:.3f})")
    assert total >= 60 and good / total >= STORED_KEYPHRASE_FLOOR


def test_stored_keywords_are_clean_tags(ant_store, ant_rows):
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    urls = {ant_rows[a["docno"]]["url"] for a in judged["articles"]}
    checked = untagged = 0
    for article in ant_store.latest(limit=20_000):
        if article.url not in urls:
            continue
        checked += 1
        assert len(article.keywords) <= 8
        # 2026-12-03: one opinion column («المنتخب .. المهم والأهم», no entity) has no keyword
        # since a word of every other article must be repeated six times to be a topic
        untagged += not article.keywords
        for tag in article.keywords:
            assert not _NOT_A_TAG.search(tag), tag
            assert not tag.startswith(_CLITIC_FORMS), tag
    assert checked >= 25 and untagged <= 1

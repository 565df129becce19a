"""Scoring story clusters against the labelled set (tests/eval/data/ant_stories.txt), and the
NewsBlur-style baseline they are compared with.

Only labelled articles are scored: the gold clustering puts each ``event`` group together and
every other labelled article alone; ``distinct`` pairs add same-topic articles that must stay
apart. Pairwise precision/recall/F1 count pairs of labelled articles; B-cubed averages, per
article, the precision and recall of its predicted cluster (Bagga & Baldwin 1998).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path

from khabar.arabic import fold, tokens

LABELS = Path(__file__).parent / "data" / "ant_stories.txt"


@dataclass(frozen=True)
class Labels:
    groups: list[tuple[str, ...]]
    distinct: list[tuple[str, str]]

    @property
    def docnos(self) -> list[str]:
        seen = dict.fromkeys(d for g in self.groups for d in g)
        seen.update(dict.fromkeys(d for p in self.distinct for d in p))
        return list(seen)

    def gold(self) -> dict[str, Hashable]:
        label: dict[str, Hashable] = {d: ("alone", d) for d in self.docnos}
        for number, group in enumerate(self.groups):
            for d in group:
                label[d] = ("event", number)
        return label


def load_labels(path: Path = LABELS) -> Labels:
    groups, distinct = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("|", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        kind, *docnos = line.split()
        if kind == "event":
            groups.append(tuple(docnos))
        elif kind == "distinct":
            distinct.append((docnos[0], docnos[1]))
        else:
            raise ValueError(f"unknown label kind {kind!r}")
    return Labels(groups, distinct)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    bcubed_f1: float
    distinct_kept_apart: float

    def __str__(self) -> str:
        return (f"pairwise P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} · "
                f"B-cubed F1 {self.bcubed_f1:.3f} · distinct pairs kept apart "
                f"{self.distinct_kept_apart:.1%}")


def score(labels: Labels, predicted: Mapping[str, Hashable]) -> Scores:
    gold = labels.gold()
    items = labels.docnos
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    bp = br = 0.0
    for a in items:
        pred_cluster = {b for b in items if predicted[b] == predicted[a]}
        gold_cluster = {b for b in items if gold[b] == gold[a]}
        both = len(pred_cluster & gold_cluster)
        bp += both / len(pred_cluster)
        br += both / len(gold_cluster)
    bp, br = bp / len(items), br / len(items)
    bcubed = 2 * bp * br / (bp + br) if bp + br else 0.0
    apart = sum(predicted[a] != predicted[b] for a, b in labels.distinct) / len(labels.distinct)
    return Scores(precision, recall, f1, bcubed, apart)


#: the baseline joins an earlier article's cluster when the titles share this share of words
BASELINE_TITLE_OVERLAP = 0.5
BASELINE_WINDOW = timedelta(days=4)


def title_words(title: str) -> frozenset[str]:
    return frozenset(w for w, _, _ in tokens(fold(title)))


def newsblur_baseline(articles: Iterable[tuple[int, str, datetime]]) -> dict[int, int]:
    """NewsBlur-style grouping, in arrival order: an article joins the cluster of the most
    overlapping earlier article of the last few days whose normalized title is the same or
    shares at least half its words (Jaccard); else it starts its own cluster. Candidates come
    from an inverted index of title words."""
    cluster: dict[int, int] = {}
    postings: dict[str, deque[int]] = {}
    words_of: dict[int, frozenset[str]] = {}
    time_of: dict[int, datetime] = {}
    for article_id, title, when in articles:
        words = title_words(title)
        best, best_overlap = None, BASELINE_TITLE_OVERLAP
        candidates: set[int] = set()
        for w in words:
            posting = postings.get(w)
            while posting and when - time_of[posting[0]] > BASELINE_WINDOW:
                posting.popleft()  # arrival order: the oldest are first
            candidates.update(posting or ())
        for other in candidates:
            union = words | words_of[other]
            overlap = len(words & words_of[other]) / len(union) if union else 0.0
            if words == words_of[other] or overlap >= best_overlap:
                best, best_overlap = other, max(overlap, best_overlap)
        cluster[article_id] = cluster[best] if best is not None else article_id
        words_of[article_id], time_of[article_id] = words, when
        for w in words:
            postings.setdefault(w, deque()).append(article_id)
    return cluster


# --- held-out pairs (tests/eval/data/ant_story_pairs_heldout.txt) -------------------------------

HELDOUT_PAIRS = Path(__file__).parent / "data" / "ant_story_pairs_heldout.txt"
PAIR_KINDS = ("same", "topic", "unrelated", "unsure")


def load_pairs(path: Path = HELDOUT_PAIRS) -> list[tuple[str, str, str]]:
    """(kind, docno, docno) for every labelled pair, ``unsure`` ones included."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("|", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        kind, a, b = line.split()
        if kind not in PAIR_KINDS:
            raise ValueError(f"unknown pair kind {kind!r}")
        pairs.append((kind, a, b))
    return pairs


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    topic_apart: float
    unrelated_apart: float
    counts: dict

    def __str__(self) -> str:
        c = self.counts
        return (f"pairwise P {self.precision:.3f} R {self.recall:.3f} · different-event (topic) "
                f"pairs kept apart {self.topic_apart:.1%} ({c['topic_joined']} of {c['topic']} "
                f"joined) · unrelated apart {self.unrelated_apart:.1%} · {c['same']} same, "
                f"{c['topic']} topic, {c['unrelated']} unrelated, {c['unsure']} unsure (left out)")


def score_pairs(pairs: Iterable[tuple[str, str, str]],
                predicted: Mapping[str, Hashable]) -> PairScores:
    """Precision: of the scored pairs put in one story, the share labelled ``same``; recall: of
    the ``same`` pairs, the share put in one story; ``unsure`` pairs are not scored."""
    joined: dict[str, int] = {k: 0 for k in PAIR_KINDS}
    total: dict[str, int] = {k: 0 for k in PAIR_KINDS}
    for kind, a, b in pairs:
        total[kind] += 1
        joined[kind] += predicted[a] == predicted[b]
    together = joined["same"] + joined["topic"] + joined["unrelated"]
    precision = joined["same"] / together if together else 1.0
    recall = joined["same"] / total["same"] if total["same"] else 1.0
    topic_apart = 1 - joined["topic"] / total["topic"] if total["topic"] else 1.0
    unrelated_apart = 1 - joined["unrelated"] / total["unrelated"] if total["unrelated"] else 1.0
    counts = dict(total, topic_joined=joined["topic"])
    return PairScores(precision, recall, topic_apart, unrelated_apart, counts)

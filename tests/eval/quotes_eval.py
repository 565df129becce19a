"""Scoring of quotes against the hand labels (tests/eval/data/quotes_ant64.json, and the
second held-out set of other days, tests/eval/data/quotes_ant_days32.json).

A found statement matches a labelled one of the same article when the speakers share their
words (the words of one, by ``tagforms.key``, all among the other's: "التحالف" / "متحدث
باسم التحالف") and the spans overlap by at least half of the shorter one; each label is
matched at most once. Only statements starting inside the labelled scope count.

With ``variants=True`` two speaker words also match when khabar's name folding reads them as
spellings of one name (``khabar.arabic.names.same_name_word``: «جوردان» / «جوردن»,
«مورينيو» / «مورينو»); the strict figure (``variants=False``) is the one pinned first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from khabar.arabic.names import same_name_word
from khabar.enrich.entities import LearnedNames, extract
from khabar.enrich.entity_words import Common
from khabar.enrich.quotes import extract_quotes
from khabar.enrich.tagforms import key

LABELS = Path(__file__).resolve().parent / "data" / "quotes_ant64.json"
#: 32 articles of the five outlets on days LABELS does not use (tuning data since the third
#: round)
DAYS_LABELS = LABELS.with_name("quotes_ant_days32.json")
#: 25 articles of the five outlets on days neither set uses, held out (third round)
DAYS3_LABELS = LABELS.with_name("quotes_ant_days3.json")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    verbs_right: int = 0
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def labels(path: Path = LABELS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def same_speaker(a: str, b: str, variants: bool = False) -> bool:
    ka, kb = set(key(a).split()), set(key(b).split())
    if not (ka and kb):
        return False
    if not variants:
        return ka <= kb or kb <= ka

    def within(x: set[str], y: set[str]) -> bool:
        return all(any(same_name_word(w, v) for v in y) for w in x)
    return within(ka, kb) or within(kb, ka)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def score(rows_by_docno: dict, *, held_out: bool, learned: LearnedNames | None = None,
          common: Common | None = None, path: Path = LABELS, variants: bool = False) -> Score:
    """Scores on the tuning outlets (``held_out=False``) or the held-out ones; entities are
    found as the tagger finds them (``learned`` names and ``common`` words of the archive,
    when given: ``Tagger.for_store``)."""
    data = labels(path)
    scope, out = data["scope_chars"], Score()
    for docno, gold in data["articles"].items():
        if (docno.split("-", 1)[0] in data["held_out"]) != held_out:
            continue
        row = rows_by_docno[docno]
        entities, _ = extract(row["title"], row["text"], learned, common)
        found = [q for q in extract_quotes(row["text"], entities) if q.start < scope]
        matched: set[int] = set()
        for q in found:
            hit = next((i for i, (speaker, _, start, end) in enumerate(gold)
                        if i not in matched and same_speaker(speaker, q.speaker, variants)
                        and overlaps((start, end), (q.start, q.end))), None)
            if hit is None:
                out.fp += 1
                out.wrong.append((docno, q.speaker, q.verb, q.text[:60]))
            else:
                matched.add(hit)
                out.tp += 1
                out.verbs_right += key(gold[hit][1]) == key(q.verb)
        for i, (speaker, verb, start, _end) in enumerate(gold):
            if i not in matched:
                out.fn += 1
                out.misses.append((docno, speaker, verb, row["text"][start:start + 60]))
    return out

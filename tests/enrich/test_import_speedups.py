"""Cuts made for the import's speed (issue 17) that must decide exactly as the code they
replaced: the series detector's count of title heads, the records' pickling."""

from __future__ import annotations

import pickle
import random
from collections import deque
from datetime import datetime, timedelta, timezone

from khabar.enrich.event_marks import Marks
from khabar.enrich.series import HISTORY, LEAD_OVERLAP, MIN_OTHER_DAYS, WINDOW, SeriesDetector
from khabar.enrich.stories import TextAnalysis
from khabar.store.records import Entity, Image, OutletRef, Quote


class _Reference:
    """``SeriesDetector.seen`` as it was: every recent article of the outlet compared."""

    def __init__(self) -> None:
        self.recent: dict[str, deque] = {}

    def seen(self, source, when, found) -> bool:
        head, lead_words, column = found
        recent = self.recent.setdefault(source, deque(maxlen=HISTORY))
        while recent and when - recent[0][0] > WINDOW:
            recent.popleft()
        if not column and head and len(lead_words) >= 8:
            days = set()
            for then, other_head, other_lead in recent:
                if other_head != head or then.date() == when.date() or then > when:
                    continue
                union = len(lead_words | other_lead)
                if union and len(lead_words & other_lead) / union >= LEAD_OVERLAP:
                    days.add(then.date())
            column = len(days) >= MIN_OTHER_DAYS
        recent.append((when, head, lead_words))
        return column


def test_series_detector_decides_as_comparing_every_recent_article():
    rng = random.Random(17)
    vocabulary = [f"w{i}" for i in range(40)]
    detector, reference = SeriesDetector(), _Reference()
    when = datetime(2018, 3, 1, tzinfo=timezone.utc)
    decided = []
    # enough articles to fill HISTORY (the oldest make room) and to pass WINDOW (they expire)
    for _ in range(3 * HISTORY):
        when += timedelta(minutes=rng.choice([5, 30, 90, 600]))
        source = rng.choice(["a", "b"])
        head = rng.choice(["", "h1", "h2", "h3", "h4"])
        lead = frozenset(rng.sample(vocabulary[:12] if rng.random() < 0.5 else vocabulary,
                                    rng.choice([5, 10, 12])))
        found = (head, lead, rng.random() < 0.05)
        expected = reference.seen(source, when, found)
        assert detector.seen(source, when, found) == expected
        decided.append(expected)
    assert any(decided) and not all(decided)


def test_records_pickle_as_they_were():
    marks = Marks(frozenset({2}), frozenset({"2-1"}))
    values = [Entity("محمد صلاح", "person"), Quote("محمد صلاح", "person", "قال", "نص", 3, 10),
              OutletRef("aljazeera", "الجزيرة", "QA", "private"), Image("https://example.com/a.jpg"), marks,
              TextAnalysis(["a"], ["b", "c"], ["d"], b"\x00\x01", marks,
                           ("h", frozenset({"w"}), False))]
    for value in values:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            back = pickle.loads(pickle.dumps(value, protocol=protocol))
            assert back == value and type(back) is type(value)
            if not isinstance(value, TextAnalysis):  # holds lists: no hash
                assert hash(back) == hash(value)

"""Stories placed with the text analyzed ahead (``analyze_item_text``, in a worker process of
an import) are the stories placed analyzing the text on the spot."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone

from khabar.enrich.stories import Clusterer, Item, analyze_item_text
from khabar.ingest import read_file


def test_placements_are_the_same_with_the_analysis_done_ahead(ant_file):
    items = []
    for n, record in enumerate(read_file(ant_file), start=1):
        items.append(Item(n, record.title, record.body, record.source or "",
                          record.published_at or datetime(2018, 3, 1, tzinfo=timezone.utc)))
        if n == 400:
            break
    here, ahead = Clusterer(), Clusterer()
    placed_here = [here.add(i) for i in items]
    placed_ahead = []
    for i in items:
        # as a worker sends it: pickled
        analysis = pickle.loads(pickle.dumps(analyze_item_text(i.title, i.body)))
        placed_ahead.append(ahead.add(Item(i.id, i.title, i.body, i.source, i.time,
                                           analysis=analysis)))
    assert [(p.story_id, p.duplicate_of, p.score) for p in placed_here] == \
        [(p.story_id, p.duplicate_of, p.score) for p in placed_ahead]
    assert sum(1 for p in placed_here if p.duplicate_of) > 0  # near copies among them
    assert len({p.story_id for p in placed_here}) < len(items)

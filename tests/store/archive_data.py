"""A store holding one of everything a copy or an export must carry over."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from khabar.arabic import Dateline
from khabar.pipeline import import_paths
from khabar.pipeline.importer import prepare_record
from khabar.store.records import Enclosure, Entity, Image
from tests.conftest import SAMPLE_ARTICLES, _fresh, record
from tests.pipeline.test_stories import ROWS

#: an article with every optional field set
FULL = record(
    title="وزير الخارجية يزور الرباط",
    body="وصل وزير الخارجية إلى الرباط في زيارة رسمية تستغرق يومين.\nوقال إن الزيارة مهمة.",
    url="https://full.example/a?id=1",
    canonical_url="https://full.example/a",
    guid="full-1",
    summary="زيارة رسمية",
    author="الرباط - رويترز",
    source="وكالة كاملة",
    source_url="https://full.example/",
    category="سياسة",
    attributed_to="رويترز",
    keywords=["الرباط", "وزير الخارجية"],
    entities=[Entity("الرباط", "place"), Entity("رويترز", "organization")],
    dateline=Dateline(place="الرباط", agency="رويترز"),
    content_hash="f" * 64,
    body_origin="feed",
    page_error="http_error",
    entry_hash="e" * 64,
    fetched_at=datetime(2024, 9, 20, 11, 0, 0, 123456, tzinfo=timezone.utc),
    image=Image("https://full.example/lead.jpg", 1200, 675),
    enclosures=[Enclosure("https://full.example/a.mp3", "audio/mpeg", 1234)],
)


def fill_archive(store, folder: Path):
    """Sample articles, a story with a near copy and a sighting, a fully tagged article, a
    followed and paused source with its polling state, and a saved model."""
    now = datetime(2018, 6, 1, tzinfo=timezone.utc)
    store.add_articles([prepare_record(r, None, now) for r in _fresh(SAMPLE_ARTICLES)])
    path = folder / "stories.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    import_paths(store, [path])
    store.add_articles([FULL])
    followed = store.follow_source(name="هسبريس", feed_url="https://hespress.example/feed",
                                   url="https://hespress.example/", category="المغرب")
    store.update_source(followed.id, paused=True, etag='"abc"', error_count=2,
                        last_outcome="unreachable",
                        next_check_at=datetime(2024, 9, 21, 8, 0, tzinfo=timezone.utc))
    store.save_model("test-model", {"weights": [0.5, 1.25], "name": "نموذج"})
    return store

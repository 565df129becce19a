"""Issue 20, item 2: a year-0001 date crashed the story clusterer's expiry, on import and poll."""

from __future__ import annotations

import json

from khabar.pipeline import import_paths
from khabar.pipeline.stories import recluster

ROWS = [
    {"title": "خبر قبل التاريخ الغريب", "text": "نص عن الانتخابات البلدية في تونس.",
     "url": "https://x.com/1", "time_utc": "2018-03-01T00:30:44Z"},
    {"title": "خبر بتاريخ السنة الأولى", "text": "نص عن مباراة كرة القدم في الدوحة.",
     "url": "https://x.com/2", "time_utc": "0001-01-01T00:00:00Z"},
    {"title": "خبر بتاريخ بعيد", "text": "نص عن الطقس في عمان.", "url": "https://x.com/3",
     "time_utc": 1e20},
    {"title": "خبر بعد التاريخ الغريب", "text": "نص عن أسعار النفط في السوق العالمية.",
     "url": "https://x.com/4", "time_utc": "2018-03-02T10:00:00Z"},
]

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>قناة</title>
<item><title>خبر قديم جدا</title><link>https://x.com/f1</link><description>نص الخبر</description>
<pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>
<item><title>خبر عادي</title><link>https://x.com/f2</link><description>نص آخر</description>
<pubDate>Thu, 01 Mar 2018 00:30:44 GMT</pubDate></item></channel></rss>"""

ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>ذرة</title>
<entry><title>خبر أتوم</title><link href="https://x.com/a1"/><id>a1</id>
<published>0001-01-01T00:00:00Z</published><content>نص أتوم</content></entry></feed>"""


def test_year_one_dates_are_stored_unknown_and_reported(store, tmp_path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    report = import_paths(store, [path])
    assert report.inserted == 4
    lines = sorted(p.line for p in report.problems)
    assert lines == [2, 3]
    assert "'0001-01-01T00:00:00Z'" in report.problems[0].message
    dates = {a.url: a.published_at for a in store.latest(limit=10)}
    assert dates["https://x.com/2"] is None and dates["https://x.com/3"] is None
    assert dates["https://x.com/1"].year == 2018
    assert all(a.story_id for a in store.latest(limit=10))
    recluster(store)  # failed every time after such an import
    assert all(a.story_id for a in store.latest(limit=10))


def test_year_one_feed_dates(store, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "f.rss").write_text(FEED, encoding="utf-8")
    (folder / "a.atom").write_text(ATOM, encoding="utf-8")
    report = import_paths(store, [folder])
    assert report.inserted == 3
    assert len(report.problems) == 2
    assert all("outside the years 1900–2100" in p.message for p in report.problems)
    assert all(a.story_id for a in store.latest(limit=10))

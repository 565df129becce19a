"""Issue 20, "Also": a 100,000-entry feed grew memory past 660 MB and took minutes to poll.
Item 2 on the poll side: a year-0001 entry failed its source with internal_error."""

from __future__ import annotations

import time

import pytest

from khabar.pipeline.worker import poll
from khabar.settings import load_settings
from tests.loopback import Loopback

SETTINGS = load_settings(
    allow_private_networks=True, per_host_delay=0.0, retries=0, connect_timeout=1.0,
    read_timeout=2.0, total_timeout=20.0, source_timeout=30.0, fetch_pages=False,
    max_entries_per_poll=300, max_pages_per_poll=1000,
)


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


def feed(n: int, date: str = "Thu, 01 Mar 2018 00:30:44 GMT") -> str:
    items = "".join(f"<item><title>خبر رقم {i}</title><link>https://x.com/{i}</link>"
                    f"<guid>g{i}</guid><description>نص الخبر رقم {i} عن الطقس</description>"
                    f"<pubDate>{date}</pubDate></item>" for i in range(n))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>ق</title>{items}</channel></rss>'


def test_a_huge_feed_is_read_up_to_the_entry_cap(store, server) -> None:
    server.static("/feed.xml", feed(20_000))
    store.follow_source(name="كبيرة", feed_url=server.url("/feed.xml"), kind="feed")
    started = time.monotonic()
    report = poll(store, everything=True, settings=SETTINGS)
    assert time.monotonic() - started < 60
    [result] = report.results
    assert result.outcome == "new", result
    assert result.entries == 300 and result.inserted == 300


def test_a_year_one_entry_does_not_fail_its_source(store, server) -> None:
    server.static("/feed.xml", feed(3, "Mon, 01 Jan 0001 00:00:00 GMT"))
    store.follow_source(name="قديمة", feed_url=server.url("/feed.xml"), kind="feed")
    report = poll(store, everything=True, settings=SETTINGS)
    [result] = report.results
    assert result.outcome == "new" and result.inserted == 3
    assert all(a.published_at is None and a.story_id for a in store.latest(limit=5))

"""Server-sent events announce articles stored after the page was shown."""

from __future__ import annotations

import json

from tests.conftest import record


def read_events(client, since):
    with client.stream("GET", "/api/events", params={"since": since}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def test_events_count_new_articles(client, filled_store):
    newest = max(a.id for a in filled_store.latest(limit=10))
    assert read_events(client, newest)[0]["new"] == 0
    filled_store.add_articles([record(title="جديد", canonical_url="https://x.com/new")])
    event = read_events(client, newest)[0]
    assert event["new"] == 1 and event["newest_id"] > newest


def test_home_page_carries_the_live_box(client):
    page = client.get("/")
    assert 'id="live"' in page.text and 'src="/static/live.js"' in page.text

"""Issue 20, "Also": the Host header was copied into feeds' self links."""

from __future__ import annotations

from fastapi.testclient import TestClient

from khabar.settings import load_settings
from khabar.web.app import create_app


def test_a_foreign_host_is_refused_when_hosts_are_set(store) -> None:
    app = create_app(store, settings=load_settings(trusted_hosts="news.example.org, *.example.net"))
    client = TestClient(app, base_url="http://news.example.org")
    feed = client.get("/feeds/latest.json")
    assert feed.status_code == 200
    assert feed.json()["feed_url"] == "http://news.example.org/feeds/latest.json"
    assert client.get("/feeds/latest.json", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/feeds/latest.rss", headers={"Host": "a.example.net"}).status_code == 200


def test_any_host_is_served_when_none_is_set(store) -> None:
    client = TestClient(create_app(store, settings=load_settings(trusted_hosts="")))
    assert client.get("/feeds/latest.json", headers={"Host": "other.example"}).status_code == 200

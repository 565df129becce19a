"""Issue 20, item 4: output feeds published javascript:, data: and //host links as-is.

Ingest now refuses them (only absolute http/https URLs are article URLs); articles stored
before that are still filtered on output."""

from __future__ import annotations

import feedparser
import pytest
from fastapi.testclient import TestClient


from khabar.web.app import create_app
from tests.conftest import record

HOSTILE = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
           "vbscript:msgbox(1)", "java\tscript:alert(1)", "//evil.example/x", " JaVaScRiPt:alert(1)",
           "/relative/path", "ftp://x.example/a", "https://", "http://exa mple.com/"]


@pytest.mark.parametrize("url", HOSTILE)
def test_article_url_refuses_what_is_not_an_absolute_http_url(url) -> None:
    from khabar.ingest.urls import article_url

    assert article_url(url) is None


def test_article_url_keeps_http_urls() -> None:
    from khabar.ingest.urls import article_url

    assert article_url(" https://x.com/ar/خبر?id=1 ") == "https://x.com/ar/خبر?id=1"
    assert article_url("HTTP://X.com/a") == "HTTP://X.com/a"


def _stored_as_is(store, url: str, n: int) -> None:
    """Store an article with ``url`` unchecked, as a database written before this fix holds."""
    store.add_articles([record(title=f"خبر خبيث {n}", body=f"نص الخبر الخبيث رقم {n}.", url=url,
                               guid=f"hostile-{n}")])


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_feeds_never_publish_dangerous_links(store, fmt) -> None:
    for n, url in enumerate(HOSTILE[:5]):
        _stored_as_is(store, url, n)
    client = TestClient(create_app(store))
    response = client.get(f"/feeds/latest.{fmt}")
    assert response.status_code == 200
    text = response.text.lower()
    for bad in ("javascript:", "data:text", "vbscript:", "java\tscript", "//evil.example"):
        assert bad not in text, bad
    if fmt == "json":
        items = response.json()["items"]
        assert all(i["url"].startswith("http://testserver/articles/") for i in items)
        assert all(i["external_url"] is None for i in items)
    else:
        parsed = feedparser.parse(response.content)
        assert all(e.link.startswith("http://testserver/articles/") for e in parsed.entries)


def test_import_drops_dangerous_urls(store, tmp_path) -> None:
    from khabar.pipeline import import_paths

    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(
        f'{{"title": "خبر {n}", "text": "نص {n}", "url": {url!r}}}'.replace("'", '"')
        for n, url in enumerate(["javascript:alert(1)", "//evil.example/x", "https://x.com/ok"])
    ), encoding="utf-8")
    report = import_paths(store, [path])
    assert report.inserted == 3
    assert sorted(filter(None, (a.url for a in store.latest(limit=10)))) == ["https://x.com/ok"]

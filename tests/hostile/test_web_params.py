"""Every path and query parameter of the pages, the API and the feeds, with hostile values:
the answer is never a 5xx (a bad value is a 4xx, an unknown one a 404 or an empty page)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from khabar.settings import load_settings
from khabar.web.app import create_app
from tests.conftest import SAMPLE_ARTICLES, _fresh
from tests.hostile.conftest import tried
from tests.hostile.strategies import texts

ROUTES = [
    "/tags/{x}", "/api/tags/{x}", "/feeds/tags/{x}.rss", "/entities/{x}", "/api/entities/{x}",
    "/feeds/entities/{x}.json", "/categories/{x}", "/api/categories/{x}",
    "/feeds/categories/{x}.atom", "/sources/{x}", "/api/sources/{x}", "/feeds/sources/{x}.rss",
    "/articles/{x}", "/api/articles/{x}", "/stories/{x}", "/api/stories/{x}",
    "/feeds/stories/{x}.json", "/search?q={x}", "/api/search?q={x}", "/feeds/search.rss?q={x}",
    "/search?q=غزة&source={x}", "/api/search?q=غزة&category={x}", "/api/search?q=غزة&from={x}",
    "/search?q=غزة&to={x}", "/api/search?q={x}&sort={x}", "/api/search?q=a&offset={x}",
    "/api/articles?limit={x}", "/api/tags/غزة?cursor={x}", "/stories?before={x}",
    "/api/stories?limit={x}&min_articles={x}", "/api/trending?limit={x}", "/api/events?since={x}",
    "/search?page={x}", "/fonts/{x}", "/docs-assets/{x}", "/feeds/latest.{x}",
]

values = st.one_of(
    texts, st.integers().map(str), st.sampled_from([
        "a" * 50_000, "99999999999999999999", "-1", "0", "1e308", "NaN", "..", "../../etc/passwd",
        "%00", "\x00", "0001-01-01", "9999-12-31T23:59:59Z", '"', "(", "OR", "-", "*", "\\",
    ]))


@pytest.fixture
def client(store):
    from khabar.pipeline.importer import prepare_record
    from datetime import datetime, timezone

    now = datetime(2018, 6, 1, tzinfo=timezone.utc)
    store.add_articles([prepare_record(r, None, now) for r in _fresh(SAMPLE_ARTICLES)])
    settings = load_settings(live_max_seconds=0.1, live_poll_seconds=0.05)
    return TestClient(create_app(store, settings=settings), raise_server_exceptions=False)


@given(route=st.sampled_from(ROUTES), value=values)
def test_no_parameter_value_gives_a_server_error(client, route, value) -> None:
    tried("web parameters")
    url = route.replace("{x}", quote(value, safe="")[:30_000])  # httpx refuses URLs > 64 KB
    response = client.get(url)
    assert response.status_code < 500, (url[:200], response.status_code, response.text[:300])

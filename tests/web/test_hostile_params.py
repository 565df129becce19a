"""Issue 20, item 8: a 50,000-character tag or entity answered 503 "database unavailable".

Every path and query parameter a reader can type is bounded: too long is a 4xx, never a 5xx."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from khabar.web.app import create_app

LONG = "a" * 50_000
ROUTES = [
    "/api/tags/{x}", "/tags/{x}", "/entities/{x}", "/api/entities/{x}", "/feeds/tags/{x}.rss",
    "/feeds/entities/{x}.atom", "/categories/{x}", "/api/categories/{x}", "/feeds/categories/{x}.json",
    "/search?q={x}", "/api/search?q={x}", "/feeds/search.rss?q={x}", "/search?source={x}",
    "/api/search?category={x}", "/api/search?from={x}", "/api/tags/x?cursor={x}",
    "/api/articles/99999999999999999999", "/articles/99999999999999999999",
    "/stories/99999999999999999999", "/api/stories/99999999999999999999",
]


@pytest.fixture
def client(filled_store):
    return TestClient(create_app(filled_store), raise_server_exceptions=False)


@pytest.mark.parametrize("route", ROUTES)
def test_long_parameters_are_a_client_error(client, route, caplog) -> None:
    response = client.get(route.replace("{x}", LONG))
    assert 400 <= response.status_code < 500, (route, response.status_code)
    assert "Retry-After" not in response.headers
    assert LONG not in caplog.text


def test_a_long_but_allowed_name_is_simply_not_found(client) -> None:
    response = client.get("/api/tags/" + "ب" * 200)
    assert response.status_code in (200, 404)

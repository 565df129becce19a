"""Issue 20, "Also": /docs loaded Swagger UI from a CDN without SRI and had no CSP."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from khabar.web.app import create_app


@pytest.fixture
def client(store):
    return TestClient(create_app(store))


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_explorer_loads_nothing_from_elsewhere_under_a_csp(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp
    html = response.text
    assert "cdn" not in html.lower() and "https://" not in html
    assert "<script>" not in html  # no inline script: the CSP allows none
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        asset = client.get(src)
        assert asset.status_code == 200, src
        assert len(asset.content) > 100


def test_only_the_shipped_assets_are_served(client) -> None:
    assert client.get("/docs-assets/../core.py").status_code == 404
    assert client.get("/docs-assets/core.py").status_code == 404
    assert client.get("/openapi.json").status_code == 200

"""/docs and /redoc render in Chromium from the package's assets under their CSP (issue 20)."""

from __future__ import annotations

import pytest

from khabar.web.app import create_app
from tests.browser.conftest import serving

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path, ready", [("/docs", ".swagger-ui .info .title"),
                                         ("/redoc", "[role=search], .api-info")])
def test_the_explorers_render_without_csp_violations(page, store, path, ready) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    with serving(create_app(store)) as url:
        page.on("requestfinished", lambda r: outside.append(r.url) if not r.url.startswith(
            (url, "data:", "blob:")) else None)
        page.goto(url + path)
        page.wait_for_selector(ready, timeout=20_000)
        assert "khabar" in page.content()
    # nothing of khabar's own is blocked; ReDoc's "powered by" logo on its CDN is, as it should
    blocked = [p for p in problems if "Content Security Policy" in p and "cdn.redoc.ly" not in p]
    assert not blocked, problems
    assert outside == []  # nothing was fetched from elsewhere

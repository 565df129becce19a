"""The story page with its provenance line, summary, «الجديد» and timeline, in Debian Chromium
at every width: visible sections, nothing scrolls sideways, axe-core clean, no console error.
Served from a small store of the hand-written wire story (tests/enrich/storyline_fixtures.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from khabar.enrich.story_rank import story_score
from khabar.settings import load_settings
from khabar.store import open_store
from khabar.store.stories import Assignment
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.browser.test_every_screen import WIDTHS, _check, require_axe
from tests.conftest import record
from tests.enrich.storyline_fixtures import at, wire_story

pytestmark = pytest.mark.browser
#: where a screenshot of the page at 390 px is left for a person to look at
SHOTS = Path(tempfile.gettempdir())


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("storyline") / "s.db")
    articles = sorted(wire_story(), key=lambda a: a.published_at)
    results = store.add_articles([
        record(title=a.title, body=a.body, source=a.source, url=a.url, dateline=a.dateline,
               published_at=a.published_at, category="middleEast") for a in articles])
    ids = [r.article_id for r in results]
    copy_of = {2: 0}  # عكاظ's copy of the first report
    store.save_stories([Assignment(i, ids[0], ids[copy_of[n]] if n in copy_of else None)
                        for n, i in enumerate(ids)], {ids[0]: ids[0]}, story_score)
    with serving(create_app(store, settings=load_settings(time_zone="Asia/Riyadh"))) as url:
        yield url, ids[0]
    store.close()


def test_story_page_sections_at_every_width(browser, story_server):
    require_axe()
    url, story_id = story_server
    since = at(2.5).strftime("%Y-%m-%dT%H:%M:%SZ")
    path = f"{url}/stories/{story_id}?since={since}"
    failures, errors = [], []
    for width in WIDTHS:
        context = browser.new_context(locale="ar", viewport={"width": width, "height": 900},
                                      bypass_csp=True)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        failures += [f"{width}px: {p}" for p in _check(page, path, errors)]
        for selector in (".provenance", ".story-summary li", ".story-new li", ".timeline > li"):
            if not page.locator(selector).first.is_visible():
                failures.append(f"{width}px: {selector} not visible")
        if width == 390:
            text = page.locator(".provenance").inner_text()
            assert text.startswith("المصدر الأول: واس (عبر الوطن)، 12:14 — أعاد نشره موقعان")
            page.screenshot(path=str(SHOTS / "story-390.png"), full_page=True)
            assert page.locator(".timeline > li").count() == 4
            assert page.locator(".timeline .kind-update, .timeline > li.kind-update").count() == 1
        context.close()
    assert not failures, "\n".join(failures)

"""The quotes sections in Debian Chromium: a story's «ماذا قالوا», an entity's «تصريحات» and
/quotes, at every width and both schemes — nothing scrolls sideways (a long unbroken quote
included), axe-core finds no violation, the console stays clean."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest

from khabar.pipeline import import_paths
from khabar.settings import load_settings
from khabar.store import open_store
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.browser.test_every_screen import WIDTHS, _check, require_axe
from tests.enrich.story_fixtures import at

pytestmark = pytest.mark.browser

LONG = "https://example.com/" + "a" * 120  # one long word a statement may hold
WIRE = ("أعلنت الشرطة الكندية أن سيارة فان صدمت عددا من المارة في شارع يونغ وسط مدينة تورونتو "
        "بعد ظهر الاثنين، ما أسفر عن مقتل عشرة أشخاص.\n"
        "وقال رئيس الوزراء الكندي جاستن ترودو: «سنواصل التحقيق حتى نعرف دوافع الهجوم كاملة».\n"
        f"وأضاف أن التفاصيل ستنشر على {LONG} خلال ساعات.")
ROWS = [
    {"title": "مقتل عشرة أشخاص في حادث دهس في تورونتو", "text": WIRE, "source": "skynews",
     "url": "https://sky.example/1", "time_utc": at(0).isoformat()},
    {"title": "دهس جماعي في كندا", "text": "أوتاوا - رويترز: " + WIRE, "source": "CNN",
     "url": "https://cnn.example/3", "time_utc": at(2).isoformat()},
]


@pytest.fixture(scope="module")
def quotes_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quotes")
    store = open_store(folder / "q.db")
    path = folder / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    import_paths(store, [path])
    story_id = store.stories(min_articles=1)[0].id
    with serving(create_app(store, settings=load_settings(time_zone="UTC"))) as url:
        yield url, story_id
    store.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quote_sections_at_every_width(browser, quotes_server, scheme):
    require_axe()
    url, story_id = quotes_server
    name = quote("جاستن ترودو", safe="")
    pages = {"story": f"/stories/{story_id}", "entity": f"/entities/{name}",
             "speaker": f"/quotes?speaker={name}", "speakers": "/quotes"}
    failures: list[str] = []
    errors: list[str] = []
    fonts = httpx.get(url + "/fonts/NotoNaskhArabic-Regular.ttf").status_code == 200
    for width in WIDTHS:
        if scheme == "dark" and width not in (390, 1366):
            continue
        context = browser.new_context(locale="ar", viewport={"width": width, "height": 900},
                                      color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        if not fonts:  # this machine has no Noto Naskh to serve (CI does): not this test's concern
            page.route("**/fonts/**", lambda route: route.fulfill(status=204))
        for what, path in pages.items():
            for problem in _check(page, url + path, errors):
                failures.append(f"{width}px {scheme} {what} ({path}): {problem}")
        page.goto(url + pages["story"])
        assert page.locator("section.quotes h2").inner_text() == "ماذا قالوا"
        assert page.locator("section.quotes .quote").count() >= 2
        context.close()
    assert not failures, "\n".join(failures)

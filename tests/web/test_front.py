"""The home page leads with ranked stories; near copies are listed once; dates and counts."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from khabar.settings import load_settings
from khabar.web import front as front_module
from khabar.web.app import create_app
from tests.conftest import record
from tests.front_data import fail_every_source, fill_front
from tests.web.readers_helpers import add_user, fast_hashing, log_in, make_client  # noqa: F401


@pytest.fixture
def front(store):
    ids = fill_front(store)
    return TestClient(create_app(store)), ids, store


def test_a_five_outlet_story_leads_a_fresher_single_outlet_one(front):
    client, ids, _ = front
    page = client.get("/").text
    cards = page.split('class="card story-card"')[1:]
    first_story = cards[0].split('href="/stories/')[1].split('"')[0]
    assert int(first_story) == ids["a"][0]
    assert page.index(f'href="/stories/{ids["a"][0]}"') < page.index(f'href="/stories/{ids["b"][0]}"')
    api = client.get("/api/top").json()["items"]
    assert api[0]["id"] == ids["a"][0] and api[0]["score"] > api[-1]["score"]
    assert [s["id"] for s in api].index(ids["a"][0]) < [s["id"] for s in api].index(ids["b"][0])


def test_a_story_card_has_its_representative_headline_others_chips_and_coverage(front):
    client, ids, store = front
    card = client.get("/").text.split('class="card story-card"')[1]
    headline = store.article(ids["a"][2])  # the headline the clusterer chose, not the first
    assert f'href="/articles/{headline.id}"' in card.split("</h3>")[0]
    others = card.split('<ul class="others">')[1].split("</ul>")[0]
    assert 2 <= others.count("<li>") <= 4 and headline.source not in others
    assert "التغطية الكاملة (6)" in card
    assert card.count("<bdi>") >= 5  # every outlet chip, Latin names isolated
    assert "الأربعاء 30 مايو 2018، 13:00" in card  # absolute time of the last article


def test_home_has_a_section_per_category_and_the_latest_stream(front):
    client, _, _ = front
    page = client.get("/").text
    assert 'class="category-section"' in page and ">اقتصاد</a></h2>" in page
    assert 'href="/latest"' in page and 'href="/stories"' in page
    tabs = page.split('<nav class="tabs"')[1].split("</nav>")[0]
    assert tabs.index('href="/latest"') < tabs.index('href="/categories/')  # its own tab, first
    latest = client.get("/latest").text
    assert "آخر الأخبار" in latest and 'aria-current="page">آخر الأخبار' in latest


def _listed(text: str, article_id: int) -> int:
    return text.count(f'<h2 class="item-title"><a href="/articles/{article_id}"')


@pytest.mark.parametrize("path", [
    "/latest", "/", "/tags/" + quote("قمة سنغافورة"), "/categories/middleEast",
    "/entities/" + quote("دونالد ترامب"), "SOURCE",
])
def test_near_copies_are_never_listed_twice(front, path):
    client, ids, store = front
    if path == "SOURCE":
        path = f"/sources/{store.article(ids['copy']).source_id}"
    page = client.get(path)
    assert page.status_code == 200
    assert _listed(page.text, ids["copy"]) == 0
    if _listed(page.text, ids["a"][0]):
        assert 'title="نسخة واحدة أخرى">+1</a>' in page.text


def test_search_results_fold_near_copies(front):
    client, ids, _ = front
    page = client.get("/search", params={"q": "سنغافورة"}).text
    assert _listed(page, ids["copy"]) == 0 and _listed(page, ids["a"][0]) == 1
    assert "+1</a>" in page
    api = client.get("/api/articles").json()["items"]
    assert ids["copy"] not in [i["id"] for i in api]
    assert next(i for i in api if i["id"] == ids["a"][0])["copies"] == 1


def test_counts_use_arabic_plural_forms(front):
    client, ids, _ = front
    story = client.get(f"/stories/{ids['a'][0]}").text
    assert "6 أخبار من 5 مصادر" in story
    sport = client.get("/categories/sport").text
    assert "خبران" in sport
    assert "مصدر" in client.get("/sources").text


def test_a_one_day_story_span_is_written_once(front):
    client, ids, _ = front
    page = client.get(f"/stories/{ids['a'][0]}").text
    assert "الأربعاء 30 مايو 2018، 08:00–13:00" in page
    assert 'property="og:title"' in page and '<meta name="description"' in page


def test_the_time_zone_setting_moves_every_time(store):
    ids = fill_front(store)
    riyadh = TestClient(create_app(store, settings=load_settings(time_zone="Asia/Riyadh")))
    utc = TestClient(create_app(store, settings=load_settings(time_zone="UTC")))
    path = f"/articles/{ids['b'][0]}"
    assert "الخميس 31 مايو 2018، 14:05" in utc.get(path).text
    assert "الخميس 31 مايو 2018، 17:05" in riyadh.get(path).text
    with pytest.raises(ValueError, match="KHABAR_TIME_ZONE"):
        create_app(store, settings=load_settings(time_zone="Mars/Olympus"))


def test_when_every_source_fails_home_and_sources_say_so(front):
    client, _, store = front
    assert "لا يعمل أي مصدر الآن" not in client.get("/").text
    fail_every_source(store)
    for path in ("/", "/sources"):
        page = client.get(path).text
        assert "لا يعمل أي مصدر الآن" in page and 'href="/admin"' in page


def test_favicon_manifest_and_shared_hooks(front):
    client, _, _ = front
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert {i["sizes"] for i in manifest.json()["icons"]} >= {"192x192", "512x512"}
    for name in ("icon.svg", "icon-192.png", "icon-512.png", "theme.js", "keys.js"):
        assert client.get(f"/static/{name}").status_code == 200
    page = client.get("/").text
    assert 'class="skip-link" href="#main"' in page and '<main id="main"' in page
    assert 'aria-label="أقسام الموقع"' in page and 'rel="manifest"' in page
    assert "<script>" not in page and "style=" not in page  # the CSP allows neither


def test_the_search_page_has_one_search_box_and_date_presets(front):
    client, _, _ = front
    page = client.get("/search", params={"q": "النفط"}).text
    assert page.count('type="search"') == 1
    assert "اليوم</a>" in page and "هذا الأسبوع</a>" in page and "هذا الشهر</a>" in page


@pytest.mark.parametrize("path", ["/", "/stories", "/latest", "/countries", "/sources"])
def test_the_header_links_the_stories_and_the_country_editions(front, path):
    client, _, _ = front
    page = client.get(path).text
    nav = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert 'href="/stories"' in nav and 'href="/countries"' in nav
    current = {"/": "/", "/stories": "/stories", "/latest": "/latest",
               "/countries": "/countries", "/sources": "/sources"}[path]
    assert f'href="{current}" aria-current="page"' in nav


def test_the_home_page_is_kept_until_a_newer_article_arrives(front, monkeypatch):
    client, _, store = front
    made = []
    top_stories = store.top_stories
    monkeypatch.setattr(store, "top_stories", lambda **kw: made.append(1) or top_stories(**kw))
    first = client.get("/").content
    assert client.get("/").content == first and len(made) == 1  # kept: not made again
    store.add_articles([record(title="خبر أحدث من كل ما سبق", url="https://example.com/newer",
                               published_at=datetime(2018, 6, 1, 9, 0, tzinfo=timezone.utc))])
    page = client.get("/").text
    assert len(made) == 2 and "خبر أحدث من كل ما سبق" in page


def test_a_kept_home_page_is_remade_after_its_time(front, monkeypatch):
    client, _, _ = front
    first = client.get("/").content
    monkeypatch.setattr(front_module, "HOME_TTL", 0.0)
    made = client.app.state.home
    client.get("/")
    assert client.app.state.home is not made and client.get("/").content == first


def test_the_kept_home_page_shows_each_reader_their_own_header(store):
    fill_front(store)
    add_user(store, "سلمى")
    add_user(store, "Omar")
    app_client = make_client(store)
    anonymous = app_client.get("/").text
    assert 'href="/login"' in anonymous
    readers = {}
    for name in ("سلمى", "Omar"):
        client = TestClient(app_client.app)
        assert log_in(client, name).status_code == 303
        readers[name] = client.get("/").text
    assert "<bdi>سلمى</bdi>" in readers["سلمى"] and "Omar" not in readers["سلمى"]
    assert "<bdi>Omar</bdi>" in readers["Omar"] and "سلمى" not in readers["Omar"]
    # the anonymous page kept meanwhile names nobody
    again = app_client.get("/").text
    assert 'href="/login"' in again and "Omar" not in again and "سلمى" not in again

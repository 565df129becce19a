"""The outlet's kind and country on its page and in the API; the country editions (page, JSON
twin, feeds) and the list of countries."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from khabar.pipeline import import_paths
from khabar.web.app import create_app
from khabar.web.countries import ARTICLE_FORMS, STORY_FORMS, counted
from tests.pipeline.test_outlets_merge import ROWS

SYRIA = [
    {"title": "قافلة مساعدات تدخل الغوطة الشرقية", "url": "https://www.bbc.co.uk/arabic/a1",
     "text": "دمشق - بي بي سي: دخلت قافلة مساعدات إلى الغوطة الشرقية في سوريا بعد أسابيع.",
     "source": "BBC", "time_utc": "2018-03-05T10:00:00Z"},
    {"title": "قافلة مساعدات تدخل الغوطة", "url": "https://www.france24.com/ar/a2",
     "text": "دمشق (أ ف ب) - دخلت قافلة مساعدات إلى الغوطة الشرقية في سوريا بعد أسابيع.",
     "source": "france24", "time_utc": "2018-03-05T11:00:00Z"},
    {"title": "غارات على إدلب", "url": "https://www.france24.com/ar/a3",
     "text": "إدلب - فرانس 24: شنت طائرات غارات على مدينة إدلب في شمال غرب سوريا.",
     "source": "france24", "time_utc": "2018-03-04T09:00:00Z"},
    {"title": "افتتاح معرض للكتاب", "url": "https://www.bbc.co.uk/arabic/a4",
     "text": "دمشق - بي بي سي: افتتح معرض للكتاب بمشاركة مئات من دور النشر العربية والأجنبية.",
     "source": "BBC", "time_utc": "2018-03-05T23:00:00Z"},
]


@pytest.fixture
def country_client(store, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS + SYRIA),
                    encoding="utf-8")
    import_paths(store, [path])
    return TestClient(create_app(store))


def test_the_outlet_page_and_api_show_its_kind_and_country(country_client):
    sources = country_client.get("/api/sources").json()["items"]
    bbc = next(s for s in sources if s["outlet"] == "bbc.com/arabic")
    assert bbc["name"] == "بي بي سي عربي"
    assert (bbc["outlet_kind"], bbc["kind_label"], bbc["country"], bbc["country_name"]) == (
        "public", "هيئة بث عامة", "GB", "بريطانيا")
    page = country_client.get(f"/sources/{bbc['id']}")
    assert page.status_code == 200 and "هيئة بث عامة" in page.text
    assert '<a href="/country/gb">بريطانيا</a>' in page.text
    twin = country_client.get(f"/api/sources/{bbc['id']}").json()
    assert twin["outlet"]["kind_label"] == "هيئة بث عامة" and twin["outlet"]["name_en"] == \
        "BBC News Arabic"
    unknown = next(s for s in sources if s["name"] == "موقع مجهول")
    assert unknown["outlet"] is None and "kind_label" not in unknown
    assert "outlet-about" not in country_client.get(f"/sources/{unknown['id']}").text


def test_a_country_edition_lists_its_stories_newest_day_and_biggest_first(country_client):
    twin = country_client.get("/api/country/sy").json()
    assert twin["country"] == "SY" and twin["name"] == "سوريا" and twin["total"] == 3
    titles = [i["headline"] for i in twin["items"]]
    # 5 March: the three-outlet Ghouta story before the later one-article story; 4 March last
    assert titles[0].startswith("قافلة مساعدات") and twin["items"][0]["article_count"] == 3
    assert titles[1:] == ["افتتاح معرض للكتاب", "غارات على إدلب"]
    page = country_client.get("/country/SY")
    assert page.status_code == 200 and "<h1>سوريا</h1>" in page.text
    assert page.text.index("الغوطة") < page.text.index("غارات على إدلب")
    assert 'href="/api/country/sy"' in page.text and "3 قصص" in page.text
    assert country_client.get("/api/country/sy?limit=1&page=2").json()["next_page"] == 3


@pytest.mark.parametrize("fmt, media", [("rss", "rss+xml"), ("atom", "atom+xml"),
                                        ("json", "feed+json")])
def test_a_country_edition_has_feeds(country_client, fmt, media):
    feed = country_client.get(f"/feeds/country/sy.{fmt}")
    assert feed.status_code == 200 and media in feed.headers["content-type"]
    assert "غارات على إدلب" in feed.text and "سوريا" in feed.text


def test_the_list_of_countries_links_every_edition(country_client):
    items = country_client.get("/api/countries").json()["items"]
    codes = [i["code"] for i in items]
    assert "SY" in codes and "SA" in codes
    assert codes.index("SA") < codes.index("SY")  # Arab countries in the League's order
    page = country_client.get("/countries")
    assert page.status_code == 200 and '<a href="/country/sy">سوريا</a>' in page.text


def test_an_unknown_country_is_a_404_in_arabic(country_client):
    assert country_client.get("/country/zz").status_code == 404
    missing = country_client.get("/api/country/zz")
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "البلد غير معروف."
    assert country_client.get("/country/sau").status_code == 422
    empty = country_client.get("/country/is")  # a country without stories: an empty edition
    assert empty.status_code == 200 and "لا توجد قصص" in empty.text


@pytest.mark.parametrize("n, stories, articles", [
    (1, "قصة واحدة", "خبر واحد"), (2, "قصتان", "خبران"), (3, "3 قصص", "3 أخبار"),
    (10, "10 قصص", "10 أخبار"), (11, "11 قصة", "11 خبراً"), (100, "100 قصة", "100 خبر"),
    (103, "103 قصص", "103 أخبار"),
])
def test_counted_nouns_agree_with_their_number(n, stories, articles):
    assert counted(n, STORY_FORMS) == stories and counted(n, ARTICLE_FORMS) == articles

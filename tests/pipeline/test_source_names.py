"""``source:`` takes an outlet as its Arabic name, its code, its domain or its English name,
through the catalogue (``khabar.pipeline.source_names``), in the search service, the web page,
the API and the command line."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from khabar.cli import app
from khabar.pipeline import import_paths
from khabar.pipeline.source_names import source_names
from khabar.search import search
from khabar.store import open_store
from khabar.web.app import create_app
from tests.pipeline.test_outlets_merge import ROWS, write_rows

BBC = {"title": "مساعدات إلى الغوطة", "url": "https://www.bbc.com/arabic/middleeast-5",
       "text": "بيروت - بي بي سي: وصلت مساعدات إلى الغوطة الشرقية.", "source": "BBC",
       "time_utc": "2018-03-05T15:00:00Z"}


@pytest.fixture
def imported(store, tmp_path):
    import_paths(store, [write_rows(tmp_path / "ant.jsonl", [*ROWS, BBC])])
    return store


@pytest.mark.parametrize("typed", ["العربية", "alarabia", "ALARABIA", "alarabiya.net",
                                   "www.alarabiya.net", '"Al Arabiya"'])
def test_every_name_of_an_outlet_finds_its_articles(imported, typed):
    results = search(imported, f"source:{typed}", source_names=source_names(imported))
    assert results.total == 2
    assert {h.article.source for h in results.hits} == {"العربية"}


@pytest.mark.parametrize("typed", ["bbc", "BBC", "bbc.co.uk/arabic", '"بي بي سي عربي"',
                                   '"BBC News Arabic"'])
def test_the_bbc_by_code_domain_and_names(imported, typed):
    results = search(imported, f"source:{typed} مساعدات", source_names=source_names(imported))
    assert [h.article.source for h in results.hits] == ["بي بي سي عربي"]


def test_an_uncatalogued_source_is_still_found_by_its_own_name(imported):
    results = search(imported, 'source:"موقع مجهول"', source_names=source_names(imported))
    assert results.total == 1


def test_a_name_no_outlet_answers_to_matches_nothing(imported):
    results = search(imported, "source:nosuchoutlet", source_names=source_names(imported))
    assert results.total == 0


def test_without_the_catalogue_a_code_matches_no_renamed_source(imported):
    # the service alone compares names: the look-up is what makes codes work
    assert search(imported, "source:alarabia").total == 0


def test_the_search_page_and_api_resolve_codes(imported):
    client = TestClient(create_app(imported))
    page = client.get("/search", params={"q": "source:alarabiya.net"}).text
    assert "قافلة مساعدات تدخل الغوطة الشرقية" in page and "قمة في الرياض" not in page
    api = client.get("/api/search", params={"q": "source:bbc"}).json()
    assert api["total"] == 1


def test_the_command_line_resolves_codes(tmp_path):
    db = tmp_path / "cli.db"
    with open_store(db) as store:
        import_paths(store, [write_rows(tmp_path / "ant.jsonl", [*ROWS, BBC])])
    out = CliRunner().invoke(app, ["--db", str(db), "search", "source:skynews", "--json"])
    assert out.exit_code == 0, out.output
    assert [h["title"] for h in json.loads(out.stdout)] == ["قمة في الرياض"]


def test_a_saved_search_by_code_matches_at_ingest_as_the_typed_search(store, tmp_path):
    # the percolator resolves ``source:`` through the same catalogue as the search page:
    # a saved search and the same search typed later return the same articles
    user = store.create_user("reader", "not-a-real-hash")
    saved = store.create_saved_search(user.id, "بي بي سي", "source:bbc مساعدات")
    import_paths(store, [write_rows(tmp_path / "ant.jsonl", [*ROWS, BBC])])
    matched = [a.url for a in store.matched_articles(saved.id)]
    typed = search(store, saved.query, source_names=source_names(store))
    assert matched == [h.article.url for h in typed.hits] == [BBC["url"]]

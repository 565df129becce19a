"""Export of the whole archive as JSON Lines, and its import: restored into an empty store,
merged into one that holds records, bad lines reported one by one."""

from __future__ import annotations

import gzip
import json

import pytest

from khabar.pipeline import import_paths
from khabar.pipeline.archive import export_archive, read_export_header
from khabar.store import open_store
from khabar.store.archive import export_lines
from tests.conftest import record
from tests.store.archive_data import FULL, fill_archive


@pytest.fixture
def filled(store, tmp_path):
    return fill_archive(store, tmp_path)


def lines_of(path) -> list[str]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines()


@pytest.mark.parametrize("name", ["archive.jsonl", "archive.jsonl.gz"])
def test_round_trip_restores_everything(filled, tmp_path, name):
    first = tmp_path / name
    summary = export_archive(filled, first)
    assert {t: n for t, n in summary["counts"].items() if n} == {
        "model": 3, "source": 7, "story": 3, "article": 11, "sighting": 1, "story_countries": 2,
        "quote": 10}
    assert read_export_header(first)["khabar_export"] == 1
    with open_store(tmp_path / "restored.db") as restored:
        report = import_paths(restored, [first])
        assert report.problems == [] and report.inserted == 11 and report.read == 11
        [archive] = report.archive
        assert archive["mode"] == "restore" and archive["failed"] == {}
        second = tmp_path / ("again-" + name)
        export_archive(restored, second)
        before, after = lines_of(first), lines_of(second)
        assert before[1:] == after[1:]  # every row; only the header's time differs
        assert {k: v for k, v in json.loads(before[0]).items() if k != "created_at"} == \
               {k: v for k, v in json.loads(after[0]).items() if k != "created_at"}
        full = restored.article(_id_of(filled, FULL.url))  # the same id as in the source
        assert full.keywords == ["الرباط", "وزير الخارجية"]
        assert [e.name for e in full.entities] == ["الرباط", "رويترز"]
        assert full.dateline.agency == "رويترز" and full.page_error == "http_error"
        assert full.fetched_at.microsecond == 123456
        assert full.image == FULL.image and full.enclosures == FULL.enclosures
        assert '"enclosures":[{"url":"https://full.example/a.mp3"' in "".join(before)
        assert restored.find_source("https://hespress.example/feed").paused
        assert restored.load_model("test-model")["name"] == "نموذج"
        [story] = restored.stories()
        assert story.outlets == ["سكاي نيوز عربية", "سي إن إن بالعربية", "بي بي سي عربي"]


def _id_of(store, url: str) -> int:
    return next(a.id for a in store.latest(limit=100) if a.url == url)


def test_an_export_streams_a_header_first_and_an_end_line_last(filled):
    lines = export_lines(filled, batch=2)
    header = json.loads(next(lines))  # a generator: nothing is held but the current batch
    assert header["khabar_export"] == 1 and header["schema"] and "model" in header["types"]
    assert header["types"].index("source") < header["types"].index("article")  # parents first
    rest = [json.loads(line) for line in lines]
    assert rest[-1]["type"] == "end" and {t: n for t, n in rest[-1]["counts"].items() if n} == {
        "model": 3, "source": 7, "story": 3, "article": 11, "sighting": 1, "story_countries": 2,
        "quote": 10}
    articles = [r for r in rest if r["type"] == "article"]
    assert [a["id"] for a in articles] == sorted(a["id"] for a in articles)
    assert "lease_owner" not in rest[2] and isinstance(articles[0]["keywords"], list)


def test_bad_lines_are_reported_one_each_and_the_rest_is_restored(filled, tmp_path):
    good = tmp_path / "good.jsonl"
    export_archive(filled, good)
    lines = lines_of(good)
    article_at = next(i for i, line in enumerate(lines) if '"type":"article"' in line)
    broken = json.loads(lines[article_at + 1])
    broken["published_at"] = "yesterday"
    missing = json.loads(lines[article_at + 2])
    del missing["title"]
    bad = lines[:article_at + 1] + [
        '{"type": "article", "id": 9',  # cut JSON
        json.dumps(broken, ensure_ascii=False),
        json.dumps(missing, ensure_ascii=False),
        '{"type": "planet", "id": 1}',
        "[1, 2]",
    ] + lines[article_at + 4:]  # and one article line lost
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    with open_store(tmp_path / "restored.db") as restored:
        report = import_paths(restored, [path])
        by_line = {p.line: p.message for p in report.problems}
        n = article_at + 2  # the first inserted line's number (1-based)
        assert "invalid JSON" in by_line[n]
        assert "published_at is not an ISO 8601 date" in by_line[n + 1]
        assert "title is missing" in by_line[n + 2]
        assert "unknown record type 'planet'" in by_line[n + 3]
        assert "not an export record" in by_line[n + 4]
        # the end line counts 11 articles; the file holds 10 article lines, 2 of them bad
        assert any("lists 11 article records but holds 10" in p.message
                   for p in report.problems)
        assert len(report.problems) == 6
        assert restored.count_articles() == 8 and report.inserted == 8


def test_a_cut_export_keeps_what_it_holds_and_says_it_was_cut(filled, tmp_path):
    whole = tmp_path / "whole.jsonl"
    export_archive(filled, whole)
    lines = lines_of(whole)
    cut = tmp_path / "cut.jsonl"
    # cut after the ninth of the eleven article lines (the quotes, sightings … after them go too)
    articles = [i for i, line in enumerate(lines) if json.loads(line).get("type") == "article"]
    cut.write_text("\n".join(lines[:articles[-2]]) + "\n", encoding="utf-8")
    with open_store(tmp_path / "restored.db") as restored:
        report = import_paths(restored, [cut])
        assert restored.count_articles() == 9
        [problem] = report.problems
        assert "no end line" in problem.message and "cut short" in problem.message


def test_a_newer_export_format_is_refused_whole(tmp_path):
    path = tmp_path / "future.jsonl"
    path.write_text('{"khabar_export": 2}\n{"type": "source", "id": 1}\n', encoding="utf-8")
    with open_store(tmp_path / "k.db") as store:
        report = import_paths(store, [path])
        [problem] = report.problems
        assert "newer than this khabar reads" in problem.message
        assert store.sources() == []


def test_merge_into_a_store_that_holds_records(filled, tmp_path):
    path = tmp_path / "archive.jsonl.gz"
    export_archive(filled, path)
    with open_store(tmp_path / "busy.db") as busy:
        busy.add_articles([record(url="https://mine.example/1", title="خبري الخاص",
                                  body="نص خاص بهذا الأرشيف وحده")])
        busy.save_model("test-model", {"mine": True})
        report = import_paths(busy, [path])
        assert report.problems == []
        [archive] = report.archive
        assert archive["mode"] == "merge"
        assert archive == {"path": str(path), "mode": "merge", "sources_followed": 1,
                           "sightings": 1, "models": 2, "stories_skipped": 3, "quotes": 10}
        assert report.inserted == 11 and busy.count_articles() == 12
        full = busy.article(_id_of(busy, FULL.url))
        assert full.keywords == ["الرباط", "وزير الخارجية"] and full.category == "سياسة"
        assert full.image == FULL.image and full.enclosures == FULL.enclosures
        followed = busy.find_source("https://hespress.example/feed")
        assert followed.followed and followed.paused and followed.category == "المغرب"
        assert busy.load_model("test-model") == {"mine": True}  # the store's own is kept
        [story] = busy.stories()  # placed by this store's clustering
        copy = busy.story(story.id)
        assert len(copy.articles) == 3 and busy.sightings(copy.articles[0].id)
        again = import_paths(busy, [path])  # idempotent
        assert again.inserted == 0 and again.duplicates == 11 and again.problems == []
        assert again.archive[0]["sightings"] == 0 and busy.count_articles() == 12

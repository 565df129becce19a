"""The import pipeline: files of every kind in, problems reported, nothing lost."""

from __future__ import annotations

import json

import pytest

from khabar.pipeline import import_paths

JSONL = [
    {"title": "خبر أول", "text": "نص الخبر الأول عن الاقتصاد.", "url": "https://x.com/1",
     "source": "skynews", "time_utc": "2018-03-01T00:30:44Z"},
    {"title": "خبر أول مكرر", "text": "نص مكرر.", "url": "https://x.com/1", "source": "skynews"},
    {"title": "خبر ثان", "text": "نص الخبر الثاني عن الرياضة.", "url": "https://x.com/2?utm_source=tw",
     "source": "BBC", "time_utc": "2018-03-02T10:00:00Z"},
]


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def write_jsonl(path, rows, bad_line=False):
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    if bad_line:
        lines.insert(1, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_jsonl_import_dedupes_by_canonical_url_and_reports_bad_lines(store, inbox):
    write_jsonl(inbox / "a.jsonl", JSONL, bad_line=True)
    report = import_paths(store, [inbox])
    assert (report.read, report.inserted) == (3, 2)
    assert report.duplicates + report.updated == 1
    assert len(report.problems) == 1 and report.problems[0].line == 2
    urls = {a.canonical_url for a in store.latest()}
    assert "https://x.com/2" in urls  # tracking parameter stripped


def test_a_missing_path_is_reported_and_the_rest_imported(store, inbox):
    write_jsonl(inbox / "a.jsonl", JSONL)
    report = import_paths(store, [inbox / "nope.xml", inbox / "a.jsonl"])
    assert report.inserted == 2
    assert [p.path for p in report.problems] == [str(inbox / "nope.xml")]


def test_progress_is_reported_per_file(store, inbox):
    write_jsonl(inbox / "a.jsonl", JSONL)
    write_jsonl(inbox / "b.jsonl", [dict(JSONL[0], url="https://x.com/9")])
    seen = []
    import_paths(store, [inbox], progress=lambda report, path: seen.append((path.name, report.read)))
    assert seen == [("a.jsonl", 3), ("b.jsonl", 4)]


def test_source_option_overrides_the_documents(store, inbox):
    write_jsonl(inbox / "a.jsonl", JSONL)
    import_paths(store, [inbox], source="أرشيفي")
    assert {s.name for s in store.sources()} == {"أرشيفي"}

"""Table-level copy between stores: ids, links and every field kept; refused rows reported.

``store`` runs on each backend (tests/store/conftest.py), so the source is SQLite and then
PostgreSQL; the destination is a new SQLite file or a fresh PostgreSQL database.
"""

from __future__ import annotations

import sqlite3

import pytest

from khabar.errors import StoreError
from khabar.search import search
from khabar.store import open_store
from khabar.store.archive import export_lines
from khabar.store.copy import copy_store, is_empty
from tests.conftest import record
from tests.store.archive_data import fill_archive


def rows_of(store) -> list[str]:
    """Every row of every table as exported (without the header and its timestamp)."""
    return list(export_lines(store))[1:]


def check_same(src, dst) -> None:
    assert rows_of(dst) == rows_of(src)
    assert dst.index_is_current()
    for query in ("النفط", "تورونتو", "الرباط", "ادارة"):
        # the same matches, newest first; relevance order is each engine's own (tantivy's
        # BM25 on SQLite, ts_rank on PostgreSQL), compared as sets
        found = [h.article.id for h in search(dst, query, order="newest").hits]
        assert found == [h.article.id for h in search(src, query, order="newest").hits], query
        assert found and {h.article.id for h in search(dst, query).hits} == set(found), query


@pytest.fixture
def filled(store, tmp_path):
    return fill_archive(store, tmp_path)


@pytest.fixture
def pg_destination(pg_template):
    """A second fresh PostgreSQL database (``pg_url`` may already hold the source)."""
    from tests.conftest import _pg_admin, _pg_url

    name = f"{pg_template}_copy"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield _pg_url(name)
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_copy_into_sqlite_keeps_ids_links_and_every_field(filled, tmp_path):
    with open_store(tmp_path / "copy.db") as dst:
        seen = []
        report = copy_store(filled, dst, batch=2, progress=lambda *a: seen.append(a))
        assert report.failed == {} and report.problems == []
        # tables left empty here (users, follows …) are copied too, with 0 rows
        assert {t: n for t, n in report.rows.items() if n} == {
            "models": 3, "sources": 7, "stories": 3, "articles": 11, "sightings": 1,
            "story_countries": 2, "quotes": 10}
        assert report.reindexed == 11
        check_same(filled, dst)
        [story] = filled.stories()  # the Toronto story: three outlets, one near copy
        first = dst.story(story.id)
        assert [a.id for a in first.articles] == [a.id for a in filled.story(story.id).articles]
        near = [a for a in first.articles if a.duplicate_of == first.headline.id]
        assert near and dst.sightings(first.headline.id)[0].source == "العربية"
        paused = dst.find_source("https://hespress.example/feed")
        assert paused.paused and paused.etag == '"abc"' and paused.error_count == 2
        assert dst.load_model("test-model") == {"weights": [0.5, 1.25], "name": "نموذج"}
        assert ("articles", 11, 11) in seen and ("index", 11, 11) in seen


def test_copy_into_postgresql_then_new_rows_get_new_ids(filled, pg_destination):
    with open_store(pg_destination) as dst:
        report = copy_store(filled, dst)
        assert report.failed_total == 0
        assert dst.count_articles() == filled.count_articles() == 11
        check_same(filled, dst)
        # the id sequences moved past the copied ids
        [added] = dst.add_articles([record(title="خبر بعد النسخ", url="https://new.example/1")])
        assert added.status == "inserted" and added.article_id == 12
        source = dst.follow_source(name="مصدر جديد", feed_url="https://new.example/feed")
        assert source.id == 8


def test_a_non_empty_destination_is_refused_and_left_as_it_was(filled, tmp_path):
    with open_store(tmp_path / "busy.db") as dst:
        dst.add_articles([record(url="https://busy.example/1")])
        with pytest.raises(StoreError, match="not empty") as caught:
            copy_store(filled, dst)
        assert "ليست فارغة" in caught.value.user_message
        assert dst.count_articles() == 1 and not is_empty(dst)


def test_refused_rows_are_counted_and_named_and_the_rest_is_copied(tmp_path):
    path = tmp_path / "src.db"
    with open_store(path) as src:
        src.add_articles([record(url=f"https://x.example/{i}", title=f"خبر رقم {i}",
                                 body=f"نص الخبر رقم {i}") for i in range(5)])
    raw = sqlite3.connect(path)  # a sighting of no article: only without foreign keys
    raw.execute("INSERT INTO sightings (id, article_id, source_id, title, seen_at) "
                "VALUES (7, 999, 1, 'يتيم', '2024-01-01 00:00:00')")
    raw.commit()
    raw.close()
    with open_store(path) as src, open_store(tmp_path / "dst.db") as dst:
        report = copy_store(src, dst, batch=3)
        assert report.rows["articles"] == 5 and report.rows["sightings"] == 0
        assert report.failed == {"sightings": 1}
        [problem] = report.problems
        assert problem.startswith("sightings id 7: ") and "FOREIGN KEY" in problem
        assert dst.count_articles() == 5


def test_nul_characters_postgresql_cannot_hold_are_dropped_in_the_copy(tmp_path, pg_url):
    with open_store(tmp_path / "src.db") as src, open_store(pg_url) as dst:
        src.add_articles([record(url="https://x.example/1"),
                          record(url="https://x.example/2", title="نص فيه\x00صفر",
                                 body="نص آخر مختلف")])
        report = copy_store(src, dst)
        assert report.rows["articles"] == 2 and report.failed_total == 0
        assert dst.article(2).title == "نص فيهصفر"

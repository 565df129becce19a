"""The store interface, as every backend must honour it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from khabar.arabic import Dateline
from khabar.errors import NotFound, StoreError
from khabar.store import open_store
from tests.conftest import record


def test_migrations_are_idempotent_and_wal_is_on(tmp_path):
    path = tmp_path / "k.db"
    with open_store(path) as s:
        s.migrate()
        with s.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            versions = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "khabar.store:migrations")
    assert versions == set(ScriptDirectory.from_config(config).get_heads())
    with open_store(path) as s:  # reopening migrates nothing and keeps data
        assert s.count_articles() == 0


def test_unsupported_url_is_a_clear_error():
    with pytest.raises(StoreError, match="unsupported database URL"):
        open_store("mysql://localhost/khabar")


def test_insert_and_read_back_every_field(store):
    published = datetime(2024, 9, 20, 10, 30, tzinfo=timezone.utc)
    fetched = datetime(2024, 9, 20, 11, 0, tzinfo=timezone.utc)
    rec = record(
        url="https://example.com/a?id=1",
        canonical_url="https://example.com/a?id=1",
        guid="guid-1",
        summary="ملخص",
        author="مراسلنا",
        published_at=published,
        fetched_at=fetched,
        category="economy",
        attributed_to="رويترز",
        keywords=["النفط", "أوبك"],
        dateline=Dateline("دبي", "رويترز"),
        content_hash="abc",
        source_url="https://example.com",
    )
    [result] = store.add_articles([rec])
    assert result.status == "inserted"
    a = store.article(result.article_id)
    assert (a.title, a.body, a.url, a.guid, a.summary, a.author) == (
        rec.title, rec.body, rec.url, "guid-1", "ملخص", "مراسلنا"
    )
    assert a.published_at == published and a.published_at.tzinfo is not None
    assert a.fetched_at == fetched
    assert a.source == "سكاي نيوز عربية"
    assert a.keywords == ["النفط", "أوبك"]
    assert a.dateline == Dateline("دبي", "رويترز")
    assert (a.category, a.attributed_to, a.content_hash, a.language) == ("economy", "رويترز", "abc", "ar")
    assert [s.name for s in store.sources()] == ["سكاي نيوز عربية"]
    assert store.sources()[0].url == "https://example.com"
    doc = a.to_json()
    assert doc["published_at"] == "2024-09-20T10:30:00Z"
    assert doc["dateline"] == {"place": "دبي", "agency": "رويترز"}


def test_naive_dates_are_taken_as_utc(store):
    [r] = store.add_articles([record(published_at=datetime(2020, 1, 2, 3, 4))])
    assert store.article(r.article_id).published_at == datetime(2020, 1, 2, 3, 4, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "first, second",
    [
        ({"canonical_url": "https://x.com/1"}, {"canonical_url": "https://x.com/1", "title": "آخر"}),
        ({"guid": "g-1"}, {"guid": "g-1", "title": "عنوان معدل"}),
    ],
    ids=["same canonical url", "same guid in one source"],
)
def test_same_article_twice_keeps_one_record(store, first, second):
    [a] = store.add_articles([record(**first)])
    [b] = store.add_articles([record(**second)])
    assert b.status == "duplicate" and b.article_id == a.article_id
    assert store.count_articles() == 1
    assert store.article(a.article_id).title == "عنوان الخبر"  # the first copy is kept


def test_same_guid_in_two_sources_is_two_articles(store):
    store.add_articles([record(guid="1", source="أ"), record(guid="1", source="ب")])
    assert store.count_articles() == 2


def test_duplicates_within_one_batch(store):
    results = store.add_articles([record(canonical_url="https://x.com/1")] * 3)
    assert [r.status for r in results] == ["inserted", "duplicate", "duplicate"]
    assert store.count_articles() == 1


def test_a_later_copy_fills_missing_fields_only(store):
    [a] = store.add_articles([record(canonical_url="https://x.com/1", author=None, summary="قديم")])
    [b] = store.add_articles(
        [record(canonical_url="https://x.com/1", author="فلان", summary="جديد", keywords=["كلمة"])]
    )
    assert b.status == "updated"
    stored = store.article(a.article_id)
    assert (stored.author, stored.summary, stored.keywords) == ("فلان", "قديم", ["كلمة"])


def test_missing_article_raises_not_found(store):
    with pytest.raises(NotFound):
        store.article(12345)


def test_latest_is_newest_first_with_paging(store):
    store.add_articles(
        [
            record(title=f"خبر {d}", canonical_url=f"https://x.com/{d}",
                   published_at=datetime(2024, 1, d, tzinfo=timezone.utc))
            for d in (3, 1, 2)
        ]
    )
    assert [a.title for a in store.latest(limit=2)] == ["خبر 3", "خبر 2"]
    assert [a.title for a in store.latest(limit=2, offset=2)] == ["خبر 1"]


def test_articles_without_source_get_a_named_one(store):
    [r] = store.add_articles([record(source=None)])
    assert store.article(r.article_id).source == "مصدر غير معروف"


def test_a_failed_batch_leaves_earlier_batches_stored(store, monkeypatch):
    store.add_articles([record(canonical_url="https://x.com/kept")])

    def boom(*args, **kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(type(store), "_index_many", boom)
    with pytest.raises(StoreError):
        store.add_articles([record(canonical_url="https://x.com/lost")])
    monkeypatch.undo()
    assert store.count_articles() == 1


def test_full_text_search_uses_analyzed_terms(store):
    store.add_articles([record(title="الإدارة الأمريكية", body="نص", canonical_url="https://x.com/1")])
    from khabar.search.service import compile_query, prepare

    page = store.search(compile_query(store.search_dialect, prepare("ادارة")))
    assert page.total == 1 and page.hits[0][0].title == "الإدارة الأمريكية"
    assert page.hits[0][1] > 0


def test_filters_and_cursor_pagination(store):
    from khabar.store.filters import ArticleFilter, Cursor

    store.add_articles(
        [
            record(title=f"خبر {d}", canonical_url=f"https://x.com/{d}", category="sport" if d % 2 else "economy",
                   keywords=["الأمن الوطني"] if d == 3 else [], source="أ" if d < 4 else "ب",
                   published_at=datetime(2024, 1, d, tzinfo=timezone.utc))
            for d in range(1, 7)
        ]
    )
    assert store.count_articles(ArticleFilter(category="sport")) == 3
    assert [a.title for a in store.latest(filters=ArticleFilter(keyword="الأمن الوطني"))] == ["خبر 3"]
    assert store.count_articles(ArticleFilter(sources=("ب",))) == 3
    since = ArticleFilter(since=datetime(2024, 1, 5, tzinfo=timezone.utc))
    assert [a.title for a in store.latest(filters=since)] == ["خبر 6", "خبر 5"]
    assert store.categories() == [("economy", 3), ("sport", 3)]
    first = store.latest(limit=4)
    token = Cursor(first[-1].published_at, first[-1].id).encode()
    rest = store.latest(limit=4, after=Cursor.decode(token))
    assert [a.title for a in first + rest] == [f"خبر {d}" for d in range(6, 0, -1)]


def test_a_damaged_cursor_is_a_query_error():
    from khabar.errors import QueryError
    from khabar.store.filters import Cursor

    with pytest.raises(QueryError):
        Cursor.decode("not-a-cursor")


def test_a_changed_analyzer_rebuilds_the_index_on_open(store_location, monkeypatch):
    import khabar.store.reindex as sql  # the reindex steps left sql.py (#16 item 3)
    from khabar.search.service import compile_query, prepare

    path = store_location
    with open_store(path) as s:
        compile_fts5 = lambda q: compile_query(s.search_dialect, q)  # noqa: E731
        s.add_articles([record(title="الإدارة الأمريكية", canonical_url=f"https://x.com/{i}") for i in range(3)])
        assert s.index_is_current()
        with s._write() as conn:  # an index built by another analyzer: empty it
            s._clear_index(conn)
        assert s.search(compile_fts5(prepare("ادارة"))).total == 0
    monkeypatch.setattr(sql, "ANALYZER_VERSION", sql.ANALYZER_VERSION + 1)
    with open_store(path) as s:  # the version differs: migrate re-indexes
        assert s.index_is_current()
        assert s.search(compile_fts5(prepare("ادارة"))).total == 3
        seen = []
        assert s.reindex(lambda done, total: seen.append((done, total))) == 3
        assert seen == [(3, 3)]


def test_nul_characters_never_fail_a_write_or_a_lookup(store):
    from khabar.store.filters import ArticleFilter

    [r] = store.add_articles([record(title="عنوان\x00فيه صفر", body="نص\x00",
                                     canonical_url="https://x.com/\x00", source="مصدر\x00")])
    assert r.status == "inserted"
    assert store.find_source("غير\x00موجود") is None
    assert store.count_articles(ArticleFilter(sources=("مصدر\x00",))) in (0, 1)
    assert "صفر" in store.article(r.article_id).title


def test_records_of_one_batch_see_what_earlier_records_of_it_stored(store):
    from khabar.search.service import compile_query, prepare

    def found(text):
        return store.search(compile_query(store.search_dialect, prepare(text))).total

    results = store.add_articles([
        record(canonical_url="https://x.com/1", title="خبر أول"),
        record(canonical_url="https://x.com/1", title="خبر أول", summary="ملخص لاحق"),
        record(canonical_url="https://x.com/2", title="نص مكرر", content_hash="h"),
        record(canonical_url="https://x.com/3", title="نص مكرر", content_hash="h"),
    ])
    assert [r.status for r in results] == ["inserted", "updated", "inserted", "duplicate"]
    assert results[3].article_id == results[2].article_id
    assert store.article(results[0].article_id).summary == "ملخص لاحق"
    assert len(store.sightings(results[2].article_id)) == 1
    changed = store.add_articles([
        record(canonical_url="https://x.com/4", title="برتقال", body="نص قديم", entry_hash="e1"),
        record(canonical_url="https://x.com/4", title="تفاح", body="نص جديد", entry_hash="e2"),
    ], replace=True)
    assert [r.status for r in changed] == ["inserted", "updated"]
    assert found("تفاح") == 1 and found("برتقال") == 0


def test_sightings_of_many_articles_in_one_query_as_one_by_one(store):
    results = store.add_articles([
        record(canonical_url="https://x.com/a", title="نص أول", content_hash="a"),
        record(canonical_url="https://y.com/a", title="نص أول عند آخر", content_hash="a",
               source="فرانس 24"),
        record(canonical_url="https://z.com/a", title="نص أول مرة ثالثة", content_hash="a",
               source="العربية"),
        record(canonical_url="https://x.com/b", title="نص ثان", content_hash="b"),
        record(canonical_url="https://y.com/b", title="نص ثان عند آخر", content_hash="b",
               source="فرانس 24"),
        record(canonical_url="https://x.com/c", title="نص لم يتكرر", content_hash="c"),
    ])
    a, b, c = results[0].article_id, results[3].article_id, results[5].article_id
    found = store.sightings_of([c, b, a, 10_000])
    assert set(found) == {a, b}  # an article never seen elsewhere has no entry
    assert [s.title for s in found[a]] == ["نص أول عند آخر", "نص أول مرة ثالثة"]
    for article_id in (a, b, c):
        assert found.get(article_id, []) == store.sightings(article_id)
    assert store.sightings_of([]) == {}


@pytest.mark.parametrize("with_filter", [False, True])
def test_relevance_ranks_the_matches_and_counts_them_all(store, monkeypatch, with_filter):
    # SQLite (tantivy, issue 16) and PostgreSQL with its RUM index (0016_rum) rank every
    # match: the oldest, best match comes first. PostgreSQL without the RUM extension ranks the
    # newest RELEVANCE_WINDOW matches (docs/benchmarks.md, "Search at scale").
    import khabar.store.postgres
    from khabar.search.service import compile_query, prepare
    from khabar.store.filters import ArticleFilter

    monkeypatch.setattr(khabar.store.postgres, "RELEVANCE_WINDOW", 2)
    store.add_articles([  # stored oldest first; the oldest matches best (the word in its title)
        record(canonical_url="https://x.com/1", title="زلزال زلزال", body="زلزال", category="c"),
        record(canonical_url="https://x.com/2", title="خبر", body="زلزال", category="c"),
        record(canonical_url="https://x.com/3", title="خبر آخر", body="زلزال", category="c"),
        record(canonical_url="https://x.com/4", title="خبر ثالث", body="مطر", category="c"),
    ])
    filters = ArticleFilter(category="c") if with_filter else None
    query = compile_query(store.search_dialect, prepare("زلزال"))
    relevant = store.search(query, filters=filters)
    assert relevant.total == 3
    urls = [a.canonical_url for a, _ in relevant.hits]
    if store.search_dialect == "tantivy" or store._uses_rum():
        assert urls[0] == "https://x.com/1" and len(urls) == 3
    else:
        assert sorted(urls) == ["https://x.com/2", "https://x.com/3"]
    newest = store.search(query, order="newest", filters=filters)
    assert newest.total == 3 and len(newest.hits) == 3


@pytest.mark.parametrize("with_filter", [False, True])
def test_the_count_stops_at_the_cap_and_says_so(store, monkeypatch, with_filter):
    import khabar.store.postgres
    import khabar.store.sqlite
    import khabar.store.tantivy_search
    from khabar.search.service import compile_query, prepare
    from khabar.store.filters import ArticleFilter

    for module in (khabar.store.sqlite, khabar.store.postgres, khabar.store.tantivy_search):
        monkeypatch.setattr(module, "COUNT_CAP", 3)
    store.add_articles([record(canonical_url=f"https://x.com/{i}", body=f"زلزال رقم {i}",
                               category="c") for i in range(5)])
    filters = ArticleFilter(category="c") if with_filter else None
    query = compile_query(store.search_dialect, prepare("زلزال"))
    page = store.search(query, filters=filters)
    assert (page.total, page.total_capped, len(page.hits)) == (3, True, 5)
    exact = store.search(compile_query(store.search_dialect, prepare("رقم 2")), filters=filters)
    assert (exact.total, exact.total_capped) == (1, False)

"""Sources named and merged by their catalogued outlet, on both backends: an imported
"alarabia" source is «العربية», the followed default outlet of that domain; a database
migrated from 0009 with duplicate sources of one outlet keeps every article."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from khabar.pipeline import import_paths
from khabar.pipeline.countries import match_archive
from khabar.pipeline.sources import import_opml, load_default_sources
from khabar.search import search
from khabar.store import open_store
from khabar.store.filters import ArticleFilter
from khabar.store.migrate import current_revisions, head_revisions, upgrade
from tests.conftest import BACKENDS, _pg_admin, _pg_url, record

ROWS = [
    {"title": "قافلة مساعدات تدخل الغوطة الشرقية", "url": "https://www.alarabiya.net/ar/1",
     "text": "دمشق - العربية.نت: دخلت قافلة مساعدات إلى الغوطة الشرقية في سوريا.",
     "source": "alarabia", "time_utc": "2018-03-05T11:00:00Z"},
    {"title": "الهلال يفوز على النصر", "url": "https://www.alarabiya.net/ar/2",
     "text": "فاز الهلال على النصر في الدوري السعودي بهدفين.", "source": "alarabia",
     "time_utc": "2018-03-05T12:00:00Z"},
    {"title": "قمة في الرياض", "url": "https://www.skynewsarabia.com/middle-east/3",
     "text": "الرياض - سكاي نيوز عربية: انطلقت في الرياض قمة عربية.", "source": "skynews",
     "time_utc": "2018-03-05T13:00:00Z"},
    {"title": "خبر من موقع مجهول", "url": "https://unknown.example/4",
     "text": "نص خبر من موقع لا يعرفه الدليل.", "source": "موقع مجهول",
     "time_utc": "2018-03-05T14:00:00Z"},
]


def write_rows(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def articles_of(store, source) -> int:
    return store.count_articles(ArticleFilter(source_id=source.id))


def test_an_imported_code_becomes_the_followed_outlet_of_its_domain(store, tmp_path):
    load_default_sources(store)
    [default] = [s for s in store.sources() if s.name == "العربية"]
    assert default.followed and default.outlet == "alarabiya.net"
    report = import_paths(store, [write_rows(tmp_path / "ant.jsonl", ROWS)])
    assert report.inserted == 4
    names = {s.name for s in store.sources()}
    assert "alarabia" not in names and "skynews" not in names
    assert articles_of(store, store.get_source(default.id)) == 2  # the same source
    [sky] = [s for s in store.sources() if s.outlet == "skynewsarabia.com"]
    assert sky.name == "سكاي نيوز عربية" and (sky.country, sky.outlet_kind) == ("AE", "private")
    [unknown] = [s for s in store.sources() if s.name == "موقع مجهول"]
    assert unknown.outlet is None and articles_of(store, unknown) == 1
    article = store.latest(limit=10, filters=ArticleFilter(source_id=default.id))[-1]
    assert article.source == "العربية" and article.countries == ["SY"]


def test_the_same_domain_under_other_names_is_one_source(store, tmp_path):
    rows = [dict(ROWS[0]), dict(ROWS[1], source="Al Arabiya"),
            dict(ROWS[1], source="قناة العربية", url="https://english.alarabiya.net/5",
                 title="خبر آخر", text="نص آخر عن الاقتصاد.")]
    import_paths(store, [write_rows(tmp_path / "a.jsonl", rows)])
    outlets = [s for s in store.sources() if s.outlet == "alarabiya.net"]
    assert [s.name for s in outlets] == ["العربية"] and articles_of(store, outlets[0]) == 3
    # following the outlet's feed later makes that same source a followed one
    import_opml(store, b'<opml version="2.0"><body><outline text="Al Arabiya RSS" '
                       b'xmlUrl="https://www.alarabiya.net/feed/rss2/ar.xml"/></body></opml>')
    [followed] = [s for s in store.sources() if s.outlet == "alarabiya.net"]
    assert followed.id == outlets[0].id and followed.followed and followed.name == "العربية"


def test_outlets_sharing_a_name_get_their_country(store, tmp_path):
    rows = [{"title": "خبر قطري", "text": "نص.", "url": "https://www.al-watan.com/1", "source": "x1"},
            {"title": "خبر مصري", "text": "نص آخر.", "url": "https://www.elwatannews.com/2",
             "source": "x2"}]
    import_paths(store, [write_rows(tmp_path / "w.jsonl", rows)])
    names = sorted(s.name for s in store.sources())
    assert names in (["الوطن", "الوطن (مصر)"], ["الوطن", "الوطن (قطر)"])


# --- the migration of an existing database --------------------------------------------------

@pytest.fixture(params=BACKENDS)
def old_database(request, tmp_path, pg_template):
    """A database migrated to 0009 only (before outlets), and its location."""
    if request.param == "sqlite":
        yield tmp_path / "old.db"
        return
    name = f"{pg_template}_old"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _pg_url(name)
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _insert_source(conn, name, url=None, feed_url=None) -> int:
    return conn.execute(text(
        "INSERT INTO sources (name, url, feed_url, created_at, paused, error_count) "
        "VALUES (:n, :u, :f, :t, false, 0) RETURNING id"),
        {"n": name, "u": url, "f": feed_url, "t": datetime(2018, 1, 1, tzinfo=UTC)},
    ).scalar_one()


def _insert_article(conn, source_id, n, guid) -> None:
    conn.execute(text(
        "INSERT INTO articles (source_id, url, canonical_url, guid, title, body, fetched_at, "
        "language, keywords, entities) VALUES (:s, :u, :u, :g, :t, :b, :at, 'ar', '[]', '[]')"),
        {"s": source_id, "u": f"https://www.alarabiya.net/ar/{n}", "g": guid,
         "t": f"خبر {n}", "b": f"نص الخبر {n}.", "at": datetime(2018, 3, 1, tzinfo=UTC)})


def test_migrating_a_database_with_duplicate_sources_keeps_every_article(old_database):
    store = open_store(old_database, migrate=False)
    try:
        with store.engine.begin() as conn:
            upgrade(conn, "0009")
            followed = _insert_source(conn, "العربية", "https://www.alarabiya.net/",
                                      "https://www.alarabiya.net/feed/rss2/ar.xml")
            code = _insert_source(conn, "alarabia")
            english = _insert_source(conn, "Al Arabiya", "https://www.alarabiya.net/")
            bbc = _insert_source(conn, "BBC")
            other = _insert_source(conn, "مدونة شخصية", "https://blog.example/")
            for n, (source, guid) in enumerate([(followed, "g1"), (followed, "g2"), (code, "g1"),
                                                (code, "g3"), (english, None), (bbc, "b1"),
                                                (other, "o1")]):
                _insert_article(conn, source, n, guid)
        store.migrate()
        with store.engine.connect() as conn:
            assert current_revisions(conn) == head_revisions()
        sources = {s.name: s for s in store.sources()}
        assert set(sources) == {"العربية", "بي بي سي عربي", "مدونة شخصية"}
        alarabiya = sources["العربية"]
        assert alarabiya.id == followed and alarabiya.followed
        assert (alarabiya.outlet, alarabiya.country, alarabiya.outlet_kind) == (
            "alarabiya.net", "AE", "private")
        assert store.count_articles() == 7  # nothing lost
        assert articles_of(store, alarabiya) == 5
        guids = sorted(a.guid or "-" for a in store.latest(
            limit=10, filters=ArticleFilter(source_id=alarabiya.id)))
        assert guids == ["-", "-", "g1", "g2", "g3"]  # the clashing copy lost its guid only
        assert sources["بي بي سي عربي"].id == bbc and sources["مدونة شخصية"].outlet is None
        # the countries of the archive are computed by `khabar sources match`
        report = match_archive(store)
        assert report["matched"] == 2 and report["merged"] == 0 and report["articles"] == 7
    finally:
        store.close()


def test_articles_moved_by_a_merge_are_found_under_their_new_source(store):
    # the search index holds each article's source (source filters): a merge moves it there too
    store.add_articles([
        record(url="https://www.alarabiya.net/ar/1", title="قافلة مساعدات", body="نص عن القافلة",
               source="alarabia"),
        record(url="https://www.alarabiya.net/ar/2", title="قافلة أخرى", body="نص آخر عن القافلة",
               source="Al Arabiya"),
    ])
    assert len(store.sources()) == 2
    assert search(store, "قافلة").total == 2
    report = match_archive(store)
    [kept] = store.sources()
    assert report["merged"] == 1 and articles_of(store, kept) == 2
    assert search(store, f"قافلة source:{kept.name}").total == 2

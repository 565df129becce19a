"""PostgreSQL relevance with the RUM index (migration 0016_rum, khabar/store/postgres_search.py):
every match ranked, freshness in the score, and the fallback when the index is missing."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

import khabar.store.postgres as postgres
from khabar.search.service import compile_query, prepare
from khabar.store import open_store, postgres_rum, postgres_search
from khabar.store.sqlite_search import FRESHNESS_HALF_LIFE_DAYS, FRESHNESS_WEIGHT
from tests.conftest import record

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)
FILLER = ["اجتماع", "مدينة", "حكومة", "سفينة", "مطار", "جامعة", "مستشفى", "ملعب", "مصنع",
          "حديقة", "قطار", "شارع"]


@pytest.fixture
def store(pg_url):
    s = open_store(pg_url)
    with s.engine.connect() as conn:
        if not postgres_rum.has_rum_index(conn):
            if os.environ.get("CI") == "true":
                pytest.fail("CI=true: the RUM extension is required (.ci/run installs it)")
            pytest.skip("the PostgreSQL server has no RUM extension (postgresql-15-rum)")
    yield s
    postgres_rum.forget(s.engine)
    s.close()


def search(store, q: str, **kw):
    analyzed = prepare(q)
    page = store.search(compile_query("tsquery", analyzed), filters=analyzed.filters, **kw)
    return [a.title for a, _ in page.hits], page


def newer(n: int) -> list:
    """n matches of «النفط», each once in a body, one a day up to NOW."""
    return [record(title=f"خبر {FILLER[i % len(FILLER)]} رقم {i}",
                   body=f"فقرة عن {FILLER[(i + 3) % len(FILLER)]} {i}. وذكر التقرير النفط مرة.",
                   url=f"https://example.com/new/{i}", published_at=NOW - timedelta(days=i))
            for i in range(n)]


def test_every_match_is_ranked_not_only_the_newest(store, monkeypatch):
    # The window the fallback ranks is made tiny: an old article with the word in its title
    # is far outside it, and must still come first (the prior adds at most a fifth).
    monkeypatch.setattr(postgres, "RELEVANCE_WINDOW", 3)
    old = record(title="النفط يرتفع إلى أعلى مستوى", body="تقرير قديم عن الأسواق.",
                 url="https://example.com/old", published_at=NOW - timedelta(days=3000))
    store.add_articles([old, *newer(8)])
    titles, page = search(store, "النفط", limit=3)
    assert titles[0] == old.title and page.total == 9

    # Without the RUM index (a server without the extension) the window ranks: the old
    # article is not in it. Migrating again (khabar migrate) creates the index back.
    with store.engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {postgres_rum.RUM_INDEX}"))
    postgres_rum.forget(store.engine)
    titles, page = search(store, "النفط", limit=3)
    assert old.title not in titles and page.total == 9
    store.migrate()
    assert search(store, "النفط", limit=3)[0][0] == old.title


def test_freshness_is_in_the_score_and_the_page_is_the_exhaustive_ranking(store):
    store.add_articles(newer(12))
    titles, _ = search(store, "النفط", limit=12)
    # equal ranks: newest first
    assert titles == [f"خبر {FILLER[i % len(FILLER)]} رقم {i}" for i in range(12)]
    # every match scored in SQL, the same formula, sorted: pages of 4 agree with it
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT a.id, rum_ts_score(f.document, CAST(:q AS tsquery)) AS r, "
            "extract(epoch FROM coalesce(a.published_at, a.fetched_at)) AS ts "
            "FROM article_fts f JOIN articles a ON a.id = f.article_id "
            "WHERE f.document @@ CAST(:q AS tsquery)"), {"q": "'نفط'"}).all()
    top = max(r.r for r in rows)
    newest = max(float(r.ts) for r in rows)
    half = FRESHNESS_HALF_LIFE_DAYS * 86400

    def score(r):
        return r.r + FRESHNESS_WEIGHT * top * 2 ** (-(newest - float(r.ts)) / half)
    expected = [r.id for r in sorted(rows, key=lambda r: (-score(r), -r.id))]
    got = [a.id for offset in (0, 4, 8)
           for a, _ in store.search("'نفط'", limit=4, offset=offset).hits]
    assert got == expected


def test_filters_apply_to_the_ranked_matches(store):
    store.add_articles(newer(10))
    _, page = search(store, "النفط from:2024-05-29 to:2024-06-01")
    assert page.total == 4
    assert all(a.published_at >= datetime(2024, 5, 29, tzinfo=timezone.utc) for a, _ in page.hits)
    assert len(page.hits) == 4


def test_a_reindex_builds_the_rum_index_again(store):
    store.add_articles(newer(3))
    store.reindex()
    with store.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'article_fts'"))}
    assert {postgres_rum.RUM_INDEX, "ix_article_fts_document"} <= names
    assert search(store, "النفط")[1].total == 3


def test_a_phrase_is_ranked_by_its_words(store):
    # RUM's index gives every phrase match the same distance (measured at 20,000 and 100,000
    # articles: its ordered scan comes back in storage order), so the rank is of the phrase's
    # words; the phrase still decides what matches. (At this size the planner may sort in
    # memory instead of scanning the index: the second assertion is the behaviour, the first
    # the rule that keeps it on an archive.)
    assert postgres_search.rank_query("('اتفاق' <-> 'نووي') & !'ايران'") == \
        "('اتفاق' & 'نووي') & !'ايران'"
    body_only = [record(title=f"خبر {FILLER[i % len(FILLER)]} رقم {i}",
                        body=f"فقرة {i} عن {FILLER[(i + 5) % len(FILLER)]}. وتناول الاتفاق النووي.",
                        url=f"https://example.com/p/{i}", published_at=NOW - timedelta(days=400 + i))
                 for i in range(45)]
    titled = record(title="الاتفاق النووي يدخل مرحلة جديدة", body="تقرير عن المفاوضات.",
                    url="https://example.com/p/title", published_at=NOW - timedelta(days=2000))
    store.add_articles(body_only)
    store.add_articles([titled])
    titles, page = search(store, '"الاتفاق النووي"', limit=3)
    assert page.total == 46 and titles[0] == titled.title

"""Article pages prepared in a pool of processes give what preparing them here gives: the same
record (extracted, merged into the feed entry, cleaned, tagged) and the same story analysis."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from khabar.errors import IngestError
from khabar.ingest.html_page import read_html
from khabar.pipeline import extraction, pages
from khabar.pipeline.pages import PageJob
from khabar.store import ArticleRecord, open_store

PAGE = """<html lang="ar"><head><title>وزير الخارجية يزور القاهرة | موقع</title>
<meta property="og:title" content="وزير الخارجية يزور القاهرة"></head><body><article>
<h1>وزير الخارجية يزور القاهرة</h1>
<p>وصل وزير الخارجية إلى القاهرة صباح اليوم في زيارة رسمية تستمر يومين يلتقي خلالها كبار المسؤولين.</p>
<p>وقال المتحدث باسم الوزارة إن الزيارة تتناول العلاقات الثنائية وملفات المنطقة والتعاون الاقتصادي.</p>
<p>وأضاف أن الجانبين سيوقعان عددا من الاتفاقيات في مجالات الطاقة والنقل والتعليم خلال الزيارة.</p>
</article></body></html>"""
URL = "https://example.com/a/1"
JOB = PageJob("موقع", "https://example.com/", datetime(2026, 12, 3, tzinfo=timezone.utc), 100_000)


@pytest.fixture(scope="module")
def pool():
    """One pool for the module's tests (each start costs seconds)."""
    extraction.use_processes(2)
    yield
    extraction.use_processes(1)


@pytest.fixture
def store(tmp_path: Path):
    """SQLite only: the store is read for its tagger, which both backends give alike."""
    with open_store(tmp_path / "khabar.db") as s:
        yield s


@pytest.fixture(autouse=True)
def fresh_snapshots():
    pages.forget_snapshots()
    yield
    pages.forget_snapshots()


def _entry() -> ArticleRecord:
    return ArticleRecord(title="", body="ملخص من الخلاصة", url=URL, guid="1")


def _run(store, text: str):
    return asyncio.run(extraction.complete_page(store, text, URL, _entry(), JOB))


def test_a_page_prepared_in_the_pool_equals_the_page_prepared_here(store, pool):
    here = pages.prepare_page(PAGE, URL, _entry(), pages.snapshot_for(store).tagger, JOB)
    assert extraction.processes() == 2
    pooled = _run(store, PAGE)
    assert pooled.record == here.record
    assert pooled.analysis == here.analysis
    assert "القاهرة" in pooled.record.body and pooled.record.body_origin == "page"
    assert pooled.record.source == "موقع" and pooled.record.content_hash
    assert extraction.pool_pids()  # it ran in the pool, which stays up


def test_a_snapshot_the_pool_cannot_read_leaves_the_page_to_this_process(store, pool):
    snapshot = pages.snapshot_for(store)
    os.unlink(snapshot.written())  # as if a newer snapshot had replaced it meanwhile
    here = pages.prepare_page(PAGE, URL, _entry(), snapshot.tagger, JOB)
    assert _run(store, PAGE).record == here.record


def test_an_error_in_the_pool_comes_back_with_its_message(store, pool):
    with pytest.raises(IngestError) as pooled:
        _run(store, "")
    with pytest.raises(IngestError) as here:
        read_html("", url=URL)
    assert str(pooled.value) == str(here.value)


def test_pages_are_tagged_against_one_snapshot_of_the_store(store):
    """A page is tagged against the store's tagger plus itself: preparing pages teaches the
    snapshot nothing, so the order of a poll's pages changes no tag."""
    snapshot = pages.snapshot_for(store)
    n_docs, df = snapshot.tagger.stats.n_docs, dict(snapshot.tagger.stats.df)
    first = pages.prepare_page(PAGE, URL, _entry(), snapshot.tagger, JOB)
    again = pages.prepare_page(PAGE, URL, _entry(), snapshot.tagger, JOB)
    assert (snapshot.tagger.stats.n_docs, snapshot.tagger.stats.df) == (n_docs, df)
    assert first.record.keywords == again.record.keywords
    assert first.record.entities == again.record.entities
    assert snapshot.tagger.deferred is False and snapshot.tagger.take_observations() == []


def test_a_snapshot_is_kept_until_it_is_old_and_its_file_removed_after(store):
    snapshot = pages.snapshot_for(store)
    assert pages.snapshot_for(store) is snapshot
    path = snapshot.written()
    assert pages.tagger_from(path).stats.n_docs == snapshot.tagger.stats.n_docs
    newer = pages.snapshot_for(store, max_age=0)
    assert newer is not snapshot and os.path.exists(path)  # pages in flight may still read it
    pages.snapshot_for(store, max_age=0)
    assert not os.path.exists(path)
    newest = pages.snapshot_for(store).written()
    pages.forget_snapshots()
    assert not os.path.exists(newest)


def test_one_process_prepares_here(store):  # last: it stops the module's pool
    extraction.use_processes(1)
    expected = pages.prepare_page(PAGE, URL, _entry(), pages.snapshot_for(store).tagger, JOB)
    assert _run(store, PAGE).record == expected.record
    assert extraction.pool_pids() == []

"""Polling followed sources served on 127.0.0.1: feeds built from real ANT items, pages built
from them and the real pages of ../shared/data. Each case checks what is recorded on the
source, that nothing crashed, and that nothing stored was lost."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
from datetime import timedelta

import httpx
import pytest

from khabar.pipeline.poll import poll_source, poll_sources, utcnow
from khabar.pipeline.worker import poll
from khabar.pipeline.sources import default_opml, import_opml
from khabar.ingest.fetch import Fetcher
from khabar.search import search
from khabar.settings import load_settings
from tests.loopback import Loopback, ant_items, article_page, rss

SETTINGS = load_settings(
    allow_private_networks=True, per_host_delay=0.0, retries=0, retry_backoff=0.01,
    # generous: on a loaded machine (CI) a loopback page once took over 0.5 s to answer and the
    # listing test lost a page; the test of a silent server sets short ones of its own
    connect_timeout=5.0, read_timeout=10.0, total_timeout=20.0,
    # a whole source (feed + 8 pages extracted in the pool) may take long on a loaded machine
    # (`make test` runs two pytest processes); a test of the source timeout sets its own
    source_timeout=30.0, max_body_bytes=2_000_000,
)


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


@pytest.fixture(scope="module")
def items(ant_file):
    return ant_items(ant_file, 8)


def serve_outlet(server, items, path="/feed.xml", **feed_options):
    server.static(path, rss(items, server.url("")), etag='"v1"')
    for n, item in enumerate(items):
        server.static(f"/a/{n}.html", article_page(item), content_type="text/html; charset=utf-8")


def follow(store, server, path="/feed.xml", kind="feed"):
    return store.follow_source(name="وكالة الاختبار", feed_url=server.url(path), kind=kind,
                               url=server.url("/"))


def poll_all(store, **overrides):
    return poll(store, everything=True, settings=SETTINGS.replace(**overrides))


def test_first_poll_stores_full_pages_and_the_second_gets_304(store, server, items):
    serve_outlet(server, items)
    source = follow(store, server)
    report = poll_all(store)
    assert report.results[0].outcome == "new" and report.inserted == len(items)
    stored = store.latest(limit=20)
    assert {a.body_origin for a in stored} == {"page"}
    assert all(a.source == "وكالة الاختبار" for a in stored)
    first = store.article(stored[0].id)
    assert "جميع الحقوق محفوظة" not in first.body and len(first.body) > 100
    health = store.get_source(source.id)
    assert health.etag == '"v1"' and health.health == "ok" and health.error_count == 0
    assert health.next_check_at > utcnow()
    again = poll_all(store)
    assert again.results[0].outcome == "not_modified" and again.inserted == 0
    assert store.count_articles() == len(items)
    assert server.requests_to("/feed.xml")[-1]["if-none-match"] == '"v1"'


def test_an_etag_change_with_an_edited_entry_updates_the_article_in_place(store, server, items):
    serve_outlet(server, items)
    follow(store, server)
    poll_all(store)
    before = {a.url: a for a in store.latest(limit=20)}
    edited = [dict(i) for i in items]
    edited[0]["title"] = "تحديث: " + edited[0]["title"]
    edited[0]["text"] = "كلمةفريدةجديدة في النص المحدث.\n" + edited[0]["text"]
    server.static("/feed.xml", rss(edited, server.url("")), etag='"v2"')
    server.static("/a/0.html", article_page(edited[0]), content_type="text/html; charset=utf-8")
    report = poll_all(store)
    assert report.results[0].updated == 1 and report.inserted == 0
    assert store.count_articles() == len(items)
    article = store.article(before[server.url("/a/0.html")].id)
    assert article.title.startswith("تحديث")
    assert article.fetched_at == before[server.url("/a/0.html")].fetched_at  # first seen kept
    assert article.updated_at is not None
    assert [h.article.id for h in search(store, "كلمةفريدةجديدة").hits] == [article.id]


def test_a_moved_feed_updates_the_source_address(store, server, items):
    serve_outlet(server, items, path="/new-feed.xml")
    server.redirect("/feed.xml", "/new-feed.xml", 301)
    source = follow(store, server)
    report = poll_all(store)
    assert report.results[0].moved_to == server.url("/new-feed.xml")
    assert store.get_source(source.id).feed_url == server.url("/new-feed.xml")
    assert report.inserted == len(items)


@pytest.mark.parametrize("case, outcome", [
    ("redirect_loop", "too_many_redirects"),
    ("silent", "timeout"),
    ("huge", "too_large"),
    ("gzip_bomb", "too_large"),
    ("invalid_xml", "invalid"),
    ("rate_limited", "rate_limited"),
    ("not_found", "http_error"),
])
def test_failures_are_recorded_on_the_source_and_lose_nothing(store, server, items, case, outcome):
    serve_outlet(server, items)
    source = follow(store, server)
    poll_all(store)
    stored = store.count_articles()
    release = threading.Event()
    if case == "redirect_loop":
        server.redirect("/feed.xml", "/loop.xml")
        server.redirect("/loop.xml", "/feed.xml")
    elif case == "silent":
        server.routes["/feed.xml"] = lambda request: release.wait(10)
    elif case == "huge":
        def endless(request):
            request.send_response(200)
            request.end_headers()
            for _ in range(16384):  # 1 GiB
                request.wfile.write(b"<" * 65536)
        server.routes["/feed.xml"] = endless
    elif case == "gzip_bomb":
        server.static("/feed.xml", gzip.compress(b" " * 40_000_000),
                      headers={"Content-Encoding": "gzip"})
    elif case == "invalid_xml":
        server.static("/feed.xml", '<rss version="2.0"><channel><<<>>> &bad; </rss')
    elif case == "rate_limited":
        server.static("/feed.xml", "", status=429, headers={"Retry-After": "7200"})
    elif case == "not_found":
        server.static("/feed.xml", "", status=404)
    short = {"read_timeout": 0.5, "total_timeout": 2.0} if case == "silent" else {}
    try:
        report = poll_all(store, **short)
    finally:
        release.set()
    result = report.results[0]
    assert result.outcome == outcome, result.error
    health = store.get_source(source.id)
    assert health.last_outcome == outcome and health.error_count == 1
    assert health.last_error and health.last_error_user and health.health == "failing"
    assert health.etag == '"v1"'  # the last good validators are kept
    assert health.next_check_at > utcnow() + timedelta(seconds=SETTINGS.min_interval * 0.8)
    if outcome == "rate_limited":
        assert health.next_check_at > utcnow() + timedelta(seconds=7000)
    assert store.count_articles() == stored


def test_a_windows_1256_feed(store, server, items):
    doc = rss(items[:3], server.url(""), encoding="windows-1256")
    server.static("/feed.xml", doc, content_type="application/rss+xml")  # charset only in XML
    follow(store, server)
    report = poll_all(store, fetch_pages=False)
    assert report.inserted == 3
    titles = {a.title for a in store.latest(limit=10)}
    assert titles == {i["title"] for i in items[:3]}
    assert {a.body_origin for a in store.latest(limit=10)} == {"feed"}


def test_robots_txt_disallowing_pages_keeps_the_feed_text_and_says_so(store, server, items):
    serve_outlet(server, items[:3])
    server.static("/robots.txt", "User-agent: *\nDisallow: /a/\n", content_type="text/plain")
    follow(store, server)
    report = poll_all(store)
    assert report.inserted == 3 and report.results[0].page_errors == 3
    for article in store.latest(limit=10):
        assert article.body_origin == "feed" and "robots.txt" in article.page_error
        assert article.body  # the feed's own text
    assert server.requests_to("/a/0.html") == []


def test_a_source_resolving_to_a_private_address_is_refused(store, server, items):
    serve_outlet(server, items)
    source = store.follow_source(name="داخلي", feed_url=server.url("/feed.xml", host="localhost"))
    report = poll(store, everything=True,
                  settings=SETTINGS.replace(allow_private_networks=False))
    assert report.results[0].outcome == "blocked"
    health = store.get_source(source.id)
    assert health.health == "unreachable" and "خاصة" in health.last_error_user
    assert server.hits == []


def test_default_sources_without_internet_show_as_unreachable(store):
    added = import_opml(store, default_opml()).added
    assert len(added) >= 30

    def no_network(request):
        raise httpx.ConnectError("network is unreachable", request=request)

    report = poll(store, everything=True, settings=SETTINGS,
                  transport=httpx.MockTransport(no_network))
    assert report.count("unreachable") == len(added)
    listed = store.followed_sources()
    assert {s.health for s in listed} == {"unreachable"}
    assert all(s.last_error_user == "تعذر الوصول إلى الموقع." for s in listed)


def test_one_slow_source_does_not_delay_the_others(store, server, items):
    """The fast outlet's articles are stored while the slow feed, asked first, still hangs
    within its 4 s limit (the slow feed itself watches for them: no threshold on the fast
    one's seconds, which a loaded machine breaks); the slow one ends in a timeout. With the
    polls one at a time (poll_concurrency=1) this fails."""
    release = threading.Event()
    stored_while_slow_hung = threading.Event()

    def slow(request):
        deadline = time.monotonic() + 3.5  # before the slow source's 4 s run out
        hung_first = store.count_articles() == 0
        while not release.is_set() and time.monotonic() < deadline:
            if hung_first and store.count_articles() == 2:
                stored_while_slow_hung.set()
            release.wait(0.05)
        release.wait(10)

    server.routes["/slow.xml"] = slow
    serve_outlet(server, items[:2])
    store.follow_source(name="بطيء", feed_url=server.url("/slow.xml"))
    fast = follow(store, server)
    settings = SETTINGS.replace(read_timeout=8.0, total_timeout=8.0, source_timeout=4.0)
    try:
        report = poll(store, everything=True, settings=settings)
    finally:
        release.set()
    by_name = {r.source: r for r in report.results}
    assert by_name["بطيء"].outcome == "timeout"
    assert by_name[fast.name].outcome == "new"
    assert stored_while_slow_hung.is_set()


def test_a_crash_before_the_outcome_is_recorded_is_completed_by_the_next_poll(
    store, server, items, monkeypatch
):
    serve_outlet(server, items)
    source = follow(store, server)
    real_update = store.update_source

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "update_source", crash)
    poll_all(store)  # articles stored, then the worker "dies" before saving the ETag
    assert store.count_articles() == len(items)
    monkeypatch.setattr(store, "update_source", real_update)
    assert store.get_source(source.id).etag is None
    report = poll_all(store)
    assert report.results[0].outcome == "unchanged" and report.inserted == 0
    assert store.count_articles() == len(items)
    assert store.get_source(source.id).etag == '"v1"'


def test_a_real_article_page_from_shared_data(store, server, shared_data):
    page = (shared_data / "html-extraction-ar" / "assabah-tn" / "assabah.com.tn.article.html")
    html = page.read_bytes()
    server.static("/a/0.html", html, content_type="text/html; charset=utf-8")
    item = {"title": "حوار", "text": "ملخص قصير من الخلاصة", "time_utc": "2019-02-18T10:00:00Z"}
    server.static("/feed.xml", rss([item], server.url("")))
    follow(store, server)
    assert poll_all(store).inserted == 1
    article = store.latest(limit=1)[0]
    assert article.body_origin == "page" and len(article.body) > 2000


def test_a_news_sitemap_source(store, server, items):
    entries = "".join(
        f"<url><loc>{server.url(f'/a/{n}.html')}</loc><news:news><news:publication>"
        f"<news:name>صحيفة</news:name><news:language>ar</news:language></news:publication>"
        f"<news:publication_date>2018-03-0{n + 1}T10:00:00+00:00</news:publication_date>"
        f"<news:title>{i['title']}</news:title></news:news></url>"
        for n, i in enumerate(items[:3])
    )
    server.static("/news-sitemap.xml", (
        '<?xml version="1.0" encoding="UTF-8"?><urlset '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    ), content_type="application/xml")
    for n, item in enumerate(items[:3]):
        server.static(f"/a/{n}.html", article_page(item), content_type="text/html")
    follow(store, server, "/news-sitemap.xml", kind="sitemap")
    assert poll_all(store).inserted == 3
    assert {a.published_at.day for a in store.latest(limit=5)} == {1, 2, 3}


def test_a_listing_page_source(store, server, items):
    links = "".join(f'<li><a href="/a/{n}.html">{i["title"]}</a></li>'
                    for n, i in enumerate(items[:4]))
    server.static("/news/", f'<html><body><nav><a href="/tag/x">وسم</a></nav><ul>{links}</ul>'
                  "</body></html>", content_type="text/html")
    for n, item in enumerate(items[:4]):
        server.static(f"/a/{n}.html", article_page(item), content_type="text/html")
    follow(store, server, "/news/", kind="listing")
    assert poll_all(store).inserted == 4
    assert poll_all(store).inserted == 0


def test_the_scheduler_loop_polls_due_sources_until_stopped(store, server, items):
    from khabar.pipeline.scheduler import run_scheduler

    serve_outlet(server, items[:2])
    follow(store, server)

    async def main():
        stop = asyncio.Event()
        task = asyncio.create_task(run_scheduler(store, SETTINGS.replace(scheduler_tick=0.05), stop))
        for _ in range(100):
            await asyncio.sleep(0.05)
            # stored first, then the outcome and schedule: wait for both
            if store.count_articles() == 2 and store.followed_sources()[0].last_outcome:
                break
        stop.set()
        await asyncio.wait_for(task, 5)

    started = time.monotonic()
    asyncio.run(main())
    assert store.count_articles() == 2 and time.monotonic() - started < 5
    assert store.followed_sources()[0].last_outcome == "new"


def test_poll_sources_reports_progress(store, server, items):
    serve_outlet(server, items[:1])
    source = follow(store, server)
    seen = []

    async def main():
        async with Fetcher(SETTINGS) as fetcher:
            return await poll_sources(store, fetcher, [source], settings=SETTINGS,
                                      progress=lambda r, done, total: seen.append((done, total)))

    asyncio.run(main())
    assert seen == [(1, 1)]
    _ = poll_source  # the single-source entry point is what the scheduler calls

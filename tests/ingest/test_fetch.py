"""The fetcher against real HTTP servers on 127.0.0.1 (and a mock transport for no network)."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
import zlib

import brotli
import httpx
import pytest

from khabar.errors import (
    BlockedAddress,
    FetchTimeout,
    HTTPStatusError,
    RateLimited,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from khabar.ingest.fetch import Fetcher, is_public_address, parse_retry_after
from khabar.settings import load_settings
from tests.loopback import Loopback

#: loopback needs private networks allowed; small limits keep every case fast
FAST = dict(allow_private_networks=True, per_host_delay=0.0, retries=0, retry_backoff=0.01,
            connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0, max_body_bytes=1_000_000)


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


def fetch(url: str, **kwargs):
    settings = load_settings(**{**FAST, **kwargs.pop("settings", {})})

    async def main():
        async with Fetcher(settings, transport=kwargs.pop("transport", None),
                           resolver=kwargs.pop("resolver", None)) as fetcher:
            return await fetcher.get(url, **kwargs)

    return asyncio.run(main())


def test_conditional_get_sends_validators_and_reads_304(server):
    server.static("/feed", "<rss/>", etag='"v1"', last_modified="Sat, 28 Nov 2026 10:00:00 GMT")
    first = fetch(server.url("/feed"))
    assert first.status == 200 and first.etag == '"v1"' and first.body == b"<rss/>"
    again = fetch(server.url("/feed"), etag='"v1"', last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    sent = server.requests_to("/feed")[-1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Sat, 28 Nov 2026 10:00:00 GMT"
    assert sent["user-agent"].startswith("khabar/")
    server.static("/feed", "<rss>2</rss>", etag='"v2"')  # the ETag changed: a full answer
    changed = fetch(server.url("/feed"), etag='"v1"')
    assert changed.status == 200 and changed.etag == '"v2"'


def test_permanent_redirect_reports_the_new_address(server):
    server.redirect("/old", "/new", 301)
    server.redirect("/temp", "/new", 302)
    server.static("/new", "<rss/>")
    assert fetch(server.url("/old")).moved_to == server.url("/new")
    moved_then_temporary = fetch(server.url("/temp"))
    assert moved_then_temporary.moved_to is None and moved_then_temporary.url == server.url("/new")


def test_redirect_loop_and_too_many_redirects(server):
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    with pytest.raises(TooManyRedirects, match="loop"):
        fetch(server.url("/a"))
    for n in range(4):
        server.redirect(f"/r{n}", f"/r{n + 1}", 302)
    server.static("/r4", "ok")
    with pytest.raises(TooManyRedirects, match="more than 2"):
        fetch(server.url("/r0"), settings={"max_redirects": 2})


def test_a_server_that_never_answers_times_out(server):
    release = threading.Event()
    server.routes["/silent"] = lambda request: release.wait(10)
    started = time.monotonic()
    try:
        with pytest.raises(FetchTimeout):
            fetch(server.url("/silent"))
    finally:
        release.set()
    assert time.monotonic() - started < 2.5


def test_a_1_gb_body_is_streamed_and_cut_at_the_cap(server):
    sent = []

    def endless(request):
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.end_headers()  # no Content-Length: the size is only known by reading
        chunk = b"<" + b"x" * 65535
        for _ in range(16384):  # 1 GiB, generated, never stored
            request.wfile.write(chunk)
            sent.append(len(chunk))

    server.routes["/huge"] = endless
    with pytest.raises(TooLarge):
        fetch(server.url("/huge"))
    assert sum(sent) < 50_000_000  # the fetcher hung up long before the end


def test_a_declared_length_over_the_cap_is_refused_before_reading(server):
    def big(request):
        request.send_response(200)
        request.send_header("Content-Length", str(2**30))
        request.end_headers()
        request.wfile.write(b"x" * 1000)

    server.routes["/big"] = big
    with pytest.raises(TooLarge, match="announces"):
        fetch(server.url("/big"))


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", gzip.compress),
    ("br", brotli.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda d: zlib.compress(d)[2:-4]),  # raw deflate, as some servers send
])
def test_compressed_bodies_are_decoded(server, encoding, compress):
    text = "خبر عاجل ".encode() * 100
    server.static("/z", compress(text), headers={"Content-Encoding": encoding})
    assert fetch(server.url("/z")).body == text


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", lambda d: gzip.compress(d, compresslevel=9)),
    ("br", lambda d: brotli.compress(d, quality=1)),
])
def test_a_compression_bomb_stops_at_the_cap(server, encoding, compress):
    bomb = compress(b"\0" * 50_000_000)  # 50 MB of zeros in ~50 KB: 50 times the cap
    server.static("/bomb", bomb, headers={"Content-Encoding": encoding})
    with pytest.raises(TooLarge):
        fetch(server.url("/bomb"))


def test_windows_1256_text_from_the_http_charset_or_the_xml_declaration(server):
    arabic = "الحكومة تعلن خطة جديدة"
    server.static("/h", arabic.encode("cp1256"), content_type="text/plain; charset=windows-1256")
    assert fetch(server.url("/h")).text() == arabic
    declared = f'<?xml version="1.0" encoding="windows-1256"?><rss>{arabic}</rss>'
    server.static("/x", declared.encode("cp1256"), content_type="application/rss+xml")
    assert arabic in fetch(server.url("/x")).text()


def test_429_with_a_short_retry_after_is_waited_out_then_retried(server):
    calls = []

    def limited(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            request.send_response(429)
            request.send_header("Retry-After", "1")
            request.send_header("Content-Length", "0")
            request.end_headers()
        else:
            request.send_response(200)
            request.send_header("Content-Length", "2")
            request.end_headers()
            request.wfile.write(b"ok")

    server.routes["/limited"] = limited
    result = fetch(server.url("/limited"), settings={"retries": 1, "total_timeout": 3.0})
    assert result.body == b"ok" and calls[1] - calls[0] >= 0.9


def test_429_with_a_long_retry_after_is_not_waited_within_the_poll(server):
    server.static("/slow-down", "", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimited) as caught:
        fetch(server.url("/slow-down"), settings={"retries": 3})
    assert caught.value.retry_after == 3600 and len(server.requests_to("/slow-down")) == 1


def test_server_errors_are_retried_client_errors_are_not(server):
    server.static("/gone", "", status=404)
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server.url("/gone"), settings={"retries": 2})
    assert caught.value.status == 404 and len(server.requests_to("/gone")) == 1
    server.static("/broken", "", status=500)
    with pytest.raises(HTTPStatusError):
        fetch(server.url("/broken"), settings={"retries": 2})
    assert len(server.requests_to("/broken")) == 3


def test_robots_txt_is_honoured_for_pages_and_read_once_per_host(server):
    server.static("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.static("/private/a.html", "<html></html>", content_type="text/html")
    server.static("/public/a.html", "<html>ok</html>", content_type="text/html")

    async def main():
        async with Fetcher(load_settings(**FAST)) as fetcher:
            with pytest.raises(RobotsDisallowed):
                await fetcher.get(server.url("/private/a.html"), robots=True)
            page = await fetcher.get(server.url("/public/a.html"), robots=True)
            feed = await fetcher.get(server.url("/private/a.html"))  # feeds: robots not asked
            return page, feed

    page, feed = asyncio.run(main())
    assert page.body == b"<html>ok</html>" and feed.status == 200
    assert len(server.requests_to("/robots.txt")) == 1
    assert not server.requests_to("/private/a.html")[:0]


def test_private_addresses_are_refused_at_connect_time_unless_allowed(server):
    server.static("/feed", "<rss/>")
    refused = {"allow_private_networks": False}
    with pytest.raises(BlockedAddress) as caught:
        fetch(server.url("/feed"), settings=refused)
    assert "KHABAR_ALLOW_PRIVATE_NETWORKS" in str(caught.value)
    assert caught.value.user_message.startswith("العنوان يشير")
    with pytest.raises(BlockedAddress):  # a name resolving to loopback
        fetch(server.url("/feed", host="localhost"), settings=refused)
    assert server.hits == []  # nothing reached the server

    async def rebinding(host, port):  # a public-looking name that resolves to loopback now
        return ["127.0.0.1"]

    with pytest.raises(BlockedAddress, match="news.example"):
        fetch(f"http://news.example:{server.port}/feed", settings=refused, resolver=rebinding)
    assert server.hits == []
    allowed = fetch(f"http://news.example:{server.port}/feed", resolver=rebinding)
    assert allowed.body == b"<rss/>"


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("::1", False),
    ("fe80::1", False), ("fc00::1", False), ("::ffff:127.0.0.1", False), ("224.0.0.1", False),
    ("8.8.8.8", True), ("2a00:1450:4001::1", True), ("::ffff:8.8.8.8", True),
])
def test_public_address_table(address, public):
    assert is_public_address(address) is public


def test_unreachable_hosts_through_a_mock_transport():
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(Unreachable):
        fetch("https://www.hespress.com/feed", transport=httpx.MockTransport(refuse))


def test_per_host_connection_limit_and_delay(server):
    active, peak, starts = [0], [0], []
    lock = threading.Lock()

    def slow(request):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            starts.append(time.monotonic())
        time.sleep(0.1)
        with lock:
            active[0] -= 1
        request.send_response(200)
        request.send_header("Content-Length", "2")
        request.end_headers()
        request.wfile.write(b"ok")

    for n in range(6):
        server.routes[f"/p{n}"] = slow
    settings = load_settings(**{**FAST, "per_host_connections": 2, "per_host_delay": 0.05})

    async def main():
        async with Fetcher(settings) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url(f"/p{n}")) for n in range(6)))

    asyncio.run(main())
    assert peak[0] <= 2
    starts.sort()
    # Requests leave at least 0.05 s apart; measured where the server receives them, one
    # late arrival on a loaded machine can shorten a single gap, not the span of all five.
    assert starts[-1] - starts[0] >= 5 * 0.05 * 0.6, starts


@pytest.mark.parametrize("value, seconds", [
    ("120", 120.0), ("Sat, 28 Nov 2026 10:01:00 GMT", 60.0), ("soon", None), (None, None),
])
def test_retry_after_values(value, seconds):
    now = 1795860000.0  # 2026-11-28 10:00:00 UTC
    assert parse_retry_after(value, now=now) == seconds

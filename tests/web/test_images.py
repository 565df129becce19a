"""The image proxy: signed URLs, refusals, thumbnails by Accept, the bounded disk cache, and
the pages and API that use it. Images are served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import io
import itertools
import os
import re
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from PIL import Image as PILImage

from khabar.settings import load_settings
from khabar.store.records import Enclosure, Image
from khabar.web.app import create_app
from khabar.web.image_cache import DiskCache
from khabar.web.images import initials, proxy_of, wants_webp
from khabar.web.templating import templates
from tests.conftest import record
from tests.loopback import Loopback

WEBP = {"accept": "image/avif,image/webp,image/apng,*/*;q=0.8"}
JPEG = {"accept": "image/png,image/*;q=0.8"}


def encoded(size: tuple[int, int], fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, "red" if mode == "RGB" else 0).save(buffer, fmt)
    return buffer.getvalue()


_NUMBERS = itertools.count(1)
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')


@pytest.fixture(scope="module")
def outlet():
    server = Loopback()
    server.static("/photo.jpg", encoded((1200, 800)), content_type="image/jpeg")
    server.static("/small.png", encoded((200, 100), "PNG"), content_type="image/png")
    server.static("/clear.png", encoded((400, 300), "PNG", "RGBA"), content_type="image/png")
    server.static("/drawing.svg", SVG, content_type="image/svg+xml")
    server.static("/page.html", "<html><body>ليست صورة</body></html>", content_type="text/html")
    server.static("/lie.jpg", "<html><body>not a jpeg</body></html>", content_type="image/jpeg")
    # 100 million pixels in a few kilobytes: refused from its header, never decoded
    server.static("/bomb.png", encoded((10_000, 10_000), "PNG", "1"), content_type="image/png")
    server.static("/big.jpg", os.urandom(64 * 1024), content_type="image/jpeg")
    server.static("/gone.jpg", b"", status=404, content_type="image/jpeg")
    yield server
    server.close()


def make_app(store, tmp_path, **settings):
    values = {"allow_private_networks": True, "secret_key": "test-key", "retries": 0,
              "per_host_delay": 0.0, "image_cache_dir": str(tmp_path / "images"),
              "image_max_bytes": 32 * 1024, **settings}
    return create_app(store, settings=load_settings(**values))


def add(store, url: str | None, **fields) -> int:
    image = Image(url, fields.pop("width", None), fields.pop("height", None)) if url else None
    n = next(_NUMBERS)
    [added] = store.add_articles([record(title=f"خبر رقم {n}", body=f"نص الخبر رقم {n}",
                                         guid=str(n), image=image, **fields)])
    return added.article_id


def src(client, article_id: int, width: int = 640) -> str:
    article = client.app.state.store.article(article_id)
    return f"/img/{width}/{proxy_of(client.app).token(article_id, article.image.url)}"


@pytest.fixture
def client(store, tmp_path):
    return TestClient(make_app(store, tmp_path))


def test_thumbnail_is_webp_or_jpeg_by_accept_and_the_size_is_measured(client, outlet):
    article_id = add(client.app.state.store, outlet.url("/photo.jpg"))
    webp = client.get(src(client, article_id), headers=WEBP)
    assert webp.status_code == 200 and webp.headers["content-type"] == "image/webp"
    assert webp.content[:4] == b"RIFF" and webp.content[8:12] == b"WEBP"
    assert PILImage.open(io.BytesIO(webp.content)).size == (640, 427)
    assert webp.headers["vary"] == "Accept"
    assert "max-age=2592000" in webp.headers["cache-control"]
    assert "img-src 'self'" in webp.headers["content-security-policy"]
    jpeg = client.get(src(client, article_id, 320), headers=JPEG)
    assert jpeg.headers["content-type"] == "image/jpeg" and jpeg.content[:3] == b"\xff\xd8\xff"
    assert PILImage.open(io.BytesIO(jpeg.content)).size == (320, 213)
    # the proxy measured the original; the article now knows its size
    assert client.app.state.store.article(article_id).image == Image(outlet.url("/photo.jpg"),
                                                                     1200, 800)
    again = client.get(src(client, article_id), headers={**WEBP, "if-none-match": webp.headers["etag"]})
    assert again.status_code == 304


def test_thumbnails_come_from_the_cache_which_survives_a_restart(store, tmp_path, outlet):
    client = TestClient(make_app(store, tmp_path))
    article_id = add(store, outlet.url("/small.png"))
    before = len(outlet.requests_to("/small.png"))
    first = client.get(src(client, article_id, 960), headers=JPEG)
    assert first.status_code == 200
    assert PILImage.open(io.BytesIO(first.content)).size == (200, 100)  # never enlarged
    assert client.get(src(client, article_id, 960), headers=JPEG).content == first.content
    assert len(outlet.requests_to("/small.png")) == before + 1  # the second came from the cache
    restarted = TestClient(make_app(store, tmp_path))  # same folder, same key
    assert restarted.get(src(restarted, article_id, 960), headers=JPEG).content == first.content
    assert len(outlet.requests_to("/small.png")) == before + 1
    assert restarted.get(src(restarted, article_id, 320), headers=WEBP).status_code == 200
    assert len(outlet.requests_to("/small.png")) == before + 2  # another width: made now


def test_transparent_png_is_laid_on_white_for_jpeg(client, outlet):
    article_id = add(client.app.state.store, outlet.url("/clear.png"))
    answer = client.get(src(client, article_id, 320), headers=JPEG)
    assert answer.status_code == 200
    assert PILImage.open(io.BytesIO(answer.content)).getpixel((5, 5))[0] > 240


@pytest.mark.parametrize(("path", "status"), [
    ("/drawing.svg", 415),   # SVG is refused whatever its type says
    ("/page.html", 415),     # not an image
    ("/lie.jpg", 415),       # says image/jpeg, is HTML: the bytes decide
    ("/bomb.png", 415),      # pixel cap, read from the header
    ("/big.jpg", 502),       # more bytes than image_max_bytes
    ("/gone.jpg", 502),      # the outlet answers 404
])
def test_refusals(client, outlet, path, status):
    article_id = add(client.app.state.store, outlet.url(path))
    answer = client.get(src(client, article_id), headers=WEBP)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    assert proxy_of(client.app).cache.size() == 0  # nothing cached
    # the refusal is remembered: asking again does not fetch again
    hits = len(outlet.requests_to(path))
    assert client.get(src(client, article_id), headers=WEBP).status_code == status
    assert len(outlet.requests_to(path)) == hits


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_addresses_are_refused_by_the_fetcher(store, tmp_path, outlet, host):
    client = TestClient(make_app(store, tmp_path, allow_private_networks=False))
    url = outlet.url("/photo.jpg", host=host)
    article_id = add(store, url)
    hits = len(outlet.hits)
    answer = client.get(src(client, article_id), headers=WEBP)
    assert answer.status_code == 403 and "private" in answer.text
    assert len(outlet.hits) == hits  # refused at connect time: the server saw nothing


def test_signatures_and_widths(client, outlet, store, tmp_path):
    article_id = add(store, outlet.url("/photo.jpg"))
    good = src(client, article_id)
    token = good.rsplit("/", 1)[1]
    assert client.get(good[:-2] + ("AA" if not good.endswith("AA") else "BB")).status_code == 403
    other = TestClient(make_app(store, tmp_path, secret_key="another-key"))
    assert other.get(good).status_code == 403  # signed with another key
    forged = proxy_of(other.app).token(article_id, "http://169.254.169.254/latest/meta-data")
    assert client.get(f"/img/640/{forged}").status_code == 403
    assert client.get(f"/img/123/{token}").status_code == 404
    assert client.get(f"/img/640/{token}/x").status_code == 404


def test_disk_cache_is_bounded_and_evicts_the_least_recently_used(tmp_path):
    cache = DiskCache(tmp_path / "c", max_bytes=3000)
    keys = [f"{n:040x}-320.jpeg" for n in range(5)]
    for n, key in enumerate(keys[:3]):
        cache.put({key: bytes(1000)})
        os.utime(cache.folder / key, ns=(n * 10**9, n * 10**9))
    assert cache.size() == 3000 and cache.get(keys[0]) is not None  # a hit: used last now
    cache.put({keys[3]: bytes(1000)})  # past the cap: the least recently used (keys[1]) goes
    assert cache.get(keys[1]) is None and cache.get(keys[0]) is not None
    cache.put({keys[4]: bytes(2500)})
    assert cache.size() <= 3000 and cache.get(keys[4]) is not None
    assert DiskCache(tmp_path / "c", max_bytes=3000).get(keys[4]) is not None  # on disk
    with pytest.raises(ValueError):
        cache.get("../../etc/passwd")
    stale, fresh = cache.folder / ".tmp-dead", cache.folder / ".tmp-writing"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(stale, (0, 0))
    cache.evict()  # a temporary file left by a crash is cleared; one being written is not
    assert not stale.exists() and fresh.exists()


def test_the_proxy_cache_stays_under_its_cap(store, tmp_path, outlet):
    client = TestClient(make_app(store, tmp_path, image_cache_max_bytes=20_000))
    for path in ("/photo.jpg", "/small.png", "/clear.png"):
        article_id = add(store, outlet.url(path))
        assert client.get(src(client, article_id, 960), headers=JPEG).status_code == 200
    assert 0 < proxy_of(client.app).cache.size() <= 20_000


def test_article_page_shows_the_proxied_image_and_enclosures(client, outlet):
    store = client.app.state.store
    article_id = add(store, outlet.url("/photo.jpg"), width=1200, height=800,
                     enclosures=[Enclosure("https://cdn.example/a.mp3", "audio/mpeg", 2_400_000),
                                 Enclosure("https://cdn.example/v.mp4", "video/mp4")])
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    [img] = re.findall(r"<img [^>]*>", page.text)
    assert 'width="960" height="640"' in img and 'loading="lazy"' in img
    assert 'decoding="async"' in img and 'alt="خبر ' in img
    assert re.search(r'src="/img/960/[^"]+"', img)
    assert re.search(r'srcset="/img/320/\S+ 320w, /img/640/\S+ 640w, /img/960/\S+ 960w"', img)
    assert outlet.url("/photo.jpg") not in page.text  # browsers never see the outlet's URL
    assert "img-src 'self'" in page.headers["content-security-policy"]
    assert 'href="https://cdn.example/a.mp3"' in page.text and "ملف صوتي" in page.text
    assert "ملف فيديو" in page.text and "2.4 MB" in page.text
    served = client.get(re.search(r'src="([^"]+)"', img).group(1), headers=WEBP)
    assert served.status_code == 200


def test_article_without_image_has_no_img(client):
    article_id = add(client.app.state.store, None)
    page = client.get(f"/articles/{article_id}")
    assert "<img" not in page.text and "ملفات مرفقة" not in page.text


def test_api_gives_the_proxied_image_and_enclosures(client, outlet):
    article_id = add(client.app.state.store, outlet.url("/photo.jpg"), width=300, height=200,
                     enclosures=[Enclosure("https://cdn.example/a.mp3", "audio/mpeg", 10)])
    doc = client.get(f"/api/articles/{article_id}").json()
    assert doc["image"]["url"].startswith("/img/320/")  # the original is 300 wide
    assert doc["image"]["srcset"].endswith(" 320w")
    assert (doc["image"]["width"], doc["image"]["height"]) == (300, 200)
    assert doc["image"]["original_url"] == outlet.url("/photo.jpg")
    assert doc["enclosures"] == [{"url": "https://cdn.example/a.mp3", "type": "audio/mpeg",
                                  "length": 10}]
    assert client.get(doc["image"]["url"], headers=JPEG).status_code == 200
    bare = client.get(f"/api/articles/{add(client.app.state.store, None)}").json()
    assert bare["image"] is None and bare["enclosures"] == []


@pytest.mark.parametrize(("accept", "webp"), [
    ("image/avif,image/webp,*/*", True), ("image/webp;q=0.5", True), ("image/webp;q=0", False),
    ("image/*", False), ("", False), (None, False), ("image/webpx", False),
])
def test_wants_webp(accept, webp):
    assert wants_webp(accept) is webp


@pytest.mark.parametrize(("name", "expected"), [
    ("سكاي نيوز عربية", "سن"), ("BBC Arabic", "BA"), ("الجزيرة", "ا"), ("", "خ"), (None, "خ"),
])
def test_initials(name, expected):
    assert initials(name) == expected


def test_lead_image_macro_boxes_and_fallback(client, outlet):
    store = client.app.state.store
    pictured = store.article(add(store, outlet.url("/photo.jpg"), width=1200, height=800))
    plain = store.article(add(store, None))
    request = SimpleNamespace(app=client.app)
    macro = templates.env.from_string(
        '{% from "_media.html" import lead_image with context %}'
        "{{ lead_image(item, 96, 72) }}|{{ lead_image(item, 640) }}")
    box, natural = macro.render(request=request, item={"article": pictured}).split("|")
    assert 'width="96" height="72"' in box and 'sizes="(max-width: 96px) 100vw, 96px"' in box
    assert 'width="640" height="427"' in natural  # the image's own shape
    card = macro.render(request=request, item=SimpleNamespace(headline=pictured))
    assert card.count("<img ") == 2
    fallback = macro.render(request=request, item=plain).split("|")
    assert "<img" not in fallback[0] and 'class="lead-image fallback" width="96" height="72"' in fallback[0]
    assert 'height="360"' in fallback[1] and ">سن</text>" in fallback[1]  # سكاي نيوز عربية
    no_context = templates.env.from_string(
        '{% from "_media.html" import lead_image %}{{ lead_image(item, 96, 72) }}')
    assert "fallback" in no_context.render(request=request, item=pictured)

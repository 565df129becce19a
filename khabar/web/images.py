"""The image proxy: outlets' images served from khabar, so readers' browsers never contact an
outlet and the pages' CSP stays ``img-src 'self'``.

    GET /img/{width}/{token}    a thumbnail, ``width`` one of ``thumbnails.WIDTHS``

``token`` is the article id and the image URL, signed with the app's secret key
(itsdangerous), so the route cannot be used as an open proxy: only URLs khabar put on its own
pages are fetched. One request, on a cache miss:

1. fetches the original with the ingest fetcher (``khabar.ingest.fetch``): its refusal of
   private, loopback and link-local addresses at connect time, timeouts, and a byte cap of
   ``image_max_bytes``;
2. checks the bytes with Pillow (JPEG, PNG, GIF or WebP only; SVG and non-images refused)
   and the pixel cap ``image_max_pixels`` on the declared size, before decoding;
3. records the measured size on the article when the feed and page did not give it;
4. makes the thumbnail at the width asked, WebP when the browser's Accept header lists
   ``image/webp``, JPEG otherwise, and keeps it in the bounded disk cache
   (``image_cache_dir``, ``image_cache_max_bytes``). A browser asks for one width of a
   ``srcset``, so the other widths are made only if another reader's screen needs them.

Answers carry long cache headers (a URL names one image at one width) and ``Vary: Accept``.
Refusals are short plain-text answers: 403 (bad signature, private address), 404 (unknown
width), 415 (not an allowed image, too many pixels), 502 (the outlet failed, or the image is
larger than the byte cap).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from typing import Any

from fastapi import APIRouter, Request, Response
from itsdangerous import BadData, URLSafeSerializer
from jinja2 import pass_context

from khabar.errors import BlockedAddress, FetchError, StoreError
from khabar.ingest.fetch import Fetcher
from khabar.settings import Settings
from khabar.store.records import Article, Image
from khabar.web import thumbnails
from khabar.web.image_cache import DiskCache
from khabar.web.thumbnails import WIDTHS, NotAnImage

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

ACCEPT_IMAGES = "image/webp,image/jpeg,image/png,image/gif;q=0.9,*/*;q=0.1"
#: browsers and proxies keep a thumbnail this long (its URL never names another image)
MAX_AGE = 30 * 24 * 3600
#: a refused or failed image is not asked for again for this long (seconds)
FAILURE_TTL = 300.0
#: failures remembered at most (the oldest are forgotten first)
MAX_FAILURES = 1000
#: images decoded at once (decoding is CPU and memory; the rest wait)
DECODE_SLOTS = 2
_SALT = "khabar.web.images"


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class ImageProxy:
    """The state of the proxy of one app: signer, cache, recent failures."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        key = settings.secret_key or secrets.token_hex(32)
        self.signer = URLSafeSerializer(key, salt=_SALT)
        self.cache = DiskCache(settings.image_cache_dir, settings.image_cache_max_bytes)
        self.failures: dict[str, tuple[float, Refused]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._decoding: asyncio.Semaphore | None = None

    # --- URLs ----------------------------------------------------------------------------

    def token(self, article_id: int, url: str) -> str:
        return self.signer.dumps([article_id, url])

    def read_token(self, token: str) -> tuple[int, str]:
        try:
            value = self.signer.loads(token)
        except BadData:
            raise Refused(403, "bad signature") from None
        if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], int)
                or not isinstance(value[1], str)):
            raise Refused(403, "bad token")
        return value[0], value[1]

    def sources(self, article_id: int, image: Image) -> dict[str, Any]:
        """``src``, ``srcset`` and the widths of the proxied image at each thumbnail width
        (only widths the original reaches, when its width is known)."""
        token = self.token(article_id, image.url)
        widths = [w for w in WIDTHS if not image.width or w <= image.width] or [WIDTHS[0]]
        srcset = ", ".join(f"/img/{w}/{token} {w}w" for w in widths)
        return {"token": token, "widths": widths, "srcset": srcset,
                "src": f"/img/{widths[-1]}/{token}"}

    # --- serving -------------------------------------------------------------------------

    async def thumbnail(self, store: Any, width: int, token: str, output: str) -> bytes:
        if width not in WIDTHS:
            raise Refused(404, f"no thumbnails {width} pixels wide")
        article_id, url = self.read_token(token)
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
        key = f"{digest}-{width}.{output}"
        if (data := await asyncio.to_thread(self.cache.get, key)) is not None:
            return data
        self._raise_recent_failure(digest)
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:  # one fetch of a thumbnail, however many readers ask at once
                if (data := await asyncio.to_thread(self.cache.get, key)) is not None:
                    return data
                self._raise_recent_failure(digest)
                try:
                    data = await self._make(store, article_id, url, output, width)
                except Refused as refused:
                    self._remember_failure(digest, refused)
                    raise
                await asyncio.to_thread(self.cache.put, {key: data})
                return data
        finally:
            if not lock.locked() and self._locks.get(key) is lock:
                del self._locks[key]

    async def _make(self, store: Any, article_id: int, url: str, output: str,
                    width: int) -> bytes:
        s = self.settings
        try:
            async with Fetcher(s) as fetcher:
                fetched = await fetcher.get(url, accept=ACCEPT_IMAGES, max_bytes=s.image_max_bytes,
                                            retries=0)
        except BlockedAddress as exc:
            log.info("image proxy: %s", exc)
            raise Refused(403, "the image's address is private") from None
        except FetchError as exc:
            log.info("image proxy: %s", exc)
            raise Refused(502, f"the image could not be fetched ({exc.outcome})") from None
        if fetched.status != 200 or not fetched.body:
            raise Refused(502, f"the outlet answered {fetched.status} without an image")
        if self._decoding is None:
            self._decoding = asyncio.Semaphore(DECODE_SLOTS)
        async with self._decoding:
            try:
                picture = await asyncio.to_thread(
                    thumbnails.open_checked, fetched.body, max_pixels=s.image_max_pixels)
                made = await asyncio.to_thread(thumbnails.thumbnail, picture, output, width)
            except NotAnImage as exc:
                log.info("image proxy: %s: %s", url, exc)
                raise Refused(415, "not an allowed image") from None
        try:
            await asyncio.to_thread(store.set_image_size, article_id, url, picture.width,
                                    picture.height)
        except StoreError as exc:  # a read-only or busy database still serves images
            log.warning("image proxy: could not record the size of %s: %s", url, exc)
        return made

    def _raise_recent_failure(self, digest: str) -> None:
        failure = self.failures.get(digest)
        if failure and failure[0] > time.monotonic():
            raise failure[1]

    def _remember_failure(self, digest: str, refused: Refused) -> None:
        if len(self.failures) >= MAX_FAILURES:
            self.failures.pop(next(iter(self.failures)))
        self.failures[digest] = (time.monotonic() + FAILURE_TTL, refused)


def proxy_of(app: Any) -> ImageProxy:
    proxy = getattr(app.state, "image_proxy", None)
    if proxy is None:
        proxy = app.state.image_proxy = ImageProxy(app.state.settings)
    return proxy


def wants_webp(accept: str | None) -> bool:
    """Whether an Accept header lists ``image/webp`` with a non-zero quality."""
    for part in (accept or "").lower().split(","):
        kind, *params = [p.strip() for p in part.split(";")]
        if kind != "image/webp":
            continue
        for param in params:
            if param.startswith("q="):
                try:
                    return float(param[2:]) > 0
                except ValueError:
                    return False
        return True
    return False


@router.get("/img/{width}/{token}")
async def image(request: Request, width: int, token: str) -> Response:
    output = "webp" if wants_webp(request.headers.get("accept")) else "jpeg"
    proxy = proxy_of(request.app)
    headers = {"Vary": "Accept"}
    try:
        data = await proxy.thumbnail(request.app.state.store, width, token, output)
    except Refused as refused:
        headers["Cache-Control"] = f"public, max-age={int(FAILURE_TTL)}"
        return Response(f"image proxy: {refused.reason}\n", status_code=refused.status,
                        media_type="text/plain", headers=headers)
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    headers.update({"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}, immutable"})
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=thumbnails.OUTPUTS[output][1], headers=headers)


# --- what pages and the API show ----------------------------------------------------------------


def image_json(app: Any, article: Article) -> dict[str, Any] | None:
    """The API's ``image``: the proxied URL (largest thumbnail), ``srcset``, and the size."""
    if article.image is None:
        return None
    found = proxy_of(app).sources(article.id, article.image)
    return {"url": found["src"], "srcset": found["srcset"], "width": article.image.width,
            "height": article.image.height, "original_url": article.image.url}


@pass_context
def proxied_image(context: Any, item: Any, width: int, height: int | None = None) -> dict[str, Any] | None:
    """For templates: the proxied ``src``/``srcset`` of the lead image of the article behind
    ``item`` (an Article, a list item holding ``article``, a story card holding
    ``headline``), with the ``width``/``height`` attributes of its box: ``height`` as given,
    or None for the image's own shape (16:9 while its size is unknown). None when the article
    has no image, or the template has no request to sign with (a macro imported without
    context)."""
    article = _article_of(item)
    request = context.get("request")
    if article is None or article.image is None or request is None:
        return None
    found = proxy_of(request.app).sources(article.id, article.image)
    w, h = article.image.width, article.image.height
    if height is None:
        height = round(width * h / w) if w and h else width * 9 // 16
    return {**found, "width": width, "height": height}


def _article_of(item: Any) -> Article | None:
    if isinstance(item, Article):
        return item
    for name in ("article", "headline"):
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if isinstance(value, Article):
            return value
    return None


def initials(name: str | None) -> str:
    """An outlet's initials for the image fallback: the first letter of its first two words
    ("سكاي نيوز عربية" → "سن", "BBC Arabic" → "BA")."""
    words = [w for w in (name or "").replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "خ"

"""Lead images and media enclosures of articles, from feeds, JSON documents and pages.

Every URL kept is absolute http(s): relative ones are resolved against the document's address,
anything else (``javascript:``, ``data:``, ``file:``, credentials in the URL, control
characters, very long URLs) is dropped. The image proxy (``khabar.web.images``) checks the
bytes themselves later; this module only decides which address names the picture.

    absolute_url(raw, base)        one URL, or None
    feed_media(entry, base)        (Image | None, [Enclosure]) of a feedparser entry
    page_image(tree, base)         the Image of an article page (og:image, twitter:image, figure)
    json_image(value, base)        an Image from a JSON value: "https://…" or {"url", "width" …}
    json_enclosures(values, base)  audio/video Enclosures from a list of JSON objects
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from khabar.store.records import Enclosure, Image

#: longer URLs are not kept (tracking junk, or an attempt to bloat the store)
MAX_URL_CHARS = 2048
#: a side given in a feed or page outside this range is ignored (unknown, not wrong)
MAX_SIDE = 20_000
#: media types kept as enclosures (images become the lead image instead)
ENCLOSURE_KINDS = ("audio/", "video/")
#: page <meta> names and properties naming the lead image, best first
PAGE_IMAGE_META = ("og:image:secure_url", "og:image:url", "og:image", "twitter:image",
                   "twitter:image:src")
#: images in a page's figure smaller than this on a side (icons, spacers) are not leads
MIN_FIGURE_SIDE = 100

_IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def absolute_url(raw: Any, base: str | None) -> str | None:
    """``raw`` as an absolute http(s) URL (resolved against ``base``), or None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or len(text) > MAX_URL_CHARS or _CONTROL.search(text):
        return None
    if text.startswith("//") and not base:
        text = "https:" + text
    try:
        url = urljoin(base or "", text).replace(" ", "%20")
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # an invalid IPv6 literal, a bad port …
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return url


def dimension(value: Any) -> int | None:
    """A width or height in pixels from a feed attribute ("640", 640, "640px"), or None."""
    if isinstance(value, str):
        text = value.strip().lower().removesuffix("px")
        value = int(text) if text.isdigit() else None
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_SIDE:
        return value
    return None


def _length(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _kind(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    kind = value.split(";", 1)[0].strip().lower()
    return kind if re.fullmatch(r"[a-z0-9.+-]+/[a-z0-9.+-]+", kind) else None


def _is_image(kind: str | None, medium: str | None, url: str) -> bool:
    if kind:
        return kind.startswith("image/")
    if medium:
        return medium == "image"
    return bool(_IMAGE_SUFFIX.search(urlsplit(url).path))


def _best(images: list[Image]) -> Image | None:
    """The widest image that says its width, else the first."""
    sized = [i for i in images if i.width]
    return max(sized, key=lambda i: i.width or 0) if sized else (images[0] if images else None)


# --- feeds (feedparser entries) ---------------------------------------------------------------


def feed_media(entry: Any, base: str | None) -> tuple[Image | None, list[Enclosure]]:
    """The lead image and audio/video enclosures of a feedparser entry: ``media:content``
    images first, then ``media:thumbnail``, image enclosures, ``itunes:image``, and the first
    ``<img>`` of the entry's HTML."""
    base = entry.get("link") or base
    contents: list[Image] = []
    enclosures: dict[str, Enclosure] = {}
    for media in entry.get("media_content") or []:
        url = absolute_url(media.get("url"), base)
        if url is None:
            continue
        kind, medium = _kind(media.get("type")), (media.get("medium") or "").lower() or None
        if _is_image(kind, medium, url):
            contents.append(Image(url, dimension(media.get("width")),
                                  dimension(media.get("height"))))
        elif (kind or "").startswith(ENCLOSURE_KINDS) or medium in ("audio", "video"):
            kind = kind or f"{medium}/*"
            enclosures.setdefault(url, Enclosure(url, kind, _length(media.get("filesize"))))
    thumbnails = [Image(url, dimension(t.get("width")), dimension(t.get("height")))
                  for t in entry.get("media_thumbnail") or []
                  if (url := absolute_url(t.get("url"), base))]
    attached: list[Image] = []
    for link in entry.get("enclosures") or []:
        url = absolute_url(link.get("href") or link.get("url"), base)
        if url is None:
            continue
        kind = _kind(link.get("type"))
        if _is_image(kind, None, url):
            attached.append(Image(url))
        elif kind and kind.startswith(ENCLOSURE_KINDS):
            enclosures.setdefault(url, Enclosure(url, kind, _length(link.get("length"))))
    itunes = entry.get("image") or {}
    itunes_url = absolute_url(itunes.get("href"), base) if isinstance(itunes, dict) else None
    image = (_best(contents) or _best(thumbnails) or _best(attached)
             or (Image(itunes_url) if itunes_url else None) or _html_image(entry, base))
    return image, list(enclosures.values())


def _html_image(entry: Any, base: str | None) -> Image | None:
    """The first ``<img>`` of the entry's content or summary (feeds often carry the photo
    only there)."""
    for block in [*(entry.get("content") or []), {"value": entry.get("summary")}]:
        html = block.get("value") if isinstance(block, dict) else None
        if html and "<img" in html.lower():
            try:
                tree = lxml.html.fragment_fromstring(html, create_parent="div")
            except (ValueError, etree.ParserError):
                continue
            if image := _first_img(tree.iter("img"), base):
                return image
    return None


# --- pages -------------------------------------------------------------------------------------


def page_image(tree: Any, base: str | None) -> Image | None:
    """The lead image of a parsed HTML page: Open Graph, then Twitter card, then the first
    image of a ``<figure>`` (in the ``<article>`` when there is one)."""
    meta: dict[str, str] = {}
    for tag in tree.iterfind(".//meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        value = tag.get("content")
        if key and value and key not in meta:
            meta[key] = value
    for key in PAGE_IMAGE_META:
        if url := absolute_url(meta.get(key), base):
            prefix = "og:image" if key.startswith("og:") else "twitter:image"
            return Image(url, dimension(meta.get(f"{prefix}:width")),
                         dimension(meta.get(f"{prefix}:height")))
    for path in (".//article//figure//img", ".//figure//img", ".//article//img"):
        if image := _first_img(tree.iterfind(path), base):
            return image
    return None


def _first_img(images: Iterable[Any], base: str | None) -> Image | None:
    for img in images:
        src = img.get("src") or img.get("data-src") or img.get("data-original")
        url = absolute_url(src, base)
        if url is None:
            continue
        width, height = dimension(img.get("width")), dimension(img.get("height"))
        if (width and width < MIN_FIGURE_SIDE) or (height and height < MIN_FIGURE_SIDE):
            continue
        return Image(url, width, height)
    return None


# --- JSON documents (JSON Feed, JSON Lines) ------------------------------------------------------


def json_image(value: Any, base: str | None) -> Image | None:
    """An image from a JSON value: a URL string, or an object with ``url`` (or ``src``) and
    optional ``width``/``height``."""
    if isinstance(value, list):
        return next((i for v in value if (i := json_image(v, base))), None)
    if isinstance(value, dict):
        url = absolute_url(value.get("url") or value.get("src") or value.get("href"), base)
        return Image(url, dimension(value.get("width")), dimension(value.get("height"))) \
            if url else None
    url = absolute_url(value, base)
    return Image(url) if url else None


def json_enclosures(values: Any, base: str | None) -> list[Enclosure]:
    """Audio/video enclosures from a list of objects: JSON Feed ``attachments`` (``url``,
    ``mime_type``, ``size_in_bytes``) or ``{"url", "type", "length"}``."""
    found: dict[str, Enclosure] = {}
    for value in values if isinstance(values, list) else []:
        if not isinstance(value, dict):
            continue
        url = absolute_url(value.get("url") or value.get("href"), base)
        kind = _kind(value.get("mime_type") or value.get("type"))
        if url and kind and kind.startswith(ENCLOSURE_KINDS):
            size = value.get("size_in_bytes", value.get("length"))
            found.setdefault(url, Enclosure(url, kind, _length(size)))
    return list(found.values())


def json_attachment_image(values: Any, base: str | None) -> Image | None:
    """The first image among JSON Feed ``attachments``."""
    for value in values if isinstance(values, list) else []:
        if (isinstance(value, dict) and (_kind(value.get("mime_type")) or "").startswith("image/")
                and (url := absolute_url(value.get("url"), base))):
            return Image(url)
    return None

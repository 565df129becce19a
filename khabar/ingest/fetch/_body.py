"""Response bodies: decompressed chunk by chunk under a size cap, then decoded to text.

The cap counts decompressed bytes, and each decompressor is asked for at most what is left
under the cap, so a gzip or brotli bomb costs at most the cap in memory, never its full size.
"""

from __future__ import annotations

import codecs
import re
import zlib

import brotli

from khabar.errors import FetchError, TooLarge
from khabar.ingest.decode import BOMS, FALLBACK, bom_encoding, declared_encoding

#: what khabar asks for; the server chooses
ACCEPT_ENCODING = "gzip, deflate, br"

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""", re.I)


class CappedDecoder:
    """Decodes one Content-Encoding (or none), refusing output beyond ``limit`` bytes."""

    def __init__(self, encoding: str | None, limit: int, url: str) -> None:
        self.kind = (encoding or "identity").strip().lower()
        if self.kind not in ("identity", "gzip", "x-gzip", "deflate", "br"):
            raise FetchError(f"unsupported Content-Encoding {self.kind!r} at {url}")
        self.limit = limit
        self.url = url
        self.size = 0
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS) if "gzip" in self.kind else None
        self._raw_deflate = False
        self._brotli = brotli.Decompressor() if self.kind == "br" else None
        self._parts: list[bytes] = []

    def feed(self, data: bytes) -> None:
        if self.kind == "identity":
            self._keep(data)
        elif self._brotli is not None:
            self._feed_brotli(data)
        else:
            self._feed_zlib(data)

    def body(self) -> bytes:
        return b"".join(self._parts)

    # --- helpers ------------------------------------------------------------------------------

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(f"body of {self.url} passed the cap of {self.limit} bytes")
        if data:
            self._parts.append(data)

    def _room(self) -> int:
        return self.limit - self.size + 1  # one byte more than allowed reveals an overflow

    def _feed_zlib(self, data: bytes) -> None:
        if self._zlib is None:  # deflate: zlib-wrapped as the RFC says, or raw as IIS sends
            self._zlib = zlib.decompressobj()
            try:
                self._keep(self._zlib.decompress(data, self._room()))
                return
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            self._keep(self._zlib.decompress(data, self._room()))
        except zlib.error as exc:
            raise FetchError(f"corrupt {self.kind} body at {self.url}: {exc}") from exc

    def _feed_brotli(self, data: bytes) -> None:
        if self._brotli is None:
            raise FetchError("brotli decoder missing")
        try:
            self._keep(self._brotli.process(data, output_buffer_limit=self._room()))
            while not self._brotli.can_accept_more_data():
                self._keep(self._brotli.process(b"", output_buffer_limit=self._room()))
        except brotli.error as exc:
            raise FetchError(f"corrupt brotli body at {self.url}: {exc}") from exc


def to_text(body: bytes, content_type: str | None) -> str:
    """Text of a fetched document: BOM, then UTF-8, then the HTTP charset, then the charset the
    document declares, then windows-1256 (see ``khabar.ingest.decode``)."""
    if encoding := bom_encoding(body):
        bom = next(b for b, e in BOMS if e == encoding)
        return body[len(bom):].decode(encoding, errors="replace")
    candidates = ["utf-8", http_charset(content_type), declared_encoding(body), FALLBACK]
    for encoding in dict.fromkeys(c for c in candidates if c):
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode(FALLBACK, errors="replace")


def xml_text(body: bytes, content_type: str | None) -> str:
    """``to_text`` for XML: the declaration's ``encoding`` is dropped once the text is decoded,
    so that a parser given the text does not decode it a second time."""
    return _XML_ENCODING.sub(r"\1", to_text(body, content_type), count=1)


def http_charset(content_type: str | None) -> str | None:
    if content_type and (m := _CHARSET.search(content_type)):
        try:
            return codecs.lookup(m.group(1)).name
        except LookupError:
            return None
    return None

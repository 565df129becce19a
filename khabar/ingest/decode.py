"""Bytes to text: byte-order mark, then UTF-8, then the charset the document declares, then
windows-1256 (older Arabic sites still serve windows-1256 or ISO-8859-6).

UTF-8 goes before the declared charset because Arabic text in a single-byte charset is almost
never valid UTF-8, while pages that declare a charset and send UTF-8 are common.
"""

from __future__ import annotations

import codecs
import re

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

FALLBACK = "windows-1256"

_DECLARED = (
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I),
    re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I),
)
HEAD_BYTES = 4096


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset an XML declaration or an HTML ``<meta>`` names, if Python knows it."""
    head = data[:HEAD_BYTES]
    for pattern in _DECLARED:
        if m := pattern.search(head):
            name = m.group(1).decode("ascii", "ignore").lower()
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def decode(data: bytes) -> str:
    """Text of ``data``; never raises (the last resort decodes as windows-1256 with replacement)."""
    if encoding := bom_encoding(data):
        bom = next(b for b, e in BOMS if e == encoding)
        return data[len(bom):].decode(encoding, errors="replace")
    declared = declared_encoding(data)
    candidates = ["utf-8", declared, FALLBACK] if declared else ["utf-8", FALLBACK]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode(FALLBACK, errors="replace")

"""Canonical URLs: one spelling per article address, so the same article is stored once.

The canonical form is an IRI: percent-encoded UTF-8 is decoded to Unicode ("/ar/فوز-الهلال"
and "/ar/%D9%81%D9%88%D8%B2-..." compare equal), except for characters that would change the
meaning if decoded (%2F, %3F, %26, %3D, %23, %25, spaces and controls), which stay encoded in
upper case. Scheme and host are lower-cased, default ports, the fragment and tracking
parameters are dropped, and the remaining query parameters are sorted. An empty path becomes
"/"; a trailing slash elsewhere is kept ("/a/" and "/a" are different addresses).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# --- data -------------------------------------------------------------------------------------

TRACKING_PARAMS: frozenset[str] = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
    "mc_eid", "ref", "ref_src", "ref_url", "ocid", "_ga", "_gl", "cmpid", "icid", "ito",
    "spm", "smid", "soc_src", "soc_trk", "wt.mc_id", "share", "amp", "s_cid",
    "__twitter_impression",
})
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "at_", "pk_", "mtm_", "hsa_", "__hs", "oly_")

DEFAULT_PORTS = {"http": 80, "https": 443}

# Characters left percent-encoded when they were encoded: decoding them changes the URL.
KEEP_ENCODED = frozenset(":/?#[]@!$&'()*+,;=% \"<>\\^`{|}")

_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_HOST = re.compile(r"^[\w.-]+$")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_MUST_ENCODE = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")


# --- public -----------------------------------------------------------------------------------

def canonical_url(url: str | None) -> str | None:
    """The canonical form of an http(s) URL, or None for anything else or a malformed URL."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    elif not _HOST.match(host) or ".." in host:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _component(parts.path) or "/"
    query = _query(parts.query)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def article_url(url: str | None) -> str | None:
    """``url`` if it can be an article's address, else None: only absolute http(s) URLs with a
    host are (not ``javascript:``, ``data:``, ``java\tscript:``, ``//host/x`` or ``/path``).
    Surrounding spaces and control characters, which browsers ignore, are removed."""
    if not url or not isinstance(url, str):
        return None
    cleaned = _CONTROLS.sub("", url).strip()
    if not cleaned.lower().startswith(("http://", "https://")):
        return None
    return cleaned if canonical_url(cleaned) is not None else None


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


# --- helpers ----------------------------------------------------------------------------------

def _component(text: str, keep: frozenset[str] = KEEP_ENCODED) -> str:
    """``text`` with percent-escapes decoded where safe and unsafe raw characters encoded."""
    decoded = _ESCAPES.sub(lambda m: _decode_escapes(m.group(0), keep), text)
    return _MUST_ENCODE.sub(lambda m: _encode(m.group(0)), decoded)


def _decode_escapes(escapes: str, keep: frozenset[str]) -> str:
    raw = bytes.fromhex(escapes.replace("%", ""))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # not UTF-8 (e.g. a windows-1256 escape): keep, in upper case
        return escapes.upper()
    return "".join(_encode(ch) if ch in keep or _MUST_ENCODE.match(ch) else ch for ch in text)


def _encode(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def _query(query: str) -> str:
    pairs: list[tuple[str, str]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        name, eq, value = piece.partition("=")
        name, value = _component(name), _component(value)
        if is_tracking(_ESCAPES.sub(lambda m: _plain(m.group(0)), name)):
            continue
        pairs.append((name, f"={value}" if eq else ""))
    return "&".join(name + value for name, value in sorted(pairs))


def _plain(escapes: str) -> str:
    return bytes.fromhex(escapes.replace("%", "")).decode("utf-8", "replace")

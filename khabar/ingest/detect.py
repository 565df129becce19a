"""Which reader a file needs, from its first bytes and, when those are not decisive, its name."""

from __future__ import annotations

import json
import re
from pathlib import Path

from khabar.errors import UnsupportedFormat
from khabar.ingest.decode import bom_encoding, decode

FORMATS = ("html", "feed", "jsonl", "jsonfeed", "pagedump")

EXTENSIONS: dict[str, str] = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html", ".php": "html",
    ".aspx": "html",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".txt": "pagedump", ".text": "pagedump",
}

# Plain text is read as a page dump only under these names; other text files (README.md,
# notes.csv, settings.ini …) found in a folder are reported, not imported as articles.
PAGEDUMP_SUFFIXES = ("", ".txt", ".text")

# Signatures of binary files people drop into folders by mistake.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "gzip data without a .gz name"), (b"BZh", "bzip2 data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"),
    (b"SQLite format 3", "an SQLite database"), (b"ID3", "an MP3 file"), (b"OggS", "an Ogg file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"), (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
)

MAX_CONTROL_SHARE = 0.05  # more control characters than this in the head: binary

# The prolog before the root element; a DOCTYPE may carry an internal subset ("[<!ENTITY …>]"),
# whose ">" must not end it (the feed reader's expat bounds entity expansion).
_PROLOG = re.compile(
    r"^(?:\s+|<\?xml[^>]*\?>|<!--.*?-->|<!doctype\s+(?!html)[^>\[]*(?:\[.*?\]\s*)?>)*", re.S | re.I)
_JSONFEED = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/', re.I)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>/]", re.I)
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def detect_format(path: Path | str, head: bytes) -> str:
    """One of ``FORMATS`` for a file named ``path`` that starts with ``head``.

    Raises UnsupportedFormat for binary data and for documents no reader handles (other XML,
    a JSON array).
    """
    path = Path(path)
    if _opens_with_a_json_object_line(head):
        # A record stream: junk further on is the reader's problem, line by line (a few binary
        # lines in the first 8 KB used to refuse the whole file as binary)
        return "jsonfeed" if _JSONFEED.search(decode(head)) else "jsonl"
    _refuse_binary(head)
    text = decode(head).lstrip("\ufeff")
    start = text[_PROLOG.match(text).end():] if text.lstrip().startswith("<") else text.lstrip()
    if not text.strip():
        raise UnsupportedFormat("not a supported format (the file is empty)")
    if start.startswith("<"):
        if _FEED_ROOT.match(start):
            return "feed"
        if _HTML_ROOT.match(start) or EXTENSIONS.get(path.suffix.lower()) == "html":
            return "html"
        root = re.match(r"<([\w:.-]+)", start)
        name = f"<{root.group(1)}>" if root else "markup"
        raise UnsupportedFormat(f"not a supported format (an XML document with root {name})")
    if start.startswith("{"):
        if _JSONFEED.search(text):
            return "jsonfeed"
        if _first_line_is_object(start):
            return "jsonl"
        raise UnsupportedFormat(
            "not a supported format (a JSON document that is neither JSON Lines nor a JSON Feed)"
        )
    if start.startswith("["):
        raise UnsupportedFormat("not a supported format (a JSON array; expected JSON Lines)")
    suffix = path.suffix.lower()
    if EXTENSIONS.get(suffix) == "html":
        return "html"
    if suffix in PAGEDUMP_SUFFIXES:
        return "pagedump"
    raise UnsupportedFormat(
        f"not a supported format (a {suffix} text file; page dumps are read from .txt files)"
    )


def _opens_with_a_json_object_line(head: bytes) -> bool:
    """Whether ``head`` starts with a whole line that is a JSON object (a JSON Lines file)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"{") or b"\n" not in stripped:
        return False
    line = stripped.split(b"\n", 1)[0].replace(b"\x00", b"")
    try:
        return isinstance(json.loads(line.decode("utf-8")), dict)
    except (ValueError, RecursionError):
        return False


def _first_line_is_object(text: str) -> bool:
    if "\n" not in text:
        return True  # the first line is longer than the head: only a reader can tell
    line = text.split("\n", 1)[0].replace("\x00", "").strip()  # as read_jsonl drops NUL
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _refuse_binary(head: bytes) -> None:
    for magic, what in BINARY_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormat(f"not a supported format (looks like {what})")
    if bom_encoding(head) in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        return  # NUL bytes are expected in UTF-16/32 text
    sample = head[:8192]
    # A NUL in JSON Lines is one bad record (the reader drops it), not a binary file.
    if b"\x00" in sample and not sample.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise UnsupportedFormat("not a supported format (looks like binary data)")
    text = decode(sample)
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise UnsupportedFormat("not a supported format (looks like binary data)")
    if text.count("\ufffd") > MAX_CONTROL_SHARE * max(len(text), 1):
        raise UnsupportedFormat("not a supported format (text in an unknown encoding)")

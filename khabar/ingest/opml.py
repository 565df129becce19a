"""OPML: the lists of feeds readers exchange. Read outlines (nested outlines give their
category), write the followed sources back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

from lxml import etree

from khabar.errors import IngestError

#: largest OPML document read (a list of thousands of feeds is ~1 MB)
MAX_OPML_BYTES = 2 * 1024 * 1024

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True, slots=True)
class Outline:
    """One feed of an OPML document."""

    feed_url: str
    title: str | None = None
    site_url: str | None = None
    category: str | None = None
    kind: str = "feed"  # khabar's own attribute: "feed", "sitemap" or "listing"


def read_opml_file(path: str | Path, *, max_bytes: int = MAX_OPML_BYTES) -> list[Outline]:
    """``read_opml`` of a file, read no further than ``max_bytes`` (``/dev/zero`` stops)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise IngestError(f"cannot read the OPML file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise IngestError(f"OPML file too large (more than {max_bytes // 1024:,} KB)",
                          user_message="ملف OPML أكبر من المسموح.")
    return read_opml(data)


def read_opml(data: bytes | str) -> list[Outline]:
    """Every outline with an ``xmlUrl``; IngestError if the document is not OPML."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root = etree.fromstring(raw.lstrip(), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"not a readable OPML document ({exc})") from exc
    if etree.QName(root).localname.lower() != "opml":
        raise IngestError(f"not an OPML document (root <{etree.QName(root).localname}>)")
    found: list[Outline] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        parent = outline.getparent()
        category = outline.get("category") or (
            (parent.get("title") or parent.get("text")) if parent is not None
            and parent.tag == "outline" else None
        )
        found.append(Outline(
            feed_url=url,
            title=(outline.get("title") or outline.get("text") or "").strip() or None,
            site_url=(outline.get("htmlUrl") or "").strip() or None,
            category=(category or "").strip() or None,
            kind=(outline.get("khabarKind") or "feed").strip() or "feed",
        ))
    return found


def write_opml(outlines: list[Outline], *, title: str = "khabar sources") -> str:
    """An OPML 2.0 document, outlines grouped by category."""
    groups: dict[str | None, list[Outline]] = {}
    for outline in outlines:
        groups.setdefault(outline.category, []).append(outline)
    now = datetime.now(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(title)}</title><dateCreated>{now}</dateCreated></head>",
             "  <body>"]
    for category in sorted(groups, key=lambda c: (c is None, c or "")):
        indent = "    "
        if category:
            lines.append(f"    <outline text={quoteattr(category)} title={quoteattr(category)}>")
            indent = "      "
        for o in groups[category]:
            attrs = [f"type={quoteattr('rss')}", f"text={quoteattr(o.title or o.feed_url)}",
                     f"title={quoteattr(o.title or o.feed_url)}", f"xmlUrl={quoteattr(o.feed_url)}"]
            if o.site_url:
                attrs.append(f"htmlUrl={quoteattr(o.site_url)}")
            if o.kind != "feed":
                attrs.append(f"khabarKind={quoteattr(o.kind)}")
            lines.append(f"{indent}<outline {' '.join(attrs)}/>")
        if category:
            lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

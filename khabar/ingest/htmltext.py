"""HTML fragments (feed content, descriptions) to plain text with one paragraph per line."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Elements whose content is never text a reader sees.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
             "head", "button", "select", "form")

# Elements that start a new line.
BLOCK_TAGS = frozenset("""
    p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr thead tbody tfoot
    section article aside header footer nav figure figcaption hr address details summary main
""".split())

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z!/][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def looks_like_html(text: str) -> bool:
    """Whether ``text`` holds a tag or an entity."""
    return bool(_LOOKS_LIKE_HTML.search(text))


def paragraphs(text: str) -> str:
    """Each line stripped with its runs of spaces collapsed; empty lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block elements and ``<br>`` become "\\n", script and
    style are dropped, entities decoded. Text without markup comes back with its lines tidied."""
    if not fragment or not fragment.strip():
        return ""
    if not looks_like_html(fragment):
        return paragraphs(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return paragraphs(re.sub(r"<[^>]*>", " ", fragment))
    for element in list(root.iter(*DROP_TAGS)):
        _drop(element)
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        if element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    for comment in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(comment)
    return paragraphs(root.text_content())


def _drop(element: etree._Element) -> None:
    """Remove ``element`` but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)

"""The one allow-list of HTML khabar renders from data: highlighted snippets.

Article text is always escaped by the templates; snippets and highlighted titles are built
escaped by ``khabar.search.snippet`` and pass through nh3 with this allow-list as well, so a
bug upstream still cannot put a source's markup on a page.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

#: tags allowed in highlighted text, with no attributes
ALLOWED_TAGS = {"mark"}

#: what ``khabar.search.snippet`` makes: escaped text (no "<" or ">", "&" only in the
#: entities ``html.escape`` writes) with ``<mark>`` around some of it, never nested
_ESCAPED = r"(?:[^<>&]|&(?:amp|lt|gt|quot|#x27);)*"
_AS_MADE = re.compile(f"{_ESCAPED}(?:<mark>{_ESCAPED}</mark>{_ESCAPED})*")


def safe_marked(html: str) -> Markup:
    """``html`` with only ``<mark>`` left. Text already in the form the snippets are made in
    is passed as it is (nh3 was ~7 % of the search page's CPU, issue 16); anything else goes
    through nh3 with the allow-list."""
    if _AS_MADE.fullmatch(html):
        return Markup(html)
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={}))


#: link schemes a page may point to; anything else (javascript:, data:, vbscript:) is dropped
SAFE_SCHEMES = ("http://", "https://")


def safe_href(url: str | None) -> str | None:
    """The URL if a browser may safely follow it from our pages, else None."""
    if not url:
        return None
    stripped = "".join(url.split())  # browsers ignore whitespace inside a scheme ("java script:")
    return url if stripped.lower().startswith(SAFE_SCHEMES) else None

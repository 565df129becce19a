"""The one allow-list of HTML khabar renders from data: highlighted snippets.

Article text is always escaped by the templates; snippets and highlighted titles are built
escaped by ``khabar.search.snippet`` and pass through nh3 with this allow-list as well, so a
bug upstream still cannot put a source's markup on a page.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup

#: tags allowed in highlighted text, with no attributes
ALLOWED_TAGS = {"mark"}


def safe_marked(html: str) -> Markup:
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={}))

"""One way to answer for a resource, as HTML or as JSON, with its alternate links.

A resource (an article, a story, a search) lives at a page, a JSON twin and maybe feeds:
``Links`` says where. A route builds its context or document and calls ``render``, which

- for HTML: renders the template with ``alternate`` (the JSON twin) and ``feeds`` in the
  context, which ``base.html`` writes as ``<link rel="alternate">``;
- for JSON: answers the document with ETag / Last-Modified and 304 (``caching.json_response``);
- for both: sets a ``Link`` header (RFC 8288) to the other format and the feeds, so a client
  finds the twin of any answer without parsing it.

(Datasette's ``BaseView.render`` plays this part there.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import quote

from fastapi import Request, Response

from khabar.web.caching import json_response
from khabar.web.templating import templates

Fmt = Literal["html", "json"]

#: output feed formats: (extension, media type, label)
FEED_FORMATS = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


def feed_links(path_for) -> list[dict]:  # noqa: ANN001 - fmt -> path
    """The output feeds of a page, for <link rel="alternate"> and the page's "تابع" links."""
    return [{"type": media, "label": label, "href": path_for(ext)} for ext, media, label in FEED_FORMATS]


@dataclass(frozen=True, slots=True)
class Links:
    """Where one resource is: its page, its JSON twin and its feeds (format -> path)."""

    html: str
    json: str | None = None
    feed: Callable[[str], str] | None = None

    def feeds(self) -> list[dict]:
        return feed_links(self.feed) if self.feed else []

    def header(self, fmt: Fmt) -> str:
        """The ``Link`` header of the answer in ``fmt``: the other format, then the feeds."""
        other = ((self.json, "application/json") if fmt == "html"
                 else (self.html, "text/html"))
        found = [other] if other[0] else []
        found += [(f["href"], f["type"]) for f in self.feeds()]
        return ", ".join(f'<{_header_safe(href)}>; rel="alternate"; type="{media}"'
                         for href, media in found)


def _header_safe(path: str) -> str:
    # a header is Latin-1: an Arabic tag name in a path goes percent-encoded
    return quote(path, safe="/?&=%:+,;@!$'()*~-._")


def render(
    request: Request,
    fmt: Fmt,
    links: Links | None,
    *,
    template: str = "",
    context: dict | None = None,
    document: object = None,
    last_modified: datetime | None = None,
    status_code: int = 200,
) -> Response:
    """The resource as ``fmt``: ``template`` with ``context`` (HTML) or ``document`` (JSON)."""
    response: Response
    if fmt == "json":
        response = json_response(request, document, last_modified)
    else:
        context = dict(context or {})
        if links is not None:
            if links.json:
                context["alternate"] = links.json
            if links.feed:
                context["feeds"] = links.feeds()
        response = templates.TemplateResponse(request, template, context,
                                              status_code=status_code)
    if links is not None and (value := links.header(fmt)):
        response.headers["Link"] = value
    return response

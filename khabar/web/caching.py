"""Conditional GET for API documents and feeds: ETag and Last-Modified, 304 when unchanged."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response


def conditional(
    request: Request, body: bytes, media_type: str, last_modified: datetime | None = None
) -> Response:
    """``body`` with validators, or an empty 304 when the client's copy is current."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if last_modified is not None:
        last_modified = last_modified.astimezone(timezone.utc).replace(microsecond=0)
        headers["Last-Modified"] = format_datetime(last_modified, usegmt=True)
    if _not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def json_response(request: Request, document: object, last_modified: datetime | None = None) -> Response:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return conditional(request, body, "application/json", last_modified)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return etag in {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    since = request.headers.get("if-modified-since")
    if since and last_modified is not None:
        try:
            return last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def newest_time(articles) -> datetime | None:  # noqa: ANN001 - iterable of Article
    """When the newest of these articles was published or fetched: a list's Last-Modified."""
    times = [a.fetched_at for a in articles if a.fetched_at is not None]
    return max(times) if times else None

"""The HTTP fetcher: polite, bounded, and refusing private addresses at connect time.

    Fetcher            async; ``get(url, etag=, last_modified=, robots=)`` → FetchResult
    FetchResult        status, final url, body bytes, ETag / Last-Modified, ``moved_to``
    GuardedTransport   the httpx transport whose dialer checks each address it connects to
    is_public_address  the check itself

Every limit is a setting (``khabar.settings``); errors are ``khabar.errors.FetchError``.
"""

from khabar.ingest.fetch._body import to_text
from khabar.ingest.fetch._client import FetchResult, Fetcher, parse_retry_after
from khabar.ingest.fetch._network import GuardedTransport, Resolver, is_public_address

__all__ = [
    "FetchResult",
    "Fetcher",
    "GuardedTransport",
    "Resolver",
    "is_public_address",
    "parse_retry_after",
    "to_text",
]

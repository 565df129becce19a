"""Channels: sending a message to an Apprise URL (ntfy, Telegram, Matrix, Discord, Slack,
e-mail over SMTP, JSON webhooks and the rest Apprise supports).

Apprise is synchronous and reports failures in its log; ``send`` captures that log so the
reason a channel failed is kept (and shown to its user), and returns it instead of raising.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import apprise

from khabar.errors import QueryError
from khabar.notify.message import Message

#: webhook schemes that take custom headers (``+Name=value`` in the URL): the delivery's
#: idempotency key goes with the request, so a receiver can drop a repeat
_HEADER_SCHEMES = {"json", "jsons", "form", "forms", "xml", "xmls"}
#: characters of Apprise's log kept as the error of a failed delivery
MAX_ERROR_CHARS = 500


def check_url(url: str) -> str:
    """``url`` stripped, if Apprise knows how to send to it; raises ``QueryError`` (Arabic
    message) otherwise."""
    url = url.strip()
    if not url or apprise.Apprise.instantiate(url, suppress_exceptions=True) is None:
        raise QueryError(
            f"not an Apprise URL: {urlsplit(url).scheme or url[:20]!r}",
            user_message="عنوان القناة غير صالح. أمثلة: ntfy://ntfy.sh/موضوعك، "
                         "mailto://user:pass@example.com، json://example.com/hook، "
                         "tgram://bottoken/ChatID.")
    return url


def send(url: str, message: Message, *, key: str | None = None,
         timeout: float = 20.0) -> str | None:
    """Send ``message`` to the channel at ``url``; None if it went, else why not. ``key`` is
    the delivery's idempotency key (an ``Idempotency-Key`` header for JSON/form/XML hooks)."""
    target = url
    if key and urlsplit(url).scheme.lower() in _HEADER_SCHEMES:
        target += ("&" if "?" in url else "?") + f"+Idempotency-Key={key}"
    sender = apprise.Apprise()
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
        if not sender.add(target):
            return "notify: Apprise does not know this URL"
        ok = sender.notify(body=message.body, title=message.title, timeout=timeout)
        text = log.getvalue().strip()
    if ok:
        return None
    return "notify: " + (text[-MAX_ERROR_CHARS:] if text else "the channel refused the message")

"""Channels: sending a message to an Apprise URL (ntfy, Telegram, Matrix, Discord, Slack,
e-mail over SMTP, JSON webhooks and the rest Apprise supports).

Apprise is synchronous and reports failures in its log; ``send`` captures that log so the
reason a channel failed is kept (and shown to its user), and returns it instead of raising.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import urlsplit

import apprise

from khabar.errors import InvalidInput, QueryError
from khabar.notify.message import Message

#: webhook schemes that take custom headers (``+Name=value`` in the URL): the delivery's
#: idempotency key goes with the request, so a receiver can drop a repeat
_HEADER_SCHEMES = {"json", "jsons", "form", "forms", "xml", "xmls"}
#: characters of Apprise's log kept as the error of a failed delivery
MAX_ERROR_CHARS = 500
#: schemes whose host is a server the user names (webhooks, self-hostable services); the
#: others (tgram://, discord:// …) carry tokens there and reach their service's public API
HOST_SCHEMES = frozenset({
    "json", "jsons", "xml", "xmls", "form", "forms", "ntfy", "ntfys", "mailto", "mailtos",
    "matrix", "matrixs", "gotify", "gotifys", "mmost", "mmosts", "rocket", "rockets",
    "apprise", "apprises", "ncloud", "nclouds", "nctalk", "nctalks",
})


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


def private_host(url: str) -> str | None:
    """The host of ``url`` if it is (or resolves to) a private, loopback or link-local
    address, for schemes whose host the user names; else None. A name that does not resolve
    is not refused here (sending to it fails and is recorded)."""
    if urlsplit(url).scheme.lower() not in HOST_SCHEMES:
        return None
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    host = str(getattr(plugin, "host", "") or "")
    if not host:
        return None
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in found]
    if any(not a.is_global or a.is_multicast for a in addresses):
        return host
    return None


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse a channel on a private address unless ``allow_private_networks`` is on (as the
    fetcher refuses such sources): a user could otherwise make the server post inside its
    network."""
    host = None if allow_private else private_host(url)
    if host is not None:
        raise InvalidInput(
            f"channel host {host} is a private address",
            user_message="عنوان القناة يشير إلى شبكة داخلية أو خاصة، وهذا غير مسموح على هذا "
                         "الخادم (KHABAR_ALLOW_PRIVATE_NETWORKS).")


def send(url: str, message: Message, *, key: str | None = None, timeout: float = 20.0,
         allow_private: bool = False) -> str | None:
    """Send ``message`` to the channel at ``url``; None if it went, else why not. ``key`` is
    the delivery's idempotency key (an ``Idempotency-Key`` header for JSON/form/XML hooks).
    A private address is refused again here (the name may resolve elsewhere since it was
    added) unless ``allow_private``."""
    host = None if allow_private else private_host(url)
    if host is not None:
        return f"notify: {host} is a private address (KHABAR_ALLOW_PRIVATE_NETWORKS is off)"
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

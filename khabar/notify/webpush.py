"""Web Push: alerts shown by the browser of a phone or a computer the user subscribed (the
PWA's service worker, ``/sw.js``), with no app and no third-party account.

- **VAPID keys** (RFC 8292) identify this server to the push services. They are generated on
  first use and kept in the store (``store.save_model(VAPID_MODEL)``), never logged; the
  public key is served to the page (``/api/alerts/webpush/key``), which passes it to
  ``pushManager.subscribe``.
- **A subscription** (the push service's endpoint and the browser's keys) is kept as a channel
  of its user whose URL is ``webpush:`` followed by the subscription's JSON (``Subscription``):
  the outbox, the idempotency key per (saved search, story, channel), retries and the
  channel's health are those of every channel.
- **Sending** (``send``): the message (Arabic title and headline lines, and the link to open)
  as JSON, encrypted for the browser (RFC 8291, ``aes128gcm``, pywebpush's ``WebPusher``),
  signed with a VAPID JWT (py_vapid), and POSTed through the fetcher's guarded transport: an
  endpoint on a private or loopback address is refused at connect time, as a source is,
  unless ``allow_private_networks`` is on (tests run a push service on 127.0.0.1).
- **Expired subscriptions**: a push service answering 404 or 410 says the browser dropped the
  subscription; ``send`` returns ``GONE``, and the sender retires the channel (its
  subscription is deleted and the user sees why on the alerts page).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import ipaddress
import json
import socket
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02
from pywebpush import WebPusher

from khabar.errors import BlockedAddress, InvalidInput
from khabar.ingest.fetch import GuardedTransport, is_public_address
from khabar.notify.message import Message
from khabar.store import Store
from khabar.store.alert_records import EXPIRED_PUSH_URL

#: the store's model holding this server's VAPID key pair
VAPID_MODEL = "webpush_vapid"
#: a channel URL holding a Web Push subscription starts with this
SCHEME = "webpush:"
#: what ``send`` returns when the push service says the subscription is gone (404, 410)
GONE = "notify: the push subscription has expired or was revoked"
#: the URL of a channel whose subscription expired (its keys deleted)
EXPIRED_URL = EXPIRED_PUSH_URL
#: seconds a push service keeps a message for a device that is offline
TTL_SECONDS = 86400
#: seconds a VAPID token stays valid (at most 24 h, RFC 8292)
TOKEN_SECONDS = 12 * 3600
#: longest endpoint accepted
MAX_ENDPOINT_CHARS = 1000
#: a push message must fit in 4 KiB once encrypted (RFC 8291): the JSON payload is kept
#: under this many bytes, the body cut (then the title) to fit
MAX_PAYLOAD_BYTES = 3000
#: longest title sent (the search's name and a headline)
MAX_TITLE_CHARS = 300

_keys: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True, slots=True)
class Subscription:
    """A browser's push subscription (``PushSubscription.toJSON()``)."""

    endpoint: str
    p256dh: str
    auth: str

    def url(self) -> str:
        return SCHEME + json.dumps({"endpoint": self.endpoint,
                                    "keys": {"p256dh": self.p256dh, "auth": self.auth}},
                                   separators=(",", ":"))

    def info(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    @classmethod
    def of_url(cls, url: str) -> Subscription:
        return cls.of_json(json.loads(url[len(SCHEME):]), allow_http=True)

    @classmethod
    def of_json(cls, data: Any, *, allow_http: bool = False) -> Subscription:
        """A subscription from what the page sent; raises ``InvalidInput`` (Arabic message)
        for anything that is not a push subscription. ``allow_http``: an ``http://``
        endpoint too (only with ``allow_private_networks``: tests' loopback push service)."""
        try:
            endpoint = str(data["endpoint"]).strip()
            keys = data["keys"]
            p256dh, auth = str(keys["p256dh"]).strip(), str(keys["auth"]).strip()
            point, secret = _b64decode(p256dh), _b64decode(auth)
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise _invalid(f"not a push subscription: {exc}") from exc
        try:
            parts = urlsplit(endpoint)
            parts.port  # noqa: B018 - raises for a port out of range
        except ValueError as exc:
            raise _invalid(f"push endpoint {endpoint[:60]!r} is not a URL") from exc
        schemes = ("https", "http") if allow_http else ("https",)
        if (parts.scheme not in schemes or not parts.hostname
                or len(endpoint) > MAX_ENDPOINT_CHARS):
            raise _invalid(f"push endpoint {endpoint[:60]!r} is not an https URL")
        if len(point) != 65 or point[0] != 4 or len(secret) != 16:
            raise _invalid("push subscription keys of the wrong size")
        return cls(endpoint, p256dh, auth)


def _invalid(reason: str) -> InvalidInput:
    return InvalidInput(reason, user_message="تعذر تفعيل الإشعارات: المتصفح أرسل اشتراكاً غير "
                                             "صالح. أعد المحاولة.")


def check_endpoint(subscription: Subscription, *, allow_private: bool) -> None:
    """Refuse an endpoint on a private, loopback or link-local address (the fetcher's policy,
    ``is_public_address``) unless ``allow_private_networks`` is on: a user could otherwise make
    the server post inside its network. Checked again at each send, at connect time."""
    if allow_private:
        return
    host = urlsplit(subscription.endpoint).hostname or ""
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        try:
            addresses = [str(info[4][0]) for info in socket.getaddrinfo(
                host, None, proto=socket.IPPROTO_TCP)]
        except (OSError, UnicodeError):
            return  # does not resolve now: sending fails and is recorded
    if any(not is_public_address(a) for a in addresses):
        raise InvalidInput(f"push endpoint host {host} is a private address", user_message=(
            "عنوان خدمة الإشعارات يشير إلى شبكة داخلية أو خاصة، وهذا غير مسموح على هذا الخادم "
            "(KHABAR_ALLOW_PRIVATE_NETWORKS)."))


def is_push(url: str) -> bool:
    return url.startswith(SCHEME)


def endpoint_host(url: str) -> str:
    """The push service's host of a ``webpush:`` channel URL (what pages show)."""
    if url == EXPIRED_URL:
        return "expired"
    try:
        return urlsplit(Subscription.of_url(url).endpoint).hostname or "?"
    except InvalidInput:
        return "?"


# --- VAPID --------------------------------------------------------------------------------

def vapid(store: Store) -> Vapid02:
    """This server's VAPID key, generated and stored on first use (one per store)."""
    with _lock:
        found = _keys.get(store)
        if found is not None:
            return found
        stored = store.load_model(VAPID_MODEL)
        if stored is None:
            fresh = Vapid02()
            fresh.generate_keys()
            # another process may be generating too: the first stored wins, for both
            stored = store.first_model(VAPID_MODEL, {"private_pem": fresh.private_pem().decode()})
        key = Vapid02.from_pem(stored["private_pem"].encode())
        _keys[store] = key
        return key


def public_key(store: Store) -> str:
    """The VAPID public key as the page passes it to ``pushManager.subscribe``
    (``applicationServerKey``: the uncompressed P-256 point, base64url)."""
    raw = vapid(store).public_key.public_bytes(serialization.Encoding.X962,
                                              serialization.PublicFormat.UncompressedPoint)
    return _b64encode(raw)


def payload(message: Message) -> bytes:
    """What the service worker receives: the title, the body and the link, as JSON of at most
    ``MAX_PAYLOAD_BYTES`` (the body cut at a character boundary, with "…")."""
    title = _cut(message.title, MAX_TITLE_CHARS * 4)[:MAX_TITLE_CHARS]
    url = message.link[:MAX_ENDPOINT_CHARS] or "/"
    empty = len(json.dumps({"title": title, "body": "", "url": url}, ensure_ascii=False).encode())
    body = _cut(message.body, MAX_PAYLOAD_BYTES - empty - 8)  # room for JSON escapes of "…"
    data = json.dumps({"title": title, "body": body, "url": url}, ensure_ascii=False).encode()
    while len(data) > MAX_PAYLOAD_BYTES and body:  # escapes (\n, \") took more room
        body = _cut(body[:-1], len(body.encode()) - (len(data) - MAX_PAYLOAD_BYTES) - 4)
        data = json.dumps({"title": title, "body": body, "url": url},
                          ensure_ascii=False).encode()
    return data


def _cut(text: str, max_bytes: int) -> str:
    """``text``, or its start ending with "…", in at most ``max_bytes`` bytes of UTF-8."""
    raw = text.encode()
    if len(raw) <= max_bytes:
        return text
    return raw[:max(0, max_bytes - 3)].decode(errors="ignore") + "…"


# --- sending ------------------------------------------------------------------------------

def send(store: Store, url: str, message: Message, *, subject: str, key: str | None = None,
         timeout: float = 20.0, allow_private: bool = False) -> str | None:
    """Push ``message`` to the subscription in the channel URL ``url``; None if the push
    service accepted it, ``GONE`` if it says the subscription is gone, else why not.
    ``subject``: the VAPID ``sub`` claim (a mailto: or https: URL)."""
    if url == EXPIRED_URL:
        return GONE
    try:
        subscription = Subscription.of_url(url)
    except InvalidInput as exc:
        return f"notify: {exc}"
    parts = urlsplit(subscription.endpoint)
    audience = f"{parts.scheme}://{parts.netloc}"
    signed = vapid(store).sign({"aud": audience, "sub": subject,
                                "exp": int(time.time()) + TOKEN_SECONDS})
    body = WebPusher(subscription.info()).encode(payload(message), "aes128gcm")["body"]
    headers = {**signed, "TTL": str(TTL_SECONDS), "Content-Encoding": "aes128gcm",
               "Content-Type": "application/octet-stream", "Urgency": "normal"}
    if key:
        headers["Topic"] = _topic(key)  # a repeat of the same delivery replaces the first
    try:
        status, text = asyncio.run(_post(subscription.endpoint, body, headers, timeout,
                                         allow_private))
    except BlockedAddress:
        return (f"notify: {parts.hostname} is a private address "
                "(KHABAR_ALLOW_PRIVATE_NETWORKS is off)")
    except (httpx.HTTPError, OSError) as exc:
        return f"notify: push service unreachable: {type(exc).__name__}: {exc}"[:500]
    if status in (404, 410):
        return GONE
    if status >= 300:
        return f"notify: the push service answered {status}: {text[:300]}"
    return None


def _topic(key: str) -> str:
    # RFC 8030: at most 32 characters of the base64url alphabet
    return _b64encode(hashlib.sha256(key.encode()).digest())[:32]


async def _post(endpoint: str, body: bytes, headers: dict[str, str], timeout: float,
                allow_private: bool) -> tuple[int, str]:
    transport = GuardedTransport(allow_private=allow_private,
                                 limits=httpx.Limits(max_connections=1))
    async with httpx.AsyncClient(transport=transport, timeout=timeout,
                                 follow_redirects=False) as client:
        response = await client.post(endpoint, content=body, headers=headers)
        return response.status_code, response.text

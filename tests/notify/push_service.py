"""A Web Push service on 127.0.0.1 and a browser's side of a subscription, for tests.

``PushService`` takes the POST a push service takes (RFC 8030), checks its VAPID
``Authorization`` header (RFC 8292: the JWT's ES256 signature verified with the public key
khabar serves to pages, its audience and expiry), and decrypts the ``aes128gcm`` body (RFC
8291) with the subscription's private key, as the browser would. ``status`` is what it answers
(201, or 410 for a subscription that is gone).
"""

from __future__ import annotations

import base64
import json
import os
import time

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

from tests.notify.receivers import HookServer


def b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Browser:
    """The browser's half of a push subscription: its P-256 key pair and auth secret."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    def subscription(self, endpoint: str) -> dict:
        point = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": endpoint, "keys": {"p256dh": b64encode(point),
                                               "auth": b64encode(self.auth)}}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                           version="aes128gcm"))


def verify_vapid(header: str, public_key: str, audience: str) -> dict:
    """The claims of a ``vapid t=<JWT>,k=<key>`` header, after checking that ``k`` is
    ``public_key``, the JWT is signed by it (ES256), and is for ``audience`` and not
    expired. Raises ``AssertionError`` or ``InvalidSignature`` otherwise."""
    scheme, _, params = header.partition(" ")
    assert scheme == "vapid", header
    parts = dict(p.split("=", 1) for p in params.split(","))
    assert parts["k"] == public_key
    signed, _, signature = parts["t"].rpartition(".")
    raw = b64decode(signature)
    assert len(raw) == 64
    der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                     int.from_bytes(raw[32:], "big"))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(public_key))
    key.verify(der, signed.encode(), ec.ECDSA(hashes.SHA256()))  # raises InvalidSignature
    header_json = json.loads(b64decode(signed.split(".")[0]))
    assert header_json == {"typ": "JWT", "alg": "ES256"}
    claims = json.loads(b64decode(signed.split(".")[1]))
    assert claims["aud"] == audience
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    return claims


class PushService(HookServer):
    """Records every POST as (path, headers, body), whatever it answers; answers ``status``
    (201, or 410 for a subscription that is gone) with no body."""

    default_status = 201
    answer = b""

    def keeps(self, status: int) -> bool:
        return True

    def endpoint(self, name: str = "device") -> str:
        return f"{self.origin}/push/{name}"

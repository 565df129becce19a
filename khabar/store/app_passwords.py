"""App passwords: what a reader types into a phone app that speaks the Google Reader API.

An app password is not the account's password. It is random (100 bits, 20 letters and
digits of RFC 4648's base32 alphabet in groups of four: ``k7qm-2xva-…``), shown once, and
revoked on its own without touching the account. Typing it is forgiving: case, spaces and
dashes do not count.

What is kept: the app password's *auth key* ``hmac_sha256("khabar-greader", password)`` is
what ``accounts/ClientLogin`` hands the app as its ``Auth`` token, and the store keeps only
that key's SHA-256 (an ``api_tokens`` row of kind "app"), like every other token. So the
Auth token lets an app in without being the password, the database holds neither, and
revoking the app password ends every app logged in with it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from khabar.store.base import Store
from khabar.store.credentials import token_hash
from khabar.store.users import Token

_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
#: characters of a new app password (5 bits each)
LENGTH = 20
_NOT_ALPHABET = re.compile(f"[^{_ALPHABET}]")


def new_app_password() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))


def normalize(password: str) -> str:
    """The password as compared: lower case, only letters of the alphabet (no dashes)."""
    return _NOT_ALPHABET.sub("", password.strip().lower())


def auth_key(password: str) -> str:
    """The key an app password opens (the Auth token's secret part), in hex."""
    return hmac.new(b"khabar-greader", normalize(password).encode(), hashlib.sha256).hexdigest()


def create_app_password(store: Store, user_id: int, name: str) -> tuple[Token, str]:
    """A new app password for the user: its token row and the password (shown once)."""
    password = new_app_password()
    token = store.create_token(user_id, "app", name or "app", token_hash(auth_key(password)))
    return token, password

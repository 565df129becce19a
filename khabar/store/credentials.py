"""Secrets of readers: password hashing (argon2id, through argon2-cffi) and random tokens.

Passwords are low-entropy and get argon2id with the library's default cost (RFC 9106's
second recommended setting: 64 MiB, 3 passes). Session cookies, API tokens, feed tokens and
app passwords are 256-bit random values: only their SHA-256 is stored, which is enough for a
value nobody can guess, and lets a request find its row by an indexed equality.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from khabar.errors import InvalidInput

_HASHER = PasswordHasher()

#: shortest password accepted
MIN_PASSWORD_LENGTH = 8
#: longest password accepted (argon2 takes any length; this bounds the work per request)
MAX_PASSWORD_LENGTH = 1024
#: a user name: letters of any script, digits, "." "_" "-"; 1 to 64 characters
_NAME = re.compile(r"[^\W][\w.\-]{0,63}")
#: a hash nobody's password matches: verifying against it costs what a real check costs, so
#: an unknown account name answers as slowly as a wrong password
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; a None hash costs the same and fails."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str = "kh") -> str:
    """A fresh random secret, e.g. ``kh_api_…`` (the prefix tells a leaked token's kind)."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    """What is stored for a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_name(name: str) -> str:
    """The name, trimmed; raises ``InvalidInput`` unless it is a valid user name."""
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise InvalidInput(f"invalid user name {name[:80]!r}",
                           user_message="اسم المستخدم من حرف إلى 64 حرفاً: حروف وأرقام و. _ - "
                                        "فقط، ويبدأ بحرف أو رقم.")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password too short",
                           user_message=f"كلمة المرور قصيرة: {MIN_PASSWORD_LENGTH} أحرف على الأقل.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput("password too long", user_message="كلمة المرور أطول من المسموح.")
    return password

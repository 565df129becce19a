"""The boundary between the database drivers and the rest of khabar: driver errors become
khabar's (``StoreUnavailable`` when the database cannot be reached now, ``StoreError``
otherwise), as httpx's ``map_exceptions`` does for its transports. Nothing outside ``store/``
sees a SQLAlchemy or driver exception."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DisconnectionError, OperationalError

from khabar.errors import StoreError, StoreUnavailable

#: SQLite's messages for a database that cannot be used now (not a bad statement)
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o", "readonly", "full")


def is_unavailable(exc: OperationalError) -> bool:
    """A connection that failed or broke, or a SQLite file that is locked or unusable."""
    if exc.connection_invalidated or type(exc.orig).__module__.startswith("psycopg"):
        return True
    message = str(exc.orig).lower()
    return any(word in message for word in _SQLITE_UNAVAILABLE)


@contextmanager
def driver_errors(action: str, where: str) -> Iterator[None]:
    """Translate driver errors raised in the block: ``action`` ("read", "write", "connect")
    and ``where`` (the database, without password) go into the logged message."""
    try:
        yield
    except DisconnectionError as exc:
        raise StoreUnavailable(f"{action} failed on {where}: {exc}") from exc
    except OperationalError as exc:
        if is_unavailable(exc):
            raise StoreUnavailable(f"{action} failed on {where}: {exc.orig}") from exc
        raise StoreError(f"{action} failed on {where}: {exc.orig}") from exc

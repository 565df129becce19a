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
#: what a reader (or the admin) is told when the disk is full: nothing of this write was kept,
#: what was stored before stays, and the same command works again once there is space
DISK_FULL = ("لا مساحة لقاعدة البيانات: القرص ممتلئ. لم يُحفظ هذا الجزء وما حُفظ قبله باقٍ؛ "
             "أفرغ مساحة ثم أعد المحاولة.")


def is_unavailable(exc: OperationalError) -> bool:
    """A connection that failed or broke, or a SQLite file that is locked or unusable."""
    if exc.connection_invalidated or type(exc.orig).__module__.startswith("psycopg"):
        return True
    message = str(exc.orig).lower()
    return any(word in message for word in _SQLITE_UNAVAILABLE)


def is_disk_full(exc: OperationalError) -> bool:
    """SQLite's SQLITE_FULL (the disk, or ``max_page_count``), PostgreSQL's class 53 (disk
    full, out of memory: insufficient resources)."""
    state = getattr(exc.orig, "sqlstate", None)
    if isinstance(state, str):
        return state.startswith("53")
    return "database or disk is full" in str(exc.orig).lower()


@contextmanager
def driver_errors(action: str, where: str) -> Iterator[None]:
    """Translate driver errors raised in the block: ``action`` ("read", "write", "connect")
    and ``where`` (the database, without password) go into the logged message."""
    try:
        yield
    except DisconnectionError as exc:
        raise StoreUnavailable(f"{action} failed on {where}: {exc}") from exc
    except OperationalError as exc:
        if is_disk_full(exc):
            raise StoreUnavailable(f"{action} failed on {where}: disk full: {exc.orig}",
                                   user_message=DISK_FULL) from exc
        if is_unavailable(exc):
            raise StoreUnavailable(f"{action} failed on {where}: {exc.orig}") from exc
        raise StoreError(f"{action} failed on {where}: {exc.orig}") from exc

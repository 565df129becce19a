"""Records and their persistence behind one interface (``Store``)."""

from __future__ import annotations

from pathlib import Path

from khabar.errors import StoreError
from khabar.store.base import AddResult, SearchPage, Store
from khabar.store.records import Article, ArticleRecord, ReadProblem, Source

DEFAULT_DB = "data/khabar.db"

__all__ = [
    "AddResult",
    "Article",
    "ArticleRecord",
    "DEFAULT_DB",
    "ReadProblem",
    "SearchPage",
    "Source",
    "Store",
    "open_store",
]


def open_store(location: str | Path = DEFAULT_DB, *, migrate: bool = True) -> Store:
    """Open the store at a file path or a database URL, migrated to the newest schema.

    A plain path or ``sqlite:///path`` opens the embedded SQLite backend.
    """
    text = str(location)
    if "://" in text and not text.startswith("sqlite:"):
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"unsupported database URL scheme {scheme!r} (only SQLite is available so far)",
            user_message="نوع قاعدة البيانات غير مدعوم بعد.",
        )
    from khabar.store.sqlite import SQLiteStore

    path = text.removeprefix("sqlite:///") if text.startswith("sqlite:") else text
    store = SQLiteStore(path)
    if migrate:
        store.migrate()
    return store

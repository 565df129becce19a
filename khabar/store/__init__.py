"""Records and their persistence behind one interface (``Store``)."""

from __future__ import annotations

from pathlib import Path

from khabar.errors import StoreError
from khabar.store.base import AddResult, SearchPage, Store
from khabar.store.records import Article, ArticleRecord, ReadProblem, Source
from khabar.store.reindex import ProgressBar

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


def open_store(location: str | Path = DEFAULT_DB, *, migrate: bool = True,
               progress: ProgressBar | None = None,
               search_index_dir: str | None = None) -> Store:
    """Open the store at a file path or a database URL, migrated to the newest schema (a
    rebuild of its search index shown on ``progress``, a terminal's bar, when given).

    A plain path or ``sqlite:///path`` opens the embedded SQLite backend;
    ``postgresql://user@host/db`` (or ``postgres://``) the PostgreSQL backend, which searches
    through a tantivy index of this machine in ``search_index_dir`` when given (the setting
    of that name; SQLite keeps its index beside the database file and ignores it).
    """
    text = str(location)
    scheme = text.split("://", 1)[0].lower() if "://" in text else "sqlite"
    store: Store
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        from khabar.store.postgres import PostgresStore

        store = PostgresStore(text, search_index_dir or None)
    elif scheme == "sqlite":
        from khabar.store.sqlite import SQLiteStore

        store = SQLiteStore(text.removeprefix("sqlite:///") if "://" in text else text)
    else:
        raise StoreError(
            f"unsupported database URL scheme {scheme!r} (use a file path, sqlite:/// or "
            "postgresql://)",
            user_message="نوع قاعدة البيانات غير مدعوم: استخدم ملف SQLite أو PostgreSQL.",
        )
    if migrate:
        try:
            store.migrate(progress)
        except BaseException:
            store.close()
            raise
    return store

"""What the parts of the SQL store (followed sources, stories, tags) need from the store they
are part of, declared once: the engine, the write transaction, the index hook and the batch
article look-up. ``SQLStore`` and its backends provide them; a part that needs something new
declares it here, so that a missing piece is a type error and not an ``AttributeError``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from khabar.store.records import Article


class StoreHost:
    """The host of the store's parts. Every method is implemented by ``SQLStore`` or its
    backends (``SQLiteStore``, ``PostgresStore``)."""

    engine: Engine

    def _read(self) -> AbstractContextManager[Connection]:
        """A connection for reading; driver errors become ``StoreError``/``StoreUnavailable``."""
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Connection]:
        """One write transaction (serialized on SQLite)."""
        raise NotImplementedError

    def _unindex(self, conn: Connection, article_id: int) -> None:
        """Drop an article from the full-text index, inside ``conn``'s transaction."""
        raise NotImplementedError

    def _copy_marks(self, conn: Connection, marks: Mapping[int, bool] | None) -> None:
        """Articles are about to be marked (True) or unmarked (False) as near copies, inside
        ``conn``'s transaction; None: every mark is about to be cleared."""
        raise NotImplementedError

    def _search_fields_changed(self, conn: Connection, ids: Sequence[int]) -> None:
        """These articles' source, category or date changed inside ``conn``'s transaction
        (their terms did not): a search index that holds those fields follows."""
        raise NotImplementedError

    def articles_by_id(self, conn: Connection, ids: Sequence[int]) -> dict[int, Article]:
        """The articles with these ids, keyed by id (missing ids are left out)."""
        raise NotImplementedError

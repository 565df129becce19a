"""Run the Alembic migrations from code, on an open connection, and tell where a database is.

``open_store`` migrates on open. Deployments where web processes must not run DDL open with
``open_store(..., migrate=False)``, run ``khabar migrate`` once, and call ``require_current``
so that a database behind the code stops a process with a message instead of failing later
on a missing column.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, ProgrammingError

from khabar.errors import StoreError


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "khabar.store:migrations")
    return config


def upgrade(connection: Connection, revision: str = "heads") -> None:
    """Migrate the database behind ``connection`` to ``revision`` (every head by default, so
    that migrations written side by side on two branches both apply)."""
    config = _config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def head_revisions() -> list[str]:
    """The newest revision(s) this version of khabar knows, sorted."""
    return sorted(ScriptDirectory.from_config(_config()).get_heads())


def current_revisions(connection: Connection) -> list[str]:
    """The revision(s) the database is at, sorted; empty for a database never migrated."""
    return sorted(MigrationContext.configure(connection).get_current_heads())


def schema_status(store: Any) -> dict:
    """Where the store's database stands: ``{"current": [...], "heads": [...],
    "state": "current" | "behind" | "empty" | "newer"}``. ``newer``: the database was
    migrated by a later version of khabar (a revision this one does not know)."""
    try:
        with store.engine.connect() as conn:
            current = current_revisions(conn)
    except (OperationalError, ProgrammingError) as exc:
        raise StoreError(f"cannot read the schema revision: {exc.orig}",
                         user_message="تعذر الاتصال بقاعدة البيانات.") from exc
    heads = head_revisions()
    known = {r.revision for r in ScriptDirectory.from_config(_config()).walk_revisions()}
    if not current:
        state = "empty"
    elif set(current) == set(heads):
        state = "current"
    elif any(r not in known for r in current):
        state = "newer"
    else:
        state = "behind"
    return {"current": current, "heads": heads, "state": state}


def require_current(store: Any) -> None:
    """Raise ``StoreError`` (with the Arabic instruction to run ``khabar migrate``) unless the
    store's schema is at this version's newest revision."""
    status = schema_status(store)
    state, current, heads = status["state"], status["current"], status["heads"]
    if state == "current":
        return
    if state == "newer":
        raise StoreError(
            f"the database is at revision {', '.join(current)}, newer than this version of "
            f"khabar knows ({', '.join(heads)}): upgrade khabar",
            user_message="قاعدة البيانات أحدث من هذا الإصدار من خبر: حدّث خبر أولاً.",
        )
    where = "has no schema yet" if state == "empty" else f"is at revision {', '.join(current)}"
    raise StoreError(
        f"the database {where}, not {', '.join(heads)}: run `khabar migrate` first",
        user_message="مخطط قاعدة البيانات أقدم من هذا الإصدار من خبر: شغّل ‎khabar migrate‎ أولاً.",
    )

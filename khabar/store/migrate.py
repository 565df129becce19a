"""Run the Alembic migrations from code, on an open connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection


def upgrade(connection: Connection, revision: str = "heads") -> None:
    """Migrate the database behind ``connection`` to ``revision`` (every head by default, so
    that migrations written side by side on two branches both apply)."""
    config = Config()
    config.set_main_option("script_location", "khabar.store:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, revision)

"""Run the Alembic migrations from code, on an open connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database behind ``connection`` to ``revision``."""
    config = Config()
    config.set_main_option("script_location", "khabar.store:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, revision)

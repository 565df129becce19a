"""Alembic migrations, run in code by ``khabar.store.migrate.upgrade``."""

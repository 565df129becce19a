"""The search queue: every change of the full-text index, in order, for the tantivy index
beside SQLite (khabar/store/tantivy_index.py) to apply and replay after a crash.

Revision ID: 0013_search
Revises: 0012_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_search"
down_revision = "0012_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_queue",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sqlite_autoincrement=True,  # a sequence never reused once applied rows are dropped
    )


def downgrade() -> None:
    op.drop_table("search_queue")

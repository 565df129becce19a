"""Followed sources (feed address, conditional-GET state, health, schedule) and article
provenance (where the body came from, why the page failed, when the source updated it).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SOURCE_COLUMNS = (
    ("feed_url", sa.Text),
    ("kind", sa.String(20)),
    ("category", sa.String(100)),
    ("etag", sa.Text),
    ("last_modified", sa.Text),
    ("last_checked_at", sa.DateTime(timezone=True)),
    ("last_success_at", sa.DateTime(timezone=True)),
    ("last_outcome", sa.String(40)),
    ("last_error", sa.Text),
    ("last_error_user", sa.Text),
    ("next_check_at", sa.DateTime(timezone=True)),
    ("interval_seconds", sa.Integer),
)
ARTICLE_COLUMNS = (
    ("body_origin", sa.String(10)),
    ("page_error", sa.Text),
    ("entry_hash", sa.String(64)),
    ("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        for name, kind in SOURCE_COLUMNS:
            batch.add_column(sa.Column(name, kind))
        batch.add_column(sa.Column("paused", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("error_count", sa.Integer, nullable=False,
                                   server_default="0"))
    op.create_index("ix_sources_feed_url", "sources", ["feed_url"], unique=True)
    op.create_index("ix_sources_next_check_at", "sources", ["next_check_at"])
    with op.batch_alter_table("articles") as batch:
        for name, kind in ARTICLE_COLUMNS:
            batch.add_column(sa.Column(name, kind))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name, _ in reversed(ARTICLE_COLUMNS):
            batch.drop_column(name)
    op.drop_index("ix_sources_next_check_at", "sources")
    op.drop_index("ix_sources_feed_url", "sources")
    with op.batch_alter_table("sources") as batch:
        for name in ("error_count", "paused", *(n for n, _ in reversed(SOURCE_COLUMNS))):
            batch.drop_column(name)

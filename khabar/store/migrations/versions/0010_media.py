"""Media: each article's lead image (its URL at the outlet, its size when known) and its
audio/video enclosures (a JSON list of {"url", "type", "length"}).

Revision ID: 0010_media
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_media"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = ("image_url", "image_width", "image_height", "enclosures")


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("image_url", sa.Text))
        batch.add_column(sa.Column("image_width", sa.Integer))
        batch.add_column(sa.Column("image_height", sa.Integer))
        batch.add_column(sa.Column("enclosures", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35+) drops columns in place; a batch copy of the table would lose the
        # expression index of 0003, which it cannot reflect.
        for name in reversed(COLUMNS):
            op.execute(f"ALTER TABLE articles DROP COLUMN {name}")
        return
    with op.batch_alter_table("articles") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)

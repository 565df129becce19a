"""Tags: named entities on articles, a table of trained models, and (SQLite) a view of the
full-text index's vocabulary for term document frequencies.

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("entities", sa.Text, nullable=False, server_default="[]"))
    op.create_table(
        "models",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE article_fts_vocab USING fts5vocab(article_fts, row)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE article_fts_vocab")
    op.drop_table("models")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("entities")

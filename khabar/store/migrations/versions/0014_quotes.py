"""Quotes (issue 19): the statements each article attributes to a speaker, one row per
statement, deleted with their article.

Revision ID: 0014_quotes
Revises: 0013_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_quotes"
down_revision = "0013_search"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("id", ID, primary_key=True),
        sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String(200), nullable=False),
        sa.Column("speaker_type", sa.String(20), nullable=False),
        sa.Column("verb", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("direct", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_quotes_article", "quotes", ["article_id", "position"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_quotes_speaker", "quotes")
    op.drop_index("ix_quotes_article", "quotes")
    op.drop_table("quotes")

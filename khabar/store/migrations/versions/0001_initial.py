"""Sources and articles, with SQLite's FTS5 index of analyzed terms.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from khabar.store.schema import ID

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("id", ID, primary_key=True),
        sa.Column("source_id", ID, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("guid", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("summary", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("category", sa.String(100)),
        sa.Column("attributed_to", sa.Text),
        sa.Column("keywords", sa.Text, nullable=False),
        sa.Column("dateline_place", sa.Text),
        sa.Column("dateline_agency", sa.Text),
        sa.Column("content_hash", sa.String(64)),
    )
    op.create_index("ix_articles_canonical_url", "articles", ["canonical_url"], unique=True)
    op.create_index("ix_articles_source_guid", "articles", ["source_id", "guid"], unique=True)
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    if op.get_bind().dialect.name == "sqlite":
        # Analyzed terms (khabar.arabic.analyze), space-separated; rowid = articles.id.
        op.execute(
            "CREATE VIRTUAL TABLE article_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE article_fts")
    op.drop_table("articles")
    op.drop_table("sources")

"""Stories, duplicate copies and sightings.

- ``stories``: one row per story (same event across outlets); its id is the id of its first
  article, so rebuilding the stories in arrival order gives the same ids.
- ``articles.story_id``: the story an article belongs to; ``articles.duplicate_of``: the
  canonical article a near-duplicate copy is folded under.
- ``sightings``: copies that were not stored as articles of their own (the same normalized
  text under another URL): outlet, URL and time.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from khabar.store.schema import ID

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", ID, primary_key=True, autoincrement=False),
        sa.Column("headline_id", ID, nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("outlet_count", sa.Integer, nullable=False),
    )
    op.create_index("ix_stories_last_at", "stories", ["last_at"])
    op.create_index("ix_stories_article_count", "stories", ["article_count"])
    op.create_table(
        "sightings",
        sa.Column("id", ID, primary_key=True),
        sa.Column("article_id", ID,
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source_id", ID,
                  sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("guid", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sightings_article_id", "sightings", ["article_id"])
    op.create_index("ix_sightings_canonical_url", "sightings", ["canonical_url"])
    op.add_column("articles", sa.Column("story_id", ID))
    op.add_column("articles", sa.Column("duplicate_of", ID))
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_articles_duplicate_of", "articles")
    op.drop_index("ix_articles_story_id", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("duplicate_of")
        batch.drop_column("story_id")
    op.drop_table("sightings")
    op.drop_table("stories")

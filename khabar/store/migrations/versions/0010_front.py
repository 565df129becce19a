"""Stories get their home-page ranking: a stored score, a category and other outlets' leads.

Stories stored before this revision have score 0 and no category until the clusterer
touches them again; ``khabar recluster`` recomputes every story at once.

Revision ID: 0010_front
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_front"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("score", sa.Float, nullable=False, server_default="0"))
        batch.add_column(sa.Column("category", sa.Text))
        batch.add_column(sa.Column("lead_ids", sa.Text, nullable=False, server_default="[]"))
    op.create_index("ix_stories_score", "stories", ["score"])
    op.create_index("ix_stories_category_score", "stories", ["category", "score"])


def downgrade() -> None:
    op.drop_index("ix_stories_category_score", "stories")
    op.drop_index("ix_stories_score", "stories")
    # in place (SQLite 3.35+), not a batch copy of a table others point at
    for name in ("lead_ids", "category", "score"):
        op.execute(f"ALTER TABLE stories DROP COLUMN {name}")

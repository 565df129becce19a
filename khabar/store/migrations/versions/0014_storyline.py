"""Story visits: when a reader last opened a story's page, for «الجديد» (new since then).

Nothing existing changes.

Revision ID: 0014_storyline
Revises: 0013_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_storyline"
down_revision = "0013_search"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "story_visits",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("story_id", ID, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_story_visits_user_story", "story_visits", ["user_id", "story_id"],
                    unique=True)


def downgrade() -> None:
    op.drop_table("story_visits")

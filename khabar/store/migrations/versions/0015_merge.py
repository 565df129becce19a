"""Join the branches written side by side for issue 19: quotes (who said what) and the
storyline's per-story visits.

Revision ID: 0015_merge
Revises: 0014_quotes, 0014_storyline
"""

revision = "0015_merge"
down_revision = ("0014_quotes", "0014_storyline")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""Join the three branches written side by side (stories 0004, tags 0005, index state 0006).

Revision ID: 0007
Revises: 0004, 0005, 0006
"""

revision = "0007"
down_revision = ("0004", "0005", "0006")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

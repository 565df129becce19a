"""Join the branches written side by side in the second wave: the front page (story scores),
media (images), outlets (catalogue, countries) and readers with alerts.

Revision ID: 0012_merge
Revises: 0010_front, 0010_media, 0010_outlets, 0011_alerts
"""

revision = "0012_merge"
down_revision = ("0010_front", "0010_media", "0010_outlets", "0011_alerts")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

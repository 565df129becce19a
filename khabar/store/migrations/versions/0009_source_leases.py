"""Source leases: which worker is polling a source, and until when its claim holds.

``khabar worker`` processes (and ``khabar run``) claim due sources by setting
``lease_owner`` and ``lease_expires_at``; a worker that dies loses its claim when the lease
expires, and another picks the source up.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(100)))
        batch.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("lease_expires_at")
        batch.drop_column("lease_owner")

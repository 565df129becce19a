"""Alerts: saved searches, delivery channels, matches and the delivery outbox.

- ``saved_searches``: a user's named query, its alert mode (instant, hourly, daily), quiet
  hours in its time zone, paused or not, and the key of its private feed.
- ``alert_channels``: where a user's alerts go (an Apprise URL) and how delivery went.
- ``alert_matches``: articles a saved search matched as they were stored.
- ``alert_deliveries``: the outbox, one row per (saved search, story, channel), written in the
  transaction that records the match; the sender claims due rows under a lease.

Revision ID: 0011_alerts
Revises: 0010_readers
"""

import sqlalchemy as sa
from alembic import op

from khabar.store.schema import ID

revision = "0011_alerts"
down_revision = "0010_readers"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("mode", sa.String(10), nullable=False, server_default="instant"),
        sa.Column("quiet_start", sa.String(5)),
        sa.Column("quiet_end", sa.String(5)),
        sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("feed_token", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("last_match_at", _TIME),
    )
    op.create_index("ix_saved_searches_user_id", "saved_searches", ["user_id"])
    op.create_table(
        "alert_channels",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("last_success_at", _TIME),
        sa.Column("failing_since", _TIME),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_alert_channels_user_id", "alert_channels", ["user_id"])
    op.create_table(
        "alert_matches",
        sa.Column("id", ID, primary_key=True),
        sa.Column("saved_search_id", ID,
                  sa.ForeignKey("saved_searches.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", ID,
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("story_key", ID, nullable=False),
        sa.Column("matched_at", _TIME, nullable=False),
    )
    op.create_index("ix_alert_matches_search_article", "alert_matches",
                    ["saved_search_id", "article_id"], unique=True)
    op.create_index("ix_alert_matches_search_story", "alert_matches",
                    ["saved_search_id", "story_key"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", ID, primary_key=True),
        sa.Column("saved_search_id", ID,
                  sa.ForeignKey("saved_searches.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel_id", ID,
                  sa.ForeignKey("alert_channels.id", ondelete="CASCADE"), nullable=False),
        sa.Column("story_key", ID, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("updates", sa.Integer, nullable=False, server_default="0"),
        sa.Column("due_at", _TIME),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", _TIME),
        sa.Column("lease_owner", sa.String(100)),
        sa.Column("lease_expires_at", _TIME),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("sent_at", _TIME),
    )
    op.create_index("ix_alert_deliveries_key", "alert_deliveries",
                    ["saved_search_id", "story_key", "channel_id"], unique=True)
    op.create_index("ix_alert_deliveries_due", "alert_deliveries", ["due_at"])


def downgrade() -> None:
    op.drop_table("alert_deliveries")
    op.drop_table("alert_matches")
    op.drop_table("alert_channels")
    op.drop_table("saved_searches")

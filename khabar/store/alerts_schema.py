"""The tables of alerts (migration 0011_alerts): saved searches, delivery channels, the
articles each saved search matched, and the delivery outbox.

They live on the same ``MetaData`` as ``schema.py``; a user's saved searches and channels go
when the user goes (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
)

from khabar.store.schema import ID, metadata

saved_searches = Table(
    "saved_searches",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("query", Text, nullable=False),
    Column("mode", String(10), nullable=False, server_default="instant"),  # instant/hourly/daily
    Column("quiet_start", String(5)),  # "22:00" in the search's time zone, or None
    Column("quiet_end", String(5)),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    Column("paused", Boolean, nullable=False, server_default=false()),
    Column("feed_token", String(64), nullable=False, unique=True),  # the private feed's key
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("last_match_at", DateTime(timezone=True)),
    Index("ix_saved_searches_user_id", "user_id"),
)

# Where a user's alerts go: an Apprise URL (ntfy://, tgram://, mailto://, json:// …).
alert_channels = Table(
    "alert_channels",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("url", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_success_at", DateTime(timezone=True)),
    Column("failing_since", DateTime(timezone=True)),  # first failure since the last success
    Column("last_error", Text),
    Index("ix_alert_channels_user_id", "user_id"),
)

# Articles a saved search matched as they were stored: its page and private feed.
alert_matches = Table(
    "alert_matches",
    metadata,
    Column("id", ID, primary_key=True),
    Column("saved_search_id", ID, ForeignKey("saved_searches.id", ondelete="CASCADE"),
           nullable=False),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("story_key", ID, nullable=False),  # the article's story, else the article itself
    Column("matched_at", DateTime(timezone=True), nullable=False),
    Index("ix_alert_matches_search_article", "saved_search_id", "article_id", unique=True),
    Index("ix_alert_matches_search_story", "saved_search_id", "story_key"),
)

# The outbox: one row per (saved search, story, channel) — the idempotency key — written in
# the transaction that records the match; the sender claims due rows with a lease.
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", ID, primary_key=True),
    Column("saved_search_id", ID, ForeignKey("saved_searches.id", ondelete="CASCADE"),
           nullable=False),
    Column("channel_id", ID, ForeignKey("alert_channels.id", ondelete="CASCADE"), nullable=False),
    Column("story_key", ID, nullable=False),
    Column("state", String(10), nullable=False),  # pending, sent, failed
    Column("updates", Integer, nullable=False, server_default="0"),  # copies since it was sent
    Column("due_at", DateTime(timezone=True)),  # None: an update that waits for the next alert
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("lease_owner", String(100)),
    Column("lease_expires_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_alert_deliveries_key", "saved_search_id", "story_key", "channel_id", unique=True),
    Index("ix_alert_deliveries_due", "due_at"),
)

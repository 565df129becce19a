"""The tables of readers (migration 0010_readers): accounts, sessions, tokens, login
throttling, follows, per-article read/saved state and personal filter rules.

They live on the same ``MetaData`` as ``schema.py``; kept apart so that the readers' layer
reads as one piece. Every row of a reader's own state names its ``user_id`` and goes when the
user goes (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from sqlalchemy import (
    Column, DateTime, ForeignKey, Index, String, Table, Text,
)

from khabar.store.schema import ID, metadata

#: roles a user can have
ROLES = ("admin", "reader")

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(64), nullable=False),
    # the name folded for look-ups: "Sara" and "sara" are one account
    Column("name_key", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(10), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
)

# A server-side session: the cookie holds a random token, the table its SHA-256.
user_sessions = Table(
    "user_sessions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("address", String(64)),
    Column("user_agent", String(200)),
    Index("ix_user_sessions_user_id", "user_id"),
)

# API tokens ("api"), private feed tokens ("feed") and app passwords ("app", for the Google
# Reader API): random secrets shown once, stored as their SHA-256.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Index("ix_api_tokens_user_id", "user_id"),
)

# Failed logins, one row each, by key ("address:…", "account:…"): the throttle counts them.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", ID, primary_key=True),
    Column("key", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_key_at", "key", "at"),
)

# What a user follows: kind is source, tag, entity, category or country; key the id or name.
follows = Table(
    "follows",
    metadata,
    Column("id", ID, primary_key=True),  # one-column keys: `khabar copy` pages by them
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("key", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_follows_user_kind_key", "user_id", "kind", "key", unique=True),
)

# Per user and article: when it was read, when it was saved ("اقرأ لاحقاً"); null = not.
article_states = Table(
    "article_states",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("read_at", DateTime(timezone=True)),
    Column("saved_at", DateTime(timezone=True)),
    Index("ix_article_states_user_article", "user_id", "article_id", unique=True),
    Index("ix_article_states_article_id", "article_id"),
)

# Personal filter rules: block or keep articles (see khabar.store.rules).
filter_rules = Table(
    "filter_rules",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("action", String(10), nullable=False),  # block | keep
    Column("kind", String(20), nullable=False),  # words | regex | source | category | tag | entity
    Column("field", String(20), nullable=False),  # any | title | body | outlet | entity
    Column("pattern", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_filter_rules_user_id", "user_id"),
)

__all__ = ["ROLES", "api_tokens", "article_states", "filter_rules", "follows",
           "login_failures", "user_sessions", "users"]

# When a reader last opened a story's page (migration 0014_storyline): «الجديد» on the next
# visit is what appeared since. Stories are rebuilt under the same ids, so no foreign key.
story_visits = Table(
    "story_visits",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", ID, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_story_visits_user_story", "user_id", "story_id", unique=True),
)

"""Readers: accounts, server-side sessions, tokens, login throttling, follows, read and saved
state, personal filter rules (see ``khabar/store/readers_schema.py``).

Nothing existing changes: a database upgraded from 0009 keeps every row.

Revision ID: 0010_readers
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_readers"
down_revision = "0009"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def _owner() -> sa.Column:
    return sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("name_key", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("password_changed_at", WHEN, nullable=False),
    )
    op.create_table(
        "user_sessions",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("address", sa.String(64)),
        sa.Column("user_agent", sa.String(200)),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_used_at", WHEN),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", ID, primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.create_table(
        "follows",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_follows_user_kind_key", "follows", ["user_id", "kind", "key"],
                    unique=True)
    op.create_table(
        "article_states",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("read_at", WHEN),
        sa.Column("saved_at", WHEN),
    )
    op.create_index("ix_article_states_user_article", "article_states",
                    ["user_id", "article_id"], unique=True)
    op.create_index("ix_article_states_article_id", "article_states", ["article_id"])
    op.create_table(
        "filter_rules",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("pattern", sa.Text, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_filter_rules_user_id", "filter_rules", ["user_id"])


def downgrade() -> None:
    for name in ("filter_rules", "article_states", "follows", "login_failures", "api_tokens",
                 "user_sessions", "users"):
        op.drop_table(name)

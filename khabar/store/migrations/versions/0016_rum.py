"""PostgreSQL: a RUM index over the articles' tsvectors, so relevance ranks every match.

RUM (``postgresql-15-rum`` on Debian, https://github.com/postgrespro/rum) keeps each term's
positions in the index and returns ``ORDER BY document <=> query`` best first without reading
the documents (``khabar/store/postgres_search.py``). It is an extension the server must have:
when it is not installed, or the database user may not create it, this migration leaves the
database as it was and logs how to add it; the store then ranks with GIN and ``ts_rank`` over
the newest matches, as before, and ``PostgresStore.migrate`` (``khabar migrate``) tries again.
The GIN index stays: counts and "newest" use it (docs/design.md, "Search at scale").
Nothing changes on SQLite.

Revision ID: 0016_rum
Revises: 0015_merge
"""

from alembic import op

from khabar.store.postgres_rum import try_create_rum

revision = "0016_rum"
down_revision = "0015_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        try_create_rum(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_article_fts_rum")

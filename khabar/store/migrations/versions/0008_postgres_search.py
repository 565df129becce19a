"""PostgreSQL's full-text index: one tsvector of analyzed terms per article.

SQLite keeps its FTS5 table (0001); on PostgreSQL ``article_fts`` holds, per article, a
tsvector written by ``khabar.store.postgres`` from ``khabar.arabic.analyze`` terms (title
positions weighted A, body D), with a GIN index. Nothing changes on SQLite.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE article_fts ("
        " article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
        " document TSVECTOR NOT NULL)"
    )
    op.execute("CREATE INDEX ix_article_fts_document ON article_fts USING GIN (document)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE article_fts")

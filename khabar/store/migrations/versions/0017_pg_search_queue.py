"""PostgreSQL: the search queue feeds a tantivy index on each machine (``search_index_dir``).

On PostgreSQL, writers of one database commit in any order, so a sequence number cannot say
"every change up to here is applied": a row drawn earlier may commit later. Each queue row
therefore carries its transaction's id (``xid``, 64 bits: ``pg_current_xact_id()``), and a
machine applies only rows of finished transactions (below the snapshot's ``xmin``), in
``xid`` order; a transaction that commits later has a larger ``xid`` than everything applied
(``khabar/store/postgres_tantivy.py``).

``search_replicas`` holds one row per index directory (a machine): what it has applied and
when it was last seen. Queue rows are written only while a replica exists, and dropped when
every replica seen in the last days has applied them. Nothing changes on SQLite.

Revision ID: 0017_pg_search_queue
Revises: 0016_rum
"""

from alembic import op

revision = "0017_pg_search_queue"
down_revision = "0016_rum"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DELETE FROM search_queue")  # never read on PostgreSQL before this revision
    op.execute("ALTER TABLE search_queue ADD COLUMN xid BIGINT NOT NULL "
               "DEFAULT (pg_current_xact_id()::text::bigint)")
    op.execute("CREATE INDEX ix_search_queue_xid ON search_queue (xid)")
    op.execute("CREATE TABLE search_replicas ("
               " name TEXT PRIMARY KEY,"
               " applied BIGINT NOT NULL,"
               " seen_at TIMESTAMPTZ NOT NULL DEFAULT now())")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE search_replicas")
    op.execute("DROP INDEX ix_search_queue_xid")
    op.execute("ALTER TABLE search_queue DROP COLUMN xid")

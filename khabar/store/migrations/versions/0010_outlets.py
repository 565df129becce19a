"""Outlets and countries: each source's catalogued outlet (key, country, kind of outlet), each
article's countries, each story's countries (the country editions).

On upgrade, every existing source is matched against the catalogue shipped with this version
(``khabar/data/outlets.tsv``) and the unfollowed sources of one outlet are merged into one
(an imported "alarabia" into the followed «العربية»), moving their articles and sightings:
no article is lost. This is a data step, so the migration reads the catalogue through
``khabar.enrich.outlets`` (knowledge shipped as data) — the one place the store's migrations
look above the store. Countries of the articles already stored are computed by
``khabar sources match`` (it needs the enrichment code), not here.

Revision ID: 0010_outlets
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from khabar.enrich.outlets import lookup_ref
from khabar.store.outlets import reconcile_sources

revision = "0010_outlets"
down_revision = "0009"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("outlet", sa.String(200)))
        batch.add_column(sa.Column("country", sa.String(2)))
        batch.add_column(sa.Column("outlet_kind", sa.String(20)))
    op.create_index("ix_sources_outlet", "sources", ["outlet"])
    # A plain ADD COLUMN (no table rebuild): articles may be millions of rows.
    op.add_column("articles", sa.Column("countries", sa.String(20)))
    op.create_table(
        "story_countries",
        sa.Column("id", ID, primary_key=True),
        sa.Column("story_id", ID, nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
    )
    op.create_index("ix_story_countries_story", "story_countries", ["story_id", "country"],
                    unique=True)
    # the whole order of a country's list, so that a page is read from the index, not sorted
    op.create_index("ix_story_countries_list", "story_countries",
                    ["country", "day", "article_count", "last_at", "story_id"])
    reconcile_sources(op.get_bind(), lookup_ref)


def downgrade() -> None:
    op.drop_index("ix_story_countries_list", "story_countries")
    op.drop_index("ix_story_countries_story", "story_countries")
    op.drop_table("story_countries")
    op.drop_index("ix_sources_outlet", "sources")
    # In place on both backends (SQLite 3.35+): a batch copy of sources or articles would drop
    # a table other tables' foreign keys point at.
    op.execute("ALTER TABLE articles DROP COLUMN countries")
    for name in ("outlet_kind", "country", "outlet"):
        op.execute(f"ALTER TABLE sources DROP COLUMN {name}")

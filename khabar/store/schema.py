"""The tables, as SQLAlchemy Core metadata shared by every backend.

Migrations in ``migrations/versions`` create them; this module is what queries are written
against. Backend-specific objects (SQLite's FTS5 table) are created by the migrations only.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()

#: row ids and references to them: BIGINT on PostgreSQL; on SQLite plain INTEGER, which is
#: what makes an INTEGER PRIMARY KEY the 64-bit rowid
ID = BigInteger().with_variant(Integer(), "sqlite")

sources = Table(
    "sources",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("url", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Followed sources (0002): the polled address, its conditional-GET state, health, schedule.
    Column("feed_url", Text),
    Column("kind", String(20)),  # "feed", "sitemap" or "listing"
    Column("category", String(100)),
    Column("paused", Boolean, nullable=False, server_default=false()),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_checked_at", DateTime(timezone=True)),
    Column("last_success_at", DateTime(timezone=True)),
    Column("last_outcome", String(40)),
    Column("last_error", Text),
    Column("last_error_user", Text),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("next_check_at", DateTime(timezone=True)),
    Column("interval_seconds", Integer),
    # Leases (0009): the worker polling the source, and until when its claim holds.
    Column("lease_owner", String(100)),
    Column("lease_expires_at", DateTime(timezone=True)),
    # Outlets (0010): the catalogued outlet (khabar/data/outlets.tsv), its country and kind.
    Column("outlet", String(200)),
    Column("country", String(2)),
    Column("outlet_kind", String(20)),
    Index("ix_sources_feed_url", "feed_url", unique=True),
    Index("ix_sources_next_check_at", "next_check_at"),
    Index("ix_sources_outlet", "outlet"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("source_id", ID, ForeignKey("sources.id"), nullable=False),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("guid", Text),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("summary", Text),
    Column("author", Text),
    Column("published_at", DateTime(timezone=True)),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("language", String(16), nullable=False),
    Column("category", String(100)),
    Column("attributed_to", Text),
    Column("keywords", Text, nullable=False),  # JSON list of strings
    Column("dateline_place", Text),
    Column("dateline_agency", Text),
    Column("content_hash", String(64)),
    # Provenance (0002): "page" or "feed", why the page failed, when the source changed it.
    Column("body_origin", String(10)),
    Column("page_error", Text),
    Column("entry_hash", String(64)),
    # Tags (0005): named entities, a JSON list of {"name", "type"}.
    Column("entities", Text, nullable=False, server_default="[]"),
    Column("updated_at", DateTime(timezone=True)),
    # Stories (0004): the article's story, and the canonical article a near copy folds under.
    Column("story_id", ID),
    Column("duplicate_of", ID),
    # Countries (0010): the countries the article is about, space-separated ISO 3166 codes.
    Column("countries", String(20)),
    # Media (0010): the lead image at the outlet, its size when known, audio/video enclosures
    # (a JSON list of {"url", "type", "length"}).
    Column("image_url", Text),
    Column("image_width", Integer),
    Column("image_height", Integer),
    Column("enclosures", Text, nullable=False, server_default="[]"),
    Index("ix_articles_canonical_url", "canonical_url", unique=True),
    Index("ix_articles_source_guid", "source_id", "guid", unique=True),
    Index("ix_articles_published_at", "published_at"),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_category", "category"),
    # 0003 also indexes coalesce(published_at, fetched_at), the order of every list.
)


# Trained models and learned data (0005): the category model, names learned from the corpus.
models = Table(
    "models",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("data", Text, nullable=False),  # JSON
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


# Which analyzer version built each full-text index (0006); a mismatch means re-index.
index_state = Table(
    "index_state",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("analyzer_version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Stories (0004): the same event across outlets; the id is the id of the story's first article.
stories = Table(
    "stories",
    metadata,
    Column("id", ID, primary_key=True, autoincrement=False),
    Column("headline_id", ID, nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("outlet_count", Integer, nullable=False),
    # the home page's ranking (khabar.enrich.story_rank), the commonest category of the
    # articles, and other outlets' first articles (JSON list of ids) for the story's card
    Column("score", Float, nullable=False, server_default="0"),
    Column("category", Text),
    Column("lead_ids", Text, nullable=False, server_default="[]"),
    Index("ix_stories_last_at", "last_at"),
    Index("ix_stories_article_count", "article_count"),
    Index("ix_stories_score", "score"),
    Index("ix_stories_category_score", "category", "score"),
)

# Copies of a stored article's exact text under another URL: not stored again, only seen.
sightings = Table(
    "sightings",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source_id", ID, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("guid", Text),
    Column("title", Text, nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_sightings_article_id", "article_id"),
    Index("ix_sightings_canonical_url", "canonical_url"),
)

# Countries (0010): each story's countries (from its articles'), for the country editions;
# the story's day (UTC, "YYYY-MM-DD"), last activity and size are copied beside them so that a
# country's stories are listed, newest day and biggest first, from one index.
story_countries = Table(
    "story_countries",
    metadata,
    Column("id", ID, primary_key=True),
    Column("story_id", ID, nullable=False),
    Column("country", String(2), nullable=False),
    Column("day", String(10), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
    Column("article_count", Integer, nullable=False),
    Index("ix_story_countries_story", "story_id", "country", unique=True),
    Index("ix_story_countries_list", "country", "day", "article_count", "last_at", "story_id"),
)


# Changes of the full-text index, in order, for the tantivy index beside SQLite (0013).
search_queue = Table(
    "search_queue",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("article_id", ID, nullable=False),
    sqlite_autoincrement=True,  # a sequence never reused once applied rows are dropped
)


# Quotes (0014): the statements an article attributes to a speaker (khabar.enrich.quotes),
# in the order of the body; deleted with their article.
quotes = Table(
    "quotes",
    metadata,
    Column("id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("speaker", String(200), nullable=False),
    Column("speaker_type", String(20), nullable=False),
    Column("verb", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("direct", Boolean, nullable=False, server_default=false()),
    Index("ix_quotes_article", "article_id", "position"),
    Index("ix_quotes_speaker", "speaker", "article_id"),
)

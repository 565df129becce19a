"""The store interface: every read and write of khabar's records goes through it.

Backends implement it (``sqlite.SQLiteStore`` now, PostgreSQL later) and pass the same tests
(``tests/store``). No SQL lives outside ``khabar/store``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from khabar.store.batch import Terms
from khabar.store.filters import ArticleFilter, Cursor

if TYPE_CHECKING:
    from khabar.store.reindex import ProgressBar
from khabar.store.alerts_base import AlertsStore
from khabar.store.readers_base import ReadersStore
from khabar.store.records import (
    Article, ArticleRecord, Entity, OutletRef, Quote, Sighting, Source, Story, StoryFacts,
)

AddStatus = Literal["inserted", "updated", "duplicate"]

#: relevance ranks the newest this-many matches of a query (those that meet its filters): a
#: word found in 100,000 articles of an archive is ranked among its 5,000 most recent — what a
#: news reader asks for, and what keeps a search of a million articles fast (docs/benchmarks.md).
#: Every match still counts in ``total`` and comes in "newest" order; a date filter reaches
#: older articles.
RELEVANCE_WINDOW = 5000
#: a search counts its matches up to this many; past it the total is a lower bound
#: (``SearchPage.total_capped``): counting 200,000 matches of a common word cost seconds at a
#: million articles, and no reader pages that far (docs/benchmarks.md)
COUNT_CAP = 10_000
SearchOrder = Literal["relevance", "newest"]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What became of one record given to ``Store.add_articles``."""

    status: AddStatus
    article_id: int


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of matches, best first, and how many match in all."""

    hits: list[tuple[Article, float]]
    total: int
    #: True when more than ``total`` (= ``COUNT_CAP``) articles match
    total_capped: bool = False


class Store(ReadersStore, AlertsStore, ABC):
    """Persistence of sources and articles (and readers: ``readers_base.ReadersStore``)."""

    #: the query dialect ``khabar.search`` compiles for ("tantivy" on SQLite and on PostgreSQL
    #: with a machine index, ``search_index_dir``; "tsquery" on PostgreSQL without)
    search_dialect: str

    @abstractmethod
    def migrate(self, progress: ProgressBar | None = None, *, foreground: bool = False) -> None:
        """Bring the schema to the newest migration (idempotent), and rebuild the search index
        when it was built by another analyzer or is missing or damaged (its progress on
        ``progress``, a terminal's bar, when given; else in log lines). A large index may be
        rebuilt in a thread, searches answering ``IndexBuilding`` meanwhile; ``foreground``
        rebuilds it before returning (``khabar migrate``)."""

    @abstractmethod
    def source(self, name: str, url: str | None = None, outlet: OutletRef | None = None) -> Source:
        """The source of a record named ``name`` (of the catalogued ``outlet``): the source of
        that name, else the outlet's source, else a new one named after the outlet
        (``khabar.store.outlets``)."""

    @abstractmethod
    def sources(self) -> list[Source]:
        """Every source, by name."""

    # --- followed sources (khabar.store.followed) -------------------------------------------

    @abstractmethod
    def follow_source(self, *, name: str, feed_url: str, kind: str = "feed",
                      url: str | None = None, category: str | None = None,
                      outlet: OutletRef | None = None) -> Source:
        """Start following ``feed_url``. The outlet's source that follows nothing yet, else a
        source of that name that only names imported articles, starts following it; another
        name taken gets the outlet's country ("الوطن (قطر)") or a number ("name (2)").
        Raises ``SourceExists`` if a source already follows ``feed_url``."""

    @abstractmethod
    def get_source(self, source_id: int) -> Source:
        """The source with this id; raises ``NotFound``."""

    @abstractmethod
    def find_source(self, key: str) -> Source | None:
        """The source whose id, name, feed URL or site URL is ``key`` (followed ones first)."""

    @abstractmethod
    def article_counts_by_source(self) -> dict[int, int]:
        """How many articles each source has, by source id (sources without any left out),
        counted in one query."""

    @abstractmethod
    def followed_sources(self) -> list[Source]:
        """Every source with a feed URL, by name."""

    @abstractmethod
    def due_sources(self, now: datetime, *, limit: int | None = None) -> list[Source]:
        """Followed, unpaused sources whose next check is at or before ``now`` (or never
        checked), the most overdue first."""

    @abstractmethod
    def claim_sources(self, worker: str, now: datetime, *, lease_seconds: float,
                      limit: int, everything: bool = False) -> list[Source]:
        """Claim up to ``limit`` due sources for ``worker``, in one write transaction: followed,
        unpaused sources whose next check is at or before ``now`` (or never checked) and
        whose lease is free or expired (``lease_expires_at`` before ``now``), the most overdue
        first. With ``everything`` (``khabar poll --all``) a source need not be due; the ones
        checked longest ago come first (never checked first), so those a run has just
        checked come last. Each gets ``lease_owner=worker`` and ``lease_expires_at=now+lease_seconds``.
        Concurrent claimers get disjoint sources (PostgreSQL: ``FOR UPDATE SKIP LOCKED``;
        SQLite: writers are serialized). The claimed sources, with their lease."""

    @abstractmethod
    def renew_leases(self, worker: str, source_ids: Sequence[int], now: datetime, *,
                     lease_seconds: float) -> list[int]:
        """Extend to ``now+lease_seconds`` the leases ``worker`` still holds among
        ``source_ids`` (for polls longer than a lease); the ids whose lease was renewed."""

    @abstractmethod
    def release_source(self, source_id: int, worker: str) -> bool:
        """Clear the source's lease if ``worker`` still holds it; whether it did."""

    @abstractmethod
    def update_source(self, source_id: int, **changes: Any) -> Source:
        """Change fields of a source (see ``followed.UPDATABLE``); the updated source."""

    @abstractmethod
    def remove_source(self, source_id: int, *, delete_articles: bool = False) -> int:
        """Stop following a source. Its stored articles are kept (the source stays, unfollowed)
        unless ``delete_articles``: then they go with it. How many articles were deleted."""

    @abstractmethod
    def known_entries(self, source_id: int, keys: Sequence[str]) -> dict[str, tuple[int, str | None]]:
        """Which of ``keys`` (canonical URLs, or guids of this source) are stored: key →
        (article id, entry hash)."""

    @abstractmethod
    def publication_times(self, source_id: int, *, limit: int = 30) -> list[datetime]:
        """Publication (else fetch) times of the source's newest articles, newest first."""

    # --- articles ------------------------------------------------------------------------

    @abstractmethod
    def add_articles(
        self, records: Sequence[ArticleRecord], *, replace: bool = False,
        terms: Sequence[Terms | None] | None = None,
    ) -> list[AddResult]:
        """Store records in one transaction, one result per record, in order. ``terms``: each
        record's title and body as ``analyze`` reads them, when known beforehand (the search
        index then takes them instead of analyzing the text again), in the records' order.

        A record whose canonical URL, or whose guid within its source, is already stored is
        not stored again: the existing article keeps its fields and gains only those it lacked
        ("updated"), or is left as it is ("duplicate"). With ``replace`` (live polling), an
        article whose entry hash or content hash differs is rewritten from the record, keeping
        its id and first-seen time, and re-indexed ("updated").
        """

    @abstractmethod
    def article(self, article_id: int) -> Article:
        """The article with this id; raises ``NotFound``."""

    @abstractmethod
    def latest(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        filters: ArticleFilter | None = None,
        after: Cursor | None = None,
    ) -> list[Article]:
        """Articles, newest first (by publication time, else fetch time).

        ``after`` continues a list where the page ending with that article stopped."""

    @abstractmethod
    def set_image_size(self, article_id: int, url: str, width: int, height: int) -> bool:
        """Record the measured size of an article's lead image ``url`` when it is still the
        article's image and its size is not known (the image proxy measures it)."""

    @abstractmethod
    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        """How many articles are stored (that meet ``filters``)."""

    @abstractmethod
    def categories(self) -> list[tuple[str, int]]:
        """Every category with its number of articles, largest first."""

    @abstractmethod
    def search(
        self,
        compiled: str,
        *,
        limit: int = 20,
        offset: int = 0,
        order: SearchOrder = "relevance",
        filters: ArticleFilter | None = None,
    ) -> SearchPage:
        """Articles matching a query compiled by ``khabar.search`` for ``search_dialect``:
        "relevance" ranks them (SQLite: every match; PostgreSQL: the newest
        ``RELEVANCE_WINDOW``), "newest" lists them all."""

    @abstractmethod
    def index_is_current(self) -> bool:
        """Whether the search index was built by the analyzer in use (``ANALYZER_VERSION``)."""

    @abstractmethod
    def reindex(self, progress: Callable[..., None] | None = None) -> int:
        """Rebuild the search index of every article with the analyzer in use; how many.

        ``progress(done, total)`` is called after each batch; SQLite rebuilds in two phases,
        ``terms`` then ``tantivy``, both told as ``progress(done, total, phase)`` when
        ``progress`` takes a third argument (else the first only). ``migrate`` calls this when
        ``index_is_current()`` is false."""

    # --- stories, near copies, sightings (khabar.store.stories) -----------------------------

    @abstractmethod
    def save_stories(self, assignments: Sequence[Any], headlines: dict[int, int],
                     score: Callable[[StoryFacts], float] | None = None) -> None:
        """Write story assignments (``stories.Assignment``) and refresh the summary of each
        story in ``headlines`` (story id → headline article id), in one transaction; its
        ranking score is ``score(facts)``."""

    @abstractmethod
    def top_stories(self, *, since: datetime, limit: int = 10, category: str | None = None,
                    min_articles: int = 2) -> list[Story]:
        """Stories active since ``since``, the highest stored score first, each with its
        headline and ``others`` (other outlets' first articles) loaded."""

    @abstractmethod
    def top_stories_by_category(self, categories: Sequence[str], *, since: datetime,
                                per_category: int = 3, exclude: Sequence[int] = (),
                                min_articles: int = 2) -> dict[str, list[Story]]:
        """The ``per_category`` top stories of each category (but those in ``exclude``),
        ranked like ``top_stories``, in one query."""

    @abstractmethod
    def story_categories(self, *, since: datetime, min_articles: int = 2) -> list[tuple[str, int]]:
        """Categories of the stories active since ``since``, the most stories first."""

    @abstractmethod
    def copy_counts(self, article_ids: Sequence[int]) -> dict[int, int]:
        """How many copies each article has (near copies stored as its duplicates and exact
        copies seen under other URLs); articles without copies are left out."""

    @abstractmethod
    def clear_stories(self) -> None:
        """Forget every story and near-copy link (before a rebuild)."""

    @abstractmethod
    def story(self, story_id: int) -> Story:
        """A story with its articles in arrival order; raises ``NotFound``."""

    @abstractmethod
    def stories(self, *, limit: int = 20, offset: int = 0, min_articles: int = 2,
                before: datetime | None = None) -> list[Story]:
        """Stories of at least ``min_articles`` articles, most recently active first."""

    @abstractmethod
    def count_stories(self, *, min_articles: int = 2) -> int:
        """How many stories have at least ``min_articles`` articles."""

    @abstractmethod
    def sightings(self, article_id: int) -> list[Sighting]:
        """Copies of the article's exact text seen under other URLs."""

    @abstractmethod
    def sightings_of(self, article_ids: Sequence[int]) -> dict[int, list[Sighting]]:
        """``sightings`` of each of these articles (those seen under other URLs), in one
        query."""

    @abstractmethod
    def near_copies(self, article: Article) -> list[Article]:
        """The other articles of the article's near-copy group, canonical first."""

    @abstractmethod
    def articles_in_arrival_order(self, *, newest: int | None = None,
                                  chunk: int = 1000) -> Any:
        """Every article (or the ``newest`` n) in arrival order, as lists of ``chunk``."""

    @abstractmethod
    def stories_lock(self) -> Any:
        """A context manager that holds the story lock shared by every process of this
        database (see ``khabar.store.locks``): story placements are made one at a time."""

    @abstractmethod
    def placed_after(self, article_id: int) -> tuple[list[int], int | None]:
        """Ids of the articles above ``article_id`` that have a story, and the lowest id above
        it of an article still without one (None if every one has a story)."""

    @abstractmethod
    def unplaced_among(self, ids: Sequence[int]) -> list[int]:
        """Which of ``ids`` are stored articles without a story, in id order."""

    @abstractmethod
    def articles_with_ids(self, ids: Sequence[int]) -> list[Article]:
        """The articles with these ids (those that exist), in arrival order."""

    # --- tags: entities, trained models, corpus statistics (khabar.store.tags) --------------

    @abstractmethod
    def save_model(self, name: str, data: dict) -> None:
        """Keep a trained model or learned data (JSON-ready) under ``name``."""

    @abstractmethod
    def load_model(self, name: str) -> dict | None:
        """The model saved under ``name``, or None."""

    @abstractmethod
    def term_document_frequencies(self) -> tuple[int, dict[str, int]]:
        """How many articles are indexed, and in how many each analyzer term occurs."""

    @abstractmethod
    def trending_keywords(self, now: datetime, *, limit: int = 10) -> list[tuple[str, int, float]]:
        """Keywords rising in the 24 hours before ``now`` against the week before:
        (keyword, articles in the last day, ratio to the daily mean of the week), best first."""

    @abstractmethod
    def entity_counts(self, *, limit: int = 50, kind: str | None = None) -> list[tuple[str, str, int]]:
        """Entities by number of articles: (name, type, articles), most first."""

    @abstractmethod
    def categorized_examples(self, *, since: datetime | None = None,
                             until: datetime | None = None) -> Any:
        """(title, body, category) of every article with a category, published in
        [since, until), for training the category model."""

    @abstractmethod
    def newest_time(self) -> datetime | None:
        """Publication (else fetch) time of the newest article."""

    @abstractmethod
    def front_mark(self) -> Any:
        """``khabar.store.front.FrontMark``: the newest article's time and how many polled
        sources fail, in one query (what makes the home page be made again)."""

    # --- outlets and countries (khabar.store.outlets, khabar.store.countries) ------------------

    @abstractmethod
    def match_sources(self, lookup: Any) -> Any:
        """Record each source's outlet (``lookup(name, url, feed_url)`` → ``OutletRef``) and
        merge the unfollowed sources of one outlet into one, in one transaction; a
        ``outlets.MatchReport``."""

    @abstractmethod
    def set_article_countries(self, countries: Mapping[int, Sequence[str]]) -> None:
        """Set the countries of articles (article id → ISO codes)."""

    @abstractmethod
    def country_inputs(self, *, after: int = 0, limit: int = 500) -> list[dict]:
        """What an article's countries are computed from, for articles above ``after`` in id
        order: id, dateline_place, entities (JSON), outlet, outlet_country."""

    @abstractmethod
    def story_article_countries(self, story_ids: Sequence[int]) -> dict[int, list[list[str]]]:
        """The countries of each article of each story."""

    @abstractmethod
    def story_ids(self, *, after: int = 0, limit: int = 500) -> list[int]:
        """Story ids above ``after``, in order."""

    @abstractmethod
    def save_story_countries(self, countries: Mapping[int, Sequence[str]]) -> None:
        """Replace the countries of these stories (story id → ISO codes, most first)."""

    @abstractmethod
    def clear_story_countries(self) -> None:
        """Forget every story's countries (before a rebuild)."""

    @abstractmethod
    def country_stories(self, country: str, *, limit: int = 30, offset: int = 0) -> list[Story]:
        """A country's stories: the newest day first, the biggest first within a day."""

    @abstractmethod
    def count_country_stories(self, country: str) -> int:
        """How many stories a country has."""

    @abstractmethod
    def country_counts(self) -> list[tuple[str, int]]:
        """Every country with stories, and how many, most first."""

    # --- quotes (0014, ``store/quotes.py``) -------------------------------------------------

    @abstractmethod
    def quotes_of(self, article_ids: Sequence[int]) -> dict[int, list[Quote]]:
        """The quotes of these articles, in body order, keyed by article id."""

    @abstractmethod
    def quotes_by(self, speaker: str, *, limit: int = 50,
                  offset: int = 0) -> list[tuple[Quote, Article]]:
        """What a speaker said, newest article first, with each statement's article."""

    @abstractmethod
    def top_speakers(self, *, limit: int = 30) -> list[tuple[str, str, int]]:
        """(speaker, type, statements) of the most quoted speakers."""

    @abstractmethod
    def merge_quote(self, article_id: int, row: dict[str, Any]) -> bool:
        """An exported quote row onto a merged article (False: the article has it)."""

    @abstractmethod
    def requote(self, find: Callable[[str, list[Entity]], list[Quote]],
                progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
        """Every stored article's quotes computed again by ``find(body, entities)``."""

    def first_load(self) -> AbstractContextManager[None]:
        """Around an import into an empty store: what the backend maintains per row and can
        build once after, deferred (PostgreSQL: ``article_fts``'s GIN and RUM indexes,
        ``postgres_bulk``); nothing on SQLite."""
        return nullcontext()

    def checkpoint(self) -> None:
        """After a bulk write (an import): fold the write-ahead log into the database and
        empty it, if the backend keeps one this process manages (SQLite). Best effort."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

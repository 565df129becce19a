"""The alerts' part of the store interface: saved searches, delivery channels, matches and
the delivery outbox.

``Store`` (``base.py``) inherits it; ``SQLStore`` implements it with ``alerts.AlertStore`` on
both backends.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from khabar.store.alert_records import Channel, Delivery, Match, SavedSearch
from khabar.store.records import Article


class AlertsStore(ABC):
    # --- alerts: saved searches, channels, matches, the outbox (khabar.store.alerts) --------

    @abstractmethod
    def create_saved_search(self, user_id: int, name: str, query: str, *, mode: str = "instant",
                            quiet_start: str | None = None, quiet_end: str | None = None,
                            timezone: str = "UTC") -> SavedSearch:
        """Save a user's search (its query already validated by ``khabar.search``)."""

    @abstractmethod
    def update_saved_search(self, search_id: int, **changes: Any) -> SavedSearch:
        """Change fields of a saved search (``alerts.SEARCH_FIELDS``); raises ``NotFound``."""

    @abstractmethod
    def delete_saved_search(self, search_id: int) -> None:
        """Delete a saved search with its matches and outbox rows; raises ``NotFound``."""

    @abstractmethod
    def saved_search(self, search_id: int) -> SavedSearch:
        """The saved search with this id; raises ``NotFound``."""

    @abstractmethod
    def saved_search_by_token(self, token: str) -> SavedSearch:
        """The saved search whose private feed has this key; raises ``NotFound``."""

    @abstractmethod
    def saved_searches(self, user_id: int | None = None, *,
                       active: bool = False) -> list[SavedSearch]:
        """A user's saved searches (every user's with None), by name; ``active``: unpaused."""

    @abstractmethod
    def saved_searches_version(self) -> tuple:
        """A value that changes whenever a saved search is added, changed or deleted."""

    @abstractmethod
    def add_channel(self, user_id: int, name: str, url: str) -> Channel:
        """Add a delivery channel (an Apprise URL) to a user."""

    @abstractmethod
    def channels(self, user_id: int) -> list[Channel]:
        """A user's channels, by name."""

    @abstractmethod
    def channel(self, channel_id: int) -> Channel:
        """The channel with this id; raises ``NotFound``."""

    @abstractmethod
    def delete_channel(self, channel_id: int) -> None:
        """Delete a channel and its outbox rows; raises ``NotFound``."""

    @abstractmethod
    def channel_result(self, channel_id: int, now: datetime, error: str | None) -> None:
        """Record a delivery to the channel (a test): success clears a failure."""

    @abstractmethod
    def first_model(self, name: str, data: dict[str, Any]) -> dict[str, Any]:
        """The model ``name``, storing ``data`` under it first if there is none (the first of
        racing processes wins; all get its data)."""

    @abstractmethod
    def expire_channel(self, channel_id: int, now: datetime, error: str) -> None:
        """Retire a Web Push channel whose subscription is gone (its keys and outbox rows
        deleted, ``error`` kept for its user); raises ``NotFound``."""

    @abstractmethod
    def record_matches(self, found: Sequence[Match]) -> int:
        """Record matches and their outbox rows in one transaction; how many were new."""

    @abstractmethod
    def matched_articles(self, search_id: int, *, limit: int = 20,
                         offset: int = 0) -> list[Article]:
        """Articles the saved search matched as they were stored, newest match first."""

    @abstractmethod
    def story_matches(self, search_id: int, story_keys: Sequence[int]) -> dict[int, list[Article]]:
        """The articles the saved search matched in each story, in arrival order."""

    @abstractmethod
    def claim_deliveries(self, worker: str, now: datetime, *, lease_seconds: float,
                         limit: int) -> list[Delivery]:
        """Claim due outbox rows under a lease (PostgreSQL: ``FOR UPDATE SKIP LOCKED``)."""

    @abstractmethod
    def finish_deliveries(self, worker: str, ids: Sequence[int], now: datetime, *,
                          error: str | None = None, retry_at: datetime | None = None,
                          give_up_before: datetime | None = None) -> int:
        """Record how sending claimed rows went (sent, or due again at ``retry_at``)."""

    @abstractmethod
    def deliveries_of(self, search_id: int) -> list[dict]:
        """The outbox rows of a saved search, for the CLI and tests."""

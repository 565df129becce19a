"""The readers' part of the store interface: accounts, sessions, tokens, login throttling,
follows, read and saved marks, filter rules.

``Store`` (``base.py``) inherits it; ``SQLStore`` implements it with ``users.UserStore`` on
both backends. Passwords and tokens never reach the store: callers hash them
(``khabar.store.credentials``) and pass the hash.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

from khabar.store.filters import ArticleFilter
from khabar.store.greader_ids import ItemRef
from khabar.store.reading import ArticleState, Follow, Rule, StoryGroup
from khabar.store.records import Article
from khabar.store.users import Token, User, UserSession


class ReadersStore(ABC):
    # --- users ----------------------------------------------------------------------------

    @abstractmethod
    def create_user(self, name: str, password_hash: str, *, role: str = "reader") -> User:
        """A new account; raises ``UserExists`` if the name (case-folded) is taken and
        ``InvalidInput`` for an unknown role ("admin" or "reader")."""

    @abstractmethod
    def get_user(self, user_id: int) -> User:
        """The user with this id; raises ``NotFound``."""

    @abstractmethod
    def user_by_name(self, name: str) -> User | None:
        """The user of this name (compared trimmed and case-folded), or None."""

    @abstractmethod
    def users(self) -> list[User]:
        """Every user, by name."""

    @abstractmethod
    def count_admins(self) -> int:
        """How many users have the admin role."""

    @abstractmethod
    def remove_user(self, user_id: int) -> None:
        """Delete a user with their sessions, tokens, follows, marks and rules; raises
        ``NotFound``."""

    @abstractmethod
    def set_password(self, user_id: int, password_hash: str, *,
                     keep_session_id: int | None = None) -> int:
        """Store a new password hash and end every session of the user but
        ``keep_session_id``; how many ended. Raises ``NotFound``."""

    @abstractmethod
    def set_role(self, user_id: int, role: str) -> None:
        """Make the user an admin or a reader; raises ``NotFound`` or ``InvalidInput``."""

    # --- sessions -------------------------------------------------------------------------

    @abstractmethod
    def create_session(self, user_id: int, token_hash: str, *, expires_at: datetime,
                       address: str | None = None, user_agent: str | None = None) -> UserSession:
        """A server-side session for a cookie whose token hashes to ``token_hash``."""

    @abstractmethod
    def session_by_token(self, token_hash: str, now: datetime) -> tuple[User, UserSession] | None:
        """The user and session of a token hash, or None once ended or expired."""

    @abstractmethod
    def touch_session(self, session_id: int, now: datetime, expires_at: datetime) -> None:
        """Record that the session was used, and extend it to ``expires_at``."""

    @abstractmethod
    def user_sessions(self, user_id: int) -> list[UserSession]:
        """The user's sessions, the most recently used first."""

    @abstractmethod
    def end_session(self, session_id: int, *, user_id: int | None = None) -> bool:
        """End one session (only the user's own when ``user_id`` is given); whether it did."""

    @abstractmethod
    def end_sessions(self, user_id: int, *, keep_session_id: int | None = None) -> int:
        """End every session of the user but ``keep_session_id``; how many."""

    @abstractmethod
    def prune_sessions(self, now: datetime) -> int:
        """Delete expired sessions; how many."""

    # --- tokens ---------------------------------------------------------------------------

    @abstractmethod
    def create_token(self, user_id: int, kind: str, name: str, token_hash: str) -> Token:
        """Keep the hash of a new token of ``kind`` ("api", "feed" or "app")."""

    @abstractmethod
    def token_user(self, token_hash: str, kind: str) -> tuple[User, Token] | None:
        """The user and token a presented secret of ``kind`` belongs to, or None."""

    @abstractmethod
    def tokens(self, user_id: int, kind: str | None = None) -> list[Token]:
        """The user's tokens (of one kind), oldest first."""

    @abstractmethod
    def revoke_token(self, user_id: int, token_id: int) -> bool:
        """Delete one of the user's tokens; whether it was theirs and existed."""

    # --- failed logins --------------------------------------------------------------------

    @abstractmethod
    def record_login_failure(self, keys: Sequence[str], at: datetime) -> None:
        """Record one failed login under each key (an address's, an account's)."""

    @abstractmethod
    def login_failures(self, key: str, since: datetime) -> list[datetime]:
        """Times of the key's failures at or after ``since``, oldest first."""

    @abstractmethod
    def clear_login_failures(self, key: str, *, before: datetime | None = None) -> None:
        """Forget the key's failures (and, with ``before``, everyone's older ones)."""

    # --- follows (khabar.store.reading) -----------------------------------------------------

    @abstractmethod
    def follow(self, user_id: int, kind: str, key: str) -> bool:
        """Follow a source (its id), tag, entity, category or country; whether it is new.
        Raises ``InvalidInput`` for an unknown kind or an empty key."""

    @abstractmethod
    def unfollow(self, user_id: int, kind: str, key: str) -> bool:
        """Stop following; whether the user followed it."""

    @abstractmethod
    def follows(self, user_id: int) -> list[Follow]:
        """What the user follows, by kind and key."""

    @abstractmethod
    def story_groups(self, filters: ArticleFilter, *, user_id: int | None = None,
                     limit: int = 300) -> list[StoryGroup]:
        """The articles meeting ``filters`` grouped by story (an article without a story is
        its own group; near copies fold into their story), the newest group first: for each,
        the newest article's id, its time, how many articles matched and (with ``user_id``)
        how many of them the user has not read."""

    # --- read and saved ---------------------------------------------------------------------

    @abstractmethod
    def mark_read(self, user_id: int, article_ids: Sequence[int], *, read: bool = True) -> int:
        """Mark articles read (or unread) for the user; how many exist."""

    @abstractmethod
    def mark_all_read(self, user_id: int, filters: ArticleFilter | None = None) -> int:
        """Mark read the newest ``MARK_ALL_CAP`` unread articles meeting ``filters``."""

    @abstractmethod
    def set_saved(self, user_id: int, article_id: int, *, saved: bool = True) -> None:
        """Save an article to read later (or unsave it); raises ``NotFound``."""

    @abstractmethod
    def article_states(self, user_id: int, article_ids: Sequence[int]) -> dict[int, ArticleState]:
        """Read and saved marks of these articles (those with any mark)."""

    @abstractmethod
    def saved_articles(self, user_id: int, *, limit: int = 20, offset: int = 0) -> list[Article]:
        """The user's saved articles, the most recently saved first."""

    @abstractmethod
    def count_saved(self, user_id: int) -> int:
        """How many articles the user saved."""

    # --- story visits (story_visits.py) -----------------------------------------------------

    @abstractmethod
    def story_last_seen(self, user_id: int, story_id: int) -> datetime | None:
        """When the user last opened the story's page, or None."""

    @abstractmethod
    def visit_story(self, user_id: int, story_id: int,
                    at: datetime | None = None) -> datetime | None:
        """Record that the user opens the story's page now (or ``at``); answers the visit
        before this one, or None for a first visit."""

    # --- filter rules -----------------------------------------------------------------------

    @abstractmethod
    def add_rule(self, user_id: int, action: str, kind: str, field: str, pattern: str) -> Rule:
        """Keep a filter rule (checked by ``rules.check_rule`` first)."""

    @abstractmethod
    def rules(self, user_id: int) -> list[Rule]:
        """The user's filter rules, oldest first."""

    @abstractmethod
    def remove_rule(self, user_id: int, rule_id: int) -> bool:
        """Delete one of the user's rules; whether it was theirs and existed."""

    # --- item references for the Google Reader API (khabar.store.greader_ids) ---------------

    @abstractmethod
    def stream_refs(self, filters: ArticleFilter, *, user_id: int, read: bool | None = None,
                    saved: bool | None = None, read_before: datetime | None = None,
                    oldest_first: bool = False, after: tuple[datetime, int] | None = None,
                    limit: int = 1000) -> list[ItemRef]:
        """Ids, times and outlets of the articles meeting ``filters``, newest first (or
        oldest first), after the (time, id) ``after``; with ``read``/``saved`` only those
        the user has (not) read or saved — an article older than ``read_before`` counts as
        read."""

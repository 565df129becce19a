"""The readers' part of the store interface: accounts, sessions, tokens, login throttling.

``Store`` (``base.py``) inherits it; ``SQLStore`` implements it with ``users.UserStore`` on
both backends. Passwords and tokens never reach the store: callers hash them
(``khabar.store.credentials``) and pass the hash.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

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

"""Accounts in the store: users, server-side sessions, tokens and failed-login records.

``UserStore`` is a mixin of ``SQLStore``; the methods are declared, with their contracts, on
``ReadersStore`` in ``readers_base.py``. The store never sees a password or a token: callers
pass their hashes (``khabar.store.credentials``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from khabar.errors import InvalidInput, NotFound, UserExists
from khabar.store.readers_schema import (
    ROLES,
    api_tokens,
    article_states,
    filter_rules,
    follows,
    login_failures,
    user_sessions,
    users,
)
from khabar.store.records import iso_utc
from khabar.store.host import StoreHost
from khabar.store.rows import inserted_id

#: kinds of token: API access, private feed URLs, app passwords (Google Reader API clients)
TOKEN_KINDS = ("api", "feed", "app")


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _at(value: datetime) -> datetime:
    """A stored time that is never null, as an aware UTC datetime."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _now() -> datetime:
    return datetime.now(timezone.utc)


def name_key(name: str) -> str:
    """The form of a user name that look-ups compare: trimmed, case-folded."""
    return name.strip().casefold()


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    created_at: datetime
    password_changed_at: datetime
    password_hash: str = field(default="", repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "created_at": iso_utc(self.created_at),
        }


@dataclass(frozen=True, slots=True)
class UserSession:
    id: int
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    address: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    id: int
    user_id: int
    kind: str
    name: str
    created_at: datetime
    last_used_at: datetime | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "created_at": iso_utc(self.created_at),
            "last_used_at": iso_utc(self.last_used_at) if self.last_used_at else None,
        }


def _user(row: RowMapping) -> User:
    return User(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        created_at=_at(row["created_at"]),
        password_changed_at=_at(row["password_changed_at"]),
        password_hash=row["password_hash"],
    )


def _session(row: RowMapping) -> UserSession:
    return UserSession(
        id=row["id"],
        user_id=row["user_id"],
        created_at=_at(row["created_at"]),
        last_seen_at=_at(row["last_seen_at"]),
        expires_at=_at(row["expires_at"]),
        address=row["address"],
        user_agent=row["user_agent"],
    )


def _token(row: RowMapping) -> Token:
    return Token(
        id=row["id"],
        user_id=row["user_id"],
        kind=row["kind"],
        name=row["name"],
        created_at=_at(row["created_at"]),
        last_used_at=_utc(row["last_used_at"]),
    )


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}", user_message="الدور إما admin أو reader.")
    return role


class UserStore(StoreHost):
    """Users, sessions, tokens and login failures (mixed into ``SQLStore``)."""

    # --- users ----------------------------------------------------------------------------

    def create_user(self, name: str, password_hash: str, *, role: str = "reader") -> User:
        check_role(role)
        now = _now()
        try:
            with self._write() as conn:
                if conn.execute(
                    select(users.c.id).where(users.c.name_key == name_key(name))
                ).first():
                    raise UserExists(f"a user named {name!r} exists")
                new_id = inserted_id(conn.execute(
                    users.insert().values(
                        name=name.strip(),
                        name_key=name_key(name),
                        password_hash=password_hash,
                        role=role,
                        created_at=now,
                        password_changed_at=now,
                    )
                ))
        except IntegrityError as exc:  # a concurrent creation of the same name
            raise UserExists(f"a user named {name!r} exists") from exc
        return User(new_id, name.strip(), role, now, now, password_hash)

    def get_user(self, user_id: int) -> User:
        with self._read() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
        if row is None:
            raise NotFound(f"no user with id {user_id}", user_message="الحساب غير موجود.")
        return _user(row)

    def user_by_name(self, name: str) -> User | None:
        with self._read() as conn:
            row = (
                conn.execute(select(users).where(users.c.name_key == name_key(name)))
                .mappings()
                .first()
            )
        return _user(row) if row else None

    def users(self) -> list[User]:
        with self._read() as conn:
            rows = conn.execute(select(users).order_by(users.c.name_key)).mappings()
            return [_user(r) for r in rows]

    def count_admins(self) -> int:
        with self._read() as conn:
            return conn.execute(
                select(func.count()).select_from(users).where(users.c.role == "admin")
            ).scalar_one()

    def remove_user(self, user_id: int) -> None:
        with self._write() as conn:
            # explicit deletes as well as ON DELETE CASCADE: SQLite databases opened without
            # foreign keys (an old connection, a copy tool) must not keep a removed user's keys
            for table in (user_sessions, api_tokens):
                conn.execute(delete(table).where(table.c.user_id == user_id))
            _delete_reader_state(conn, user_id)
            if conn.execute(delete(users).where(users.c.id == user_id)).rowcount == 0:
                raise NotFound(f"no user with id {user_id}", user_message="الحساب غير موجود.")

    def set_password(
        self, user_id: int, password_hash: str, *, keep_session_id: int | None = None
    ) -> int:
        """Change the password and end every session but ``keep_session_id``; how many
        sessions ended."""
        with self._write() as conn:
            changed = conn.execute(
                update(users)
                .where(users.c.id == user_id)
                .values(password_hash=password_hash, password_changed_at=_now())
            ).rowcount
            if not changed:
                raise NotFound(f"no user with id {user_id}", user_message="الحساب غير موجود.")
            return _end_sessions(conn, user_id, keep_session_id)

    def set_role(self, user_id: int, role: str) -> None:
        check_role(role)
        with self._write() as conn:
            if not conn.execute(
                update(users).where(users.c.id == user_id).values(role=role)
            ).rowcount:
                raise NotFound(f"no user with id {user_id}", user_message="الحساب غير موجود.")

    # --- sessions -------------------------------------------------------------------------

    def create_session(
        self,
        user_id: int,
        token_hash: str,
        *,
        expires_at: datetime,
        address: str | None = None,
        user_agent: str | None = None,
    ) -> UserSession:
        now = _now()
        values = {
            "user_id": user_id,
            "token_hash": token_hash,
            "created_at": now,
            "last_seen_at": now,
            "expires_at": expires_at,
            "address": (address or "")[:64] or None,
            "user_agent": (user_agent or "")[:200] or None,
        }
        with self._write() as conn:
            new_id = inserted_id(conn.execute(user_sessions.insert().values(**values)))
        return UserSession(
            new_id,
            user_id,
            now,
            now,
            expires_at,
            address=(address or "")[:64] or None,
            user_agent=(user_agent or "")[:200] or None,
        )

    def session_by_token(self, token_hash: str, now: datetime) -> tuple[User, UserSession] | None:
        """The user and session of a cookie's token hash, unless it ended or expired."""
        query = (
            select(
                user_sessions,
                users.c.name,
                users.c.role,
                users.c.created_at.label("u_created"),
                users.c.password_changed_at,
                users.c.password_hash,
            )
            .join(users, users.c.id == user_sessions.c.user_id)
            .where(user_sessions.c.token_hash == token_hash, user_sessions.c.expires_at > now)
        )
        with self._read() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return None
        user = User(
            row["user_id"],
            row["name"],
            row["role"],
            _at(row["u_created"]),
            _at(row["password_changed_at"]),
            row["password_hash"],
        )
        return user, _session(row)

    def touch_session(self, session_id: int, now: datetime, expires_at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                update(user_sessions)
                .where(user_sessions.c.id == session_id)
                .values(last_seen_at=now, expires_at=expires_at)
            )

    def user_sessions(self, user_id: int) -> list[UserSession]:
        query = (
            select(user_sessions)
            .where(user_sessions.c.user_id == user_id)
            .order_by(user_sessions.c.last_seen_at.desc())
        )
        with self._read() as conn:
            return [_session(r) for r in conn.execute(query).mappings()]

    def end_session(self, session_id: int, *, user_id: int | None = None) -> bool:
        condition = [user_sessions.c.id == session_id]
        if user_id is not None:
            condition.append(user_sessions.c.user_id == user_id)
        with self._write() as conn:
            return conn.execute(delete(user_sessions).where(*condition)).rowcount > 0

    def end_sessions(self, user_id: int, *, keep_session_id: int | None = None) -> int:
        with self._write() as conn:
            return _end_sessions(conn, user_id, keep_session_id)

    def prune_sessions(self, now: datetime) -> int:
        with self._write() as conn:
            return conn.execute(
                delete(user_sessions).where(user_sessions.c.expires_at <= now)
            ).rowcount

    # --- tokens ---------------------------------------------------------------------------

    def create_token(self, user_id: int, kind: str, name: str, token_hash: str) -> Token:
        if kind not in TOKEN_KINDS:
            raise InvalidInput(f"unknown token kind {kind!r}")
        name = name.strip()[:100] or kind
        now = _now()
        with self._write() as conn:
            new_id = inserted_id(conn.execute(
                api_tokens.insert().values(
                    user_id=user_id,
                    kind=kind,
                    name=name,
                    token_hash=token_hash,
                    created_at=now,
                )
            ))
        return Token(new_id, user_id, kind, name, now)

    def token_user(self, token_hash: str, kind: str) -> tuple[User, Token] | None:
        """The user and token of a presented secret of this kind (and its use recorded)."""
        query = (
            select(
                api_tokens,
                users.c.name.label("user_name"),
                users.c.role,
                users.c.created_at.label("u_created"),
                users.c.password_changed_at,
            )
            .join(users, users.c.id == api_tokens.c.user_id)
            .where(api_tokens.c.token_hash == token_hash, api_tokens.c.kind == kind)
        )
        with self._read() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return None
        token = _token(row)
        now = _now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            with self._write() as conn:
                conn.execute(
                    update(api_tokens).where(api_tokens.c.id == token.id).values(last_used_at=now)
                )
        user = User(
            row["user_id"],
            row["user_name"],
            row["role"],
            _at(row["u_created"]),
            _at(row["password_changed_at"]),
        )
        return user, token

    def tokens(self, user_id: int, kind: str | None = None) -> list[Token]:
        query = select(api_tokens).where(api_tokens.c.user_id == user_id)
        if kind:
            query = query.where(api_tokens.c.kind == kind)
        with self._read() as conn:
            return [_token(r) for r in conn.execute(query.order_by(api_tokens.c.id)).mappings()]

    def revoke_token(self, user_id: int, token_id: int) -> bool:
        with self._write() as conn:
            return (
                conn.execute(
                    delete(api_tokens).where(
                        api_tokens.c.id == token_id, api_tokens.c.user_id == user_id
                    )
                ).rowcount
                > 0
            )

    # --- failed logins (the throttle's memory) ----------------------------------------------

    def record_login_failure(self, keys: Sequence[str], at: datetime) -> None:
        with self._write() as conn:
            conn.execute(login_failures.insert(), [{"key": k[:200], "at": at} for k in keys])

    def login_failures(self, key: str, since: datetime) -> list[datetime]:
        """Times of the failures under ``key`` at or after ``since``, oldest first."""
        query = (
            select(login_failures.c.at)
            .where(login_failures.c.key == key[:200], login_failures.c.at >= since)
            .order_by(login_failures.c.at)
        )
        with self._read() as conn:
            return [_at(r.at) for r in conn.execute(query)]

    def clear_login_failures(self, key: str, *, before: datetime | None = None) -> None:
        """Forget ``key``'s failures (all of them; with ``before``, every key's older ones)."""
        with self._write() as conn:
            if before is not None:
                conn.execute(delete(login_failures).where(login_failures.c.at < before))
            conn.execute(delete(login_failures).where(login_failures.c.key == key[:200]))


def _end_sessions(conn: Connection, user_id: int, keep_session_id: int | None) -> int:
    condition = [user_sessions.c.user_id == user_id]
    if keep_session_id is not None:
        condition.append(user_sessions.c.id != keep_session_id)
    return conn.execute(delete(user_sessions).where(*condition)).rowcount


def _delete_reader_state(conn: Connection, user_id: int) -> None:
    for table in (follows, article_states, filter_rules):
        conn.execute(delete(table).where(table.c.user_id == user_id))

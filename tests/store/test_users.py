"""Accounts in the store, on both backends: users, sessions, tokens, failed logins."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from khabar.errors import InvalidInput, NotFound, UserExists
from khabar.store.credentials import (
    check_name,
    check_password,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)


def test_passwords_are_hashed_with_argon2id_and_verified():
    stored = hash_password("كلمة سر طويلة")
    assert stored.startswith("$argon2id$") and "كلمة" not in stored
    assert verify_password(stored, "كلمة سر طويلة")
    assert not verify_password(stored, "كلمة سر طويله")
    assert not verify_password(None, "anything") and not verify_password("garbage", "x")


@pytest.mark.parametrize("name, ok", [("sara", True), ("سارة_1", True), ("a.b-c", True),
                                      ("", False), (" ", False), ("-x", False),
                                      ("a b", False), ("x" * 65, False), ("<script>", False)])
def test_user_names(name, ok):
    if ok:
        assert check_name(name) == name
    else:
        with pytest.raises(InvalidInput):
            check_name(name)


def test_short_passwords_are_refused():
    with pytest.raises(InvalidInput):
        check_password("1234567")
    assert check_password("12345678") == "12345678"


def test_users_are_created_found_listed_and_removed(store):
    sara = store.create_user("Sara", "hash-1", role="admin")
    omar = store.create_user("عمر", "hash-2")
    assert store.user_by_name("  sara ") == sara and store.get_user(omar.id) == omar
    assert [u.name for u in store.users()] == ["Sara", "عمر"]
    assert store.count_admins() == 1 and sara.is_admin and not omar.is_admin
    with pytest.raises(UserExists):
        store.create_user("SARA", "h")
    with pytest.raises(InvalidInput):
        store.create_user("x", "h", role="root")
    store.set_role(omar.id, "admin")
    assert store.count_admins() == 2
    store.remove_user(omar.id)
    assert store.user_by_name("عمر") is None
    with pytest.raises(NotFound):
        store.remove_user(omar.id)
    with pytest.raises(NotFound):
        store.get_user(omar.id)


def test_sessions_end_on_logout_password_change_everywhere_and_removal(store):
    user = store.create_user("sara", "h")
    later = NOW + timedelta(days=30)
    first = store.create_session(user.id, token_hash("one"), expires_at=later, address="1.2.3.4")
    second = store.create_session(user.id, token_hash("two"), expires_at=later)
    store.create_session(user.id, token_hash("three"), expires_at=later)
    found, session = store.session_by_token(token_hash("one"), NOW)
    assert found.id == user.id and session.id == first.id and session.address == "1.2.3.4"
    assert store.session_by_token(token_hash("one"), later) is None  # expired
    assert store.end_session(first.id)
    assert store.session_by_token(token_hash("one"), NOW) is None
    assert store.set_password(user.id, "h2", keep_session_id=second.id) == 1
    assert store.session_by_token(token_hash("two"), NOW) is not None
    assert store.session_by_token(token_hash("three"), NOW) is None
    store.create_session(user.id, token_hash("four"), expires_at=later)
    assert store.end_sessions(user.id) == 2
    store.create_session(user.id, token_hash("five"), expires_at=later)
    store.remove_user(user.id)
    assert store.session_by_token(token_hash("five"), NOW) is None


def test_tokens_are_stored_hashed_by_kind_and_revocable(store):
    sara, omar = store.create_user("sara", "h"), store.create_user("omar", "h")
    secret = new_token("kh_api")
    token = store.create_token(sara.id, "api", "phone", token_hash(secret))
    assert store.token_user(token_hash(secret), "api")[0].id == sara.id
    assert store.token_user(token_hash(secret), "feed") is None  # an API token opens no feed
    assert store.token_user(token_hash(secret), "api")[1].last_used_at is not None
    assert [t.name for t in store.tokens(sara.id)] == ["phone"] and store.tokens(omar.id) == []
    assert not store.revoke_token(omar.id, token.id)  # not his
    assert store.revoke_token(sara.id, token.id)
    assert store.token_user(token_hash(secret), "api") is None
    with pytest.raises(InvalidInput):
        store.create_token(sara.id, "root", "x", token_hash("y"))


def test_login_failures_are_counted_per_key_within_a_window(store):
    store.record_login_failure(["address:1.2.3.4", "account:sara"], NOW - timedelta(hours=1))
    store.record_login_failure(["address:1.2.3.4", "account:sara"], NOW)
    assert store.login_failures("account:sara", NOW - timedelta(minutes=15)) == [NOW]
    assert len(store.login_failures("address:1.2.3.4", NOW - timedelta(days=1))) == 2
    store.clear_login_failures("account:sara")
    assert store.login_failures("account:sara", NOW - timedelta(days=1)) == []
    store.clear_login_failures("", before=NOW - timedelta(minutes=1))
    assert store.login_failures("address:1.2.3.4", NOW - timedelta(days=1)) == [NOW]

"""The accounts, reading and alerts parts of the store read and write through the store's
``_read()``/``_write()`` (``StoreHost``): a database that cannot be reached is
``StoreUnavailable`` there too (the web answers 503), not a raw driver error."""

from __future__ import annotations

import socket
from datetime import datetime, timezone

import pytest

from khabar.errors import StoreUnavailable
from khabar.store.postgres import PostgresStore

NOW = datetime(2026, 12, 3, tzinfo=timezone.utc)


@pytest.fixture
def unreachable():
    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = PostgresStore(f"postgresql://khabar@127.0.0.1:{port}/khabar?connect_timeout=2")
    yield store
    store.close()


@pytest.mark.parametrize("call", [
    lambda s: s.user_by_name("قارئ"),
    lambda s: s.users(),
    lambda s: s.session_by_token("x" * 64, NOW),
    lambda s: s.login_failures("address:127.0.0.1", NOW),
    lambda s: s.create_user("قارئ", "hash"),
    lambda s: s.follows(1),
    lambda s: s.count_saved(1),
    lambda s: s.rules(1),
    lambda s: s.follow(1, "tag", "غزة"),
    lambda s: s.saved_searches(1),
    lambda s: s.channels(1),
    lambda s: s.deliveries_of(1),
    lambda s: s.add_channel(1, "بريد", "mailto:a@example.com"),
], ids=["user_by_name", "users", "session_by_token", "login_failures", "create_user", "follows",
        "count_saved", "rules", "follow", "saved_searches", "channels", "deliveries_of",
        "add_channel"])
def test_a_database_down_is_store_unavailable_in_every_store_part(unreachable, call) -> None:
    with pytest.raises(StoreUnavailable):
        call(unreachable)

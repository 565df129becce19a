"""What is particular to the PostgreSQL backend: URLs, the tsvector it writes, a server that
cannot be reached."""

from __future__ import annotations

import pytest

from khabar.errors import StoreError
from khabar.store import open_store
from khabar.store.postgres import MAX_POSITION, display_url, engine_url, tsvector_literal


def test_urls_are_shown_without_password_and_driven_by_psycopg():
    assert display_url("postgres://khabar:secret@db:5432/news") == "postgresql://khabar:***@db:5432/news"
    assert engine_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert engine_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    with pytest.raises(StoreError):
        engine_url("mysql://u@h/d")


def test_the_tsvector_holds_analyzed_terms_with_positions_and_title_weight():
    vector = tsvector_literal("إدارة ترامب", "قالت الإدارة الأمريكية")
    # title terms at 1, 2 weighted A; the body starts after a gap (4), unweighted (D)
    assert vector == "'اداره':1A,5 'ترامب':2A 'قالت':4 'امريك':6"


def test_the_tsvector_respects_postgresql_limits():
    body = " ".join(["كلمة"] * 20_000)
    vector = tsvector_literal("عنوان", body)
    positions = vector.split("'كلمه':")[1].split(",")
    assert len(positions) == 256 and int(positions[-1]) <= MAX_POSITION


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreError) as info:
        open_store("postgresql://postgres@127.0.0.1:1/khabar?connect_timeout=2")
    assert "127.0.0.1:1" in str(info.value) and "secret" not in str(info.value)
    assert info.value.user_message == "تعذر الاتصال بقاعدة البيانات."

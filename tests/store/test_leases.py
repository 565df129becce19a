"""Leases on sources (claim, renew, release, expiry) and writes that race, on both backends."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from khabar.store import open_store
from tests.conftest import BACKENDS, backend_store, record

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=BACKENDS)
def any_store(request, tmp_path):
    store = backend_store(request, tmp_path)
    yield store
    store.close()


def follow(store, n: int, **changes):
    source = store.follow_source(name=f"مصدر {n}", feed_url=f"https://s{n}.example/feed")
    return store.update_source(source.id, **changes) if changes else source


def test_claim_takes_due_sources_most_overdue_first_and_leases_them(any_store):
    never = follow(any_store, 1)
    late = follow(any_store, 2, next_check_at=NOW - timedelta(hours=2))
    later = follow(any_store, 3, next_check_at=NOW - timedelta(minutes=5))
    follow(any_store, 4, next_check_at=NOW + timedelta(minutes=5))  # not due
    follow(any_store, 5, paused=True)
    any_store.source("أرشيف فقط")  # not followed
    claimed = any_store.claim_sources("w1", NOW, lease_seconds=60, limit=10)
    assert [s.id for s in claimed] == [never.id, late.id, later.id]
    assert all(s.lease_owner == "w1" and s.lease_expires_at == NOW + timedelta(seconds=60)
               for s in claimed)
    stored = any_store.get_source(late.id)
    assert stored.lease_owner == "w1" and stored.lease_expires_at == NOW + timedelta(seconds=60)
    assert any_store.get_source(late.id).to_json()["lease_owner"] == "w1"


def test_a_leased_source_is_not_claimed_again_until_released_or_expired(any_store):
    one, two = follow(any_store, 1), follow(any_store, 2)
    assert [s.id for s in any_store.claim_sources("w1", NOW, lease_seconds=60, limit=1)] == [one.id]
    assert [s.id for s in any_store.claim_sources("w2", NOW, lease_seconds=60, limit=5)] == [two.id]
    assert any_store.claim_sources("w3", NOW + timedelta(seconds=59), lease_seconds=60, limit=5) == []
    # w1 died: its lease runs out and another worker takes the source
    after = NOW + timedelta(seconds=61)
    again = any_store.claim_sources("w3", after, lease_seconds=60, limit=5)
    assert {s.id for s in again} == {one.id, two.id}
    assert any_store.release_source(one.id, "w1") is False  # no longer its lease
    assert any_store.get_source(one.id).lease_owner == "w3"
    assert any_store.release_source(one.id, "w3") is True
    released = any_store.get_source(one.id)
    assert released.lease_owner is None and released.lease_expires_at is None
    assert [s.id for s in any_store.claim_sources("w4", after, lease_seconds=60, limit=5)] == [one.id]


def test_renew_extends_only_the_workers_own_leases(any_store):
    one, two = follow(any_store, 1), follow(any_store, 2)
    any_store.claim_sources("w1", NOW, lease_seconds=10, limit=1)
    any_store.claim_sources("w2", NOW, lease_seconds=10, limit=1)
    later = NOW + timedelta(seconds=8)
    assert any_store.renew_leases("w1", [one.id, two.id], later, lease_seconds=10) == [one.id]
    assert any_store.get_source(one.id).lease_expires_at == later + timedelta(seconds=10)
    assert any_store.get_source(two.id).lease_expires_at == NOW + timedelta(seconds=10)
    # w2's lease ran out while w1's was renewed: only w2's source is free again
    free = any_store.claim_sources("w3", NOW + timedelta(seconds=12), lease_seconds=10, limit=5)
    assert [s.id for s in free] == [two.id]


def test_a_polled_source_is_not_due_after_its_lease_is_released(any_store):
    source = follow(any_store, 1)
    any_store.claim_sources("w1", NOW, lease_seconds=60, limit=5)
    any_store.update_source(source.id, next_check_at=NOW + timedelta(minutes=30))
    any_store.release_source(source.id, "w1")
    assert any_store.claim_sources("w2", NOW + timedelta(minutes=1), lease_seconds=60, limit=5) == []
    assert any_store.get_source(source.id).next_check_at == NOW + timedelta(minutes=30)


def test_concurrent_claimers_get_disjoint_sources(any_store):
    """Eight threads, each with its own connection pool, claim from 40 sources at once."""
    for n in range(40):
        follow(any_store, n)
    stores = [_reopen(any_store) for _ in range(8)]
    got: dict[int, list[int]] = {}
    start = threading.Barrier(len(stores))

    def claim(n: int) -> None:
        start.wait()
        got[n] = []
        while batch := stores[n].claim_sources(f"w{n}", NOW, lease_seconds=60, limit=3):
            got[n] += [s.id for s in batch]

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores:
        s.close()
    claimed = [i for ids in got.values() for i in ids]
    assert len(claimed) == 40 and len(set(claimed)) == 40, got


def test_racing_writers_store_an_article_once(any_store):
    """Writers that both miss the article and insert: one breaks the unique index and does
    its batch again, which finds the other's row."""
    stores = [_reopen(any_store) for _ in range(6)]
    start = threading.Barrier(len(stores))
    statuses: list[str] = []

    def add(n: int) -> None:
        start.wait()
        for k in range(10):
            rec = record(title=f"خبر رقم {k}", body=f"نص الخبر رقم {k} كاملا.",
                         url=f"https://race.example/{k}", canonical_url=f"https://race.example/{k}",
                         guid=f"https://race.example/{k}", source="وكالة السباق")
            statuses.extend(r.status for r in stores[n].add_articles([rec], replace=True))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores:
        s.close()
    assert any_store.count_articles() == 10
    assert statuses.count("inserted") == 10 and len(statuses) == 60
    assert len([s for s in any_store.sources() if s.name == "وكالة السباق"]) == 1


def test_a_missed_row_and_unique_violation_is_retried_as_a_duplicate(any_store, monkeypatch):
    """What a concurrent PostgreSQL transaction sees, made certain: the first look for the
    stored article misses it, the insert breaks the unique index, the retry finds it."""
    rec = record(url="https://a.example/1", canonical_url="https://a.example/1")
    [first] = any_store.add_articles([rec])
    from khabar.store.batch import Batch as _Batch

    real = _Batch.existing
    misses = iter([True])

    def blind(self, conn, source_id, record):
        if next(misses, False):
            return None
        return real(self, conn, source_id, record)

    monkeypatch.setattr(_Batch, "existing", blind)
    monkeypatch.setattr(_Batch, "same_text", lambda self, conn, record: None)
    [again] = any_store.add_articles([rec])
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert any_store.count_articles() == 1


def _reopen(store):
    """Another store (its own connections) on the same database, as another process has."""
    if store.engine.dialect.name == "postgresql":
        return open_store(store.engine.url.render_as_string(hide_password=False)
                          .replace("postgresql+psycopg://", "postgresql://"), migrate=False)
    return open_store(store.path, migrate=False)

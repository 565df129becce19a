"""Per-story last visits (``story_visits``), on both backends."""

from __future__ import annotations

from datetime import datetime, timezone

from khabar.store.credentials import hash_password


def test_a_visit_answers_the_one_before(store):
    sara = store.create_user("sara", hash_password("كلمة-سر-طويلة"))
    omar = store.create_user("omar", hash_password("كلمة-سر-طويلة"))
    first = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    second = datetime(2026, 12, 2, 18, 30, tzinfo=timezone.utc)
    assert store.story_last_seen(sara.id, 7) is None
    assert store.visit_story(sara.id, 7, at=first) is None
    assert store.story_last_seen(sara.id, 7) == first
    assert store.visit_story(sara.id, 7, at=second) == first
    assert store.story_last_seen(sara.id, 7) == second
    assert store.story_last_seen(omar.id, 7) is None and store.story_last_seen(sara.id, 8) is None
    assert store.visit_story(sara.id, 8) is None  # now
    assert store.story_last_seen(sara.id, 8) > second


def test_visits_go_with_their_user(store):
    sara = store.create_user("sara", hash_password("كلمة-سر-طويلة"))
    store.visit_story(sara.id, 7)
    store.remove_user(sara.id)
    again = store.create_user("sara", hash_password("كلمة-سر-طويلة"))
    assert store.story_last_seen(again.id, 7) is None

"""The ranking score of top stories: coverage first, freshness between equals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from khabar.enrich.story_rank import TOP_WINDOW, story_score
from khabar.store.records import StoryFacts

T0 = datetime(2018, 5, 30, 8, tzinfo=timezone.utc)


def facts(outlets: int, articles: int, start: datetime, hours: float, top: int) -> StoryFacts:
    return StoryFacts(outlets=outlets, articles=articles, first_at=start,
                      last_at=start + timedelta(hours=hours), top_outlet_articles=top)


def test_a_five_outlet_story_outranks_a_fresher_single_outlet_one():
    five = facts(5, 5, T0, 2, 1)
    single = facts(1, 3, T0 + timedelta(hours=30), 1, 3)
    assert story_score(five) > story_score(single)


def test_no_single_outlet_story_outranks_a_five_outlet_one_within_the_window():
    # the weakest five-outlet story at the oldest edge of the window against the strongest
    # single-outlet story at its newest edge (many articles, fast, fresh)
    weakest_five = facts(5, 5, T0, 96, 1)
    strongest_single = facts(1, 5000, T0 + TOP_WINDOW + timedelta(hours=96), 0.1, 5000)
    assert story_score(weakest_five) > story_score(strongest_single)


def test_between_equal_coverage_the_fresher_story_leads():
    assert story_score(facts(3, 6, T0 + timedelta(hours=5), 2, 2)) > story_score(
        facts(3, 6, T0, 2, 2))


def test_more_outlets_and_more_diverse_coverage_rank_higher():
    assert story_score(facts(4, 8, T0, 4, 2)) > story_score(facts(2, 8, T0, 4, 4))
    assert story_score(facts(3, 9, T0, 4, 3)) > story_score(facts(3, 9, T0, 4, 7))

"""Incremental story clustering."""

from __future__ import annotations

from datetime import timedelta

from khabar.enrich.stories import Clusterer, Item
from tests.enrich.story_fixtures import CHESS, OIL, TORONTO_REWRITE, WIRE, at

TITLE = "مقتل عشرة أشخاص في حادث دهس بشاحنة في تورونتو"


def test_a_rewrite_of_the_same_event_joins_its_story_and_other_events_do_not():
    c = Clusterer()
    first = c.add(Item(1, TITLE, WIRE, "skynews", at(0)))
    assert first.new_story and first.story_id == 1
    rewrite = c.add(Item(2, "الشرطة الكندية: عشرة قتلى في دهس تورونتو", TORONTO_REWRITE, "CNN", at(3)))
    assert rewrite.story_id == 1 and rewrite.duplicate_of is None
    oil = c.add(Item(3, "النفط يتجاوز 80 دولارا", OIL, "alarabia", at(4)))
    chess = c.add(Item(4, "كارلسن بطلا للعالم في الشطرنج السريع", CHESS, "BBC", at(5)))
    assert oil.new_story and chess.new_story and oil.story_id != chess.story_id


def test_a_near_copy_is_folded_under_the_first_copy_in_its_story():
    c = Clusterer()
    c.add(Item(1, TITLE, WIRE, "skynews", at(0)))
    copy = c.add(Item(2, "عنوان آخر تماما للخبر نفسه", "تورونتو - أ ف ب: " + WIRE, "alarabia", at(1)))
    assert copy.duplicate_of == 1 and copy.story_id == 1
    copy_of_copy = c.add(Item(3, "عنوان ثالث", WIRE, "france24", at(2)))
    assert copy_of_copy.duplicate_of == 1


def test_time_decay_keeps_the_same_words_weeks_apart_in_two_stories():
    c = Clusterer()
    c.add(Item(1, TITLE, TORONTO_REWRITE, "skynews", at(0)))
    later = c.add(Item(2, TITLE, TORONTO_REWRITE + " ذكرى", "CNN", at(24 * 20)))
    assert later.new_story


def test_closed_stories_leave_the_index_so_the_cost_stays_bounded():
    c = Clusterer(active=timedelta(days=1))
    for n in range(10):
        c.add(Item(n + 1, f"خبر رقم {n} عن {['النفط', 'الشطرنج'][n % 2]}",
                   [OIL, CHESS][n % 2], "x", at(24 * 3 * n)))
    assert c.open_stories <= 2


def test_the_headline_is_the_most_representative_article():
    c = Clusterer()
    c.add(Item(1, TITLE, WIRE, "skynews", at(0)))
    c.add(Item(2, "الشرطة الكندية: عشرة قتلى في دهس تورونتو", TORONTO_REWRITE, "CNN", at(1)))
    c.add(Item(3, "دهس في تورونتو", TORONTO_REWRITE + " " + WIRE.split("\n")[0], "BBC", at(2)))
    changed = c.take_changed()
    assert set(changed) == {1} and changed[1] in {1, 2, 3}
    assert c.take_changed() == {}


def test_observe_replays_placements_without_changing_them():
    c = Clusterer()
    c.observe(Item(5, TITLE, WIRE, "skynews", at(0)), story_id=5, duplicate_of=None)
    joined = c.add(Item(6, "الشرطة الكندية: عشرة قتلى في دهس تورونتو", TORONTO_REWRITE, "CNN", at(2)))
    assert joined.story_id == 5

"""Near-duplicate copies: MinHash LSH over shingles of folded words."""

from __future__ import annotations

from datetime import timedelta

from khabar.enrich.near_copies import NearCopies, jaccard, shingles
from tests.enrich.story_fixtures import CHESS, OIL, WIRE, at


def test_harakat_tatweel_and_an_attached_comma_do_not_change_the_shingles():
    plain = "قال الرئيس إن المفاوضات مستمرة بين الطرفين حتى الآن"
    marked = "قالَ الرئيـــس، إنَّ المفاوضاتِ مستمرةٌ بين الطرفين حتى الآن"
    assert shingles(plain) == shingles(marked)


def test_a_copy_with_a_dateline_and_a_trimmed_paragraph_is_found():
    index = NearCopies()
    key, mh = index.find(WIRE, at(0))
    assert key is None
    index.add(1, mh, at(0))
    edited = "أوتاوا - رويترز: " + WIRE.rsplit("\n", 1)[0]  # dateline added, last paragraph cut
    assert jaccard(shingles(WIRE), shingles(edited)) > 0.6
    found, _ = index.find(edited, at(2))
    assert found == 1


def test_different_texts_and_short_texts_are_not_copies():
    index = NearCopies()
    for number, text in enumerate([WIRE, OIL], start=1):
        _, mh = index.find(text, at(0))
        index.add(number, mh, at(0))
    assert index.find(CHESS, at(1))[0] is None
    assert index.find("خبر عاجل", at(1)) == (None, None)  # too short to compare


def test_old_texts_leave_the_index():
    index = NearCopies(window=timedelta(days=1))
    _, mh = index.find(WIRE, at(0))
    index.add(1, mh, at(0))
    _, other = index.find(OIL, at(48))
    index.add(2, other, at(48))
    assert len(index) == 1
    assert index.find(WIRE, at(49))[0] is None

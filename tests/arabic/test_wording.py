"""Counted nouns and isolated Latin names in plain Arabic text."""

import pytest

from khabar.arabic.wording import FSI, PDI, RESULT, STORY, counted, isolate


@pytest.mark.parametrize("n, text", [
    (1, "قصة واحدة"), (2, "قصتان"), (3, "3 قصص"), (10, "10 قصص"), (11, "11 قصة"),
    (99, "99 قصة"), (100, "100 قصة"), (102, "102 قصة"), (103, "103 قصص"), (111, "111 قصة"),
])
def test_the_noun_follows_the_number(n, text):
    assert counted(n, STORY) == text


def test_results_and_isolated_names():
    assert counted(2, RESULT) == "نتيجتان"
    assert isolate("BBC Arabic") == f"{FSI}BBC Arabic{PDI}"
    assert isolate("الجزيرة") == "الجزيرة"

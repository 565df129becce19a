"""The speaker: filter (issue 19): parsed like the other filters; not yet in saved searches."""

from __future__ import annotations

import pytest

from khabar.errors import QueryError
from khabar.search.percolate import compile_saved
from khabar.search.query import analyze_query, parse


@pytest.mark.parametrize("typed", ['speaker:"جاستن ترودو"', "قائل:ترودو", "المتحدث:ترودو"])
def test_speaker_is_a_filter(typed):
    query = analyze_query(parse(typed + " تورونتو"))
    assert query.filters.speaker in ("جاستن ترودو", "ترودو")
    assert not analyze_query(parse(typed)).has_terms  # a filter alone lists articles


def test_a_saved_search_by_speaker_is_refused_with_a_message():
    with pytest.raises(QueryError) as refused:
        compile_saved("speaker:ترودو")
    assert "بحث محفوظ" in refused.value.user_message

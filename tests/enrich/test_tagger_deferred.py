"""A deferred tagger (``Tagger(deferred=True)``, used by pooled imports) learns nothing while
it tags, and learns in order what it is handed: learning after every article, it tags as the
ordinary learning tagger does, and ends knowing the same."""

from __future__ import annotations

import copy

from khabar.enrich import enrich
from khabar.enrich.keyphrases import TermStats
from khabar.enrich.tagger import Tagger, observation
from khabar.ingest import read_file


def _records(ant_file, n: int):
    out = []
    for record in read_file(ant_file):
        record.keywords = []  # tags from the text (a source's keywords take another path)
        out.append(record)
        if len(out) == n:
            return out
    return out


def _tags(record):
    return (record.keywords, record.entities, record.category, record.countries)


def test_learning_after_each_article_tags_as_the_learning_tagger(ant_file):
    records = _records(ant_file, 150)
    learning, deferred = Tagger(), Tagger(deferred=True)
    for record in records:
        one, other = copy.deepcopy(record), copy.deepcopy(record)
        enrich(one, learning)
        enrich(other, deferred)
        assert _tags(one) == _tags(other)
        deferred.learn_from(deferred.take_observations())
    assert deferred.stats.n_docs == learning.stats.n_docs == 150
    assert deferred.stats.df == learning.stats.df
    assert deferred.stats.spellings == learning.stats.spellings
    assert deferred.names.to_json() == learning.names.to_json()


def test_a_deferred_tagger_learns_nothing_until_told(ant_file):
    tagger = Tagger(deferred=True)
    for record in _records(ant_file, 20):
        enrich(record, tagger)
    assert tagger.stats.n_docs == 0 and not tagger.stats.df and not tagger.names.counts
    taught = tagger.take_observations()
    assert len(taught) == 20 and tagger.take_observations() == []
    tagger.learn_from(taught)
    assert tagger.stats.n_docs == 20


def test_an_observation_counts_what_term_stats_count(ant_file):
    for record in _records(ant_file, 100):
        text = record.title + "\n" + record.body
        stats = TermStats()
        stats.observe(text)
        seen = observation(text)
        assert seen.words == set(stats.spellings) and seen.terms == set(stats.df)

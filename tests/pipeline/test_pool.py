"""The pooled import (``processes`` > 1, ``khabar.pipeline.pool``) stores what the import in
one process stores: the same articles, stories and tags, and the same learned names."""

from __future__ import annotations

import gzip
import itertools
from contextlib import contextmanager
from pathlib import Path

import pytest

from khabar.enrich.tagger import NAMES_MODEL
from khabar.pipeline import import_paths, importer, pool
from khabar.store import open_store
from tests.conftest import BACKENDS, pg_database

#: ANT records of the fixed sample: several tagging chunks, store batches and a file boundary
SAMPLE = 330


@pytest.fixture
def ant_sample(ant_file, tmp_path, monkeypatch) -> list[Path]:
    # Small chunks and batches, so that 330 records cross every boundary several times:
    # a chunk tagged knowing earlier chunks, batches ending inside and at the end of files.
    monkeypatch.setattr(pool, "CHUNK", 30)
    monkeypatch.setattr(pool, "LAG", 3)
    monkeypatch.setattr(pool, "TASK", 7)
    monkeypatch.setattr(importer, "BATCH_SIZE", 80)
    with gzip.open(ant_file, "rt", encoding="utf-8") as lines:
        sample = list(itertools.islice(lines, SAMPLE))
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(sample[:200]), encoding="utf-8")
    second.write_text("".join(sample[200:]), encoding="utf-8")
    return [first, second]


@contextmanager
def _stores(backend: str, request, tmp_path: Path):
    if backend == "sqlite":
        with open_store(tmp_path / "one.db") as one, open_store(tmp_path / "pool.db") as many:
            yield one, many
        return
    template = request.getfixturevalue("pg_template")
    with pg_database(template) as url_one, pg_database(template) as url_many:
        with open_store(url_one) as one, open_store(url_many) as many:
            yield one, many


def _stored(store) -> list[tuple]:
    return [(a.id, a.canonical_url, a.title, a.body, a.keywords, a.entities, a.category,
             a.countries, a.story_id, a.duplicate_of, a.content_hash)
            for chunk in store.articles_in_arrival_order() for a in chunk]


@pytest.mark.parametrize("backend", BACKENDS)
def test_pooled_import_stores_what_one_process_stores(backend, ant_sample, request, tmp_path):
    with _stores(backend, request, tmp_path) as (one, many):
        alone = import_paths(one, ant_sample, processes=1)
        pooled = import_paths(many, ant_sample, processes=2)
        assert alone.to_json() == pooled.to_json()
        assert alone.read == SAMPLE and alone.inserted > 250
        stored = _stored(one)
        assert stored == _stored(many)
        assert sum(1 for row in stored if row[4]) > 250  # tagged
        assert len({row[8] for row in stored}) < len(stored)  # some stories hold several
        assert one.load_model(NAMES_MODEL) == many.load_model(NAMES_MODEL)


def test_a_chunk_is_tagged_knowing_the_chunks_lag_before_it(ant_sample):
    """Names learned in one chunk are known to the chunks ``LAG`` after it, never sooner:
    the tags do not depend on how fast the workers went."""
    from datetime import datetime, timezone

    from khabar.enrich.tagger import Tagger
    from khabar.ingest import read_file

    records = [r for r in read_file(ant_sample[0])][:120]
    job = pool.Job(None, datetime.now(timezone.utc), 100_000)
    learned_at: list[int] = []
    tagger = Tagger()
    original = tagger.learn_from

    def learn_from(observations):  # noqa: ANN001
        learned_at.append(len(observations))
        original(observations)

    tagger.learn_from = learn_from  # type: ignore[method-assign]
    out = [p for p, _ in pool.prepare_stream(((r, None) for r in records), tagger, job)]
    assert len(out) == 120
    assert learned_at == [30, 30, 30, 30]  # one share per chunk, in order
    assert tagger.stats.n_docs == 120 and not tagger.deferred

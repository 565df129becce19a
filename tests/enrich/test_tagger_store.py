"""A tagger started from the store (``Tagger.for_store``: web, worker, poll after a restart)
knows what the importing tagger knew: the learned names, and the spelling counts the clitic and
article rules read (``SPELLINGS_MODEL``), not only the document frequencies."""

from __future__ import annotations

import copy
import gzip
from datetime import datetime, timezone
from itertools import islice

from khabar.enrich import enrich
from khabar.enrich.tagger import SPELLINGS_MODEL, Tagger, kept_spellings
from khabar.ingest import read_file
from khabar.pipeline import importer, import_paths
from khabar.store import open_store

IMPORTED = 150
HELD_OUT = 25


def _tags(record):
    return (record.keywords, record.entities, record.category)


def test_a_tagger_from_a_reopened_store_tags_as_the_importing_tagger(ant_file, tmp_path,
                                                                      monkeypatch):
    part = tmp_path / "ant-part.jsonl.gz"
    with gzip.open(ant_file, "rt", encoding="utf-8") as f, \
            gzip.open(part, "wt", encoding="utf-8") as out:
        out.writelines(islice(f, IMPORTED))
    importing: list[Tagger] = []

    class Kept(Tagger):
        @classmethod
        def for_store(cls, store) -> Tagger:  # noqa: ANN001
            tagger = Tagger.for_store(store)
            importing.append(tagger)
            return tagger

    monkeypatch.setattr(importer, "Tagger", Kept)
    with open_store(tmp_path / "a.db") as store:
        import_paths(store, [part])
    monkeypatch.undo()
    (before,) = importing
    with open_store(tmp_path / "a.db") as store:
        after = Tagger.for_store(store)
        assert store.load_model(SPELLINGS_MODEL)["counts"] == kept_spellings(before.stats.spellings)
    assert after.stats.spellings == kept_spellings(before.stats.spellings)
    # the corpus counts the store keeps are its own (the index's); the spellings are the point
    after.stats.n_docs, after.stats.df = before.stats.n_docs, before.stats.df
    forgetful = Tagger(copy.deepcopy(after.stats), after.names, after.categories, learn=False)
    forgetful.stats.spellings.clear()  # what for_store gave before the spellings were kept
    before.learn = after.learn = False
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    differ = 0
    for record in islice(read_file(ant_file), IMPORTED, IMPORTED + HELD_OUT):
        record.keywords = []
        record.fetched_at = now
        one, other, third = (copy.deepcopy(record) for _ in range(3))
        enrich(one, before)
        enrich(other, after)
        enrich(third, forgetful)
        assert _tags(one) == _tags(other), record.title
        differ += _tags(one) != _tags(third)
    print(f"{differ} of {HELD_OUT} tagged otherwise without the spelling counts")
    assert differ  # the articles read the spelling counts: without them they tag otherwise

"""Store a batch: the one step that every way in (file import, archive merge, poll, worker)
takes to put prepared records into the store: write them, place the new ones in stories
(near copies folded), then match them against the saved searches (alerts).
``ImportReport`` counts what batches did for an import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from khabar.enrich.stories import TextAnalysis, index_terms
from khabar.pipeline.alerts import match_stored
from khabar.pipeline.stories import assign_stored
from khabar.store import AddResult, ArticleRecord, ReadProblem, Store


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What became of one stored batch: each record's result, in the batch's order."""

    results: list[AddResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def inserted(self) -> int:
        return self.count("inserted")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def duplicates(self) -> int:
        return len(self.results) - self.inserted - self.updated


def store_batch(store: Store, records: Sequence[ArticleRecord], *,
                replace: bool = False,
                analyses: Sequence[TextAnalysis | None] | None = None) -> BatchOutcome:
    """Write ``records`` (prepared: canonical URL, fetch time, enrichment), place the newly
    inserted ones in stories, and record the saved searches they match with their alerts'
    outbox rows. Raises ``KhabarError`` when the write fails: then nothing of the batch was
    written, and earlier batches stay stored. A failed story placement or match is logged,
    never raised (``khabar recluster`` places those articles later). ``analyses``: the
    records' texts analyzed for stories beforehand (``khabar.pipeline.pool``), or None."""
    terms = None if analyses is None else [index_terms(a) for a in analyses]
    results = store.add_articles(list(records), replace=replace, terms=terms)
    assign_stored(store, records, results, analyses)
    match_stored(store, results)  # after the stories: one alert per story
    return BatchOutcome(results)


@dataclass
class ImportReport:
    """What an import did: files and records read, stored, problems with their place."""

    files: int = 0
    read: int = 0
    inserted: int = 0
    updated: int = 0
    duplicates: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    #: one entry per ``khabar export`` file imported (``khabar.pipeline.archive``)
    archive: list[dict] = field(default_factory=list)

    def add(self, outcome: BatchOutcome) -> None:
        self.inserted += outcome.inserted
        self.updated += outcome.updated
        self.duplicates += outcome.duplicates

    def to_json(self) -> dict:
        doc = {
            "files": self.files,
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "problems": [
                {"path": p.path, "line": p.line, "message": p.message} for p in self.problems
            ],
        }
        if self.archive:
            doc["archive"] = self.archive
        return doc

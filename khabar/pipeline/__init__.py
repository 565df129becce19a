"""Orchestration: the one place that chains ingest → enrich → store."""

from khabar.pipeline.batch import ImportReport
from khabar.pipeline.importer import import_paths

__all__ = ["ImportReport", "import_paths"]

"""Orchestration: the one place that chains ingest → enrich → store."""

from khabar.pipeline.importer import ImportReport, import_paths

__all__ = ["ImportReport", "import_paths"]

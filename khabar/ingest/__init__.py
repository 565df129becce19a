"""Getting documents in: files, feeds, article pages and page dumps become ArticleRecords.

Readers return records; they never write to a store. Bad input is reported as a ReadProblem
(or an IngestError from the single-document readers), never as a crash.
"""

from khabar.ingest.files import iter_files, read_file

__all__ = ["iter_files", "read_file"]

"""The exceptions khabar raises, one tree for every stage.

    KhabarError                 every error khabar raises on purpose
    ├── IngestError             a document could not be read or parsed (ingest/)
    │   └── UnsupportedFormat   the file is not a format khabar reads
    ├── StoreError              the database refused an operation (store/)
    │   └── NotFound            no record with that id
    └── QueryError              a search query cannot be run (search/)

Each error carries two texts: ``str(err)`` is for logs and starts with the stage that failed
("ingest: …"); ``err.user_message`` is what a reader sees, in Arabic.
"""

from __future__ import annotations


class KhabarError(Exception):
    """Base of every error khabar raises on purpose."""

    stage = "khabar"
    default_user_message = "حدث خطأ غير متوقع."

    def __init__(self, message: str, *, user_message: str | None = None) -> None:
        super().__init__(f"{self.stage}: {message}")
        self.detail = message
        self.user_message = user_message or self.default_user_message


class IngestError(KhabarError):
    stage = "ingest"
    default_user_message = "تعذرت قراءة المستند."


class UnsupportedFormat(IngestError):
    default_user_message = "صيغة الملف غير مدعومة."


class StoreError(KhabarError):
    stage = "store"
    default_user_message = "تعذر الوصول إلى قاعدة البيانات."


class NotFound(StoreError):
    default_user_message = "لم يتم العثور على المطلوب."


class QueryError(KhabarError):
    stage = "search"
    default_user_message = "تعذر فهم عبارة البحث."

"""The exceptions khabar raises, one tree for every stage.

    KhabarError                 every error khabar raises on purpose
    ├── IngestError             a document could not be read or parsed (ingest/)
    │   ├── UnsupportedFormat   the file is not a format khabar reads
    │   ├── NoFeedFound         a page links to no feed, sitemap or articles
    │   └── FetchError          a document could not be fetched (ingest/fetch/)
    │       ├── BlockedAddress  the host is a private, loopback or link-local address
    │       ├── Unreachable     no connection (DNS failure, refused, reset)
    │       ├── FetchTimeout    connect, read or total time limit passed
    │       ├── TooLarge        the body passed the size cap (after decompression)
    │       ├── TooManyRedirects  a redirect loop, or more redirects than allowed
    │       ├── RobotsDisallowed  the site's robots.txt forbids the address
    │       └── HTTPStatusError an error status; RateLimited (429/503 + Retry-After)
    ├── StoreError              the database refused an operation (store/)
    │   ├── StoreUnavailable    the database cannot be reached now (down, restarting, locked)
    │   ├── NotFound            no record with that id
    │   ├── SourceExists        a source already follows that feed
    │   └── UserExists          an account of that name exists
    ├── QueryError              a search query cannot be run (search/)
    └── InvalidInput            a reader's form or API call carries a value khabar refuses

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


class NoFeedFound(IngestError):
    default_user_message = "لم نجد في هذه الصفحة خلاصة أخبار ولا روابط مقالات."


class FetchError(IngestError):
    """A document could not be fetched; ``outcome`` is the short code recorded on a source."""

    stage = "fetch"
    outcome = "fetch_error"
    default_user_message = "تعذر جلب الصفحة."


class BlockedAddress(FetchError):
    outcome = "blocked"
    default_user_message = "العنوان يشير إلى شبكة خاصة أو محلية، ولا يُسمح بجلبه."


class Unreachable(FetchError):
    outcome = "unreachable"
    default_user_message = "تعذر الوصول إلى الموقع."


class FetchTimeout(FetchError):
    outcome = "timeout"
    default_user_message = "انتهت مهلة انتظار الموقع."


class TooLarge(FetchError):
    outcome = "too_large"
    default_user_message = "حجم الصفحة أكبر من المسموح."


class TooManyRedirects(FetchError):
    outcome = "too_many_redirects"
    default_user_message = "الموقع يعيد التوجيه مرات كثيرة أو في حلقة."


class RobotsDisallowed(FetchError):
    outcome = "robots"
    default_user_message = "ملف robots.txt للموقع يمنع جلب هذه الصفحة."


class HTTPStatusError(FetchError):
    outcome = "http_error"
    default_user_message = "أجاب الموقع برسالة خطأ."

    def __init__(self, message: str, *, status: int, user_message: str | None = None) -> None:
        super().__init__(message, user_message=user_message)
        self.status = status


class RateLimited(HTTPStatusError):
    """429 (or 503) with the seconds the server asked to wait, when it said."""

    outcome = "rate_limited"
    default_user_message = "طلب الموقع التمهل قبل المحاولة من جديد."

    def __init__(self, message: str, *, status: int, retry_after: float | None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class StoreError(KhabarError):
    stage = "store"
    default_user_message = "تعذر الوصول إلى قاعدة البيانات."


class StoreUnavailable(StoreError):
    """The database cannot be reached now: PostgreSQL down or restarting, SQLite locked past
    its timeout or its file unreadable. Worth trying again later (the web answers 503)."""

    default_user_message = "تعذر الاتصال بقاعدة البيانات."


class IndexBuilding(StoreError):
    """The search index is being built (missing, damaged or made by another analyzer):
    searching now would give incomplete results, so none are given (the web answers 503)."""

    default_user_message = "الفهرس قيد البناء، أعد المحاولة بعد قليل."

    def __init__(self, done: int = 0, total: int = 0) -> None:
        share = f" ({done * 100 // total}%)" if total else ""
        super().__init__(f"the search index is being built{share}",
                         user_message=f"الفهرس قيد البناء{share}، أعد المحاولة بعد قليل.")
        self.done, self.total = done, total


class NotFound(StoreError):
    default_user_message = "لم يتم العثور على المطلوب."


class SourceExists(StoreError):
    default_user_message = "هذا المصدر مُتابَع من قبل."


class UserExists(StoreError):
    default_user_message = "يوجد حساب بهذا الاسم."


class QueryError(KhabarError):
    stage = "search"
    default_user_message = "تعذر فهم عبارة البحث."


class InvalidInput(KhabarError):
    """A value a reader gave (a user name, a password, a filter rule) that khabar refuses."""

    stage = "input"
    default_user_message = "قيمة غير صالحة."

"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from khabar.store import ArticleRecord, open_store

REPO = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    """The real corpora: $KHABAR_SHARED_DATA, else ../shared/data beside the repository."""
    return Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))



@contextmanager
def migration_transaction(store):
    """A transaction for a test's own migration steps that takes SQLite's write lock at its
    start (``BEGIN IMMEDIATE``, as the store's writes do): a deferred one fails at once with
    "database is locked" when the search index's thread prunes its queue between the
    migration's first read and its first write (seen in CI under load)."""
    with store.engine.connect().execution_options(khabar_write=True) as conn, conn.begin():
        yield conn

@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real corpora not found at {path} (set KHABAR_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def ant_file(shared_data: Path) -> Path:
    path = shared_data / "ant-multisource" / "articles_2018-03_to_2018-05.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"ANT corpus not found at {path}")
    return path


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "khabar.db") as s:
        yield s


# --- PostgreSQL ------------------------------------------------------------------------------

#: the backends a store test runs on (``tests/store``, ``tests/search``, ``tests/pipeline``)
BACKENDS = ["sqlite", "postgresql"]


def pg_admin_url() -> str:
    """A PostgreSQL server's maintenance database: $KHABAR_TEST_PG_URL, else the local one."""
    return os.environ.get("KHABAR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_admin(autocommit: bool = True):
    import psycopg

    return psycopg.connect(pg_admin_url(), autocommit=autocommit, connect_timeout=5)


@pytest.fixture(scope="session")
def pg_template():
    """A migrated, empty database that every ``pg_url`` database is copied from. Skipped when
    PostgreSQL is unreachable, except under CI=true, where that fails."""
    import psycopg

    try:
        admin = _pg_admin()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI=true and unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {pg_admin_url()} (set KHABAR_TEST_PG_URL): {exc}")
    name = f"khabar_tmpl_{os.getpid()}"
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        open_store(_pg_url(name)).close()  # migrate once; copies start migrated
        yield name
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_pg_databases = iter(range(1, 10**9))


@contextmanager
def pg_database(template: str):
    """A fresh, migrated, empty PostgreSQL database copied from ``template``; its URL."""
    name = f"khabar_t{os.getpid()}_{next(_pg_databases)}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _pg_url(name)
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_template):
    """The URL of a fresh, migrated, empty PostgreSQL database, dropped after the test."""
    with pg_database(pg_template) as url:
        yield url


def _pg_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(pg_admin_url()).set(database=database).render_as_string(hide_password=False)


def backend_store(request, tmp_path: Path):
    """A store of the backend ``request.param`` names (for ``params=BACKENDS`` fixtures)."""
    if request.param == "postgresql":
        location = request.getfixturevalue("pg_url")
    else:
        location = tmp_path / "khabar.db"
    return open_store(location)


def record(**fields) -> ArticleRecord:
    """A small article record with sensible defaults, for unit tests."""
    defaults = {
        "title": "عنوان الخبر",
        "body": "نص الخبر الأول.\nفقرة ثانية من الخبر.",
        "source": "سكاي نيوز عربية",
        "published_at": datetime(2024, 9, 20, 10, 30, tzinfo=timezone.utc),
    }
    defaults.update(fields)
    return ArticleRecord(**defaults)


#: a few articles written for search tests: hamza, ta marbuta, clitics, Persian letters
SAMPLE_ARTICLES = [
    record(
        title="إدارة ترامب تفرض عقوبات جديدة على إيران",
        body="أعلنت الإدارة الأمريكية فرض عقوبات جديدة على طهران.\nوقالت وزارة الخزانة إن العقوبات تستهدف قطاع النفط.",
        url="https://example.com/news/1",
        published_at=datetime(2018, 5, 8, 12, 0, tzinfo=timezone.utc),
    ),
    record(
        title="وقف إطلاق النار في غزة يدخل حيز التنفيذ",
        body="دخل وقف إطلاق النار في قطاع غزة حيز التنفيذ صباح اليوم.\nوأكدت مصادر مصرية أن الهدنة صامدة.",
        url="https://example.com/news/2",
        source="فرانس 24",
        published_at=datetime(2018, 5, 15, 6, 0, tzinfo=timezone.utc),
    ),
    record(
        title="المنتخب المغربي يستعد لكأس العالم",
        body="يواصل المنتخب المغربي تحضيراته للمونديال في روسيا.\nوأشاد المدرب بالروح المعنوية للاعبين.",
        url="https://example.com/news/3",
        published_at=datetime(2018, 5, 20, 18, 0, tzinfo=timezone.utc),
    ),
    record(
        title="أسعار النفط ترتفع بعد قرار أوبك",
        body="ارتفعت أسعار النفط اليوم بعد قرار منظمة أوبك خفض الإنتاج.\nوتجاوز سعر البرميل 80 دولاراً.",
        url="https://example.com/news/4",
        published_at=datetime(2018, 5, 21, 9, 0, tzinfo=timezone.utc),
    ),
    record(
        title="مدرسة جديدة في القرية",
        body="افتتحت الحكومة مدرسة جديدة للبنات.\nوقال مدير المدرسه إن الدراسة تبدأ الأسبوع المقبل.",
        url="https://example.com/news/5",
        published_at=datetime(2018, 5, 22, 9, 0, tzinfo=timezone.utc),
    ),
]


@pytest.fixture
def filled_store(store):
    from khabar.pipeline.importer import prepare_record

    now = datetime(2018, 6, 1, tzinfo=timezone.utc)
    store.add_articles([prepare_record(r, None, now) for r in _fresh(SAMPLE_ARTICLES)])
    return store


def _fresh(records: list[ArticleRecord]) -> list[ArticleRecord]:
    import copy

    return [copy.deepcopy(r) for r in records]


@pytest.fixture(scope="session")
def ant_store(ant_file, tmp_path_factory):
    """The ANT corpus imported once per session (evaluation and browser tests share it)."""
    from khabar.pipeline import import_paths

    store = open_store(tmp_path_factory.mktemp("ant") / "ant.db")
    store.import_report = import_paths(store, [ant_file])
    yield store
    store.close()


# --- running on two cores (pytest-xdist, `make test`) ----------------------------------------


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001
    """Keep every test of the real corpora on one xdist worker (``--dist loadgroup``), so the
    session's ANT store and evaluation fixtures are built once, not once per worker; the other
    worker runs the rest meanwhile. Without xdist the marker does nothing."""
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("corpora"))

"""Alert tests run on each backend, with real receivers on 127.0.0.1."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from khabar.pipeline.alerts import match_stored
from khabar.pipeline.importer import prepare_record
from khabar.pipeline.stories import assign_stored
from khabar.settings import load_settings
from tests.conftest import BACKENDS, open_store, record
from tests.enrich.story_fixtures import OIL, WIRE
from tests.notify.receivers import HookServer, MailServer

#: the controlled clock: 10:20 UTC on a Wednesday
NOW = datetime(2026, 12, 2, 10, 20, tzinfo=timezone.utc)
#: the receivers listen on 127.0.0.1, a private address khabar refuses by default
SETTINGS = load_settings(alerts_daily_hour=7, alerts_base_url="https://khabar.example",
                         allow_private_networks=True)
OUTLETS = ["الجزيرة", "العربية", "سكاي نيوز عربية", "BBC Arabic", "فرانس 24"]


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "khabar.db")


@pytest.fixture
def store(location):
    """A store with one reader (id 1, ``USER`` in the tests), who owns the saved searches."""
    with open_store(location) as s:
        assert s.create_user("reader", "not-a-real-hash").id == 1
        yield s


@pytest.fixture
def hook():
    server = HookServer()
    yield server
    server.close()


@pytest.fixture
def mail():
    server = MailServer()
    yield server
    server.close()


def toronto(outlet: str, n: int, when: datetime = NOW):
    """One outlet's copy of the same wire story (its own headline and URL)."""
    return record(title=f"مقتل عشرة أشخاص في حادث دهس بمدينة تورونتو {'ـ' * 0}({outlet})",
                  body=WIRE, source=outlet, url=f"https://outlet{n}.example/toronto",
                  published_at=when - timedelta(minutes=10 - n))


def oil(when: datetime = NOW):
    return record(title="أسعار النفط ترتفع في تورونتو وبقية الأسواق", body=OIL, source="العربية",
                  url="https://outlet9.example/oil", published_at=when - timedelta(minutes=5))


def store_and_match(store, records, now: datetime = NOW) -> int:
    """What ``pipeline.batch.store_batch`` does after an import or a poll, at the controlled
    time."""
    ready = [prepare_record(r, None, now) for r in records]
    results = store.add_articles(ready)
    assign_stored(store, ready, results)
    return match_stored(store, results, settings=SETTINGS, now=now)

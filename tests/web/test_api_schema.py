"""Property-based tests of the JSON API from its own OpenAPI document (schemathesis)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from khabar.pipeline.importer import prepare_record  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.settings import load_settings  # noqa: E402
from khabar.web.app import create_app  # noqa: E402
from tests.conftest import SAMPLE_ARTICLES, _fresh  # noqa: E402


def _app(tmp_path_factory=None):
    import tempfile
    from datetime import datetime, timezone
    from pathlib import Path

    store = open_store(Path(tempfile.mkdtemp()) / "schema.db")
    now = datetime.now(timezone.utc)
    store.add_articles([prepare_record(r, None, now) for r in _fresh(SAMPLE_ARTICLES)])
    return create_app(store, settings=load_settings(live_poll_seconds=0.01, live_max_seconds=0.05))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_with_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])

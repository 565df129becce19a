from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from khabar.settings import load_settings
from khabar.web.app import create_app
from tests.conftest import BACKENDS, backend_store


@pytest.fixture
def client(filled_store):
    return TestClient(create_app(filled_store, settings=load_settings(live_poll_seconds=0.05, live_max_seconds=0.3)))


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """Every page is served from each backend."""
    with backend_store(request, tmp_path) as s:
        yield s

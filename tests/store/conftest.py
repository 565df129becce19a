"""Every test of this package that uses ``store`` runs on each backend."""

import pytest

from tests.conftest import BACKENDS, backend_store


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_store(request, tmp_path) as s:
        yield s


@pytest.fixture(params=BACKENDS)
def store_location(request, tmp_path):
    """Where a store of each backend can be opened (and opened again)."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return tmp_path / "khabar.db"

"""Every test of this package that uses ``store`` runs on each backend."""

import pytest

from tests.conftest import BACKENDS, backend_store


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_store(request, tmp_path) as s:
        yield s

"""The standing hostile-input suite: hypothesis properties over every reader of outside input.

Profiles (``HYPOTHESIS_PROFILE``): ``ci`` (default) is derandomized, a fixed set of cases per
property, so a run is repeatable and short; ``fuzz`` (``make fuzz``) draws fresh random cases,
many more of them. Every test here counts the cases it tried into ``CASES``; the session
prints the totals (docs/security.md records them).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

from tests.conftest import BACKENDS, backend_store

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow,
                                                          HealthCheck.data_too_large]}
settings.register_profile("ci", derandomize=True, max_examples=60, print_blob=True, **_COMMON)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3000")),
                          print_blob=True, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: cases tried per property in this session
CASES: Counter = Counter()


def tried(name: str) -> None:
    CASES[name] += 1


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    if CASES:
        total = sum(CASES.values())
        terminalreporter.write_line(f"hostile-input suite: {total:,} cases tried")
        for name, n in sorted(CASES.items()):
            terminalreporter.write_line(f"  {name}: {n:,}")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_store(request, tmp_path) as s:
        yield s

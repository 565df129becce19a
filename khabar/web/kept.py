"""Values read from the store and kept in the app for a while (one copy per web process):
what many pages show and that changes rarely, so that a page does not read it every time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def kept(state: Any, name: str, seconds: float, load: Callable[[], T]) -> T:
    """``load()``, kept in ``state`` (the app's) under ``name`` for ``seconds``."""
    found = getattr(state, name, None)
    now = time.monotonic()
    if found is None or now - found[0] > seconds:
        found = (now, load())
        setattr(state, name, found)
    return found[1]

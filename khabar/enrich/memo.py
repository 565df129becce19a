"""``Memo``: a function's answers per key in a plain dict, for the per-word readings of the
enrichment steps.

``functools.lru_cache`` keeps its keys in recency order, and a hit costs that bookkeeping; a
word's reading is asked for every word of every article, mostly by ``map`` over an article's
words, where a dict's own ``__getitem__`` answers a known word without a Python step. A
``Memo`` is emptied whole when it holds ``limit`` keys (the memos here held their words across
articles that way before)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """``memo[key]`` is ``function(key)``, computed the first time it is asked."""

    __slots__ = ("function", "limit")

    def __init__(self, function: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.function(key)
        return value

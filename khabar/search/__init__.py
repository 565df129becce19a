"""Finding articles: the query language, its compilation per backend, snippets."""

from khabar.search.query import parse
from khabar.search.service import Hit, Results, prepare, ranked, search

__all__ = ["Hit", "Results", "parse", "prepare", "ranked", "search"]

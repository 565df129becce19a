"""Finding articles: the query language, its compilation per backend, snippets."""

from khabar.search.query import parse
from khabar.search.service import Hit, Results, prepare, search

__all__ = ["Hit", "Results", "parse", "prepare", "search"]

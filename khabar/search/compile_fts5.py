"""Compile an analyzed query to an SQLite FTS5 MATCH expression.

Every term is written as an FTS5 string literal, so nothing a user typed is read as FTS5
syntax.
"""

from __future__ import annotations

from khabar.search.query import AnalyzedQuery, Terms


def compile_fts5(query: AnalyzedQuery) -> str:
    clauses = []
    for alternatives in query.must:
        parts = [_literal(t) for t in alternatives]
        clauses.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    expression = " AND ".join(clauses)
    for excluded in query.must_not:
        expression += " NOT " + _literal(excluded)
    return expression


def _literal(terms: Terms) -> str:
    # A phrase is one string literal holding its terms in order.
    return '"' + " ".join(terms.terms).replace('"', '""') + '"'

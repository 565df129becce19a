"""Compile an analyzed query to a PostgreSQL tsquery, in tsquery's input syntax.

Every term is a quoted lexeme (``'term'``), so nothing a user typed is read as tsquery
syntax; a phrase is its terms joined by ``<->`` (followed by), as FTS5 reads a phrase.
"""

from __future__ import annotations

from khabar.search.query import AnalyzedQuery, Terms


def compile_tsquery(query: AnalyzedQuery) -> str:
    clauses = []
    for alternatives in query.must:
        parts = [_operand(t) for t in alternatives]
        clauses.append(parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")")
    expression = " & ".join(clauses)
    for excluded in query.must_not:
        expression += " & !" + _operand(excluded)
    return expression


def _operand(terms: Terms) -> str:
    lexemes = [_lexeme(t) for t in terms.terms]
    return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

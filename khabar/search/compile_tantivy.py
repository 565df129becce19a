"""Compile an analyzed query for the SQLite backend's tantivy index: a JSON document of the
clauses as term lists (the store builds tantivy's query objects from them), with the FTS5
expression and the tsquery beside them for the counts the store takes from its own full-text
index (FTS5 on SQLite, GIN on PostgreSQL with a tantivy index per machine).

    {"must": [[["t1"], ["t2", "t3"]], …], "not": [["t4"]], "fts5": "…", "tsquery": "…"}

``must`` holds clauses that all match, each a list of alternatives, each alternative a term
or a phrase (terms in this order); ``not`` the terms and phrases that must not match.
"""

from __future__ import annotations

import json

from khabar.search.compile_fts5 import compile_fts5
from khabar.search.compile_tsquery import compile_tsquery
from khabar.search.query import AnalyzedQuery


def compile_tantivy(query: AnalyzedQuery) -> str:
    return json.dumps({
        "must": [[list(alt.terms) for alt in clause] for clause in query.must],
        "not": [list(t.terms) for t in query.must_not],
        "fts5": compile_fts5(query),
        "tsquery": compile_tsquery(query),
    }, ensure_ascii=False)

"""Types of the values a URL carries, with their bounds: a bad one is a 422, not a query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

#: a record id in a path: a positive 64-bit integer
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
#: longest tag, entity or category name in a path: no stored name comes near, and 50,000
#: characters made SQLite answer "LIKE pattern too complex", served as a database outage
MAX_NAME_CHARS = 200
Name = Annotated[str, Path(min_length=1, max_length=MAX_NAME_CHARS)]
#: longest search query or filter value read from a URL
MAX_QUERY_CHARS = 1000

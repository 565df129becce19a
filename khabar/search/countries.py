"""Countries in the query language: ``country:sa`` or ``country:السعودية`` → "SA".

A country filter keeps the articles filed under that country — the per-article decision
(``articles.countries``, made by ``khabar.enrich.countries`` as each article is enriched)
from which the country editions (``/country/{cc}``) group their stories. The Arabic names are
those the pages show (``khabar/data/countries.json``, read here directly: search does not
import the enrichment stage).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from khabar.arabic import fold
from khabar.errors import QueryError

PATH = Path(__file__).resolve().parent.parent / "data" / "countries.json"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """ISO 3166 alpha-2 → the Arabic name pages show."""
    if not PATH.is_file():
        return {}
    return dict(json.loads(PATH.read_text(encoding="utf-8"))["names"])


def _key(name: str) -> str:
    words = fold(name).split()
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    return {_key(name): code for code, name in _names().items()}


def country_code(value: str) -> str:
    """The ISO code of a country typed as a code ("sa", "SA") or its Arabic name ("السعودية",
    "سعودية"); raises ``QueryError`` with an Arabic message for anything else."""
    text = value.strip()
    if len(text) == 2 and text.isascii() and text.isalpha() and text.upper() in _names():
        return text.upper()
    found = _by_name().get(_key(text))
    if found is None:
        raise QueryError(
            f"unknown country {value[:40]!r}",
            user_message=f"لم أعرف البلد «{value}». اكتب رمزه (مثل country:sa) أو اسمه "
                         "(مثل country:السعودية).")
    return found

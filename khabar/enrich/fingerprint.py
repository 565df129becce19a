"""Exact-duplicate fingerprints of article text.

The hash is taken over the folded words only, so copies that differ in harakat, tatweel,
hamza spelling, punctuation (an attached Arabic comma) or spacing hash the same.
"""

from __future__ import annotations

import hashlib

from khabar.enrich.reading import read


def content_hash(title: str, body: str) -> str:
    """SHA-256 (hex) of the folded words of title and body (``tokens(fold(title\nbody))``,
    read once for every step: ``reading.Reading.folded_words``)."""
    words = read(title, body).folded_words()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()

"""Understanding articles before they are stored.

``enrich(record)`` runs every enrichment step on one record, in order:

1. clean the display text (``khabar.arabic.clean``): Persian letters, bidi controls, odd spaces;
   an article without a headline is titled by the opening words of its body;
2. find a dateline opening the body ("دبي - رويترز: …") when the reader gave none;
3. fingerprint the text for exact-duplicate detection;
4. tags (``khabar.enrich.tagger``): keywords (a source's own made clean tags, else entities
   and keyphrases), named entities, and a category when the source gave none;
5. the outlet (``khabar.enrich.outlets``: the catalogued outlet of the source's name or code,
   else of its site's or the article's address) and the countries the article is about
   (``khabar.enrich.countries``: dateline, places named, a national outlet's country);
6. quotes (``khabar.enrich.quotes``): who said what in the body, speakers resolved to the
   entities of step 4.

Later steps (near duplicates, keyphrases, entities, stories) join this list.
"""

from __future__ import annotations

import re

from khabar.arabic import clean, split_dateline
from khabar.enrich.countries import article_countries
from khabar.enrich.fingerprint import content_hash
from khabar.enrich.outlets import catalogue
from khabar.enrich.quotes import extract_quotes
from khabar.enrich.tagger import Tagger, default_tagger
from khabar.store.records import ArticleRecord

__all__ = ["content_hash", "enrich", "fallback_title"]

#: words of the body that title an article without a headline
FALLBACK_TITLE_WORDS = 12


def enrich(record: ArticleRecord, tagger: Tagger | None = None) -> ArticleRecord:
    """The record, enriched in place and returned. ``tagger`` knows the corpus (see
    ``Tagger.for_store``); without one a process-wide tagger that learns as it goes is used."""
    record.title = clean(record.title).strip()
    record.body = clean(record.body).strip()
    for name in ("summary", "author", "attributed_to", "source", "category"):
        value = getattr(record, name)
        if value is not None:
            setattr(record, name, clean(value).strip() or None)
    if not record.title and record.body:
        record.title = fallback_title(record.body)
    record.keywords = [k for k in (clean(k).strip() for k in record.keywords) if k]
    if record.dateline is None and record.body:
        first_paragraph = record.body.split("\n", 1)[0]
        record.dateline, _ = split_dateline(first_paragraph)
    record.content_hash = content_hash(record.title, record.body)
    tagger = tagger or default_tagger()
    tagger.observe(record)
    tagger.tag(record)
    place_outlet(record)
    record.quotes = extract_quotes(record.body, record.entities)
    return record


def place_outlet(record: ArticleRecord) -> ArticleRecord:
    """Step 5: the record's outlet and countries."""
    outlet = catalogue().match(record.source, record.source_url, record.url)
    record.outlet = outlet.ref() if outlet is not None else None
    places = [e.name for e in record.entities if e.type == "place"]
    record.countries = article_countries(
        record.dateline.place if record.dateline else None, places,
        outlet.country if outlet else None, outlet.scope if outlet else None)
    return record


def fallback_title(body: str) -> str:
    """The opening words of the body's first sentence, for an article with no headline."""
    first = body.strip().split("\n", 1)[0]
    _, first = split_dateline(first)
    sentence = re.split(r"(?<=[.!?؟])\s", first, maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= FALLBACK_TITLE_WORDS:
        return sentence.strip()
    return " ".join(words[:FALLBACK_TITLE_WORDS]) + " …"

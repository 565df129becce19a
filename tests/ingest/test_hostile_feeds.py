"""Issue 20, "Also": a DOCTYPE with an internal subset was refused as "root markup"; entity
expansion stays bounded; a huge feed is capped per poll (see test_poll)."""

from __future__ import annotations

import time

from khabar.ingest.detect import detect_format
from khabar.ingest.feeds import read_feed

ENTITIES = "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + ENTITIES + ']>'
          '<rss version="2.0"><channel><title>t &i;</title><item><title>خبر</title>'
          '<link>https://x.com/1</link><description>نص</description></item></channel></rss>')
SUBSET = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY nbsp "&#160;">\n]>\n'
          '<rss version="2.0"><channel><title>قناة</title><item><title>خبر&nbsp;عاجل</title>'
          '<link>https://x.com/2</link><description>نص</description></item></channel></rss>')


def test_a_doctype_with_an_internal_subset_is_a_feed() -> None:
    assert detect_format("a.xml", SUBSET.encode()) == "feed"
    [entry] = list(read_feed(SUBSET.encode(), origin="a.xml"))
    assert entry.title.replace("\xa0", " ") == "خبر عاجل"


def test_entity_expansion_is_bounded() -> None:
    assert detect_format("a.xml", LAUGHS.encode()) == "feed"
    started = time.monotonic()
    entries = list(read_feed(LAUGHS.encode(), origin="a.xml"))
    assert time.monotonic() - started < 10
    assert all(len(e.title) < 10_000 for e in entries)

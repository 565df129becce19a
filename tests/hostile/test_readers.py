"""No exception escapes a reader; bad records are reported with a location; good ones are kept.

Readers: JSON Lines (through ``read_file``, as ``khabar import`` reads), RSS/Atom/JSON Feed,
OPML, HTML pages, page dumps, dates, datelines and the search query parser.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from khabar.arabic import parse_date, parse_dateline, read_news_date, split_dateline
from khabar.arabic.dates import NEWS_YEARS
from khabar.errors import IngestError, QueryError
from khabar.ingest import read_file
from khabar.ingest.feeds import read_feed
from khabar.ingest.html_page import read_html
from khabar.ingest.opml import read_opml
from khabar.ingest.pagedump import read_pagedump
from khabar.ingest.urls import article_url, canonical_url
from khabar.search import parse
from khabar.store.records import ArticleRecord, ReadProblem
from tests.hostile.conftest import tried
from tests.hostile.strategies import good_records, hostile_lines, markup, texts


@given(first=good_records, rest=st.lists(st.one_of(good_records, hostile_lines), max_size=12),
       gz=st.booleans())
def test_json_lines_keep_every_good_record_and_locate_every_bad_one(first, rest, gz) -> None:
    tried("json lines")
    lines = [json.dumps(first, ensure_ascii=False).encode()]
    good_lines = {1}
    for n, item in enumerate(rest, start=2):
        if isinstance(item, dict):
            lines.append(json.dumps(item, ensure_ascii=False).encode())
            good_lines.add(n)
        else:
            lines.append(item)
    data = b"\n".join(lines)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "in.jsonl.gz" if gz else "in.jsonl")
        if gz:
            import gzip

            data = gzip.compress(data)
        path.write_bytes(data)
        items = list(read_file(path))
    records = [i for i in items if isinstance(i, ArticleRecord)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert all(p.line for p in problems), problems  # every problem says which line
    assert len(records) >= len(good_lines)
    titles = [r.title for r in records]
    expected = [json.loads(lines[n - 1])["title"] for n in sorted(good_lines)]
    it = iter(titles)
    assert all(title in it for title in expected)  # in order, none lost
    for record in records:
        assert record.published_at is None or NEWS_YEARS[0] <= record.published_at.year <= NEWS_YEARS[1]
        assert record.url is None or article_url(record.url)


@given(data=st.one_of(markup, markup.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.binary(max_size=200)))
def test_feeds_raise_nothing_but_ingest_errors(data) -> None:
    tried("feeds")
    try:
        records = list(read_feed(data, origin="fuzz"))
    except IngestError:
        return
    for record in records:
        assert isinstance(record.title, str) and isinstance(record.body, str)
        assert record.published_at is None or NEWS_YEARS[0] <= record.published_at.year <= NEWS_YEARS[1]


@given(data=st.one_of(markup, st.binary(max_size=200)))
def test_opml_raises_nothing_but_ingest_errors(data) -> None:
    tried("opml")
    try:
        read_opml(data)
    except IngestError:
        pass


@given(html=markup)
def test_html_pages_raise_nothing_but_ingest_errors(html) -> None:
    tried("html pages")
    try:
        record = read_html(html, url="https://x.com/a")
    except IngestError:
        return
    assert isinstance(record.body, str)


@given(text=st.lists(st.one_of(texts, st.sampled_from([
    "المصدر: رويترز", "تاريخ النشر: 20 سبتمبر 0001", "كلمات دلالية: أ، ب", "دبي-رويترز",
    "https://x.com/a", "javascript:alert(1)"])), max_size=12).map("\n".join))
def test_page_dumps_raise_nothing_but_ingest_errors(text) -> None:
    tried("page dumps")
    try:
        read_pagedump(text, origin="fuzz")
    except IngestError:
        pass


@given(value=st.one_of(texts, st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                       st.datetimes(), st.none(), st.booleans()))
def test_dates_never_raise_and_stay_in_range(value) -> None:
    tried("dates")
    found, problem = read_news_date(value)
    assert found is None or (NEWS_YEARS[0] <= found.year <= NEWS_YEARS[1] and found.tzinfo)
    assert found is None or problem is None
    if isinstance(value, str):
        parse_date(value)


@given(text=texts)
def test_datelines_never_raise(text) -> None:
    tried("datelines")
    parse_dateline(text)
    dateline, rest = split_dateline(text)
    assert isinstance(rest, str)


@given(text=st.one_of(texts, st.lists(st.sampled_from(
    ['"', "(", ")", "OR", "-", "source:", "from:", "to:", "category:", "entity:", "غزة",
     "*", "NEAR", "AND", "0001-01-01", "99999-99-99", " "]), max_size=20).map("".join)))
def test_queries_raise_nothing_but_query_errors(text) -> None:
    tried("queries")
    try:
        parse(text)
    except QueryError:
        pass


@given(url=st.one_of(texts, st.sampled_from(["java\tscript:x", "//evil.example", "http://[::1"])))
def test_urls_never_raise(url) -> None:
    tried("urls")
    assert article_url(url) is None or article_url(url).lower().startswith(("http://", "https://"))
    canonical_url(url)

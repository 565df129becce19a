"""Evaluation on the real corpora in ../shared/data (see each SOURCE.md).

- html-extraction-ar: three saved Arabic article pages with the output other projects expect
  from their extractors; read_html must meet each expectation.
- ant-multisource: every line of the ANT JSON Lines export must become a faithful record.

The data folder is $KHABAR_SHARED_DATA, else ../shared/data beside the repository; the tests
skip (with the reason) when it is absent.
"""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path

import lxml.html
import pytest

from khabar.ingest import read_file
from khabar.ingest.html_page import read_html
from khabar.ingest.urls import canonical_url
from khabar.store.records import ArticleRecord, ReadProblem

pytestmark = pytest.mark.corpus

#: share of the lines of CNN's expected text that must be found in the extracted body
CNN_LINE_FLOOR = 0.90
ANT_ROWS = 15_110


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pages(shared_data: Path) -> Path:
    path = shared_data / "html-extraction-ar"
    if not path.is_dir():
        pytest.skip(f"HTML extraction corpus not found at {path}")
    return path


def test_cnn_arabic_2013(pages: Path) -> None:
    html = (pages / "cnn-arabic-2013" / "arabic_article.html").read_text(encoding="utf-8")
    record = read_html(html, url="http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html")
    tree = lxml.html.fromstring(html)
    assert record.title == tree.xpath("//meta[@property='og:title']/@content")[0]
    assert tree.findtext(".//title").startswith(record.title + " - ")
    assert record.title in [norm(h1.text_content()) for h1 in tree.iter("h1")]
    expected = [norm(line) for line in
                (pages / "cnn-arabic-2013" / "arabic.txt").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    body = norm(record.body)
    found = [line for line in expected if line in body]
    print(f"cnn: {len(found)}/{len(expected)} expected lines found in the body")
    assert len(found) / len(expected) >= CNN_LINE_FLOOR
    assert record.url == "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"


def test_assabah_tn(pages: Path) -> None:
    folder = pages / "assabah-tn"
    (url, expected), = json.loads((folder / "evaldata_entry.json").read_text(encoding="utf-8")).items()
    record = read_html((folder / expected["file"]).read_text(encoding="utf-8"), url=url)
    assert norm(record.title) == norm(expected["title"])
    body = record.body
    missing = [s for s in expected["with"] if s not in body]
    leaked = [s for s in expected["without"] if s in body]
    print(f"assabah: with {len(expected['with']) - len(missing)}/{len(expected['with'])}, "
          f"without leaked {len(leaked)}/{len(expected['without'])}")
    assert missing == [] and leaked == []
    assert canonical_url(record.url) == canonical_url(url)


def test_lbcgroup_lb(pages: Path) -> None:
    folder = pages / "lbcgroup-lb"
    html = gzip.decompress((folder / "LBCGroup_2026_01_08.html.gz").read_bytes()).decode("utf-8")
    (meta,) = json.loads((folder / "meta.info").read_text(encoding="utf-8")).values()
    expected = json.loads((folder / "LBCGroup.json").read_text(encoding="utf-8"))["V1"]
    record = read_html(html, url=meta["url"])
    assert record.title == expected["title"]
    paragraphs = [p for section in expected["body"]["sections"] for p in section["paragraphs"]]
    body = norm(record.body)
    found = [p for p in paragraphs if norm(p) in body]
    print(f"lbc: {len(found)}/{len(paragraphs)} expected paragraphs found")
    assert len(found) == len(paragraphs) == 6
    assert record.published_at is not None
    assert record.published_at.date() == date(2026, 1, 8)
    # the page's datePublished carries the time too: 2026-01-08 11:42:50+00:00
    assert record.published_at == datetime.fromisoformat(expected["publishing_date"])
    # the page's <link rel="canonical">, not its generic og:url
    assert canonical_url(record.url) == canonical_url(meta["url"])


def test_ant_corpus_is_read_whole_and_faithfully(ant_file: Path) -> None:
    with gzip.open(ant_file, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    assert len(rows) == ANT_ROWS
    items = list(read_file(ant_file))
    problems = [i for i in items if isinstance(i, ReadProblem)]
    records = [i for i in items if isinstance(i, ArticleRecord)]
    assert problems == []
    assert len(records) == ANT_ROWS
    for row, record in zip(rows, records, strict=True):
        assert record.source == row["source"]
        assert record.title == row["title"]
        assert record.url == row["url"]
        assert record.published_at.strftime("%Y-%m-%dT%H:%M:%SZ") == row["time_utc"]
        assert record.author == (row["author"] or None)
        assert record.category == row["category"]
        assert record.summary == (row["abstract"] or None)
        assert record.guid == row["docno"]
        assert record.body == "\n".join(line.strip() for line in row["text"].split("\n") if line.strip())

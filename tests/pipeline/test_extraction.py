"""Article pages extracted in a pool of processes give what extraction in a thread gives."""

from __future__ import annotations

import asyncio

import pytest

from khabar.errors import IngestError
from khabar.ingest.html_page import read_html
from khabar.pipeline import extraction

PAGE = """<html lang="ar"><head><title>وزير الخارجية يزور القاهرة | موقع</title>
<meta property="og:title" content="وزير الخارجية يزور القاهرة"></head><body><article>
<h1>وزير الخارجية يزور القاهرة</h1>
<p>وصل وزير الخارجية إلى القاهرة صباح اليوم في زيارة رسمية تستمر يومين يلتقي خلالها كبار المسؤولين.</p>
<p>وقال المتحدث باسم الوزارة إن الزيارة تتناول العلاقات الثنائية وملفات المنطقة والتعاون الاقتصادي.</p>
<p>وأضاف أن الجانبين سيوقعان عددا من الاتفاقيات في مجالات الطاقة والنقل والتعليم خلال الزيارة.</p>
</article></body></html>"""


@pytest.fixture
def pool():
    extraction.use_processes(2)
    yield
    extraction.use_processes(1)


def _run(text: str):
    return asyncio.run(extraction.extract_page(text, "https://example.com/a/1"))


def test_a_page_extracted_in_the_pool_equals_the_page_extracted_here(pool):
    here = read_html(PAGE, url="https://example.com/a/1")
    assert extraction.processes() == 2
    pooled = _run(PAGE)
    assert pooled == here
    assert "القاهرة" in pooled.body
    assert extraction._executor is not None  # it ran in the pool, which stays up


def test_an_error_in_the_pool_comes_back_with_its_message(pool):
    with pytest.raises(IngestError) as pooled:
        _run("")
    with pytest.raises(IngestError) as here:
        read_html("", url="https://example.com/a/1")
    assert str(pooled.value) == str(here.value)


def test_one_process_extracts_in_a_thread():
    extraction.use_processes(1)
    assert _run(PAGE) == read_html(PAGE, url="https://example.com/a/1")
    assert extraction._executor is None

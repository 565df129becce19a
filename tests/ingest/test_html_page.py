from datetime import datetime, timezone
from pathlib import Path

import pytest

from khabar.errors import IngestError
from khabar.ingest.html_page import read_html

FIXTURE = Path(__file__).parent / "fixtures" / "article.html"
UTC = timezone.utc


@pytest.fixture(scope="module")
def record():
    return read_html(FIXTURE.read_text(encoding="utf-8"), url="https://fallback.example/x")


def test_title_and_body_are_clean_text(record) -> None:
    assert record.title == "الكويت تعلن خطة لتنويع مصادر الدخل"
    paragraphs = record.body.split("\n")
    assert paragraphs[0].startswith("أعلنت الحكومة الكويتية، اليوم الجمعة، خطة خمسية")
    assert paragraphs[-1] == "ومن المقرر أن تعرض الخطة على مجلس الأمة لإقرارها في دور الانعقاد المقبل."
    assert len(paragraphs) == 4
    for boilerplate in ("<", "dataLayer", "الرئيسية", "أسعار النفط تتراجع", "أضف تعليقك", "جميع الحقوق"):
        assert boilerplate not in record.body


def test_metadata(record) -> None:
    # the canonical link wins over og:url and over the URL the page was read from
    assert record.url == "https://www.example.com.kw/ar/news/2024/09/الكويت-خطة-تنويع-الدخل?utm_source=x"
    assert record.published_at == datetime(2024, 9, 20, 7, 30, tzinfo=UTC)
    assert record.author == "سارة العلي"
    assert record.source == "كونا نيوز"
    assert record.summary == "أعلنت الحكومة الكويتية خطة خمسية لتنويع مصادر الدخل."
    assert record.keywords == ["الكويت", "الاقتصاد", "النفط"]


PAGE = """<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>
<p>هذه فقرة أولى طويلة بما يكفي ليعدها المستخرج نصا رئيسيا للمقال وليس مجرد حشو في الصفحة.</p>
<p>وهذه فقرة ثانية تكمل الخبر وتضيف تفاصيل أخرى عن الموضوع الذي يتناوله المقال المنشور هنا.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("head", "given", "expected"),
    [
        ("", "https://site.example/a", "https://site.example/a"),
        ('<link rel="canonical" href="/news/1">', "https://site.example/a", "https://site.example/news/1"),
        ('<link rel="Canonical" href="https://other.example/b">', None, "https://other.example/b"),
        ('<link rel="canonical" href="javascript:void(0)">', "https://site.example/a", "https://site.example/a"),
    ],
)
def test_url_choice(head: str, given: str | None, expected: str) -> None:
    record = read_html(PAGE.format(title="عنوان الصفحة", head=head), url=given)
    assert record.url == expected


def test_source_falls_back_to_the_host() -> None:
    record = read_html(PAGE.format(title="عنوان", head=""), url="https://www.site.example/a")
    assert record.source == "site.example"


@pytest.mark.parametrize(
    "html",
    ["", "<html><body></body></html>", "<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>"],
)
def test_page_without_text_is_an_error(html: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_html(html, url=None)
    assert str(caught.value).startswith("ingest: ")


def test_fast_mode_first_and_the_fallbacks_only_for_a_short_text(monkeypatch) -> None:
    """trafilatura's ``fast`` mode is tried first; a page where it finds less than
    ``FAST_ENOUGH_CHARS`` is extracted again with trafilatura's fallback extractors."""
    from khabar.ingest import html_page

    calls: list[bool] = []
    extract = html_page.trafilatura.bare_extraction

    def spy(*args, fast: bool, **kwargs):  # noqa: ANN202
        calls.append(fast)
        return extract(*args, fast=fast, **kwargs)

    monkeypatch.setattr(html_page.trafilatura, "bare_extraction", spy)
    html = FIXTURE.read_text(encoding="utf-8")
    short = read_html(html, url=None)  # the fixture's body is shorter than FAST_ENOUGH_CHARS
    assert len(short.body) < html_page.FAST_ENOUGH_CHARS and calls == [True, False]
    calls.clear()
    monkeypatch.setattr(html_page, "FAST_ENOUGH_CHARS", 100)
    assert read_html(html, url=None) == short and calls == [True]

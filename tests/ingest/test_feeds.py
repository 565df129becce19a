from datetime import datetime, timezone
from pathlib import Path

import pytest

from khabar.errors import IngestError
from khabar.ingest.feeds import read_feed

FIXTURES = Path(__file__).parent / "fixtures"
UTC = timezone.utc


def records(name: str) -> list:
    return list(read_feed((FIXTURES / name).read_bytes(), origin=name))


def test_rss2() -> None:
    first, second, third = records("rss2.xml")  # the item without title or text is skipped
    assert first.title == "قتلى من عناصر مليشيا الحوثي في مقبنة غربي تعز"
    assert first.body == (
        "لقي 3 عناصر من مليشيا الحوثي مصرعهم بنيران الجيش الوطني غربي تعز.\n"
        "وقال مصدر عسكري لوكالة سبأ إن أحد أفراد الميليشيا لقي مصرعه.\n"
        "وأصيب اثنان آخران."
    )
    assert first.summary == "لقي 3 عناصر من مليشيا الحوثي مصرعهم بنيران الجيش الوطني."
    assert first.url == "https://www.skynewsarabia.com/web/article/1026093?utm_source=rss&utm_medium=feed"
    assert first.guid == "SK-1026093"
    assert first.author == "أبوظبي - سكاي نيوز عربية"
    assert first.published_at == datetime(2018, 3, 1, 1, 0, 38, tzinfo=UTC)
    assert first.category == "الشرق الأوسط"
    assert first.keywords == ["الشرق الأوسط", "اليمن"]
    assert first.source == "سكاي نيوز عربية - الشرق الأوسط"
    assert first.source_url == "https://www.skynewsarabia.com/middle-east"
    # no content:encoded: the description is the body; +0400 converted to UTC
    assert second.body == second.summary == (
        "ارتفعت معظم أسواق الأسهم الخليجية في التعاملات المبكرة & صعد المؤشر السعودي 0.5 بالمئة."
    )
    assert second.published_at == datetime(2018, 3, 1, 0, 30, 44, tzinfo=UTC)
    assert second.guid is None and second.category is None
    # a date feedparser cannot read goes through parse_date
    assert third.published_at == datetime(2024, 9, 20, 10, 30, tzinfo=UTC)


def test_rss1() -> None:
    (item,) = records("rss1.rdf")
    assert item.title == "البرلمان يصادق على مشروع قانون المالية"
    assert item.body == "صادق مجلس النواب بالأغلبية على الجزء الأول من مشروع قانون المالية لسنة 2025."
    assert item.url == "https://www.example.ma/politique/100.html"
    assert item.published_at == datetime(2024, 11, 15, 20, 10, tzinfo=UTC)
    assert item.author == "الرباط - هسبريس"
    assert item.category == "سياسة"
    assert item.source == "هسبريس"
    assert item.source_url == "https://www.example.ma/"


def test_atom() -> None:
    full, short = records("atom.xml")
    assert full.title == "مقتل مواطن من بوركينا فاسو ضرباً في فرنسا"
    assert full.body == "توفي رجل من بوركينا فاسو بعد تعرضه للضرب في شمال فرنسا.\nوفتحت النيابة العامة تحقيقاً في الحادث."
    assert full.summary == "توفي رجل من بوركينا فاسو بعد تعرضه للضرب."
    assert full.url == "https://www.france24.com/ar/20180519-فرنسا-بوركينا-فاسو"
    assert full.guid == "tag:france24.com,2018:1246"
    assert full.author == "مها بن عبد العظيم"
    assert full.published_at == datetime(2018, 5, 19, 8, 15, tzinfo=UTC)
    assert full.category == "internationalNews"
    assert full.source == "فرانس 24 - الأخبار الدولية"
    assert full.source_url == "https://www.france24.com/ar/"
    assert short.body == short.summary == "ملخص الخبر فقط."
    assert short.published_at == datetime(2018, 5, 19, 11, 30, tzinfo=UTC)  # from <updated>


def test_json_feed() -> None:
    first, second = records("feed.json")  # the item with neither title nor text is skipped
    assert first.title == "نيمار يخضع لجراحة ناجحة في القدم"
    assert first.body == "خضع النجم البرازيلي نيمار لجراحة ناجحة في القدم اليمنى.\nويغيب اللاعب عن الملاعب لمدة شهرين."
    assert first.summary == "خضع نيمار لجراحة ناجحة."
    assert first.url == "https://www.alarabiya.net/ar/sport/2018/03/09/نيمار-يخضع-لجراحة"
    assert first.guid == "AL-sport-506-20180309"
    assert first.author == "دبي - العربية.نت"
    assert first.published_at == datetime(2018, 3, 9, 14, 20, tzinfo=UTC)
    assert first.category == "رياضة"
    assert first.keywords == ["رياضة", "نيمار", "باريس سان جيرمان"]
    assert first.source == "العربية.نت - رياضة"
    assert first.source_url == "https://www.alarabiya.net/sport"
    assert second.body == "سطر أول.\nسطر ثان."
    assert second.published_at == datetime(2018, 3, 10, 8, 0, tzinfo=UTC)


BROKEN = [
    b"<rss version='2.0'><channel><title>x</title><<<",
    b"<rss version='2.0'><channel><title>x</title><item><title>unclosed",
    b"this is not a feed at all",
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "no items"}',
]


@pytest.mark.parametrize("data", BROKEN)
def test_broken_feeds_raise_a_clear_ingest_error(data: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        list(read_feed(data, origin="broken.xml"))
    message = str(caught.value)
    assert message.startswith("ingest: ") and ("feed" in message.lower())


def test_truncated_feed_keeps_what_it_could_read() -> None:
    data = ("<rss version='2.0'><channel><title>x</title><item><title>خبر كامل</title>"
            "<description>نص</description></item><item><title>خبر مقطوع").encode()
    assert [r.title for r in read_feed(data, origin="x.xml")] == ["خبر كامل"]


def test_bozo_feed_with_entries_is_still_read() -> None:
    data = ("<rss version='2.0'><channel><title>t</title><item><title>خبر</title>"
            "<description>نص &nbsp; الخبر</description></item></channel></rss>").encode()
    (item,) = list(read_feed(data, origin="x.xml"))
    assert item.title == "خبر" and item.body == "نص الخبر"

import gzip
import json
from datetime import datetime, timezone
from pathlib import Path

from khabar.arabic.dateline import Dateline
from khabar.ingest import read_file
from khabar.ingest.jsonl import read_jsonl
from khabar.store.records import ArticleRecord, ReadProblem

FIXTURE = Path(__file__).parent / "fixtures" / "articles.jsonl"
UTC = timezone.utc


def split(items: list) -> tuple[list[ArticleRecord], list[ReadProblem]]:
    return ([i for i in items if isinstance(i, ArticleRecord)],
            [i for i in items if isinstance(i, ReadProblem)])


def test_fixture_records_and_problems() -> None:
    records, problems = split(list(read_file(FIXTURE)))
    assert [r.title for r in records] == [
        "قتلى من عناصر مليشيا الحوثي في مقبنة غربي تعز", "نيمار يخضع لجراحة", "خبر بصيغة أخرى", "عنوان فقط",
    ]
    assert [(p.line, p.path) for p in problems] == [(3, str(FIXTURE)), (6, str(FIXTURE)), (7, str(FIXTURE))]
    assert problems[0].message.startswith("ingest: invalid JSON on line 3: ")
    assert "expected a JSON object" in problems[1].message
    assert "neither a title nor a text" in problems[2].message
    assert str(problems[0]).startswith(f"{FIXTURE}:3: ingest: invalid JSON on line 3")


def test_ant_style_record() -> None:
    sky = split(list(read_file(FIXTURE)))[0][0]
    assert sky.source == "skynews"
    assert sky.url == "https://www.skynewsarabia.com/web/article/1026093"
    assert sky.published_at == datetime(2018, 3, 1, 1, 0, 38, tzinfo=UTC)  # time_utc
    assert sky.author == "أبوظبي - سكاي نيوز عربية"
    assert sky.dateline == Dateline("أبوظبي", "سكاي نيوز عربية")
    assert sky.category == "middleEast"
    assert sky.summary.startswith("لقي 3 عناصر")
    assert sky.guid == "SK-middleEast-149-20180301"
    assert sky.body.split("\n") == [
        "لقي 3 عناصر من مليشيا الحوثي الإيرانية مصرعهم بنيران الجيش الوطني غربي تعز.",
        "وقال مصدر عسكري لوكالة الأنباء اليمنية (سبأ) إن أحد افراد ميليشيا الانقلاب لقي مصرعه.",
        "وأضاف أن القتال مستمر.",
    ]


def test_other_key_names_and_fallbacks() -> None:
    records = split(list(read_file(FIXTURE)))[0]
    alarabiya, other, headline_only = records[1], records[2], records[3]
    # no time_utc: the RFC 822 "time" is read; empty author/abstract become None
    assert alarabiya.published_at == datetime(2018, 3, 9, 14, 20, tzinfo=UTC)
    assert alarabiya.author is None and alarabiya.summary is None and alarabiya.dateline is None
    assert other.body == "فقرة أولى.\nفقرة ثانية."  # HTML content turned into text
    assert other.url == "https://example.com/a"
    assert other.source == "مثال"
    assert other.published_at == datetime(2024, 9, 20, tzinfo=UTC)
    assert other.summary == "ملخص" and other.guid == "x-1"
    assert other.keywords == ["اقتصاد", "نفط", "أوبك"]
    assert headline_only.body == "" and headline_only.keywords == ["أ", "ب"]
    assert headline_only.published_at == datetime(2024, 9, 20, 10, 30, tzinfo=UTC)  # epoch seconds


def test_gzip_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for n in range(2000):
            f.write(json.dumps({"title": f"خبر {n}", "text": "نص"}, ensure_ascii=False) + "\n")
    items = read_file(path)
    assert next(items).title == "خبر 0"  # a generator: the first record comes before the rest is read
    assert sum(1 for _ in items) == 1999


def test_read_jsonl_accepts_text_lines_and_reports_bad_utf8() -> None:
    items = list(read_jsonl(['{"title": "أ", "text": "ب"}', b"\xff\xfe{}", "", "  "], origin="x"))
    assert isinstance(items[0], ArticleRecord)
    assert isinstance(items[1], ReadProblem) and items[1].line == 2 and "not UTF-8" in items[1].message
    assert len(items) == 2

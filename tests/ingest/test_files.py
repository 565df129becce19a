import gzip
from pathlib import Path

import pytest

from khabar.ingest import iter_files, read_file
from khabar.store.records import ArticleRecord, ReadProblem

FIXTURES = Path(__file__).parent / "fixtures"


def test_iter_files_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.jsonl", "a/c.xml", ".hidden.txt", ".git/config", "a/.cache/x.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    single = tmp_path / "b.txt"
    found = list(iter_files([tmp_path, single, tmp_path / "missing.txt"]))
    assert found == [tmp_path / "a/c.xml", tmp_path / "a/z.jsonl", tmp_path / "b.txt",
                     single, tmp_path / "missing.txt"]


@pytest.mark.parametrize(
    ("name", "count", "title"),
    [
        ("rss2.xml", 3, "قتلى من عناصر مليشيا الحوثي في مقبنة غربي تعز"),
        ("rss1.rdf", 1, "البرلمان يصادق على مشروع قانون المالية"),
        ("atom.xml", 2, "مقتل مواطن من بوركينا فاسو ضرباً في فرنسا"),
        ("feed.json", 2, "نيمار يخضع لجراحة ناجحة في القدم"),
        ("article.html", 1, "الكويت تعلن خطة لتنويع مصادر الدخل"),
        ("dump_two_teasers.txt", 3, "السعودية تطلق مشروعاً جديداً للطاقة الشمسية في نيوم"),
    ],
)
def test_read_file_dispatches_on_format(name: str, count: int, title: str, tmp_path: Path) -> None:
    items = list(read_file(FIXTURES / name))
    assert all(isinstance(i, ArticleRecord) for i in items)
    assert len(items) == count and items[0].title == title
    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress((FIXTURES / name).read_bytes()))
    assert [r.title for r in read_file(packed)] == [r.title for r in items]


def test_windows_1256_dump(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("عنوان قديم\nنص بترميز ويندوز العربي.".encode("windows-1256"))
    (record,) = read_file(path)
    assert record.title == "عنوان قديم" and record.body == "نص بترميز ويندوز العربي."


def one_problem(path: Path, **kwargs) -> ReadProblem:
    items = list(read_file(path, **kwargs))
    assert len(items) == 1 and isinstance(items[0], ReadProblem), items
    assert items[0].path == str(path) and items[0].message.startswith("ingest: ")
    return items[0]


def test_problems_are_reported_not_raised(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 10)
    assert "not a supported format (looks like binary data)" in one_problem(binary).message

    png = tmp_path / "img.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert "PNG image" in one_problem(png).message

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 3000)
    assert one_problem(big, max_bytes=2048).message == "ingest: file too large (3 KB > 2 KB limit)"

    # JSON Lines is a record stream: no total cap (issue 20 item 14), a cap per record
    stream = tmp_path / "stream.jsonl.gz"
    stream.write_bytes(gzip.compress(b'{"title": "x"}\n' * 1000))
    items = list(read_file(stream, max_bytes=1024))
    assert sum(isinstance(i, ArticleRecord) for i in items) == 1000
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b'{"title": "x"}\n{"title": "' + b"x" * 10**6 + b'"}\n{"title": "y"}'))
    items = list(read_file(bomb, max_record_bytes=1024))
    assert [type(i).__name__ for i in items] == ["ArticleRecord", "ReadProblem", "ArticleRecord"]
    assert items[1].line == 2 and "longer than the 1,024 bytes" in items[1].message

    html_bomb = tmp_path / "page.html.gz"
    html_bomb.write_bytes(gzip.compress(b"<html><body>" + b"<p>x</p>" * 1000))
    assert "decompressed data too large" in one_problem(html_bomb, max_bytes=1024).message

    fake_gz = tmp_path / "fake.jsonl.gz"
    fake_gz.write_bytes(b"not gzip at all")
    assert "not a valid gzip file" in one_problem(fake_gz).message

    assert "no such file" in one_problem(tmp_path / "missing.xml").message
    assert "not a regular file" in one_problem(tmp_path).message

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "empty" in one_problem(empty).message

    no_text = tmp_path / "blank.html"
    no_text.write_text("<html><body><nav>x</nav></body></html>")
    assert "no article text" in one_problem(no_text).message

    broken_feed = tmp_path / "broken.xml"
    broken_feed.write_text("<rss version='2.0'><channel><title>x</title><<<")
    assert "not a readable feed" in one_problem(broken_feed).message


def test_records_without_url_get_a_stable_content_guid(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text("عنوان\nنص الخبر.", encoding="utf-8")
    first = [r.guid for r in read_file(path)]
    again = [r.guid for r in read_file(path)]
    assert first == again and first[0].startswith("sha256:") and len(first[0]) == 39
    records = list(read_file(FIXTURES / "dump_two_teasers.txt"))
    assert records[0].guid is None  # it has a URL
    assert all(r.guid and r.guid.startswith("sha256:") for r in records[1:])
    assert len({r.guid for r in records[1:]}) == 2

import codecs

import pytest

from khabar.errors import UnsupportedFormat
from khabar.ingest.decode import decode, declared_encoding
from khabar.ingest.detect import detect_format

ARABIC = "أعلنت الحكومة خطة جديدة"

FORMATS = [
    ("page.html", b"<!DOCTYPE html><html lang='ar'><head>", "html"),
    ("page.bin", b"  \n<html dir='rtl'><body>", "html"),
    ("page.html", b"\xef\xbb\xbf<!doctype html>", "html"),
    ("page.htm", "<div>نص</div>".encode(), "html"),
    ("page.html", "نص عادي بلا وسوم".encode(), "html"),  # the name decides when content does not
    ("feed.xml", b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">', "feed"),
    ("feed", b"<?xml version='1.0'?><!-- generated --><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
    ("x.rdf", b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "feed"),
    ("feed.txt", b"<rss version='0.91'><channel>", "feed"),  # content beats the name
    ("feed.json", b'{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}', "jsonfeed"),
    ("feed.json", b'{\n  "version":"http://jsonfeed.org/version/1",\n  "items": []\n}', "jsonfeed"),
    ("a.jsonl", b'{"title": "x"}\n{"title": "y"}\n', "jsonl"),
    ("a.json", b'{"title": "x", "version": "2"}\n', "jsonl"),
    ("a.dat", b'\n\n{"title": "x"}', "jsonl"),
    ("dump.txt", ARABIC.encode(), "pagedump"),
    ("dump", ARABIC.encode("windows-1256"), "pagedump"),
    ("a.jsonl", b'{"title": "' + b"x" * 70_000, "jsonl"),  # first line longer than the head
]


@pytest.mark.parametrize(("name", "head", "expected"), FORMATS)
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


UNSUPPORTED = [
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
    ("doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", "PDF"),
    ("a.zip", b"PK\x03\x04\x14\x00", "ZIP"),
    ("blob.txt", b"abc\x00\x01\x02def", "binary data"),
    ("blob", bytes(range(1, 32)) * 20, "binary data"),
    ("sitemap.xml", b'<?xml version="1.0"?><urlset xmlns="x">', "<urlset>"),
    ("list.json", b'[{"title": "x"}]', "JSON array"),
    ("empty.txt", b"   \n ", "empty"),
    ("notes.md", "# عنوان\nنص".encode(), "a .md text file"),
    ("meta.info", b'{\n  "page.html": {"url": "x"}\n}', "neither JSON Lines nor a JSON Feed"),
]


@pytest.mark.parametrize(("name", "head", "reason"), UNSUPPORTED)
def test_unsupported_formats(name: str, head: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        detect_format(name, head)
    assert str(caught.value).startswith("ingest: not a supported format")
    assert reason in str(caught.value)


def test_utf16_text_is_not_binary() -> None:
    assert detect_format("dump.txt", codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le")) == "pagedump"


DECODE = [
    (ARABIC.encode("utf-8"), ARABIC),
    (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), ARABIC),
    (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), ARABIC),
    (ARABIC.encode("windows-1256"), ARABIC),
    (f'<meta charset="iso-8859-6"><p>{ARABIC}</p>'.encode("iso-8859-6"), f'<meta charset="iso-8859-6"><p>{ARABIC}</p>'),
    (f'<?xml version="1.0" encoding="windows-1256"?><rss>{ARABIC}'.encode("cp1256"),
     f'<?xml version="1.0" encoding="windows-1256"?><rss>{ARABIC}'),
    # declared windows-1256 but sent as UTF-8: UTF-8 wins
    (f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">{ARABIC}'.encode(),
     f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">{ARABIC}'),
]


@pytest.mark.parametrize(("data", "text"), DECODE)
def test_decode(data: bytes, text: str) -> None:
    assert decode(data) == text


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b'<?xml version="1.0" encoding="ISO-8859-6"?>', "iso8859-6"),
        (b'<meta charset="windows-1256">', "cp1256"),
        (b'<meta http-equiv="content-type" content="text/html; charset=UTF-8">', "utf-8"),
        (b'<meta charset="no-such-charset">', None),
        (b"<html><body>", None),
    ],
)
def test_declared_encoding(head: bytes, encoding: str | None) -> None:
    assert declared_encoding(head) == encoding

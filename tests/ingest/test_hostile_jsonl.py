"""Issue 20, items 5, 11 and 14: JSON Lines that lost the rest of the file, or all of it."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

from khabar.ingest import read_file
from khabar.store.records import ArticleRecord, ReadProblem

GOOD = '{"title": "خبر %d", "text": "نص الخبر %d"}'


def kinds(items: list) -> list[str]:
    return ["R" if isinstance(i, ArticleRecord) else "P" for i in items]


def test_deep_nesting_is_one_bad_line_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = [GOOD % (1, 1), "[" * 100_000 + "]" * 100_000,
             '{"title": ' + "[" * 600 + '"x"' + "]" * 600 + ', "text": "نص"}',
             '{"title": "t", "text": "b", "author": ' + '{"name": ' * 900 + '"x"' + "}" * 900 + "}",
             GOOD % (2, 2)]
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    started = time.monotonic()
    items = list(read_file(path))
    assert time.monotonic() - started < 5
    records = [i for i in items if isinstance(i, ArticleRecord)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert records[0].title == "خبر 1" and records[-1].title == "خبر 2"
    assert problems and problems[0].line == 2 and "nested too deeply" in problems[0].message
    assert all(p.line for p in problems)


def test_nul_bytes_do_not_make_a_jsonl_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_bytes(b'{"title": "\xd8\xb9\x00", "text": "x"}\n'
                     + '{"title": "عنوان\\u0000مع", "text": "نص"}\n'.encode()
                     + (GOOD % (3, 3)).encode())
    items = list(read_file(path))
    assert kinds(items) == ["R", "R", "R"]
    assert items[0].title == "ع"
    assert items[1].title == "عنوان\x00مع"  # cleaned by prepare_record, for both stores alike
    assert items[2].title == "خبر 3"


def test_a_file_larger_than_the_document_cap_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    rows = "\n".join(GOOD % (n, n) for n in range(3000)).encode()
    path.write_bytes(gzip.compress(rows))
    items = list(read_file(path, max_bytes=10_000, max_record_bytes=10_000))
    assert kinds(items) == ["R"] * 3000


def test_an_over_long_record_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join([GOOD % (1, 1), '{"title": "' + "x" * 50_000 + '"}', GOOD % (3, 3)]),
                    encoding="utf-8")
    items = list(read_file(path, max_record_bytes=10_000))
    assert kinds(items) == ["R", "P", "R"]
    assert items[1].line == 2 and "longer than" in items[1].message


def test_binary_junk_lines_do_not_refuse_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.jsonl"
    path.write_bytes((GOOD % (1, 1)).encode() + b"\n" + b"\x00\x01\x02\x03\xff\xfe" * 50 + b"\n"
                     + (GOOD % (2, 2)).encode())
    items = list(read_file(path))
    assert kinds(items) == ["R", "P", "R"]
    assert items[1].line == 2

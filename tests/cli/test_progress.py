"""Progress lines off a terminal: every few seconds, with the rate and the time left."""

from khabar.cli.progress import PlainLines


def test_plain_lines_come_every_few_seconds_with_rate_and_time_left():
    now = [0.0]
    lines: list[str] = []
    update = PlainLines("re-indexing", every=10, clock=lambda: now[0], emit=lines.append)
    now[0] = 4.0
    update(400, 2000)
    assert lines == []  # not yet 10 s since the start
    now[0] = 10.0
    update(1000, 2000)
    now[0] = 15.0
    update(1500, 2000)  # 5 s after the last line: quiet
    now[0] = 20.0
    update(1900, 2000, "articles")
    assert lines == [
        "re-indexing: 1,000 / 2,000 articles, 100/s, about 10 s left",
        "re-indexing articles: 1,900 / 2,000 articles, 95/s, about 1 s left",
    ]


def test_without_a_total_a_line_gives_the_count_and_rate():
    now = [0.0]
    lines: list[str] = []
    update = PlainLines("importing", every=1, clock=lambda: now[0], emit=lines.append)
    now[0] = 3725.0
    update(7450, None, "ant.jsonl.gz")
    assert lines == ["importing ant.jsonl.gz: 7,450 articles, 2/s"]
    assert PlainLines("x").line(10, 100, "", PlainLines("x").started + 5000.0).endswith(
        "about 12 h 30 min left")

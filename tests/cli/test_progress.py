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


def test_log_lines_go_above_a_live_bar(monkeypatch):
    # While a bar is live, rich proxies stderr; a log handler writing to the real stderr is
    # pointed at the proxy (printed above the bar, not across it), and back afterwards.
    import io
    import logging
    import sys

    from khabar.cli import progress

    real = io.StringIO()
    proxy = type("Proxy", (io.StringIO,), {"rich_proxied_file": real})()
    handler = logging.StreamHandler(real)
    logging.getLogger().addHandler(handler)
    monkeypatch.setattr(sys, "stderr", proxy)
    try:
        with progress._logs_above():
            assert handler.stream is proxy
        assert handler.stream is real
    finally:
        logging.getLogger().removeHandler(handler)


def test_a_rebuild_at_start_gets_a_bar_on_a_terminal_only(monkeypatch):
    from khabar.cli import progress

    monkeypatch.setattr(type(progress.err), "is_terminal", property(lambda self: True))
    assert progress.terminal_bar() is progress.progress_of
    monkeypatch.setattr(type(progress.err), "is_terminal", property(lambda self: False))
    assert progress.terminal_bar() is None

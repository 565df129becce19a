"""Progress of a long command on stderr: one live line on a terminal, and a plain line every
``EVERY`` seconds otherwise (a log, a pipe, cron), each with the rate and, when the total is
known, the time left. Used by import, copy, reindex and recluster, and by a rebuild of the
search index at start (``terminal_bar``: the store logs its progress when stderr is no
terminal). While a bar is live, log lines are printed above it, not across it.

    with progress_of("re-indexing", unit="articles") as update:
        store.reindex(lambda done, total: update(done, total))
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from khabar.cli.console import err
from khabar.store.reindex import ProgressBar

#: seconds between two plain progress lines (stderr not a terminal)
EVERY = 10.0

#: (done, total or None, what is being done now or "")
Update = Callable[..., None]


@contextmanager
def progress_of(label: str, *, unit: str = "articles", every: float | None = None,
                terminal: bool | None = None) -> Iterator[Update]:
    """An ``update(done, total=None, detail="")`` to call as work is done (see the module
    docstring). ``terminal`` defaults to whether stderr is one."""
    if terminal if terminal is not None else err.is_terminal:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                   TimeRemainingColumn())
        with Progress(*columns, console=err, transient=False) as bar, _logs_above():
            task: TaskID = bar.add_task(label, total=None, rate="")
            started = time.monotonic()

            def live(done: int, total: int | None = None, detail: str = "") -> None:
                rate = done / max(time.monotonic() - started, 1e-9)
                bar.update(task, completed=done, total=total or None,
                           description=f"{label} {detail}".strip(), rate=f"{rate:,.0f} {unit}/s")

            yield live
        return
    yield PlainLines(label, unit=unit, every=every)


def terminal_bar() -> ProgressBar | None:
    """``progress_of`` when stderr is a terminal (the store shows a rebuild at start on it),
    else None: the store's own log lines tell the progress then."""
    return progress_of if err.is_terminal else None


@contextmanager
def _logs_above() -> Iterator[None]:
    """Log handlers writing to the terminal write through the live bar meanwhile (rich's
    proxy of stderr), so a line logged by another thread (the web server) goes above the bar."""
    proxy = sys.stderr
    real = getattr(proxy, "rich_proxied_file", None)
    moved = [h for h in logging.getLogger().handlers
             if real is not None and isinstance(h, logging.StreamHandler) and h.stream is real]
    for handler in moved:
        handler.setStream(proxy)
    try:
        yield
    finally:
        for handler in moved:
            handler.setStream(real)


class PlainLines:
    """A line such as ``re-indexing: 5,000 / 14,474 articles, 812/s, about 12 s left`` every
    ``every`` seconds, and one at the end (``finish``) when a line was printed before."""

    def __init__(self, label: str, *, unit: str = "articles", every: float | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 emit: Callable[[str], None] | None = None) -> None:
        self.label, self.unit, self.clock = label, unit, clock
        self.every = EVERY if every is None else every
        self.emit = emit or (lambda line: err.print(line, highlight=False, soft_wrap=True))
        self.started = self.last = clock()

    def __call__(self, done: int, total: int | None = None, detail: str = "") -> None:
        now = self.clock()
        if now - self.last < self.every:
            return
        self.last = now
        self.emit(self.line(done, total, detail, now))

    def line(self, done: int, total: int | None, detail: str, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        text = f"{self.label}{' ' + detail if detail else ''}: {done:,}"
        text += f" / {total:,} {self.unit}" if total else f" {self.unit}"
        text += f", {rate:,.0f}/s"
        if total and rate > 0 and done < total:
            text += f", about {_duration((total - done) / rate)} left"
        return text


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"

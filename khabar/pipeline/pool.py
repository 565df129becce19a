"""Records prepared by worker processes for one writer: every core busy on the CPU-bound work
of an import (cleaning, tags, fingerprints, the text analysis stories need), one process
writing, in arrival order.

``prepare_stream(items, tagger, job, processes=N)`` takes ``(record, tag)`` pairs as they are
read and yields ``(Prepared, tag)`` in the same order. Records go in *chunks* of ``CHUNK``;
every record of chunk *c* is tagged against what the tagger knew after chunk *c* − ``LAG``
(plus the record itself: see ``Tagger(deferred=True)``), and what a chunk teaches (term
counts, names found by a cue) is learned, in order, once the chunk is done — by the writer's
tagger and by each worker's copy alike. A record's tags therefore depend on the chunk it falls
in, never on which process tagged it or when: ``processes=1`` (everything in this process) and
``processes=N`` store the same articles, stories and tags.

Memory stays flat: at most ``LAG`` chunks are in flight, and the input is read as it goes.
On Linux workers are forked, so they start with the tagger as it is (no copy sent).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import signal
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from khabar.enrich.stories import TextAnalysis, analyze_item_text
from khabar.enrich.tagger import Observation, Tagger
from khabar.errors import KhabarError
from khabar.pipeline.prepare import prepare_record
from khabar.store import ArticleRecord

log = logging.getLogger(__name__)

#: records tagged against one state of the tagger
CHUNK = 100
#: chunks in flight: a chunk is tagged knowing the chunks up to ``LAG`` before it
LAG = 5
#: records per task handed to a worker (smaller: better balance, more messages)
TASK = 20
#: seconds between two checks that the workers are alive while waiting for a result
WAIT = 1.0

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Job:
    """What preparing a record needs besides the record (``importer.prepare_record``)."""

    source: str | None
    fetched_at: datetime
    max_body_chars: int


@dataclass(slots=True)
class Prepared:
    """A record ready to store, with its text analyzed for stories."""

    record: ArticleRecord
    analysis: TextAnalysis


def default_processes() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare(record: ArticleRecord, tagger: Tagger, job: Job) -> Prepared:
    record = prepare_record(record, job.source, job.fetched_at, tagger=tagger,
                            max_body_chars=job.max_body_chars)
    return Prepared(record, analyze_item_text(record.title, record.body))


def prepare_stream(items: Iterable[tuple[ArticleRecord, T]], tagger: Tagger, job: Job, *,
                   processes: int = 1) -> Iterator[tuple[Prepared, T]]:
    """``items`` prepared, in order (see the module docstring). ``tagger`` ends knowing
    every record prepared, as if it had tagged them itself."""
    deferred = tagger.deferred
    tagger.deferred = True
    preparer: _InProcess | _Pool = (_InProcess(tagger, job) if processes <= 1
                                    else _Pool(tagger, job, processes))
    chunks = _chunks(iter(items))
    in_flight: deque[tuple[int, list[T]]] = deque()
    number = 0
    try:
        for chunk in chunks:
            preparer.submit(number, [r for r, _ in chunk])
            in_flight.append((number, [t for _, t in chunk]))
            number += 1
            if number >= LAG:
                break
        while in_flight:
            done, tags = in_flight.popleft()
            prepared, observations = preparer.result(done)
            preparer.share(observations)
            chunk = next(chunks, None)
            if chunk is not None:
                preparer.submit(number, [r for r, _ in chunk])
                in_flight.append((number, [t for _, t in chunk]))
                number += 1
            yield from zip(prepared, tags)
    finally:
        preparer.close()
        tagger.deferred = deferred


def _chunks(items: Iterator[tuple[ArticleRecord, T]]) -> Iterator[list[tuple[ArticleRecord, T]]]:
    chunk: list[tuple[ArticleRecord, T]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _InProcess:
    """Chunks prepared here, as they are submitted, by the writer's own tagger."""

    def __init__(self, tagger: Tagger, job: Job) -> None:
        self.tagger, self.job = tagger, job
        self.done: dict[int, tuple[list[Prepared], list[Observation]]] = {}

    def submit(self, number: int, records: list[ArticleRecord]) -> None:
        prepared = [prepare(r, self.tagger, self.job) for r in records]
        self.done[number] = (prepared, self.tagger.take_observations())

    def result(self, number: int) -> tuple[list[Prepared], list[Observation]]:
        return self.done.pop(number)

    def share(self, observations: list[Observation]) -> None:
        self.tagger.learn_from(observations)

    def close(self) -> None:
        self.done.clear()


class _Pool:
    """Worker processes, each with a copy of the tagger, taking tasks from one queue; what a
    chunk teaches goes to every worker through its own queue, in chunk order."""

    def __init__(self, tagger: Tagger, job: Job, processes: int) -> None:
        self.tagger = tagger
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.tasks: Any = context.Queue()
        self.results: Any = context.Queue()
        self.controls: list[Any] = [context.Queue() for _ in range(processes)]
        self.parts: dict[int, int] = {}
        self.received: dict[tuple[int, int], tuple[list[Prepared], list[Observation]]] = {}
        self.workers = [
            context.Process(target=_work, args=(tagger, job, self.tasks, control, self.results),
                            name=f"khabar-prepare-{i + 1}", daemon=True)
            for i, control in enumerate(self.controls)
        ]
        for worker in self.workers:
            worker.start()

    def submit(self, number: int, records: list[ArticleRecord]) -> None:
        # chunk ``number`` is tagged knowing chunks 0 … number - LAG: that many shares
        need = max(0, number - LAG + 1)
        parts = [records[i:i + TASK] for i in range(0, len(records), TASK)]
        self.parts[number] = len(parts)
        for part, batch in enumerate(parts):
            self.tasks.put((number, part, need, batch))

    def result(self, number: int) -> tuple[list[Prepared], list[Observation]]:
        while any((number, p) not in self.received for p in range(self.parts[number])):
            try:
                message = self.results.get(timeout=WAIT)
            except queue.Empty:
                if not all(w.is_alive() for w in self.workers):
                    raise KhabarError("import: a worker process stopped unexpectedly") from None
                continue
            if message[0] == "error":
                raise KhabarError(f"import: preparing a record failed in a worker:\n{message[1]}")
            _, done, part, prepared, observations = message
            self.received[done, part] = (prepared, observations)
        prepared_all: list[Prepared] = []
        observations_all: list[Observation] = []
        for p in range(self.parts.pop(number)):
            prepared, observations = self.received.pop((number, p))
            prepared_all += prepared
            observations_all += observations
        return prepared_all, observations_all

    def share(self, observations: list[Observation]) -> None:
        # pickled once here, not once per worker by each queue
        shared = pickle.dumps(observations, protocol=pickle.HIGHEST_PROTOCOL)
        self.tagger.learn_from(observations)
        for control in self.controls:
            control.put(shared)

    def close(self) -> None:
        for _ in self.workers:
            self.tasks.put(None)
        for worker in self.workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
                worker.join()
        for q in (self.tasks, self.results, *self.controls):
            q.cancel_join_thread()
            q.close()


def _work(tagger: Tagger, job: Job, tasks: Any, control: Any, results: Any) -> None:
    """A worker: tasks until ``None``; before a task, the shares it needs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the writer, which stops us
    shared = 0
    tagger.deferred = True
    tagger.take_observations()
    while (task := tasks.get()) is not None:
        number, part, need, records = task
        try:
            while shared < need:
                tagger.learn_from(pickle.loads(control.get()))
                shared += 1
            prepared = [prepare(r, tagger, job) for r in records]
            results.put(("done", number, part, prepared, tagger.take_observations()))
        except Exception:  # noqa: BLE001 - sent to the writer, which stops the import
            results.put(("error", traceback.format_exc()))
            return

"""Article pages extracted and prepared in worker processes while polling (``khabar poll``
and ``khabar worker --processes N``).

Extraction (trafilatura over a page's HTML) and enrichment (cleaning, tags, quotes, the text
analysis of stories) are the CPU-heavy steps of polling; in threads they run one page at a time
under the GIL. ``complete_page`` hands both to a pool of processes instead
(``pages.prepare_page``), so every core works while the polling process fetches and stores.
``use_processes(n)`` sets the pool's size before polling; 1 (the default of the library)
extracts in a thread and prepares in the polling thread, as before. The pool's processes start from a clean
server process (``forkserver``), never forked from a polling process with its threads and
database connections; they start once and live as long as this process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from khabar.errors import IngestError, KhabarError
from khabar.ingest.html_page import read_html
from khabar.pipeline.pages import (
    PageJob, merge_page, prepare_entry, prepare_page, snapshot_for, tagger_from,
)
from khabar.pipeline.pool import Prepared
from khabar.store import ArticleRecord, Store

log = logging.getLogger(__name__)

_lock = threading.Lock()
_processes = 1
_executor: ProcessPoolExecutor | None = None


def use_processes(processes: int) -> None:
    """Extract pages in ``processes`` worker processes from now on (1: in a thread here)."""
    global _processes
    with _lock:
        _processes = max(1, processes)
        _shutdown()


def processes() -> int:
    return _processes


async def complete_page(store: Store, text: str, url: str | None, entry: ArticleRecord,
                        job: PageJob) -> Prepared:
    """``entry`` completed by its page ``text`` (fetched from ``url``) and prepared to store
    (``pages.prepare_page``), in the pool if there is one; raises ``IngestError`` when the page
    holds no article (with the same message when it ran in the pool)."""
    snapshot = await asyncio.to_thread(snapshot_for, store)
    executor = _pool()
    if executor is None:
        page = await asyncio.to_thread(read_html, text, url=url)
        return prepare_entry(merge_page(entry, page), snapshot.tagger, job)
    path = await asyncio.to_thread(snapshot.written)
    try:
        outcome = await asyncio.get_running_loop().run_in_executor(
            executor, _prepare, text, url, entry, job, path)
    except BrokenProcessPool:  # a process was killed (memory): start again, this page here
        log.warning("poll: an extraction process stopped; starting the pool again")
        with _lock:
            _shutdown()
        outcome = None
    if outcome is None:  # the pool stopped, or could not read the snapshot: this page here
        page = await asyncio.to_thread(read_html, text, url=url)
        return prepare_entry(merge_page(entry, page), snapshot.tagger, job)
    if isinstance(outcome, str):
        raise IngestError(outcome)
    return outcome


def pool_pids() -> list[int]:
    """The process ids of the pool's processes (none without a pool): for measurements."""
    with _lock:
        return [] if _executor is None else list(_executor._processes)  # noqa: SLF001


def _pool() -> ProcessPoolExecutor | None:
    global _executor
    if _processes <= 1:
        return None
    with _lock:
        if _executor is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn")
            _executor = ProcessPoolExecutor(_processes, mp_context=context,
                                            initializer=_start)
        return _executor


def _shutdown() -> None:
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=False, cancel_futures=True)
        _executor = None


def _start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the poller, which stops us


def _prepare(text: str, url: str | None, entry: ArticleRecord, job: PageJob,
             path: str) -> Prepared | str | None:
    """In a pool process: the prepared page, tagged with the snapshot written at ``path``, or
    the message of the error it raised (sent back as text: an error's own class may not cross
    processes), or None when the snapshot cannot be read (removed: a newer one replaced it)."""
    try:
        tagger = tagger_from(path)
    except OSError:
        return None
    try:
        return prepare_page(text, url, entry, tagger, job)
    except KhabarError as exc:
        return exc.detail

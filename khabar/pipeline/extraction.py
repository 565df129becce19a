"""Article pages extracted in worker processes while polling (``khabar poll`` and ``khabar
worker --processes N``).

Extraction (trafilatura over a page's HTML) is the CPU-heavy step of polling; in threads it
runs one page at a time under the GIL. ``extract_page`` hands it to a pool of processes
instead, so every core extracts while the polling process fetches, tags and stores.
``use_processes(n)`` sets the pool's size before polling; 1 (the default of the library)
extracts in a thread of this process, as before. The pool's processes start from a clean
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
from khabar.store import ArticleRecord

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


async def extract_page(text: str, url: str | None) -> ArticleRecord:
    """``read_html(text, url=url)`` in the pool (see the module docstring); raises what it
    raises (as an ``IngestError`` with the same message when it ran in the pool)."""
    executor = _pool()
    if executor is None:
        return await asyncio.to_thread(read_html, text, url=url)
    try:
        outcome = await asyncio.get_running_loop().run_in_executor(executor, _extract, text, url)
    except BrokenProcessPool:  # a process was killed (memory): start again, this page here
        log.warning("poll: an extraction process stopped; starting the pool again")
        with _lock:
            _shutdown()
        return await asyncio.to_thread(read_html, text, url=url)
    if isinstance(outcome, str):
        raise IngestError(outcome)
    return outcome


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


def _extract(text: str, url: str | None) -> ArticleRecord | str:
    """In a pool process: the page's record, or the message of the error it raised (sent
    back as text: an error's own class may not cross processes)."""
    try:
        return read_html(text, url=url)
    except KhabarError as exc:
        return exc.detail

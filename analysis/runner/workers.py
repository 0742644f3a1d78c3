"""Worker processes: what each runs for a document, how it is set up, and that it dies with the runner."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from analysis.io import WriteError

from .document import _resources, document_tables
from .parts import write_part


def _work(task: tuple) -> tuple[int, str | None]:
    """Process one document and write its part; return ``(index, problem or None)`` (what a
    worker process sends back: the runner reads the part from its file)."""
    index, problem, _ = _work_here(task)
    return index, problem

def _work_here(task: tuple) -> tuple[int, str | None, dict | None]:
    """Process one document and write its part; return ``(index, problem or None, the part's
    tables or None)``: the in-process run (``jobs=1``) assembles them as they are, without
    reading back the part it has just written."""
    index, record, key, parts, options = task
    try:
        part = write_part(Path(parts), key, document_tables(record, options))
    except WriteError:  # the disk is full: every later document would fail too, so the run stops
        raise
    except Exception as exc:  # one bad document never stops the run
        return index, pipeline_problem(exc), None
    return index, None, part

def pipeline_problem(exc: Exception) -> str:
    """The problem row of a document the pipeline failed on (here or on a Dask worker): what
    a refused input says of itself (:class:`~analysis.errors.InputError`: not a report, several
    reports in one row), else the error."""
    from analysis.errors import InputError

    if isinstance(exc, InputError):
        return exc.problem
    msg = str(exc).splitlines()[0] if str(exc) else ""
    return f"pipeline failed ({type(exc).__name__}: {msg})"

def _die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` (the runner) dies, even by SIGKILL.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
    elsewhere a daemon thread checks the parent id every second. Either way a worker already
    orphaned before this ran exits at once.
    """
    import signal
    import threading

    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    else:  # pragma: no cover - not Linux
        def watch() -> None:
            import time

            while os.getppid() == parent:
                time.sleep(1)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="die-with-parent").start()
    if os.getppid() != parent:
        os._exit(1)

def _init_worker(parent: int | None = None) -> None:
    """Set up a worker process: dies with ``parent`` (if given), dictionaries loaded, GC tuned."""
    if parent is not None:
        _die_with_parent(parent)

    import pyarrow as pa

    # The C library's allocator returns each document's Arrow buffers to the system; pyarrow's
    # default (mimalloc) kept 40-60 MiB more resident per worker (same speed). pyarrow's own
    # C++ code (IPC and CSV writers) takes the pool ARROW_DEFAULT_MEMORY_POOL named when
    # pyarrow loaded: run_corpus sets it for the workers (_worker_environment); this covers
    # the rest if a user's variable named another
    pa.set_memory_pool(pa.system_memory_pool())
    _resources()
    gc.freeze()  # the loaded dictionaries and lexicons: never garbage, never traversed again
    gc.set_threshold(*GC_THRESHOLD)

#: Garbage-collector thresholds while documents are processed. The pipeline allocates many
#: short-lived objects and few cycles; Python's default (700, 10, 10) spent ~8 % of the
#: pipeline's time collecting, these ~3 % (measured on the national corpus).
GC_THRESHOLD = (20_000, 20, 20)

@contextlib.contextmanager
def _gc_threshold(threshold):
    """Set the garbage-collector thresholds while the block runs; restore them after."""
    before = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*before)

@contextlib.contextmanager
def _worker_environment():
    """Set ``ARROW_DEFAULT_MEMORY_POOL=system`` in the environment worker processes start
    with, while the block runs (a value the user set is kept). pyarrow reads it once, when it
    loads, which in a worker is before any code of ours runs; with it, the workers' peak
    memory at 720 documents was ~45 MiB lower each."""
    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ:
        yield
        return
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    try:
        yield
    finally:
        os.environ.pop("ARROW_DEFAULT_MEMORY_POOL", None)

@contextlib.contextmanager
def _arrow_system_pool():
    """Make the C library's allocator pyarrow's default memory pool while the block runs."""
    import pyarrow as pa

    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)

def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                               initargs=(os.getpid(),))

class _Done:
    """A finished result in the shape of a future (the in-process path of ``jobs=1``)."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value

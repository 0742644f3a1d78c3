"""Running the documents on a Dask cluster: ``corpus … --scheduler ADDRESS`` and ``corpus(…, client=…)``.

The same per-document pipeline as the local workers (:func:`~analysis.runner.document.document_tables`),
run by ``dask.distributed`` workers; everything else stays in this process, the driver:

* the driver reads the inputs and sends each record to the cluster (:class:`DaskPool`, the
  pool :func:`~analysis.runner.run.run_corpus` submits to, as it submits to its local
  :class:`~concurrent.futures.ProcessPoolExecutor`);
* a worker runs the pipeline and **returns the part file's bytes**
  (:func:`~analysis.runner.parts.part_bytes`); the driver writes the part into ``OUT/parts/``
  and assembles the tables, in input order, exactly as a local run does. So the workers
  need no shared filesystem, only the same installation of the package; the parts — and so
  resuming a killed run and skipping finished documents on a rerun — live on the driver's disk;
* each worker process sets itself up once, at its first document (:func:`_set_up`: the
  segmenter's dictionary and the lexicons loaded, garbage collection tuned, as a local worker
  is by :func:`~analysis.runner.workers._init_worker`), and runs one document at a time;
* a document the pipeline fails on is a problem row, as locally; a document on which Dask
  lost its worker too often (``KilledWorker``) too, like a local worker that died;
* tables are byte-identical to a local run only if every worker runs the same code, lexicons
  and library versions: :func:`check_cluster` refuses a cluster whose workers differ from
  the driver (:func:`code_identity`), before anything is written; each task checks it again
  (workers may join later).

Dask is an optional extra (``pip install -e ".[dask]"``); nothing here imports it at module level.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from analysis.errors import InputError

from . import document as _document
from .parts import part_bytes
from .workers import _init_worker, pipeline_problem

#: The one-line problem of ``--scheduler`` without the extra installed.
DASK_MISSING = 'needs dask.distributed; pip install -e ".[dask]"'

#: Seconds to wait for the scheduler to answer, and for a first worker to join it.
CONNECT_SECONDS = 30
WORKER_WAIT_SECONDS = 60

#: Why a worker that differs from the driver is refused.
_DIFFERS = "its tables would differ from a local run's; install the same versions everywhere"


@contextlib.contextmanager
def scheduler_client(address: str | None):
    """A ``distributed.Client`` connected to the scheduler at ``address`` while the block runs
    (closed after; the cluster keeps running), or None without an address.

    Raises :class:`InputError` (``--scheduler: …``) without dask installed or when the
    scheduler does not answer; nothing is written either way.
    """
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler", DASK_MISSING) from None
    from distributed.comm import parse_address
    from distributed.comm.registry import get_backend

    try:
        get_backend(parse_address(address)[0])  # not an address: before Client, whose remains would hang at exit
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:  # not an address, refused, timed out
        raise InputError("--scheduler", f"cannot connect to a Dask scheduler at {address} ({_first_line(exc)})") from None
    with client:
        yield client

def code_identity(options: _document.Options) -> dict:
    """What must be the same on the driver and every worker for the tables to be identical:
    the fingerprint of the package's code and lexicons (the parts' key) and the versions
    ``build`` records (Python, pandas, pyarrow, OpenCC, jieba, rjieba …, the segmenter)."""
    from .build import versions

    return {"fingerprint": _document.fingerprint(options), "versions": versions()}

def _differences(worker: dict, driver: dict) -> str:
    """Name what differs between two :func:`code_identity` values, for the error message."""
    if worker.get("fingerprint") != driver["fingerprint"]:
        return "another version of the analysis package's code or lexicons"
    w, d = worker.get("versions", {}), driver["versions"]
    return ", ".join(f"{k} {w.get(k)} (here {d.get(k)})" for k in sorted(d) if w.get(k) != d.get(k))

def _first_line(exc: Exception) -> str:
    """``Type: first line of the message`` of an exception, for a one-line error."""
    msg = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__

class ClusterMismatch(Exception):
    """A worker runs other code or library versions than the driver (raised on the worker)."""

def check_cluster(client, options: _document.Options) -> int:
    """Wait for a first worker; refuse (:class:`InputError`) a cluster whose workers cannot run
    the package or run it differently from this process; return the workers' threads."""
    address = client.scheduler.address
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise InputError(address, f"no Dask worker joined the scheduler within {WORKER_WAIT_SECONDS} s") from None
    driver = code_identity(options)
    try:
        identities = client.run(code_identity, options)
    except Exception as exc:  # a worker without the package cannot even unpickle the call
        raise InputError(address, f"a Dask worker cannot run the analysis package ({_first_line(exc)}); "
                                  "install the same version on every worker") from None
    for worker, identity in sorted(identities.items()):
        if identity != driver:
            raise InputError(address, f"Dask worker {worker} runs {_differences(identity, driver)}: {_DIFFERS}")
    return max(sum(client.nthreads().values()), 1)

#: Per worker process: one document at a time (the pipeline's caches are per process), the
#: set-up done once, and the identities already checked (by options).
_LOCK = threading.Lock()
_CHECKED: dict = {}

def _set_up(options: _document.Options, expected: dict) -> None:
    """Set this worker process up at its first document; check it runs the driver's code.

    Called with :data:`_LOCK` held. A per-process initialiser rather than a WorkerPlugin:
    workers that join during a run are set up too, and nothing is registered on a cluster
    the user may share.
    """
    if not _CHECKED:
        _init_worker()  # jieba's dictionary and the lexicons loaded, GC tuned (no parent to die with)
    if options not in _CHECKED:
        _CHECKED[options] = code_identity(options)
    if _CHECKED[options] != expected:
        raise ClusterMismatch(f"runs {_differences(_CHECKED[options], expected)}")

def process_document(task: tuple, expected: dict) -> tuple:
    """Run on a Dask worker: return ``(index, None, part bytes)``, or ``(index, problem)``
    when the pipeline fails on the document."""
    index, record, key, options = task
    with _LOCK:
        _set_up(options, expected)
        try:
            return index, None, part_bytes(key, _document.document_tables(record, options))
        except Exception as exc:  # one bad document never stops the run
            return index, pipeline_problem(exc)

class DaskPool:
    """Submit documents to a Dask cluster in the shape :func:`~analysis.runner.run.run_corpus`
    uses a process pool: ``submit(fn, task)`` returns a :class:`concurrent.futures.Future` of the
    task's result; a document whose workers Dask lost too often fails with
    :class:`BrokenProcessPool` (as when a local worker dies); ``shutdown`` cancels what runs
    but leaves the client and cluster alone."""

    def __init__(self, client, options: _document.Options):
        self._client = client
        self._expected = code_identity(options)
        self._running: dict[int, object] = {}  # id of our future → Dask's (released when done)
        self._lock = threading.Lock()

    def submit(self, fn, task: tuple) -> Future:
        # ``fn`` is the local worker's function (writes the part itself): the cluster runs
        # process_document instead, which returns the part for the runner to write
        index, record, key, _parts, options = task
        ours: Future = Future()
        theirs = self._client.submit(process_document, (index, record, key, options), self._expected, pure=False)
        with self._lock:
            self._running[id(ours)] = theirs
        theirs.add_done_callback(lambda f: self._finish(ours, f))  # run in Dask's callback thread
        return ours

    def _finish(self, ours: Future, theirs) -> None:
        from distributed import KilledWorker

        with self._lock:
            self._running.pop(id(ours), None)
        if ours.done():  # cancelled by shutdown
            return
        try:
            ours.set_result(theirs.result())
        except KilledWorker as exc:
            ours.set_exception(BrokenProcessPool(f"Dask lost the worker running it too often: {exc}"))
        except ClusterMismatch as exc:
            ours.set_exception(InputError(self._client.scheduler.address, f"a Dask worker {exc}: {_DIFFERS}"))
        except BaseException as exc:  # the scheduler went away, … : the run stops (and resumes later)
            ours.set_exception(exc)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        if cancel_futures:
            with self._lock:
                running, self._running = list(self._running.values()), {}
            if running:
                with contextlib.suppress(Exception):
                    self._client.cancel(running)

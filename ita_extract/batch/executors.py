"""Where documents are extracted: a local process pool, or a Dask cluster.

Both run the same task (``pipeline.extract_task``) on one document at a time and hand each
outcome to a callback as it arrives, in whatever order documents finish (the tables are
sorted when written, so the order does not show). Each document is isolated in a process of
its own and cut off after ``timeout`` seconds: a document that hangs or crashes its process
becomes a ``failed`` outcome with the reason (failures are not stored: it is tried again on the
next run), and the batch goes on. Worker processes die with the process that started them
(``extract.readers.processes``), and so do the Tesseract processes they start; temporary
files go to a folder that the caller (local pool) or the Dask worker removes when the work
ends, whatever way it ends.

- ``run_local``: a pebble ``ProcessPool`` of N worker processes (pebble kills and replaces a
  worker whose task times out or dies, which the standard library's pool cannot).
- ``run_dask``: tasks submitted to a dask.distributed cluster (an address, or a local cluster
  started for the run). The file's bytes travel with the task, as the workers may not share
  the file system. On the worker the document runs in a child process with the same time
  limit (pebble), which needs workers that may have children: the local cluster is started
  so; a remote one needs ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` in the workers'
  environment, otherwise documents run in the worker itself without a time limit (logged).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from pebble import ProcessExpired, ProcessPool, concurrent

from extract.readers.options import ReadOptions
from extract.readers.processes import die_with_parent
from ita_extract.batch.inputs import InputError, read_input
from ita_extract.records import DocumentResult

log = logging.getLogger("ita_extract")

# Tasks in flight on a Dask cluster, per worker thread.
DASK_WINDOW_PER_THREAD = 4
DASK_HINT = "the dask executor needs dask.distributed: pip install 'ita-extract[dask]'"


@dataclass(frozen=True, slots=True)
class Task:
    """One document to extract: where it is, the SHA-256 it was hashed to, its bytes when
    the worker cannot read the path (Dask), and the limits of reading it."""

    source_path: str
    path: str
    sha256: str
    data: bytes | None = None
    read_options: ReadOptions | None = None


@dataclass(slots=True)
class Outcome:
    """What a task gave: the document's rows, or why
    there are none (time-out, crash, lost task). ``file_problem``: the error is of the file
    itself (it could not be read to be sent), not of its content."""

    result: DocumentResult | None
    error: str | None = None
    file_problem: bool = False


Work = Callable[[Task], DocumentResult]
Report = Callable[[Task, Outcome], None]


class ExecutorUnavailable(RuntimeError):
    """The chosen executor cannot run here (e.g. Dask not installed); says what to do."""


def run_local(
    work: Work,
    tasks: Iterable[Task],
    workers: int,
    timeout: float | None,
    report: Report,
    temp_dir: Path | None = None,
) -> None:
    """Run ``work`` on every task in a pool of ``workers`` processes, each task cut off after
    ``timeout`` seconds (``None``: no limit). Worker processes die with this one and keep
    their temporary files in ``temp_dir`` (the caller removes it), if given."""
    with ProcessPool(max_workers=workers, initializer=_start_worker, initargs=(temp_dir,)) as pool:
        try:
            futures = {pool.schedule(work, args=(t,), timeout=timeout): t for t in tasks}
            for future in as_completed(futures):
                report(futures[future], _outcome(future, timeout))
        except BaseException:  # the run fails (disk full, interrupted): stop the workers now
            pool.stop()
            raise


def _start_worker(temp_dir: Path | None) -> None:
    """Set up a worker process: it dies with its parent and leaves Ctrl-C to it, it ends
    quietly when stopped with SIGTERM (the pool stops its workers so, after a timeout or an
    interruption: the handler it was forked with, the command's, would raise
    KeyboardInterrupt and print a traceback), and its temporary files (Tesseract's page
    images) go to ``temp_dir``, which its parent removes even if this process is killed."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if temp_dir is not None:
        tempfile.tempdir = str(temp_dir)


def _outcome(future, timeout: float | None) -> Outcome:
    try:
        return Outcome(future.result())
    except FutureTimeout:
        return Outcome(None, f"timed out after {timeout:g} s")
    except ProcessExpired as exc:
        return Outcome(None, f"worker process died (exit code {exc.exitcode})")
    except Exception as exc:  # an error the task could not turn into a failed row
        return Outcome(None, f"internal error: {type(exc).__name__}: {exc}")


def run_dask(
    work: Work,
    tasks: Iterable[Task],
    workers: int,
    timeout: float | None,
    report: Report,
    scheduler: str | None = None,
    prepare: Callable[[], object] | None = None,
) -> None:
    """Run ``work`` on every task on a Dask cluster: the one at ``scheduler`` (an address such
    as ``tcp://10.0.0.5:8786``), or a local cluster of ``workers`` single-threaded worker
    processes started for the run. ``prepare`` runs once on every worker first: each task
    runs in a child process forked from the worker, so what ``prepare`` loads (gazetteer,
    dictionaries, glyph templates) is loaded once, not once a document.

    Raises:
        ExecutorUnavailable: dask.distributed is not installed.
    """
    try:
        import dask
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError:
        raise ExecutorUnavailable(DASK_HINT) from None
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        with dask.config.set({"distributed.worker.daemon": False}):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
        client = Client(cluster)
    try:
        if prepare is not None:
            client.run(prepare)
        # Tasks go out a window at a time, each with its file's bytes read just then: the
        # driver never holds the bytes of more than the window (a corpus may be terabytes).
        window = DASK_WINDOW_PER_THREAD * max(1, sum(client.nthreads().values()))
        pending = iter(tasks)
        in_flight: dict = {}
        finished = dask_completed()

        def submit_next() -> bool:
            task = next(pending, None)
            if task is None:
                return False
            try:
                data = read_input(Path(task.path))
            except InputError as exc:
                report(task, Outcome(None, str(exc), file_problem=True))
                return True
            future = client.submit(_isolated, work, replace(task, data=data), timeout, pure=False)
            in_flight[future] = task
            finished.add(future)
            return True

        while len(in_flight) < window and submit_next():
            pass
        for future in finished:
            task = in_flight.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # the worker itself died or the cluster lost the task
                outcome = Outcome(None, f"dask task failed: {type(exc).__name__}: {exc}")
            report(task, outcome)
            while len(in_flight) < window and submit_next():
                pass
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _isolated(work: Work, task: Task, timeout: float | None) -> Outcome:
    """On a Dask worker: run one task in a child process with a time limit when the worker
    may have children, else in the worker itself. The child's temporary files go to a folder
    of the task's, removed here when the child is done, killed or dead."""
    if multiprocessing.current_process().daemon:
        log.warning("daemonic Dask worker: %s runs without a time limit", task.source_path)
        try:
            return Outcome(work(task))
        except Exception as exc:
            return Outcome(None, f"internal error: {type(exc).__name__}: {exc}")
    fork = multiprocessing.get_context("fork")  # the worker may default to spawn (Dask does)
    with tempfile.TemporaryDirectory(prefix="ita-extract-task-") as temp_dir:
        child = concurrent.process(timeout=timeout, context=fork)(_in_child)
        return _outcome(child(work, task, Path(temp_dir)), timeout)


def _in_child(work: Work, task: Task, temp_dir: Path) -> DocumentResult:
    _start_worker(temp_dir)
    return work(task)

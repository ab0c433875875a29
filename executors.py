"""Where documents are extracted: a local process pool, or a Dask cluster.

Both run the same task (``pipeline.extract_task``) on one document at a time and hand each
outcome to a callback as it arrives, in whatever order documents finish (the tables are
sorted when written, so the order does not show). Each document is isolated in a process of
its own and cut off after ``timeout`` seconds: a document that hangs or crashes its process
becomes a ``failed`` outcome with the reason, marked ``retry`` (it is tried again on the next
run), and the batch goes on.

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
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from pebble import ProcessExpired, ProcessPool, concurrent

log = logging.getLogger("ita_extract")

# Tasks in flight on a Dask cluster, per worker thread.
DASK_WINDOW_PER_THREAD = 4
DASK_HINT = "the dask executor needs dask.distributed: pip install 'ita-extract[dask]'"


@dataclass(frozen=True, slots=True)
class Task:
    """One document to extract: where it is, its SHA-256, and its bytes when the worker
    cannot read the path (Dask)."""

    source_path: str
    path: str
    sha256: str
    data: bytes | None = None


@dataclass(slots=True)
class Outcome:
    """What a task gave: the document's rows (``pipeline.DocumentResult`` as a dict), or a
    failure; ``retry`` marks failures that may not happen again (time-out, crash)."""

    result: dict | None
    error: str | None = None
    retry: bool = False


Work = Callable[[Task], dict]
Report = Callable[[Task, Outcome], None]


class ExecutorUnavailable(RuntimeError):
    """The chosen executor cannot run here (e.g. Dask not installed); says what to do."""


def run_local(work: Work, tasks: Iterable[Task], workers: int, timeout: float, report: Report):
    """Run ``work`` on every task in a pool of ``workers`` processes."""
    with ProcessPool(max_workers=workers) as pool:
        futures = {pool.schedule(work, args=(t,), timeout=timeout): t for t in tasks}
        for future in as_completed(futures):
            report(futures[future], _outcome(future, timeout))


def _outcome(future, timeout: float) -> Outcome:
    try:
        return Outcome(future.result())
    except FutureTimeout:
        return Outcome(None, f"timed out after {timeout:g} s", retry=True)
    except ProcessExpired as exc:
        return Outcome(None, f"worker process died (exit code {exc.exitcode})", retry=True)
    except Exception as exc:  # an error the task could not turn into a failed row
        return Outcome(None, f"internal error: {type(exc).__name__}: {exc}", retry=True)


def run_dask(
    work: Work,
    tasks: Iterable[Task],
    workers: int,
    timeout: float,
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
                data = Path(task.path).read_bytes()
            except OSError as exc:
                report(task, Outcome(None, f"cannot read the file: {exc}", retry=True))
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
                outcome = Outcome(None, f"dask task failed: {type(exc).__name__}: {exc}", True)
            report(task, outcome)
            while len(in_flight) < window and submit_next():
                pass
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _isolated(work: Work, task: Task, timeout: float) -> Outcome:
    """On a Dask worker: run one task in a child process with a time limit when the worker
    may have children, else in the worker itself."""
    if multiprocessing.current_process().daemon:
        log.warning("daemonic Dask worker: %s runs without a time limit", task.source_path)
        try:
            return Outcome(work(task))
        except Exception as exc:
            return Outcome(None, f"internal error: {type(exc).__name__}: {exc}", retry=True)
    fork = multiprocessing.get_context("fork")  # the worker may default to spawn (Dask does)
    return _outcome(concurrent.process(timeout=timeout, context=fork)(work)(task), timeout)

"""Independent jobs on every core, results in order, for the cold paths of big workspaces.

Workers are forked, so they start in milliseconds with everything the parent imported
and the state it set up. Small batches run in-process: forking costs more than it saves.
``TRANSFLOW_JOBS=1`` forces one process (debugging, profiling).

A job's context (the workspace, the languages, the translation memories…) is passed with
:func:`map_with`: ``fn(context, job)``. The context reaches the workers through the fork,
never pickled, so what it holds is set up once by the parent and shared copy-on-write;
only the jobs and the results cross the pipe.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")
C = TypeVar("C")

MIN_JOBS = 48


def workers() -> int:
    wanted = os.environ.get("TRANSFLOW_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


def forks(jobs: int, min_jobs: int = MIN_JOBS) -> bool:
    """Whether :func:`map_with` / :func:`map_ordered` spread this many jobs over processes
    (``min_jobs``: fewer run in-process)."""
    return (
        min(workers(), jobs) >= 2
        and jobs >= min_jobs
        and "fork" in multiprocessing.get_all_start_methods()
    )


def map_ordered(fn: Callable[[T], R], jobs: list[T]) -> Iterator[R]:
    """``map(fn, jobs)``, spread over the cores when there are enough jobs. An exception
    in a job is raised here, in the parent, as it was raised in the worker."""
    return map_with(_call_plain, fn, jobs)


def _call_plain(fn: Callable[[T], R], job: T) -> R:
    return fn(job)


def map_with(
    fn: Callable[[C, T], R], context: C, jobs: list[T], min_jobs: int = MIN_JOBS
) -> Iterator[R]:
    """``fn(context, job)`` for each job, in order, spread over the cores when there are
    enough jobs (``min_jobs``). ``fn`` must be a module-level function (it is sent by
    name); ``context`` is inherited by the forked workers, not sent. An exception in a
    job is raised here, in the parent, as it was raised in the worker."""
    if not forks(len(jobs), min_jobs):
        for job in jobs:
            yield fn(context, job)
        return
    n = min(workers(), len(jobs))
    mp = multiprocessing.get_context("fork")
    # what the parent holds is frozen for the cycle collector while the workers live: a
    # collection in a worker would otherwise write to every inherited object's header,
    # copying the parent's memory page by page (CPU and memory for nothing)
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=n,
            mp_context=mp,
            initializer=_worker_init,
            initargs=(os.getpid(), _Context(fn, context)),  # inherited through the fork
        ) as pool:
            for result in pool.map(_run_job, jobs, chunksize=max(1, len(jobs) // (n * 8))):
                yield cast(R, result)
    finally:
        gc.unfreeze()


class _Context:
    """What :func:`map_with` gave the worker: the job function and its context. Each worker
    process holds exactly one, set by :func:`_worker_init` before its first job."""

    current: _Context | None = None

    def __init__(self, fn: Callable[[Any, Any], Any], context: object) -> None:
        self.fn = fn
        self.context = context


def _run_job(job: object) -> object:
    """The function the pool sends by name: the job with the worker's context."""
    held = _Context.current
    assert held is not None, "a job ran outside a map_with worker"
    return held.fn(held.context, job)


_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int, held: _Context) -> None:
    """In each forked worker, first thing: die with the parent, and let go of the
    workspace lock. A ``kill -9`` of the command used to leave its workers running,
    holding the lock (an flock belongs to the open file, which fork shares), so every
    later command waited and then failed naming a dead pid (issue 13, case 9)."""
    import signal

    from transflow.workspace import store

    store.forget_lock_in_child()  # the lock lives and dies with the parent alone
    _Context.current = held
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover (not Linux)
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

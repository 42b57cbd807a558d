"""Independent jobs on every core, results in order, for the cold paths of big workspaces.

Workers are forked, so they start in milliseconds with everything the parent imported
and the state it set up. Small batches run in-process: forking costs more than it saves.
``TRANSFLOW_JOBS=1`` forces one process (debugging, profiling).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_JOBS = 48


def workers() -> int:
    wanted = os.environ.get("TRANSFLOW_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


def map_ordered(fn: Callable[[T], R], jobs: list[T]) -> Iterator[R]:
    """``map(fn, jobs)``, spread over the cores when there are enough jobs. An exception
    in a job is raised here, in the parent, as it was raised in the worker."""
    n = min(workers(), len(jobs))
    if n < 2 or len(jobs) < MIN_JOBS or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, jobs)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=n, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(fn, jobs, chunksize=max(1, len(jobs) // (n * 8)))


_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int) -> None:
    """In each forked worker, first thing: die with the parent, and let go of the
    workspace lock. A ``kill -9`` of the command used to leave its workers running,
    holding the lock (an flock belongs to the open file, which fork shares), so every
    later command waited and then failed naming a dead pid (issue 13, case 9)."""
    import signal

    from transflow.workspace import store

    store.forget_lock_in_child()  # the lock lives and dies with the parent alone
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover (not Linux)
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

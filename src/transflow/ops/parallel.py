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

import functools
import gc
import os
from collections.abc import Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
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
    (``min_jobs``: fewer run in-process). Where ``os.fork`` is, multiprocessing offers the
    "fork" start method (it is imported only to fork: a few milliseconds a command)."""
    return min(workers(), jobs) >= 2 and jobs >= min_jobs and hasattr(os, "fork")


def map_ordered(fn: Callable[[T], R], jobs: list[T]) -> Iterator[R]:
    """``map(fn, jobs)``, spread over the cores when there are enough jobs. An exception
    in a job is raised here, in the parent, as it was raised in the worker."""
    return map_with(_call_plain, fn, jobs)


def _call_plain(fn: Callable[[T], R], job: T) -> R:
    return fn(job)


def map_with(
    fn: Callable[[C, T], R],
    context: C,
    jobs: list[T],
    min_jobs: int = MIN_JOBS,
    finish: Callable[[C], object] | None = None,
) -> Generator[R, None, None]:
    """``fn(context, job)`` for each job, in order, spread over the cores when there are
    enough jobs (``min_jobs``). ``fn`` must be a module-level function (it is sent by
    name); ``context`` is inherited by the forked workers, not sent. An exception in a
    job is raised here, in the parent, as it was raised in the worker. ``finish(context)``
    is called in each worker as it stops, after its last job (what it holds for the
    jobs, written out); all are done once the iterator is exhausted (the pool is shut
    down, and waited for, after the last result), or closed (``close()``: the jobs not
    started are cancelled, those running waited for). It is not called in this process
    (the caller does what it needs when the jobs ran here)."""
    if not forks(len(jobs), min_jobs):
        for job in jobs:
            yield fn(context, job)
        return
    n = min(workers(), len(jobs))
    # what the parent holds is frozen for the cycle collector while the workers live: a
    # collection in a worker would otherwise write to every inherited object's header,
    # copying the parent's memory page by page (CPU and memory for nothing)
    gc.freeze()
    try:
        pool = _pool(n, fn, context, finish)
        try:
            for result in pool.map(_run_job, jobs, chunksize=max(1, len(jobs) // (n * 8))):
                yield cast(R, result)
        except BaseException:  # (closed, or a job failed: what is not started never is)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    finally:
        gc.unfreeze()


def _pool(
    n: int,
    fn: Callable[[Any, Any], Any],
    context: object,
    finish: Callable[[Any], object] | None = None,
) -> ProcessPoolExecutor:
    """A pool of ``n`` workers forked from this process (at its first job), each holding
    ``fn`` and ``context`` (:class:`_Context`, inherited through the fork, never sent),
    and calling ``finish(context)`` as it stops. multiprocessing is imported here, only
    to fork."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _prctl()  # (looked up here: the workers inherit it)
    return ProcessPoolExecutor(
        max_workers=n,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_init,
        initargs=(os.getpid(), _Context(fn, context, finish)),
    )


class Answer(Protocol[R_co]):
    """What :meth:`Workers.submit` gives: a worker's job in its batch (:class:`Batched`),
    or the answer of one done in this process (:class:`Answered`)."""

    def done(self) -> bool: ...

    def result(self) -> R_co: ...


class Answered(Generic[R]):
    """A job done in this process: its result, or the exception it raised (raised by
    :meth:`result`, where the caller asks for it, as a Future's is)."""

    __slots__ = ("_error", "_value")

    def __init__(self, value: R | None, error: Exception | None) -> None:
        self._value, self._error = value, error

    def done(self) -> bool:
        return True

    def result(self) -> R:
        if self._error is not None:
            raise self._error
        return cast(R, self._value)


class Batched(Generic[R]):
    """A job handed to :class:`Workers`' workers: its place in a batch, once the batch is
    sent (:meth:`Workers.flush`, which asking for the answer of a job not sent yet does
    first: :meth:`done` is False until then); its answer, or the exception it raised,
    from the batch's, with the worker's traceback as its cause (as a Future's)."""

    __slots__ = ("_future", "_index", "_workers")

    def __init__(self, workers: Workers[Any, Any, R]) -> None:
        self._workers = workers
        self._future: Future[list[_Outcome]] | None = None
        self._index = 0

    def sent(self, future: Future[list[_Outcome]], index: int) -> None:
        self._future, self._index = future, index

    def done(self) -> bool:
        return self._future is not None and self._future.done()

    def result(self) -> R:
        if self._future is None:
            self._workers.flush()
        assert self._future is not None
        value, error, trace = self._future.result()[self._index]
        if error is not None:
            error.__cause__ = RemoteTraceback(trace)
            raise error
        return cast(R, value)


class RemoteTraceback(Exception):
    """Where a worker's job raised its exception (the traceback, as the worker printed
    it): the exception's cause, as :mod:`concurrent.futures` gives it."""

    def __init__(self, trace: str) -> None:
        super().__init__(trace)
        self.trace = trace

    def __str__(self) -> str:
        return f'\n"""\n{self.trace}"""'


# a job's outcome in a batch: its answer, or the exception it raised and the traceback
_Outcome = tuple[Any, "Exception | None", str]


class Workers(Generic[C, T, R]):
    """``fn(context, job)`` for jobs handed over one at a time (:meth:`submit`), each
    answered by an :class:`Answer`, for a caller that finds its jobs
    as it goes and has work for few of many items (an export of 10,000 documents, most
    of them unchanged, has work for none). The first ``local`` jobs are done in this
    process, at once; when ``spread`` (see :func:`forks`), the workers are forked at the
    next one, after ``before_fork`` (set-up they inherit), and do the rest. A run with
    little to do never forks. The workers' jobs go to them ``batch`` at a time (one
    message and one answer for all of them: an export of 1,000 articles handed over one
    by one spent a sixth of its own process's CPU passing them, waking the pool's threads
    for each): a batch is sent once full, or when an answer of it is asked for
    (:meth:`flush`). Use as a context manager: leaving it waits for the jobs handed over,
    or cancels those not started when an exception leaves it."""

    def __init__(
        self,
        fn: Callable[[C, T], R],
        context: C,
        spread: bool,
        local: int = 4,
        before_fork: Callable[[], object] | None = None,
        batch: int = 1,
    ) -> None:
        self.fn, self.context, self.spread, self.local = fn, context, spread, local
        self.before_fork = before_fork
        self.batch = batch
        self.pool: ProcessPoolExecutor | None = None
        self.handed = 0
        self.pending: list[tuple[T, Batched[R]]] = []  # for the workers, not sent yet

    def submit(self, job: T) -> Answer[R]:
        self.handed += 1
        if self.pool is None and self.spread and self.handed > self.local:
            self._fork()
        if self.pool is not None:
            answer: Batched[R] = Batched(self)
            self.pending.append((job, answer))
            if len(self.pending) >= self.batch:
                self.flush()
            return answer
        try:
            return Answered(self.fn(self.context, job), None)
        except Exception as error:  # raised by result(), in the caller's order
            return Answered(None, error)

    def flush(self) -> None:
        """Send the jobs handed over and not sent yet to the workers, as one batch."""
        if not self.pending or self.pool is None:
            return
        future = self.pool.submit(_run_batch, [job for job, _ in self.pending])
        for k, (_, answer) in enumerate(self.pending):
            answer.sent(future, k)
        self.pending = []  # (sent: a pool that refused them leaves them pending)

    def _fork(self) -> None:
        if self.before_fork is not None:
            self.before_fork()
        pool = _pool(workers(), self.fn, self.context)  # (forked at the first submit)
        gc.freeze()  # (see map_with; unfrozen on leaving, once there is a pool)
        self.pool = pool

    def __enter__(self) -> Workers[C, T, R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            try:
                try:
                    if error is None:
                        self.flush()  # (handed over: done before leaving)
                finally:
                    self.pool.shutdown(wait=True, cancel_futures=error is not None)
            finally:
                gc.unfreeze()


class _Context:
    """What :func:`map_with` gave the worker: the job function and its context. Each worker
    process holds exactly one, set by :func:`_worker_init` before its first job."""

    current: _Context | None = None

    def __init__(
        self,
        fn: Callable[[Any, Any], Any],
        context: object,
        finish: Callable[[Any], object] | None = None,
    ) -> None:
        self.fn = fn
        self.context = context
        self.finish = finish


def _run_job(job: object) -> object:
    """The function the pool sends by name: the job with the worker's context."""
    held = _Context.current
    assert held is not None, "a job ran outside a map_with worker"
    return held.fn(held.context, job)


def _run_batch(jobs: list[object]) -> list[_Outcome]:
    """:func:`_run_job` of each job of a batch (:meth:`Workers.flush`): its answer, or the
    exception it raised and where (raised where that answer is asked for; the others
    stand). An exception that cannot be sent back (pickled) is sent as a RuntimeError
    naming it, so that it fails its own job, not the batch."""
    import pickle  # (imported by multiprocessing already, in a worker)
    import traceback

    done: list[_Outcome] = []
    for job in jobs:
        try:
            done.append((_run_job(job), None, ""))
        except Exception as error:
            trace = traceback.format_exc()
            try:
                pickle.dumps(error)
            except Exception:
                error = RuntimeError(f"{type(error).__name__}: {error}")
            done.append((None, error, trace))
    return done


_PR_SET_PDEATHSIG = 1


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, looked up in the command's own process before it forks: its
    workers inherit it, and ctypes with it (5 to 10 ms of import in each worker
    otherwise; a command that writes imports ctypes anyway to place what it writes).
    None where there is none (not Linux)."""
    try:
        import ctypes

        return cast("Callable[..., int]", ctypes.CDLL(None, use_errno=True).prctl)
    except (OSError, AttributeError):  # pragma: no cover (not Linux)
        return None


def _worker_init(parent: int, held: _Context) -> None:
    """In each forked worker, first thing: die with the parent, let go of the workspace
    lock, and arrange the context's ``finish`` for when the worker stops. A ``kill -9``
    of the command used to leave its workers running, holding the lock (an flock belongs
    to the open file, which fork shares), so every later command waited and then failed
    naming a dead pid (issue 13, case 9)."""
    import signal

    from transflow.workspace import store

    store.forget_lock_in_child()  # the lock lives and dies with the parent alone
    _Context.current = held
    if held.finish is not None:
        # as the worker stops (the pool's shutdown, which the parent waits for): a forked
        # worker leaves through os._exit, after multiprocessing's finalizers, not atexit's
        from multiprocessing.util import Finalize

        Finalize(None, held.finish, args=(held.context,), exitpriority=0)
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

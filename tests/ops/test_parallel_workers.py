"""``parallel.Workers``: jobs handed over one at a time, answered in order; the first few
done in this process, the workers forked only when there are more; an exception raised
where the answer is asked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transflow.ops import parallel


def _job(context: dict[str, int], job: int) -> tuple[int, int]:
    if job == context["fail"]:
        raise ValueError(f"job {job} failed")
    return job * job, os.getpid()


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("jobs", [1, 3, 12])
def test_answers_come_in_order_forked_after_the_first_few(
    jobs: int, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    forked = []
    with parallel.Workers(
        _job,
        {"fail": -1},
        spread=True,
        local=3,
        before_fork=lambda: forked.append(1),
        batch=batch,
    ) as workers:
        answers = [workers.submit(n) for n in range(jobs)]
        results = [a.result() for a in answers]
    assert [r for r, _ in results] == [n * n for n in range(jobs)]
    here = [pid == os.getpid() for _, pid in results]
    assert here == [n < 3 for n in range(jobs)]  # the rest in forked workers
    assert forked == ([1] if jobs > 3 else [])  # never forked for three jobs or fewer


def test_without_spread_every_job_is_done_here() -> None:
    with parallel.Workers(_job, {"fail": -1}, spread=False, local=0) as workers:
        pids = {workers.submit(n).result()[1] for n in range(10)}
    assert pids == {os.getpid()}


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("failing", [1, 6])  # done here; done by a worker
def test_an_exception_is_raised_where_its_answer_is_asked_for(
    failing: int, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    with parallel.Workers(_job, {"fail": failing}, spread=True, local=3, batch=batch) as workers:
        answers = [workers.submit(n) for n in range(8)]
        assert [a.result()[0] for a in answers[:failing]] == [n * n for n in range(failing)]
        with pytest.raises(ValueError, match=f"^job {failing} failed$"):
            answers[failing].result()
        assert answers[failing + 1].result()[0] == (failing + 1) ** 2


def _batch_job(context: dict[str, str], job: int) -> tuple[int, float]:
    """Note the job in the log (one line each: the jobs done), then its pid and when."""
    import time

    with open(context["log"], "a") as log:
        log.write(f"{job}\n")
    return os.getpid(), time.monotonic()


def test_jobs_go_to_the_workers_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's jobs are done one after another by one worker; a batch not full is sent
    when an answer of it is asked for, and jobs handed over and never asked about are
    done before the workers are left."""
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    log = tmp_path / "done"
    log.touch()
    context = {"log": str(log)}
    with parallel.Workers(_batch_job, context, spread=True, local=0, batch=4) as workers:
        answers = [workers.submit(n) for n in range(10)]  # two batches sent, two jobs held
        assert [a.done() for a in answers[8:]] == [False, False]  # (not sent: never done)
        assert answers[9].result()[0] != os.getpid()  # sends them
        for start in (0, 4, 8):
            batch = [a.result() for a in answers[start : start + 4]]
            assert len({pid for pid, _ in batch}) == 1  # one worker, in order
            assert [t for _, t in batch] == sorted(t for _, t in batch)
        never_asked = [workers.submit(n) for n in range(10, 13)]
    assert sorted(int(n) for n in log.read_text().split()) == list(range(13))
    assert all(a.done() for a in never_asked)


def _note_pid(context: dict[str, str], job: int) -> int:
    return os.getpid()


def _finish(context: dict[str, str]) -> None:
    with open(context["log"], "a") as log:
        log.write(f"{os.getpid()}\n")


@pytest.mark.parametrize("jobs", [3, 40])  # done here; done by two workers
def test_map_with_finishes_each_worker_before_its_iterator_ends(
    jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``finish(context)`` runs once in each worker, after its last job, and every
    worker's has run when the iterator is exhausted; never in this process."""
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    log = tmp_path / "finished"
    log.touch()
    context = {"log": str(log)}
    pids = list(parallel.map_with(_note_pid, context, list(range(jobs)), 10, finish=_finish))
    finished = [int(pid) for pid in log.read_text().split()]
    workers = {pid for pid in pids if pid != os.getpid()}
    assert bool(workers) == (jobs >= 10)
    # once in each of the two workers (one may have done every job), never here
    assert len(finished) == len(set(finished)) == (2 if workers else 0)
    assert workers <= set(finished) and os.getpid() not in finished


class _Unpicklable(Exception):
    def __reduce__(self) -> tuple:
        raise TypeError("this exception cannot be pickled")


def _job_raising(context: dict[str, int], job: int) -> int:
    if job == 1:
        raise ValueError("job 1 failed")
    if job == 2:
        raise _Unpicklable("job 2 failed")
    return job


def test_a_worker_exception_keeps_its_traceback_and_fails_only_its_job(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a batch, a job's exception is raised where its answer is asked for, with the
    worker's traceback as its cause; one that cannot be sent back fails its own job (a
    RuntimeError naming it), and the batch's other answers stand."""
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    with parallel.Workers(_job_raising, {}, spread=True, local=0, batch=4) as workers:
        answers = [workers.submit(n) for n in range(4)]
        assert answers[0].result() == 0 and answers[3].result() == 3
        with pytest.raises(ValueError, match=r"^job 1 failed$") as caught:
            answers[1].result()
        cause = caught.value.__cause__
        assert isinstance(cause, parallel.RemoteTraceback)
        assert "in _job_raising" in str(cause) and "ValueError: job 1 failed" in str(cause)
        with pytest.raises(RuntimeError, match=r"^_Unpicklable: job 2 failed$"):
            answers[2].result()

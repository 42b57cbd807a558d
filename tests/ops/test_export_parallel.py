"""An export spread over forked workers (results pickled back to the parent) gives what
one process gives: the same files, output and exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transflow.ops import parallel


def _forking_workspace(root: Path, languages: str) -> Path:
    """A workspace of enough articles for export to fork its workers (``languages``: TOML)."""
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text(f"languages = {languages}\n")
    for i in range(parallel.MIN_JOBS + 13):
        body = f"Paragraph {i} of the council, +44 1496 300 {i:03d}.\n\nA second one, {i}."
        (root / "sources" / f"article-{i:03d}.txt").write_text(f"Headline {i}\n\n{body}\n")
    return root


def test_export_in_two_processes_equals_one(tmp_path: Path) -> None:
    """A workspace big enough to fork: the same exports, output and exit code with two
    processes (this one and a worker) as with one."""
    runs = {}
    for jobs in ("1", "2"):
        root = _forking_workspace(tmp_path / jobs, '["ru", "de", "ar"]')
        env = {**os.environ, "TRANSFLOW_JOBS": jobs, "SOURCE_DATE_EPOCH": "1773446400"}
        base = [sys.executable, "-m", "transflow", "-w", str(root)]
        assert subprocess.run([*base, "extract"], env=env, capture_output=True).returncode == 0
        done = subprocess.run(
            [*base, "export", "--to", "md", "--threshold", "0"],
            env=env,
            capture_output=True,
            text=True,
        )
        files = {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "exports").rglob("*"))
            if p.is_file()
        }
        runs[jobs] = (done.returncode, done.stdout, files)
    assert runs["1"][0] == 0
    assert len(runs["1"][2]) == 3 * (parallel.MIN_JOBS + 13)
    assert runs["1"] == runs["2"]


def test_what_workers_send_back_pickles_to_equal_objects(tmp_path: Path) -> None:
    """A staged file and an outcome cross the pipe in their own compact form
    (``__reduce__``): each comes back equal, with the same types (Paths, an Action)."""
    import pickle

    from transflow.ops.export import Action, Outcome
    from transflow.workspace import store

    outcomes = [
        Outcome("a/b", "ru", "md", "exports/ru/a/b.md", action, 3, 4, 75.5, notes)
        for action in Action
        for notes in ((), ("text not extracted: a picture", "x"))
    ]
    (tmp_path / "a.po").write_bytes(b"msgid")
    identity = store.FileIdentity.of_bytes(tmp_path / "a.po", b"msgid")
    staged = [
        store._Staged(f"{tmp_path}/exports/a.md", f"{tmp_path}/exports/.a.md~", "x", None),
        store._Staged(f"{tmp_path}/a.po", f"{tmp_path}/.a.po~", "a.po", identity, b"\xab" * 32),
    ]
    for sent in (*outcomes, *staged):
        back = pickle.loads(pickle.dumps(sent))
        assert back == sent and type(back) is type(sent)
    for outcome in outcomes:
        back = pickle.loads(pickle.dumps(outcome))
        assert back.action is outcome.action and back.message == outcome.message
    for one in staged:
        back = pickle.loads(pickle.dumps(one))
        assert isinstance(back.target, str) and isinstance(back.temp, str)


def test_export_giving_each_outcome_keeps_none_and_reports_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``each`` hears of every document, in the report's order, from the workers as from
    one process, written or replayed from the cache, and the report keeps none (issue
    15: what the CLI prints at 30,000 documents is spooled, never held)."""
    from transflow.ops import export, extract
    from transflow.workspace import config, statcache

    monkeypatch.setattr(statcache, "RACY_NS", -1)  # (a second run replays from the cache)
    reports = {}
    for how in ("kept", "heard"):
        cfg = config.load(_forking_workspace(tmp_path / how, '["ru", "de"]'))
        extract.run(cfg)
        for jobs in ("2", "1"):
            monkeypatch.setenv("TRANSFLOW_JOBS", jobs)
            heard: list[export.Outcome] = []
            report = export.run(
                cfg, formats=["md"], threshold=0.0, each=heard.append if how == "heard" else None
            )
            if how == "heard":
                assert report.outcomes == []
            reports[(how, jobs)] = heard or report.outcomes
    assert reports[("heard", "2")] == reports[("kept", "2")]
    assert reports[("heard", "1")] == reports[("kept", "1")]
    assert {o.action for o in reports[("heard", "2")]} == {export.Action.WRITTEN}
    assert {o.action for o in reports[("heard", "1")]} == {export.Action.UNCHANGED}


def test_an_export_with_nothing_to_do_never_forks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles are planned in this process and only the exports to do are handed to the
    workers: a rerun the cache replays whole forks none (and pickles no outcome), while
    a first run on the same workspace does."""
    from transflow.ops import export, extract
    from transflow.workspace import config, statcache

    monkeypatch.setattr(statcache, "RACY_NS", -1)  # (a second run replays from the cache)
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    cfg = config.load(_forking_workspace(tmp_path, '["ru", "de"]'))
    extract.run(cfg)
    forks: list[int] = []
    real_fork = parallel.Workers._fork

    def fork(self: parallel.Workers) -> None:
        forks.append(1)
        real_fork(self)

    monkeypatch.setattr(parallel.Workers, "_fork", fork)
    first = export.run(cfg, formats=["md"], threshold=0.0)
    assert forks == [1] and {o.action for o in first.outcomes} == {export.Action.WRITTEN}
    again = export.run(cfg, formats=["md"], threshold=0.0)
    assert forks == [1] and {o.action for o in again.outcomes} == {export.Action.UNCHANGED}
    assert [o.path for o in again.outcomes] == [o.path for o in first.outcomes]


def test_errors_are_raised_in_the_order_of_the_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article's plan that fails (in this process) while an earlier article's export
    fails in a worker: the earlier one's error is the one raised, as if one process had
    done them in turn, not whichever came first."""
    import time

    from transflow.core.errors import InputError
    from transflow.ops import export, exportdoc, extract
    from transflow.workspace import config

    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    cfg = config.load(_forking_workspace(tmp_path, '["ru"]'))
    extract.run(cfg)
    real_export, real_plan = exportdoc.export_article, export._plan

    def slow_failure(run: object, todo: export._Todo) -> object:
        if todo.source.slug == "article-010":  # (in a worker: the first few are done here)
            time.sleep(0.5)
            raise InputError(todo.source.rel, "the earlier article's error")
        return real_export(run, todo)  # type: ignore[arg-type]

    def plan(cache: object, keys: object, source: object, *args: object) -> object:
        if source.slug == "article-011":  # type: ignore[attr-defined]
            raise InputError("sources/article-011.txt", "the later article's error")
        return real_plan(cache, keys, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(exportdoc, "export_article", slow_failure)
    monkeypatch.setattr(export, "_plan", plan)
    with pytest.raises(InputError, match="the earlier article's error"):
        export.run(cfg, formats=["md"], threshold=0.0)
    assert not (tmp_path / "exports").exists()


def test_an_export_of_no_format_does_nothing(tmp_path: Path) -> None:
    """``formats = []`` in the configuration: nothing to write, no error."""
    from transflow.ops import export, extract
    from transflow.workspace import config

    root = _forking_workspace(tmp_path, '["ru", "de"]\n[export]\nformats = []')
    cfg = config.load(root)
    extract.run(cfg)
    assert export.run(cfg, threshold=0.0).outcomes == []


def test_no_article_waits_long_for_its_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers get articles in batches, yet an export where some articles changed
    sends each within a group of articles planned (export._GROUP), not once 64 more are
    planned or at the end, and the last articles one by one."""
    from transflow.ops import export, extract
    from transflow.workspace import config, statcache

    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    monkeypatch.setattr(statcache, "RACY_NS", 0)  # (every file settled at once)
    root = _forking_workspace(tmp_path, '["de"]')
    total = parallel.MIN_JOBS + 13
    extract.run(config.load(root))
    export.run(config.load(root), threshold=0)
    changed = sorted({*range(0, total, 5), total - 2})  # 14 of 61, two of the last three
    for i in changed:
        po = root / "locales" / "de" / f"article-{i:03d}.po"
        po.write_text(po.read_text().replace("Paragraph", "Paragraph (new)", 1))
    extract.run(config.load(root))  # (the changed paragraph: a new unit, untranslated)
    planned: list[str] = []
    plan = export._plan

    def planning(cache, keys, source, *rest):  # type: ignore[no-untyped-def]
        planned.append(source.rel)
        return plan(cache, keys, source, *rest)

    sent: list[list[int]] = []  # the articles of each batch sent to the workers
    flush = parallel.Workers.flush

    def sending(self: parallel.Workers) -> None:  # type: ignore[type-arg]
        if self.pending and self.pool is not None:
            batch = [int(job.source.rel[-7:-4]) for job, _ in self.pending]
            # each sent within a group of articles planned after its own
            assert all(len(planned) - 1 - i <= export._GROUP for i in batch), (batch, planned)
            sent.append(batch)
        flush(self)

    monkeypatch.setattr(export, "_plan", planning)
    monkeypatch.setattr(parallel.Workers, "flush", sending)
    export.run(config.load(root), threshold=0)
    assert [i for batch in sent for i in batch] == changed[4:]  # the first four done here
    tail = total - export._BATCH * 2
    assert all(len(b) == 1 for b in sent if b[0] >= tail)  # the last ones alone

"""An export spread over forked workers (results pickled back to the parent) gives what
one process gives: the same files, output and exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from transflow.ops import parallel


def test_export_in_two_processes_equals_one(tmp_path: Path) -> None:
    """A workspace big enough to fork: the same exports, output and exit code with two
    processes (this one and a worker) as with one."""
    runs = {}
    for jobs in ("1", "2"):
        root = tmp_path / jobs
        (root / "sources").mkdir(parents=True)
        (root / "transflow.toml").write_text('languages = ["ru", "de", "ar"]\n')
        for i in range(parallel.MIN_JOBS + 13):
            body = f"Paragraph {i} of the council, +44 1496 300 {i:03d}.\n\nA second one, {i}."
            (root / "sources" / f"article-{i:03d}.txt").write_text(f"Headline {i}\n\n{body}\n")
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
        store._Staged(f"{tmp_path}/a.po", f"{tmp_path}/.a.po~", "a.po", identity, "ab" * 32),
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

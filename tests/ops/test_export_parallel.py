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

"""Helpers of the fault suite: a small workspace, the CLI in-process or as a process
killed after a time budget, and a hash of the workspace tree ("nothing changed")."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transflow.cli.app import app

ARTICLE = """Riverton opens new library

RIVERTON, March 14, 2026 — The city of Riverton opened its new central library on
Saturday. The building cost 12.5 million euros and holds 80,000 books.

“This is a place for everyone,” said Mayor Ana Ruiz. “We built it together.”
"""

EXIT_INTERNAL = 4  # "transflow itself failed" (cli.EXIT_INTERNAL)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with one article and two languages, not extracted yet."""
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru", "de"]\n')
    (root / "sources" / "library.txt").write_text(ARTICLE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    return root


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def cli(root: Path, *args: str) -> Result:
    """The CLI in-process (fast); stderr kept apart from stdout."""
    res = CliRunner().invoke(app, ["-w", str(root), *args])
    stderr = res.stderr if res.stderr_bytes is not None else ""
    return Result(res.exit_code, res.stdout, stderr)


def tf(root: Path, *args: str, budget: float = 20.0, env: dict | None = None) -> Result:
    """The CLI as a process, killed when it exceeds ``budget`` seconds: the time limit is
    enforced by the harness (the test fails), never asserted on a measured duration.

    The budget is for an otherwise idle machine: it is stretched by the run queue's length
    per core (the 1-minute load average), so a machine busy with other work does not fail
    a test that a quiet one passes, while a runaway (quadratic, hanging) command still does."""
    budget *= max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1773446400", **(env or {})}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "transflow", "-w", str(root), *args],
            capture_output=True,
            text=True,
            timeout=budget,
            env=full_env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"transflow {' '.join(args)} exceeded its budget of {budget:g} s")
    return Result(proc.returncode, proc.stdout, proc.stderr)


def tree(root: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime of every file: 'nothing changed' means this is equal."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink() and ".transflow" not in p.parts:
            out[p.relative_to(root).as_posix()] = (
                hashlib.sha256(p.read_bytes()).hexdigest(),
                p.stat().st_mtime_ns,
            )
    return out


def one_line_error(result: Result) -> str:
    """The error line of a failed command: exactly one, no traceback."""
    assert "Traceback" not in result.output, result.output
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        pytest.skip("GNU msgfmt not installed")
    return found

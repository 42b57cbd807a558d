"""``transflow export | head -1``: the reader of stdout goes away early. The command stops
without a word on stderr, with the status of a tool killed by SIGPIPE (141), never the
"error: Broken pipe; check this file and its folder" crash line (exit 4) it used to
print; what it did to the workspace is complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transflow.cli.errors import EXIT_PIPE


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A workspace whose export report is far longer than a pipe holds (64 KiB)."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "transflow.toml").write_text('languages = ["ru", "de", "fr"]\n')
    for i in range(400):
        (tmp_path / "sources" / f"a-rather-long-article-name-{i:04d}.txt").write_text(
            f"Headline {i}\n\nBody {i}.\n"
        )
    cmd = [sys.executable, "-m", "transflow", "-w", str(tmp_path), "extract"]
    subprocess.run(cmd, check=True, capture_output=True)
    return tmp_path


def _run_with_stdout_closed(root: Path, *args: str) -> tuple[int, str]:
    """The command with its stdout a pipe whose reader has already gone: its first write
    there fails (a reader that leaves after a line may leave after the last one)."""
    cmd = [sys.executable, "-m", "transflow", "-w", str(root), *args]
    env = {**os.environ, "TRANSFLOW_JOBS": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


def test_export_piped_into_a_reader_that_stops_early_stops_quietly(big: Path) -> None:
    code, err = _run_with_stdout_closed(big, "export", "--to", "md", "--threshold", "0")
    assert (code, err) == (EXIT_PIPE, "")
    assert len(list((big / "exports").rglob("*.md"))) == 1200  # the export is complete


def test_extract_piped_into_a_reader_that_stops_early_stops_quietly(big: Path) -> None:
    """extract's report, written as plain lines when piped, stops as export's does."""
    import shutil

    shutil.rmtree(big / "locales")
    shutil.rmtree(big / ".transflow")
    code, err = _run_with_stdout_closed(big, "extract")
    assert (code, err) == (EXIT_PIPE, "")
    articles = [p for p in (big / "locales").rglob("*.po") if not p.name.startswith("_")]
    assert len(articles) == 1200  # the extract is complete (and the letterhead's catalogs)
    templates = [p for p in (big / "locales" / "templates").glob("*.pot") if p.name[0] != "_"]
    assert len(templates) == 400


def test_a_broken_pipe_that_is_not_stdout_is_a_crash_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A BrokenPipeError from anything but a closed stdout (a tool transflow talks to, a
    socket) is transflow failing: the one crash line and exit 4, never the silent exit 1
    click gives every EPIPE (1 means "the answer is no")."""
    from transflow.cli import errors
    from transflow.cli.app import app

    def broken(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    (tmp_path / "sources").mkdir()
    (tmp_path / "transflow.toml").write_text('languages = ["ru"]\n')
    monkeypatch.setattr("transflow.ops.export.run", broken)
    monkeypatch.setattr(errors, "stdout_gone", lambda: False)
    result = CliRunner().invoke(app, ["-w", str(tmp_path), "export"])
    assert result.exit_code == errors.EXIT_INTERNAL == 4, result.output
    assert [x for x in result.stderr.splitlines() if x.strip()] == [
        "error: Broken pipe; check this file and its folder, then run the command again"
    ]

"""Processes (issue 13, case 9; fault catalogue C3, K2): a `kill -9` of the command takes
its forked workers with it and never leaves the workspace locked; the next run takes
the lock over with a message and removes the killed run's temporary files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import cli, tf

PARAGRAPH = (
    "The council approved a budget of {n} million euros for new schools on Monday. "
    "Construction of {n} classrooms starts in May and ends before the next school year."
)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


# articles of the big workspace: enough that a first extract (which writes locales/ whole
# since session 25) is still running when the kill tests stop it
ARTICLES = 400


@pytest.fixture
def big(tmp_path: Path) -> Path:
    root = tmp_path / "big"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('languages = ["ru", "de", "fr", "es"]\n')
    for i in range(ARTICLES):
        body = "\n".join(PARAGRAPH.format(n=i * 10 + k) for k in range(12))
        (root / "sources" / f"article-{i:03d}.txt").write_text(f"Headline {i}\n{body}\n")
    return root


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_C3_I13_9_kill_9_takes_the_workers_along_and_frees_the_lock(big: Path) -> None:
    env = {**os.environ, "TRANSFLOW_JOBS": "2", "SOURCE_DATE_EPOCH": "1773446400"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "transflow", "-w", str(big), "extract"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.02)
    if not workers:
        proc.kill()
        pytest.skip("the run ended before its workers could be seen")
    time.sleep(0.05)  # workers busy with articles
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    if proc.wait() == 0:
        pytest.skip("the extract ended before it could be killed")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    survivors = [w for w in workers if _alive(w)]
    for w in survivors:  # do not leave them behind when the test fails
        os.kill(w, signal.SIGKILL)
    assert not survivors, f"workers {survivors} outlived their parent {proc.pid}"

    # the next run is not blocked ("locked by pid N" for 10 s, then exit 3 before)
    result = tf(big, "extract", budget=60, env={"TRANSFLOW_JOBS": "2"})
    assert result.exit_code == 0, result.stderr
    assert f"took over the workspace lock from pid {proc.pid}" in result.stderr
    left = [p.name for p in (big / "locales").rglob("*") if ".tmp-transflow-" in p.name]
    assert not left, (proc.pid, workers, left[:5], result.stderr[-500:])


def test_C3_I13_9_lock_left_by_a_dead_pid_is_taken_over_with_a_message(ws: Path) -> None:
    (ws / ".transflow").mkdir()
    dead = _dead_pid()
    (ws / ".transflow" / "lock").write_text(str(dead))
    result = cli(ws, "extract")
    assert result.exit_code == 0, result.output
    assert f"took over the workspace lock from pid {dead}" in result.stderr
    assert (ws / ".transflow" / "lock").read_text() == ""  # released cleanly: no pid
    assert "took over" not in cli(ws, "extract").stderr


def test_K2_temp_files_of_a_killed_run_are_removed_by_the_next_run(ws: Path) -> None:
    assert cli(ws, "extract").exit_code == 0
    dead = _dead_pid()
    stale_po = ws / "locales" / "ru" / f".library.po.tmp-transflow-{dead}-0"
    stale_po.write_text("half written")
    (ws / "exports" / "ru").mkdir(parents=True)
    stale_md = ws / "exports" / "ru" / f".library.md.tmp-transflow-{dead}-3"
    stale_md.write_text("half written")
    assert cli(ws, "extract").exit_code == 0
    assert not stale_po.exists()
    assert cli(ws, "export", "-l", "ru", "--threshold", "0").exit_code == 0
    assert not stale_md.exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_C3_K2_an_export_killed_with_its_workers_leaves_no_half_folder(big: Path) -> None:
    """``exports/`` is new, so it is written whole into a staging folder and renamed into
    place at the end: killed (-9) while its workers write, the export leaves either no
    ``exports/`` or a whole one, never a part; the next export removes the staging
    folder and writes every document."""
    env = {"TRANSFLOW_JOBS": "2"}
    assert tf(big, "extract", budget=60, env=env).exit_code == 0
    command = ["export", "--to", "md", "--threshold", "0"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "transflow", "-w", str(big), *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env, "SOURCE_DATE_EPOCH": "1773446400"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None and len(_children(proc.pid)) < 2:
        time.sleep(0.01)
    staging = list(big.glob(".exports.tmp-transflow-*-new"))
    if proc.poll() is not None or not staging:
        proc.kill()
        pytest.skip("the export ended before its workers could be seen")
    time.sleep(0.05)  # workers busy with articles (a part of the files staged)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    documents = ARTICLES * 4
    exports = big / "exports"
    written = list(exports.rglob("*.md")) if exports.exists() else []
    assert len(written) in (0, documents), len(written)
    result = tf(big, *command, budget=60, env=env)
    assert result.exit_code == 0, result.stderr
    assert len(list(exports.rglob("*.md"))) == documents
    assert not [p for p in big.rglob("*") if ".tmp-transflow-" in p.name]

"""Fault catalogue C1, C2, C4 (concurrency) and K1, K4 (crash safety) through the CLI and
real processes (C3, K2: test_processes.py; K3, K5: test_crashes.py, test_links.py)."""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from transflow.workspace import store

from .conftest import cli, one_line_error, tree

EPOCH = {"SOURCE_DATE_EPOCH": "1773446400"}


def make(root: Path, articles: int, languages: str = '"ru", "de", "fr"') -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text(f"languages = [{languages}]\n")
    for i in range(articles):
        (root / "sources" / f"a{i:03d}.txt").write_text(
            f"Headline number {i}\n\nThe council approved {i} million euros on Monday. "
            f"Work starts in May.\n\nAbout the council: it has {i} districts.\n"
        )
    return root


def run(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transflow", "-w", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **EPOCH},
    )


def popen(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "transflow", "-w", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **EPOCH},
    )


def contents(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".transflow" not in p.parts
    }


def all_valid(root: Path) -> None:
    for path in (root / "locales").rglob("*"):
        if path.suffix in (".po", ".pot"):
            store.load(path, str(path))
            if shutil.which("msgfmt"):
                proc = subprocess.run(
                    ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
                )
                assert proc.returncode == 0, (path, proc.stderr)


def test_C1_two_extracts_at_once_both_succeed_and_lose_nothing(tmp_path: Path) -> None:
    clean = make(tmp_path / "clean", 20)
    assert run(clean, "extract").returncode == 0
    work = make(tmp_path / "work", 20)
    first, second = popen(work, "extract"), popen(work, "extract")
    out1, out2 = first.communicate(timeout=60), second.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0, (out1, out2)
    assert contents(work) == contents(clean)


def test_C1_a_lock_held_too_long_is_one_line_naming_the_holder(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store.workspace_lock
    monkeypatch.setattr(store, "workspace_lock", lambda d, timeout=10.0: real(d, 0.3))
    (ws / ".transflow").mkdir()
    fd = os.open(ws / ".transflow" / "lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, str(os.getpid()).encode())
        before = tree(ws)
        result = cli(ws, "extract")
    finally:
        os.close(fd)
    assert result.exit_code == 5, result.output
    assert f"workspace locked by pid {os.getpid()}" in one_line_error(result)
    assert tree(ws) == before


def test_C2_translator_save_between_read_and_write_survives(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(ws, "extract").exit_code == 0
    src = ws / "sources" / "library.txt"
    src.write_text(src.read_text().replace("Saturday", "Sunday"))
    po = ws / "locales" / "ru" / "library.po"
    saved = po.read_text().replace(
        'msgid "Riverton opens new library"\nmsgstr ""',
        'msgid "Riverton opens new library"\nmsgstr "Сохранено переводчиком"',
    )
    assert saved != po.read_text()
    import transflow.ops.extract as extract_module

    real_merge = extract_module.merge

    def merge_then_editor_saves(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_merge(*args, **kwargs)
        tmp = po.with_name("editor-save.tmp")
        tmp.write_text(saved)
        os.replace(tmp, po)
        return result

    monkeypatch.setattr(extract_module, "merge", merge_then_editor_saves)
    result = cli(ws, "extract")
    monkeypatch.undo()
    assert result.exit_code == 5, result.output
    assert "locales/ru/library.po" in one_line_error(result)
    assert po.read_text() == saved  # never overwritten
    assert cli(ws, "extract").exit_code == 0
    assert 'msgstr "Сохранено переводчиком"' in po.read_text()


@pytest.mark.slow
def test_C4_status_and_check_while_extract_loops_never_see_half_a_file(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", 30)
    assert run(root, "extract").returncode == 0
    deadline = time.monotonic() + 3
    src = root / "sources" / "a000.txt"
    flip = 0
    while time.monotonic() < deadline:
        flip += 1
        src.write_text(src.read_text() + f"Edit {flip}.\n")
        for i in range(1, 30, 3):  # many catalogs rewritten per run
            other = root / "sources" / f"a{i:03d}.txt"
            other.write_text(other.read_text() + f"Note {flip}.\n")
        writer = popen(root, "extract")
        while writer.poll() is None:
            status = run(root, "status", "-f", "json", timeout=30)
            assert status.returncode == 0, status.stderr
            json.loads(status.stdout)
            check = run(root, "check", "-f", "json", timeout=30)
            assert check.returncode in (0, 1), check.stderr
        assert writer.returncode == 0, writer.stderr.read()  # type: ignore[union-attr]


@pytest.mark.slow
def test_K1_kill_9_at_random_moments_leaves_every_file_old_or_new_and_valid(
    tmp_path: Path,
) -> None:
    clean = make(tmp_path / "clean", 40)
    assert run(clean, "extract").returncode == 0
    work = make(tmp_path / "work", 40)
    rng = random.Random(13)
    for _ in range(6):
        proc = popen(work, "extract")
        time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        all_valid(work)
    assert run(work, "extract").returncode == 0
    assert contents(work) == contents(clean)
    assert not [p for p in work.rglob(f"*{store.TEMP_MARK}*")]


KILL_AFTER_POT = textwrap.dedent(
    """
    import os, signal, sys
    from transflow.workspace import store
    from transflow.cli.app import main

    def killing(real):
        def wrapper(*args, **kwargs):
            out = real(*args, **kwargs)
            if any(str(a).endswith(".pot") for a in args):
                os.kill(os.getpid(), signal.SIGKILL)
            return out
        return wrapper

    os.replace = killing(os.replace)
    os.rename = killing(os.rename)
    store._renameat2 = killing(store._renameat2)
    sys.argv = ["transflow", *sys.argv[1:]]
    main()
    """
)


def test_K4_killed_between_the_template_and_the_catalogs_a_rerun_converges(
    tmp_path: Path,
) -> None:
    def edit(root: Path) -> None:
        for i in range(3):
            p = root / "sources" / f"a{i:03d}.txt"
            p.write_text(p.read_text().replace("Monday", "Friday"))

    clean = make(tmp_path / "clean", 3)
    work = make(tmp_path / "work", 3)
    for root in (clean, work):
        assert run(root, "extract").returncode == 0
        edit(root)
    assert run(clean, "extract").returncode == 0
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_POT, "-w", str(work), "extract"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **EPOCH, "TRANSFLOW_JOBS": "1"},
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert contents(work) != contents(clean)  # killed half-way: some files not yet written
    all_valid(work)
    assert run(work, "extract").returncode == 0
    assert contents(work) == contents(clean)
    assert not [p for p in work.rglob(f"*{store.TEMP_MARK}*")]

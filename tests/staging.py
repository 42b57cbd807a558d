"""What the tests of the folders a command makes whole (store.NewFolders: export's
``exports/``, a first extract's ``locales/``) share."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from transflow.core.errors import WriteFailed
from transflow.workspace import store


def dead_pid() -> int:
    """The pid of a process that has ended (as a killed run leaves in its names)."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def files_below(folder: Path, root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry below ``folder``, by its path from ``root``: its bytes (None for a
    folder) and its mode."""
    found = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        data = None if stat.S_ISDIR(st.st_mode) else path.read_bytes()
        found[path.relative_to(root).as_posix()] = (data, st.st_mode)
    return found


def a_third_write_fails(
    monkeypatch: pytest.MonkeyPatch,
    root: Path,
    run: Callable[[], object],
    also: tuple[str, ...] = (),
) -> None:
    """``run()`` with the third file written into a new folder failing, as on a full
    disk: it stops (disk full) and leaves the workspace's top as it found it (but for the
    names in ``also``, which it may make)."""
    before = sorted(p.name for p in root.iterdir())
    real = store.NewFolders.write
    calls = []

    def fail_third(self: store.NewFolders, target: str, data: bytes, rel: str) -> bool | None:
        calls.append(target)
        if len(calls) == 3:
            raise store.write_failed(rel, 28)  # ENOSPC
        return real(self, target, data, rel)

    monkeypatch.setattr(store.NewFolders, "write", fail_third)
    with pytest.raises(WriteFailed, match="disk is full"):
        run()
    assert sorted(p.name for p in root.iterdir() if p.name not in also) == before


def make_after(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, folder: Path, file: str
) -> None:
    """After each call of ``owner.name``, ``folder`` made with ``file`` in it, as another
    program would make it while the command works."""
    real = getattr(owner, name)

    def then_make(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)
        folder.mkdir(exist_ok=True)
        (folder / file).write_text("someone else's")
        return found

    monkeypatch.setattr(owner, name, then_make)


class Staged:
    """What :meth:`.NewFolders.make` staged and ``store._place`` renamed into place, for
    the folders of ``area`` (``exports`` or ``locales``), by :attr:`case` (the test sets
    it before each run)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, area: str) -> None:
        self.case = ""
        # by case: for each make, {folder from the root: its staging folder's name}
        self.made: dict[str, list[dict[str, str]]] = {}
        self.placed: list[tuple[str, str, int]] = []  # (case, folder, files in it)
        real_make = store.NewFolders.make
        real_place = store._place

        def make(root: Path, wanted: list[Path]) -> store.NewFolders:
            new = real_make(root, wanted)
            if wanted[0].relative_to(root).parts[0] == area:
                self.made.setdefault(self.case, []).append(
                    {
                        Path(f).relative_to(root).as_posix(): Path(s).name
                        for f, s in new.folders.items()
                    }
                )
            return new

        def place(held: store._Held, rel: str) -> None:
            staging = Path(f"/proc/self/fd/{held.parent}") / held.staging_name
            files = sum(len(names) for _, _, names in os.walk(staging))
            real_place(held, rel)
            if rel.split("/")[0] == area:
                self.placed.append((self.case, rel, files))

        monkeypatch.setattr(store.NewFolders, "make", make)
        monkeypatch.setattr(store, "_place", place)


def left_by_a_killed_run(root: Path, area: str, file: str) -> Path:
    """The staging folder of ``<area>/`` (``exports`` or ``locales``) as a run killed
    before its commit leaves it (named after a pid that has ended), with ``file`` (a path
    below ``<area>/ru/``) written in it: checked to be there, and nothing of the area
    visible."""
    new = store.NewFolders.make(root, [root / area / "ru"])
    tx = store.Transaction(root=root, new=new)
    assert tx.write(root / area / "ru" / file, b"half", "x") is True
    assert not (root / area).exists()
    (staging,) = new.folders.values()
    assert Path(staging, "ru", file).read_bytes() == b"half"
    dead = Path(staging).with_name(f".{area}{store.TEMP_MARK}{dead_pid()}-new")
    os.rename(staging, dead)  # as a killed run (another pid) leaves it
    return dead

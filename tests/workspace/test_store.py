"""Atomic staged writes, identity checks before replace, the workspace lock."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.saves import commit_after_a_save_keeping_size_and_time

from transflow.core.errors import ConcurrentEdit, InputError, WorkspaceLocked
from transflow.workspace import store


def test_transaction_writes_all_or_nothing(tmp_path: Path) -> None:
    a, b = tmp_path / "a.po", tmp_path / "b.po"
    a.write_bytes(b"old a")
    with pytest.raises(RuntimeError), store.Transaction() as tx:
        tx.write(a, b"new a", "a.po")
        tx.write(b, b"new b", "b.po")
        raise RuntimeError("reading the next catalog failed")
    assert a.read_bytes() == b"old a"
    assert not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]


def test_identical_bytes_are_not_rewritten(tmp_path: Path) -> None:
    a = tmp_path / "a.po"
    a.write_bytes(b"same")
    before = a.stat().st_mtime_ns
    with store.Transaction() as tx:
        assert tx.write(a, b"same", "a.po") is False
    assert a.stat().st_mtime_ns == before


def test_edit_saved_meanwhile_is_never_overwritten(tmp_path: Path) -> None:
    a = tmp_path / "a.po"
    a.write_bytes(b"as read")
    _, identity = b"", store.FileIdentity.of_bytes(a, a.read_bytes())
    tx = store.Transaction()
    tx.write(a, b"merged", "a.po", identity)
    # a translator's editor saves (temp file + rename) before we replace
    tmp = tmp_path / "editor.tmp"
    tmp.write_bytes(b"translator's edit")
    os.replace(tmp, a)
    with pytest.raises(ConcurrentEdit, match=r"a\.po: changed on disk"):
        tx.commit()
    assert a.read_bytes() == b"translator's edit"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


def test_same_size_same_second_edit_is_seen(tmp_path: Path) -> None:
    a = tmp_path / "a.po"
    a.write_bytes(b"msgstr A")
    identity = store.FileIdentity.of_bytes(a, a.read_bytes())
    st = a.stat()
    a.write_bytes(b"msgstr B")
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert store.FileIdentity.current(a) != identity


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "replace"])
def test_a_save_with_the_size_and_time_read_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """The check before anything is replaced trusts an unchanged stat; the full check
    (each exchange's, or the read before a plain replace) still sees the save, and
    nothing of the command is left visible: a new file staged before it is not in place
    either (it is replaced only once every exchange is checked)."""
    if exchange and not store._exchange_supported([]):
        pytest.skip("this filesystem cannot exchange names")
    if not exchange:
        monkeypatch.setattr(store, "_exchange_supported", lambda staged: False)
    tx = store.Transaction()
    tx.write(tmp_path / "new.po", b"brand new", "new.po", None)  # staged first
    commit_after_a_save_keeping_size_and_time(tx, tmp_path / "a.po")
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


def test_mode_bits_and_symlink_target_kept(tmp_path: Path) -> None:
    """K5: a link whose target stays inside the workspace is kept and its target written
    (as editors do), with its mode bits."""
    real = tmp_path / "real.po"
    real.write_bytes(b"x")
    real.chmod(0o640)
    link = tmp_path / "link.po"
    link.symlink_to(real)
    with store.Transaction(root=tmp_path) as tx:
        tx.write(link, b"y", "link.po")
    assert link.is_symlink() and real.read_bytes() == b"y"
    assert real.stat().st_mode & 0o777 == 0o640


def test_symlink_leading_out_of_the_workspace_is_never_written_through(tmp_path: Path) -> None:
    """Issue 13, case 4: a link out of the workspace is refused, naming the link; its
    target is untouched (before, the store wrote through any link)."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    root = tmp_path / "ws"
    root.mkdir()
    link = root / "link.po"
    link.symlink_to(outside)
    with pytest.raises(InputError, match=r"link\.po: is a symbolic link leading out"):
        store.Transaction(root=root).write(link, b"y", "link.po")
    assert outside.read_bytes() == b"secret" and link.is_symlink()


def test_a_folder_replaced_by_a_link_out_mid_command_is_refused(tmp_path: Path) -> None:
    """Export shares one memo of checked folders for the whole command: a folder checked
    for one article and replaced by a link out of the workspace before the next is
    checked again, not written through (docs/reliability.md: no write through a link
    out of the workspace)."""
    import shutil

    root, outside = tmp_path / "ws", tmp_path / "outside"
    (root / "exports" / "de").mkdir(parents=True)
    outside.mkdir()
    memo: dict[str, tuple[tuple[str, int, int], ...]] = {}
    with store.Transaction(root=root, folders=memo) as tx:
        tx.write(root / "exports" / "de" / "a.md", b"first article", "exports/de/a.md")
    assert memo  # the folder was noted: the next write trusts it unless it changed
    shutil.rmtree(root / "exports" / "de")
    (root / "exports" / "de").symlink_to(outside, target_is_directory=True)
    with (
        pytest.raises(InputError, match="exports/de"),
        store.Transaction(root=root, folders=memo) as tx,
    ):
        tx.write(root / "exports" / "de" / "b.md", b"second article", "exports/de/b.md")
    assert list(outside.iterdir()) == []
    # a folder replaced by another folder is checked (and trusted) again
    (root / "exports" / "de").unlink()
    (root / "exports" / "de").mkdir()
    with store.Transaction(root=root, folders=memo) as tx:
        tx.write(root / "exports" / "de" / "b.md", b"second article", "exports/de/b.md")
    assert (root / "exports" / "de" / "b.md").read_bytes() == b"second article"


def test_a_parent_replaced_by_a_link_to_the_moved_folder_is_refused(tmp_path: Path) -> None:
    """The checked folder itself is still the same directory (same inode), but moved out
    of the workspace and reached through a link put in place of its parent: refused."""
    root, outside = tmp_path / "ws", tmp_path / "outside"
    (root / "exports" / "de" / "2019").mkdir(parents=True)
    outside.mkdir()
    memo: dict[str, tuple[tuple[str, int, int], ...]] = {}
    target = root / "exports" / "de" / "2019"
    with store.Transaction(root=root, folders=memo) as tx:
        tx.write(target / "a.md", b"first article", "exports/de/2019/a.md")
    (root / "exports" / "de").rename(outside / "de")
    (root / "exports" / "de").symlink_to(outside / "de", target_is_directory=True)
    with (
        pytest.raises(InputError, match="exports/de"),
        store.Transaction(root=root, folders=memo) as tx,
    ):
        tx.write(target / "b.md", b"second article", "exports/de/2019/b.md")
    assert sorted(p.name for p in (outside / "de" / "2019").iterdir()) == ["a.md"]


def test_disk_full_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = tmp_path / "a.po"
    a.write_bytes(b"old")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(InputError, match="No space left"), store.Transaction() as tx:
        tx.write(a, b"new", "a.po")
    assert a.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


def test_temp_names_never_look_like_catalogs(tmp_path: Path) -> None:
    tx = store.Transaction()
    tx.write(tmp_path / "a.po", b"x", "a.po")
    temps = [p.name for p in tmp_path.iterdir()]
    assert temps and not any(n.endswith((".po", ".pot")) for n in temps)
    tx.rollback()


def test_a_temp_file_left_under_this_process_s_name_is_replaced(tmp_path: Path) -> None:
    """A killed run whose pid this process now has left a temporary file under the very
    name the next write picks (same target, same index): the write still succeeds."""
    import hashlib

    new, old = tmp_path / "new.md", tmp_path / "old.po"
    old.write_bytes(b"as read")
    identity = store.FileIdentity.of_bytes(old, old.read_bytes())
    pid = os.getpid()
    (tmp_path / f".new.md{store.TEMP_MARK}{pid}-0").write_bytes(b"left by a killed run")
    digest = hashlib.sha256(b"merged").hexdigest()[:12]
    stale = f".old.po{store.TEMP_MARK}{pid}-1-{digest}-{identity.digest[:12]}-w"
    (tmp_path / stale).write_bytes(b"half writ")
    with store.Transaction() as tx:
        assert tx.write(new, b"exported", "new.md")
        assert tx.write(old, b"merged", "old.po", identity)
    assert new.read_bytes() == b"exported"
    assert old.read_bytes() == b"merged"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "old.po"]


def test_stale_temp_files_are_cleaned(tmp_path: Path) -> None:
    dead = tmp_path / f".a.po{store.TEMP_MARK}999999999-0"
    dead.write_bytes(b"x")
    (tmp_path / "a.po").write_bytes(b"keep")
    assert store.clean_temp_files(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


HOLD = """
import sys, time
from pathlib import Path
from transflow.workspace.store import workspace_lock
with workspace_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(30)
"""


def test_lock_refuses_second_writer_and_is_released_by_kill(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(WorkspaceLocked, match=f"pid {holder.pid}"),
            store.workspace_lock(tmp_path, timeout=0.3),
        ):
            pass
        holder.kill()  # kill -9 leaves no stuck lock: the kernel drops the flock
        holder.wait()
        start = time.monotonic()
        with store.workspace_lock(tmp_path, timeout=5):
            pass
        assert time.monotonic() - start < 5
    finally:
        holder.kill()
        holder.wait()


def test_sync_failure_at_commit_leaves_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delayed allocation reports ENOSPC/EIO when data is flushed: that aborts the commit."""
    a = tmp_path / "a.po"
    a.write_bytes(b"old")

    def failing_sync(folder: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(store, "_sync", failing_sync)
    with pytest.raises(InputError, match="Input/output error"), store.Transaction() as tx:
        tx.write(a, b"new", "a.po")
    assert a.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


@pytest.mark.parametrize("size", [0, 1, 2, 4095, 4096, 65535, 65536, 65537, 300_001])
def test_read_bytes_gives_the_whole_file_in_one_read(tmp_path: Path, size: int) -> None:
    f = tmp_path / "a.po"
    f.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    assert store.read_bytes(f, "a.po") == f.read_bytes()
    assert store.read_optional(f, "a.po") == f.read_bytes()
    assert store.read_optional(tmp_path / "none.po", "none.po") is None


def test_read_bytes_reads_a_file_longer_than_fstat_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grew between fstat and read (or one whose size fstat understates) is
    read to its end by the loop, not cut at the size fstat gave."""
    f = tmp_path / "a.po"
    data = b'msgid "x"\n' * 20_000
    f.write_bytes(data)
    real_fstat = os.fstat

    for shown in (0, 10, len(data) - 1):

        def fstat(fd: int, shown: int = shown) -> os.stat_result:
            st = real_fstat(fd)
            return os.stat_result((*st[:6], shown, *st[7:]))

        monkeypatch.setattr(store.os, "fstat", fstat)
        assert store.read_bytes(f, "a.po") == data


def test_read_bytes_reads_a_pipe_to_its_end(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.po"
    os.mkfifo(fifo)
    data = b"y" * 200_000
    writer = subprocess.Popen(
        [sys.executable, "-c", f"open({str(fifo)!r}, 'wb').write(b'y' * {len(data)})"]
    )
    try:
        assert store.read_bytes(fifo, "pipe.po") == data
    finally:
        writer.wait(timeout=30)


def test_a_bare_relative_name_is_staged_and_committed_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A target named without a folder (as the Python API's examples save a catalog):
    staged beside it, in the current folder, never at the filesystem's root."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.po").write_bytes(b"old")
    identity = store.FileIdentity.of_bytes("old.po", b"old")
    with store.Transaction() as tx:
        assert tx.write("new.po", b"new", "new.po")
        assert tx.write(Path("old.po"), b"changed", "old.po", expect=identity)
        assert all(os.path.dirname(s.temp) == "." for s in tx.staged)
    assert (tmp_path / "new.po").read_bytes() == b"new"
    assert (tmp_path / "old.po").read_bytes() == b"changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.po", "old.po"]


@pytest.mark.parametrize("jobs", ["1", "2", "3"])
def test_a_big_commit_renames_on_every_core_and_replaces_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """From THREADED_RENAMES files on, the renames are shared by one thread per core:
    every target gets its bytes, no temporary file is left, each folder is synced."""
    monkeypatch.setattr(store, "THREADED_RENAMES", 10)
    monkeypatch.setenv("TRANSFLOW_JOBS", jobs)
    synced: list[str] = []
    monkeypatch.setattr(store, "_fsync_dir", synced.append)
    targets = [tmp_path / f"d{n % 7}" / f"f{n}.md" for n in range(101)]
    with store.Transaction(root=tmp_path) as tx:
        for n, target in enumerate(targets):
            assert tx.write(target, f"{n}\n".encode(), target.name)
    assert [t.read_text() for t in targets] == [f"{n}\n" for n in range(101)]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        t.name for t in targets
    )
    assert sorted(synced) == sorted({str(t.parent) for t in targets})


def test_a_rename_failing_in_a_thread_is_raised_by_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "THREADED_RENAMES", 10)
    monkeypatch.setenv("TRANSFLOW_JOBS", "2")
    targets = [tmp_path / f"f{n}.md" for n in range(40)]

    def refuse_the_last(target: str) -> None:
        if target == str(targets[-1]):  # in the second thread's share
            raise OSError(errno.EIO, "simulated")

    monkeypatch.setattr(store, "_before_swap", refuse_the_last)
    with pytest.raises(OSError, match="simulated"), store.Transaction(root=tmp_path) as tx:
        for target in targets:
            tx.write(target, b"x", target.name)
    assert all(t.read_bytes() == b"x" for t in targets[:20])  # the first share, done


_NAME = st.sampled_from(
    ["a.po", ".hidden", f"a.po{store.TEMP_MARK}1-0", f".x{store.TEMP_MARK}2-new", store.TEMP_MARK]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tree=st.lists(
        st.tuples(
            st.lists(_NAME, min_size=1, max_size=3), st.sampled_from(["file", "dir", "link"])
        ),
        max_size=12,
    )
)
def test_temp_files_are_found_as_rglob_finds_them(tmp_path_factory, tree) -> None:
    """clean_temp_files's walk (store._marked) finds what ``rglob`` of the mark finds:
    files and folders, hidden ones, below marked folders, links to folders named but not
    followed."""
    root = tmp_path_factory.mktemp("tree")
    outside = tmp_path_factory.mktemp("outside")
    (outside / f"far{store.TEMP_MARK}9").write_text("x")
    folder = root / "exports"
    folder.mkdir()
    for parts, kind in tree:
        path = folder.joinpath(*parts)
        if path.exists() or path.is_symlink():
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            continue  # a file on the way
        if kind == "file":
            path.write_text("x")
        elif kind == "dir":
            path.mkdir()
        else:
            path.symlink_to(outside, target_is_directory=True)
    found = list(store._marked(folder))
    assert sorted(found) == sorted(folder.rglob(f"*{store.TEMP_MARK}*"))
    for path in found:  # each folder's before what is below it
        assert all(found.index(p) < found.index(path) for p in found if p in path.parents)


def _old_load_optional(path: Path, rel: str) -> tuple[object, object]:
    """load_optional as it was: two stat calls, then load."""
    if not path.exists() and not path.is_symlink():
        return None, None
    return store.load(path, rel)


def _outcome(call: Callable[[], tuple[object, object]]) -> object:
    try:
        catalog, identity = call()
    except Exception as exc:  # (the error itself is compared)
        return type(exc), str(exc)
    return catalog, identity


@pytest.mark.parametrize(
    "case",
    [
        "absent",
        "file",
        "empty",
        "broken",
        "dangling",
        "loop",
        "link",
        "folder",
        "link-to-folder",
        "under-file",
        "under-loop",
    ],
)
def test_load_optional_gives_what_exists_then_load_gave(tmp_path: Path, case: str) -> None:
    target = tmp_path / "a.po"
    good = tmp_path / "good.po"
    good.write_bytes(b'msgid "x"\nmsgstr "y"\n')
    if case == "file":
        target.write_bytes(good.read_bytes())
    elif case == "empty":
        target.write_bytes(b"")
    elif case == "broken":
        target.write_bytes(b"garbage line\n")
    elif case == "dangling":
        target.symlink_to(tmp_path / "nowhere.po")
    elif case == "loop":
        target.symlink_to(target)
    elif case == "link":
        target.symlink_to(good)
    elif case == "folder":
        target.mkdir()
    elif case == "link-to-folder":
        (tmp_path / "d").mkdir()
        target.symlink_to(tmp_path / "d")
    elif case == "under-file":
        target.write_bytes(b"")
        target = target / "b.po"  # a file where a folder of the path belongs
    elif case == "under-loop":
        (tmp_path / "loop").symlink_to(tmp_path / "loop")
        target = tmp_path / "loop" / "a.po"  # a loop of links on the way
    new = _outcome(lambda: store.load_optional(target, "a.po"))
    assert new == _outcome(lambda: _old_load_optional(target, "a.po"))
    assert (new == (None, None)) == (case in ("absent", "under-file", "under-loop"))

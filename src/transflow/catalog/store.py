"""Catalog files on disk: strict loading, atomic staged writes, identity checks, the lock.

Writes go through a :class:`Transaction`: each new file is first written to a temporary
file beside its target (never named ``*.po``), flushed and fsynced; only when every
output of a command is ready are the targets replaced with ``os.replace``, after checking
that each target is still the file we read (a translator's editor may have saved it
meanwhile). A crash at any moment leaves every file either old or new.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CatalogSyntaxError, ConcurrentEdit, InputError, WorkspaceLocked
from .model import Catalog

TEMP_MARK = ".tmp-transflow-"


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What a file was when we read it: compared again just before we replace it."""

    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of_bytes(cls, path: Path, data: bytes) -> FileIdentity:
        st = path.stat()
        return cls(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())

    @classmethod
    def current(cls, path: Path) -> FileIdentity | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        return cls.of_bytes(path, data)


def read_bytes(path: Path, rel: str) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(rel, "is a folder, not a catalog") from None
    except OSError as exc:
        raise InputError(rel, f"cannot be read: {exc.strerror}") from None


def load(path: Path, rel: str) -> tuple[Catalog, FileIdentity]:
    """Read and strictly parse a PO/POT file (raises CatalogSyntaxError with path:line)."""
    from .poparse import parse_po

    data = read_bytes(path, rel)
    catalog = parse_po(data, rel)
    return catalog, FileIdentity.of_bytes(path, data)


def load_optional(path: Path, rel: str) -> tuple[Catalog | None, FileIdentity | None]:
    if not path.exists() and not path.is_symlink():
        return None, None
    return load(path, rel)


def serialize(catalog: Catalog) -> bytes:
    from .powrite import serialize_po

    return serialize_po(catalog)


@dataclass
class _Staged:
    target: Path
    temp: Path
    rel: str
    expect: FileIdentity | None


@dataclass
class Transaction:
    """Stage many file writes, then replace them all (or none, on error)."""

    staged: list[_Staged] = field(default_factory=list)
    removals: list[tuple[Path, str]] = field(default_factory=list)

    def write(
        self, target: Path, data: bytes, rel: str, expect: FileIdentity | None = None
    ) -> bool:
        """Stage ``data`` for ``target`` unless the file already holds exactly these bytes.
        Returns True when a write was staged."""
        real = target.resolve() if target.is_symlink() else target
        try:
            if real.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise InputError(rel, f"cannot be read: {exc.strerror}") from None
        real.parent.mkdir(parents=True, exist_ok=True)
        temp = real.parent / f".{real.name}{TEMP_MARK}{os.getpid()}-{len(self.staged)}"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                mode = stat.S_IMODE(real.stat().st_mode)
                os.chmod(temp, mode)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise InputError(
                rel, f"cannot be written: {os.strerror(exc.errno or errno.EIO)}"
            ) from None
        self.staged.append(_Staged(real, temp, rel, expect))
        return True

    def remove(self, target: Path, rel: str) -> None:
        self.removals.append((target, rel))

    def commit(self) -> None:
        """Make the staged files durable, check every target is still what we read, then
        replace them. One filesystem sync for all files, not an fsync per file."""
        if self.staged:
            try:
                _sync(self.staged[0].temp.parent)
            except OSError as exc:
                rel = self.staged[0].rel
                self.rollback()
                raise InputError(
                    rel, f"cannot be written: {os.strerror(exc.errno or errno.EIO)}"
                ) from None
        for s in self.staged:
            if s.expect is not None and FileIdentity.current(s.target) != s.expect:
                self.rollback()
                raise ConcurrentEdit(
                    f"{s.rel}: changed on disk while transflow was working (saved in an "
                    "editor?); nothing was written, run the command again"
                )
        dirs: set[Path] = set()
        for s in self.staged:
            os.replace(s.temp, s.target)
            dirs.add(s.target.parent)
        for target, _rel in self.removals:
            target.unlink(missing_ok=True)
            dirs.add(target.parent)
        for d in dirs:
            _fsync_dir(d)
        self.staged.clear()
        self.removals.clear()

    def rollback(self) -> None:
        for s in self.staged:
            s.temp.unlink(missing_ok=True)
        self.staged.clear()
        self.removals.clear()

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.rollback()
        else:
            self.commit()


def _sync(folder: Path) -> None:
    """Flush every dirty page of the filesystem holding ``folder`` (``syncfs``), so the
    staged files are on disk before any rename makes them visible."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if _libc_syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
    finally:
        os.close(fd)


def _libc_syncfs(fd: int) -> int:
    global _SYNCFS
    if _SYNCFS is None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _SYNCFS = libc.syncfs
        except (OSError, AttributeError):  # not Linux: fall back to fsync of this fd
            _SYNCFS = lambda fd: (os.fsync(fd), 0)[1]  # noqa: E731
    return _SYNCFS(fd)


_SYNCFS = None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clean_temp_files(folder: Path) -> int:
    """Remove temporary files an interrupted run left behind (never a catalog)."""
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.rglob(f"*{TEMP_MARK}*"):
        pid = path.name.rsplit(TEMP_MARK, 1)[-1].split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def workspace_lock(state_dir: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the workspace's write lock (an flock, released by the kernel if we die)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    raise WorkspaceLocked(
                        f"workspace locked by pid {holder} (another transflow command is "
                        "running); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


__all__ = [
    "CatalogSyntaxError",
    "FileIdentity",
    "Transaction",
    "clean_temp_files",
    "load",
    "load_optional",
    "serialize",
    "workspace_lock",
]

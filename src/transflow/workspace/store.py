"""Catalog files on disk: strict loading, atomic staged writes, identity checks, the lock.

Writes go through a :class:`Transaction`: each new file is first written to a temporary
file beside its target (never named ``*.po``), flushed and fsynced; only when every
output of a command is ready are the targets swapped in, each with an atomic exchange
that hands back the file it displaced, which must be the file we read (a translator's
editor may have saved it meanwhile: then everything is put back and the command stops;
see :meth:`Transaction._swap_in`). A folder the command makes (``locales/`` on the
first extract, ``exports/ru`` on the first export into Russian) is written whole into a
staging folder beside it and renamed into place at the commit (:class:`NewFolders`). A
crash at any moment leaves every file either old or new (a displaced old file left at a
temporary name, or a staging folder, is removed by the next run).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transflow.catalog.entries import Catalog
from transflow.core.errors import (
    CatalogSyntaxError,
    ConcurrentEdit,
    InputError,
    SystemFailure,
    WorkspaceLocked,
    WriteFailed,
)

TEMP_MARK = ".tmp-transflow-"


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What a file was when we read it: compared again just before we replace it."""

    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of_bytes(cls, path: Path | str, data: bytes) -> FileIdentity:
        return cls.of_stat(os.stat(path), data)

    @classmethod
    def of_stat(cls, st: os.stat_result, data: bytes) -> FileIdentity:
        """The identity of ``data`` read from a file whose ``fstat`` is ``st``."""
        return cls(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())

    @classmethod
    def current(cls, path: Path | str) -> FileIdentity | None:
        """The file's identity now (its stat from the descriptor it is read through), or
        None when there is none."""
        try:
            fd = os.open(path, _FOLLOW)
        except FileNotFoundError:
            return None
        try:
            st = os.fstat(fd)
            return cls.of_stat(st, _read_all(fd, st))
        finally:
            os.close(fd)


# The largest catalog transflow reads: a press release's catalog is kilobytes, and the
# 50 MB / 290,000-unit catalog of the fault catalogue (S1) is read in seconds; past this,
# parsing would cost minutes and gigabytes (252 MB: 285 s, 3.7 GB), so it is refused at
# once, before a byte is read (issue 13, case 7).
MAX_CATALOG_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, rel: str, limit: int | None = None) -> bytes:
    data = _read(path, rel, limit, optional=False)
    assert isinstance(data, bytes)
    return data


def read_optional(path: Path | str, rel: str, limit: int | None = None) -> bytes | None:
    """:func:`read_bytes`, or None when there is no file (nothing at ``path``, a dangling
    link, a file where a folder of its path belongs): what ``path.exists()`` then
    :func:`read_bytes` gave, in one system call fewer."""
    data = _read(path, rel, limit, optional=True)
    assert not isinstance(data, Link)
    return data


class Link:
    """What :func:`read_unless_link` returns for a symbolic link."""


LINK = Link()


def read_unless_link(path: Path | str, rel: str, limit: int | None = None) -> bytes | Link | None:
    """:func:`read_optional` of a file last seen as no symbolic link, opened without
    following one: :data:`LINK` when it has become one (the caller checks where it leads:
    no ``lstat`` of its own beforehand); otherwise exactly what read_optional gives."""
    return _read(path, rel, limit, optional=True, follow=False)


_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.ELOOP)
_FOLLOW = os.O_RDONLY | os.O_CLOEXEC
_NO_FOLLOW = _FOLLOW | os.O_NOFOLLOW


def _read(
    path: Path | str, rel: str, limit: int | None, optional: bool, follow: bool = True
) -> bytes | Link | None:
    """The file's bytes with plain system calls (open, fstat, read, close: no buffered
    file object, which adds an ioctl and lseeks per file; thousands of catalogs are read
    per command). ``follow``: False to open it without following a final link."""
    return _read_stat(path, rel, limit, optional, follow)[0]


def _read_stat(
    path: Path | str, rel: str, limit: int | None, optional: bool, follow: bool = True
) -> tuple[bytes | Link | None, os.stat_result | None]:
    """:func:`_read`, and the ``fstat`` of the file read (None when nothing was)."""
    try:
        fd = os.open(path, _FOLLOW if follow else _NO_FOLLOW)
    except OSError as exc:
        if not follow and exc.errno == errno.ELOOP and os.path.islink(path):
            return LINK, None
        if optional and exc.errno in _ABSENT:
            return None, None
        raise InputError(rel, f"cannot be read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(rel, "is a folder, not a catalog")
        if limit is not None and st.st_size > limit:
            raise InputError(
                rel,
                f"too large ({st.st_size / 2**20:.0f} MiB; transflow reads catalogs of up "
                f"to {limit // 2**20} MiB): split the article or check the file",
            )
        return _read_all(fd, st), st
    except OSError as exc:
        raise InputError(rel, f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(fd)


def _read_all(fd: int, st: os.stat_result) -> bytes:
    """Everything from ``fd`` (of ``fstat`` ``st``) to its end."""
    want = max(st.st_size, 0) + 1
    chunk = os.read(fd, want)
    if len(chunk) == st.st_size and stat.S_ISREG(st.st_mode):
        # A regular file read to the size fstat gave: its end, with no second read
        # that returns b"" (a file still growing is read whole by the loop below).
        return chunk
    chunks = []
    while chunk:
        chunks.append(chunk)
        want = max(want, 1 << 16)
        chunk = os.read(fd, want)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def load(path: Path, rel: str) -> tuple[Catalog, FileIdentity]:
    """Read and strictly parse a PO/POT file (raises CatalogSyntaxError with path:line)."""
    data, st = _read_stat(path, rel, MAX_CATALOG_BYTES, optional=False)
    assert isinstance(data, bytes) and st is not None
    return _parsed(data, st, rel)


def _parsed(data: bytes, st: os.stat_result, rel: str) -> tuple[Catalog, FileIdentity]:
    """The catalog read as ``data`` (strictly parsed) and its identity (``st``: its fstat)."""
    from transflow.catalog.poparse import parse_po

    return parse_po(data, rel), FileIdentity.of_stat(st, data)


def load_optional(path: Path, rel: str) -> tuple[Catalog | None, FileIdentity | None]:
    """:func:`load`, or (None, None) when there is no file (nothing at ``path``, a file
    where a folder of its path belongs); a link is followed as :func:`load` follows it (a
    dangling one, or a loop, refused). What ``path.exists()``, ``path.is_symlink()`` then
    :func:`load` gave, in one system call where they took two or three: the file is opened
    without following a link (extract reads every catalog of the articles it merges, most
    of them not there yet in a first extract)."""
    data, st = _read_stat(path, rel, MAX_CATALOG_BYTES, optional=True, follow=False)
    if data is None:
        return None, None
    if isinstance(data, Link):
        return load(path, rel)
    assert st is not None
    return _parsed(data, st, rel)


def serialize(catalog: Catalog) -> bytes:
    from transflow.catalog.powrite import serialize_po

    return serialize_po(catalog)


@dataclass(slots=True)
class _Staged:
    # the paths as text, as the system calls take them: the parent of a big export
    # commits thousands, sent by its workers (a Path costs more to build than the
    # rename it is for). Held by the command until its commit, one a file written (30,000
    # for an extract after edits to every article at 3,000 x 10), so slotted, and the
    # digest in bytes
    target: str
    temp: str
    rel: str
    expect: FileIdentity | None
    # sha256 of what we staged (only kept where expect is not None)
    data_digest: bytes = b""

    def __reduce__(self) -> tuple[object, tuple[str, str, str, FileIdentity | None, bytes]]:
        """Sent from a worker to the parent as a plain tuple."""
        return _Staged, (self.target, self.temp, self.rel, self.expect, self.data_digest)


def link_on_the_way(root: Path, path: Path) -> str | None:
    """The first symbolic link on the way from ``root`` down to ``path`` (relative to
    ``root``), or None."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    here = root
    for part in parts:
        here = here / part
        if here.is_symlink():
            return here.relative_to(root).as_posix()
    return None


_WRITE_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
    errno.EROFS: "the folder is read-only: make it writable, or work on a copy",
    errno.EACCES: "permission denied: make the file and its folder writable",
    errno.EPERM: "permission denied: make the file and its folder writable",
    errno.ENOTDIR: "a file stands where a folder belongs on its path: move it away",
    errno.ENAMETOOLONG: "the name is too long for the file system: shorten the source's name",
}


def write_failed(rel: str, err: int | None) -> WriteFailed:
    """A write the machine refused (exit code 4: not bad input), with what to do."""
    code = err or errno.EIO
    advice = _WRITE_ADVICE.get(code, "check the disk and the folder, then run it again")
    return WriteFailed(rel, f"cannot be written ({os.strerror(code)}); {advice}")


def _concurrent(rel: str, extra: str = "") -> ConcurrentEdit:
    return ConcurrentEdit(
        f"{rel}: changed on disk while transflow was working (saved in an editor?); "
        f"nothing was written, run the command again{extra}"
    )


def _same_bytes(path: str, digest: bytes) -> bool:
    try:
        return hashlib.sha256(Path(path).read_bytes()).digest() == digest
    except OSError:
        return False


def _read_target(path: str, rel: str) -> bytes | None:
    """The bytes of a file about to be replaced (to skip a write that changes nothing)."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None  # gone meanwhile: nothing to compare
    except IsADirectoryError:
        raise InputError(rel, "is a folder where transflow writes a file; move it away") from None
    except OSError as exc:
        raise InputError(rel, f"cannot be read: {exc.strerror}") from None


def _replace(staged: list[_Staged]) -> set[str]:
    """``os.replace`` each staged file onto its target, in order; their folders."""
    folders: set[str] = set()
    for s in staged:
        _before_swap(s.target)
        os.replace(s.temp, s.target)
        folders.add(_folder(s.target))
    return folders


THREADED_RENAMES = 1024  # from this many files, a commit renames on every core


def _rename_threads(count: int) -> int:
    """How many threads rename ``count`` staged files: one per core (at most 4; as
    ``TRANSFLOW_JOBS`` says, when set), once there are :data:`THREADED_RENAMES`."""
    if count < THREADED_RENAMES:
        return 1
    wanted = os.environ.get("TRANSFLOW_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), 4)
    try:
        return min(len(os.sched_getaffinity(0)), 4)
    except AttributeError:  # pragma: no cover (not Linux)
        return min(os.cpu_count() or 1, 4)


def _folder(path: str) -> str:
    """The folder of a text path, as ``Path(path).parent`` names it ("." for a bare
    name, where ``os.path.dirname`` gives "")."""
    return os.path.dirname(path) or "."


def _unlink(path: str) -> None:
    """Remove ``path`` if it is there (``Path.unlink(missing_ok=True)`` of a text path)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


_PID: list[int] = []  # this process's id, once asked


def _pid() -> int:
    """This process's id, asked once per process (each temporary file's name holds it;
    a forked child forgets its parent's, see below)."""
    if not _PID:
        _PID.append(os.getpid())
    return _PID[0]


os.register_at_fork(after_in_child=_PID.clear)


def _before_swap(target: str) -> None:
    """A seam for tests: called just before each target is swapped in (a test puts an
    editor's save here to drive the race deterministically)."""


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_RENAMEAT2: object = None


def _renameat2(src: Path | str, dst: Path | str, flags: int, at: int = _AT_FDCWD) -> int:
    """``renameat2`` of two names in the folder ``at`` is open on (the working folder's
    by default, for paths)."""
    fn = _load_renameat2()
    assert fn is not None
    return int(fn(at, os.fsencode(src), at, os.fsencode(dst), flags))


def _load_renameat2():
    global _RENAMEAT2
    if _RENAMEAT2 is None:
        import ctypes  # (here: a command that writes nothing never loads it, 4 ms)

        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2
            fn.argtypes = [
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_uint,
            ]
            fn.restype = ctypes.c_int
            _RENAMEAT2 = fn
        except (OSError, AttributeError):
            _RENAMEAT2 = False
    return _RENAMEAT2 or None


def _errno() -> int:
    """The errno the last ``renameat2`` or ``syncfs`` left (loaded, so ctypes is)."""
    import ctypes

    return ctypes.get_errno()


def _exchange_supported(staged: list[_Staged]) -> bool:
    """renameat2 exists (Linux, glibc 2.28+) and the filesystem of these files can
    exchange names (tested once per folder with two scratch files)."""
    if _load_renameat2() is None:
        return False
    for folder in {Path(_folder(s.target)) for s in staged}:
        if folder not in _EXCHANGE_OK:
            _EXCHANGE_OK[folder] = _probe_exchange(folder)
        if not _EXCHANGE_OK[folder]:
            return False
    return True


_EXCHANGE_OK: dict[Path, bool] = {}


def _same_folders(chain: tuple[tuple[str, int, int], ...]) -> bool:
    """Whether every folder of ``chain`` (see :attr:`Transaction.folders`) is still the
    directory it was, none of them a link now."""
    for path, dev, ino in chain:
        try:
            st = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISDIR(st.st_mode) or (st.st_dev, st.st_ino) != (dev, ino):
            return False
    return True


def _probe_exchange(folder: Path) -> bool:
    a = folder / f".probe-a{TEMP_MARK}{os.getpid()}"
    b = folder / f".probe-b{TEMP_MARK}{os.getpid()}"
    try:
        a.write_bytes(b"a")
        b.write_bytes(b"b")
        return _renameat2(a, b, _RENAME_EXCHANGE) == 0 and b.read_bytes() == b"a"
    except OSError:
        return False
    finally:
        a.unlink(missing_ok=True)
        b.unlink(missing_ok=True)


_RENAME_NOREPLACE = 1
_NEW = "-new"  # the end of a staging folder's name (see NewFolders)
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _max_open_folders() -> int:
    """How many folders a process keeps open while it writes into new folders: 256, or a
    quarter of what it may open at all, when that is less."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):  # pragma: no cover (not Unix)
        return 64
    if soft == resource.RLIM_INFINITY:
        return 256
    return max(8, min(256, soft // 4))


@dataclass(frozen=True, slots=True)
class _Held:
    """A new folder's place, held open from :meth:`NewFolders.make` to its placing: the
    descriptors of its parent and of its staging folder (inherited by forked workers),
    and the two names in the parent."""

    parent: int
    staging: int
    name: str
    staging_name: str


class NewFolders:
    """Folders a command creates (``exports/``, or ``exports/<language>/`` on a
    language's first export; ``locales/`` on the first extract), staged whole: each is
    written, every file under its own name, into a staging folder of ours beside it
    (``.<name>.tmp-transflow-<pid>-new``), which the commit renames into place once the
    files are on disk. One rename makes thousands of files visible at once, where a
    temporary file per export would take a rename each (and a check of its folders
    before each write). Nothing of a folder is visible before its rename; a run killed
    before it leaves only the staging folder, which the next run removes
    (:func:`clean_temp_files`).

    Everything happens relative to descriptors, never through a path: :meth:`make`
    walks down from the workspace to each parent (no folder on the way may be a link),
    makes the staging folder there and keeps both open (the process that commits does
    this before any worker forks: the workers inherit them); each folder inside a
    staging folder is made and opened by the process writing there, relative to its
    parent's descriptor; the rename into place and a removal go through the parent's.
    A link planted on the way, or a folder swapped for one meanwhile, is never
    followed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: dict[str, str] = {}  # the folder to make (as text) -> its staging
        self._held: dict[str, _Held] = {}  # the folder to make -> its descriptors
        # open folders inside the staging folders by (staging folder, path inside it):
        # in each process its own (a forked worker's copy holds the descriptors it
        # inherited, which stay valid in it), closed beyond _max_open_folders
        self._open: dict[tuple[str, str], int] = {}
        self._cap = _max_open_folders()
        # what ``fstat`` said of each file this process wrote, by target, until taken
        # (:meth:`written`): the file keeps it once placed (a folder's rename changes
        # nothing of the files in it), so the caller needs no ``stat`` after the commit
        self.stats: dict[str, os.stat_result] = {}

    @classmethod
    def make(cls, root: Path, wanted: list[Path]) -> NewFolders:
        """The staging folders for those of ``wanted`` (folders below ``root``) that do
        not exist yet, below folders that are no links: ``exports/`` when it is not
        there, else each missing ``exports/<language>/``. Any other (a folder there
        already, or below a link or a file) is left to the file by file writes."""
        new = cls(root)
        for folder in wanted:
            with contextlib.suppress(OSError):
                new._stage(folder)
        return new

    def _stage(self, folder: Path) -> None:
        """Make the staging folder for the highest missing folder from ``folder`` up."""
        parts = folder.relative_to(self.root).parts
        at = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            for n, part in enumerate(parts):
                try:
                    below = os.open(part, _DIR_FLAGS, dir_fd=at)
                except FileNotFoundError:
                    top = self.root.joinpath(*parts[: n + 1])
                    if str(top) not in self.folders:
                        self._make_staging(at, top)
                        at = -1  # held now
                    return
                os.close(at)
                at = below
        finally:
            if at >= 0:
                os.close(at)

    def _make_staging(self, parent: int, top: Path) -> None:
        staging_name = f".{top.name}{TEMP_MARK}{os.getpid()}{_NEW}"
        try:
            os.mkdir(staging_name, dir_fd=parent)
            fd = os.open(staging_name, _DIR_FLAGS, dir_fd=parent)
        except OSError:
            os.close(parent)
            raise
        self._held[str(top)] = _Held(parent, fd, top.name, staging_name)
        self.folders[str(top)] = str(top.with_name(staging_name))

    def __bool__(self) -> bool:
        return bool(self.folders)

    def write(self, target: str, data: bytes, rel: str) -> bool | None:
        """Write ``data`` where ``target`` will be once its new folder is placed; None
        when ``target`` is in none of them (the caller writes it), else True."""
        found = self._staging_of(target)
        if found is None:
            return None
        folder, staging = found
        head, _, name = target[len(folder) + 1 :].rpartition("/")
        try:
            at = self._opened(folder, staging, head)
            try:
                fd = os.open(name, _NEW_FILE, 0o644, dir_fd=at)
            except FileExistsError:  # written by this command already: the last one wins
                os.unlink(name, dir_fd=at)
                fd = os.open(name, _NEW_FILE, 0o644, dir_fd=at)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                self.stats[target] = os.fstat(fd)
            finally:
                os.close(fd)
        except IsADirectoryError:
            raise InputError(
                rel, "is a folder where transflow writes a file; move it away"
            ) from None
        except OSError as exc:
            raise write_failed(rel, exc.errno) from None
        return True

    def written(self, target: str) -> os.stat_result | None:
        """What ``fstat`` said of ``target`` as this process wrote it here (taken once);
        None for a file written elsewhere."""
        return self.stats.pop(target, None)

    def forget_written(self) -> None:
        """Let go of what :meth:`written` was not asked for (assets beside an export)."""
        self.stats.clear()

    def _staging_of(self, target: str) -> tuple[str, str] | None:
        """The new folder ``target`` is in, and its staging folder."""
        for folder, staging in self.folders.items():
            if target.startswith(folder) and target[len(folder) : len(folder) + 1] == "/":
                return folder, staging
        return None

    def _opened(self, folder: str, staging: str, head: str) -> int:
        """The descriptor of folder ``head`` inside ``staging``, made when missing."""
        if not head:
            return self._held[folder].staging
        fd = self._open.get((staging, head))
        if fd is not None:
            return fd
        if len(self._open) >= self._cap:
            self._close()
        parent, _, name = head.rpartition("/")
        at = self._opened(folder, staging, parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, dir_fd=at)
        fd = os.open(name, _DIR_FLAGS, dir_fd=at)
        self._open[(staging, head)] = fd
        return fd

    def _close(self) -> None:
        for fd in self._open.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._open.clear()

    def filled(self) -> list[str]:
        """The staging folders that hold a file (those to place)."""
        return [self.folders[f] for f, h in self._held.items() if _has_files(h.staging)]

    def rel_of(self, staging: str) -> str:
        """The folder a staging folder is for, as messages name it (``exports/ru``)."""
        return self._rel(next(f for f, s in self.folders.items() if s == staging))

    def _rel(self, folder: str) -> str:
        return Path(folder).relative_to(self.root).as_posix()

    def check(self) -> None:
        """Refuse to place a folder that another program made meanwhile (before
        anything is placed: the command then writes nothing)."""
        for folder, held in self._held.items():
            if _there(held.name, held.parent) and _has_files(held.staging):
                raise _made_meanwhile(self._rel(folder))

    def place(self) -> None:
        """Rename each staging folder that holds a file into place, and sync its parent
        (an empty one is removed: no folder is made for nothing). When one cannot be
        placed, those placed before it are taken back (they are ours, just renamed)
        and the error raised: the caller discards them all."""
        self._close()
        placed: list[_Held] = []
        try:
            for folder, held in self._held.items():
                try:
                    os.rmdir(held.staging_name, dir_fd=held.parent)  # empty: nothing to place
                except OSError as exc:
                    if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                        raise write_failed(self._rel(folder), exc.errno) from None
                    _place(held, self._rel(folder))
                    placed.append(held)
        except BaseException:
            for held in reversed(placed):
                with contextlib.suppress(OSError):
                    _rename_at(held.parent, held.name, held.staging_name)
            raise
        for held in placed:
            with contextlib.suppress(OSError):
                os.fsync(held.parent)
        self._forget()

    def discard(self) -> None:
        """Remove every staging folder with what was written in it."""
        import shutil

        self._close()
        for held in self._held.values():
            shutil.rmtree(held.staging_name, ignore_errors=True, dir_fd=held.parent)
        self._forget()

    def _forget(self) -> None:
        for held in self._held.values():
            for fd in (held.staging, held.parent):
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._held.clear()
        self.folders.clear()


def _there(name: str, parent: int) -> bool:
    try:
        os.stat(name, dir_fd=parent, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _rename_at(parent: int, src: str, dst: str) -> None:
    """Rename ``src`` to ``dst`` in the folder ``parent`` is open on, never onto
    something there (``RENAME_NOREPLACE``; checked just before where the kernel cannot):
    :class:`FileExistsError` then."""
    if _load_renameat2() is not None:
        if _renameat2(src, dst, _RENAME_NOREPLACE, at=parent) == 0:
            return
        err = _errno()
        if err not in (errno.ENOSYS, errno.EINVAL):  # else: not on this filesystem
            raise OSError(err, os.strerror(err), dst)
    if _there(dst, parent):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), dst)
    os.rename(src, dst, src_dir_fd=parent, dst_dir_fd=parent)


def _place(held: _Held, rel: str) -> None:
    """Rename a staging folder into place, refused when its folder is there (made by
    another program since :meth:`NewFolders.check`)."""
    try:
        _rename_at(held.parent, held.staging_name, held.name)
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise _made_meanwhile(rel) from None
        raise write_failed(rel, exc.errno) from None


def _made_meanwhile(rel: str) -> ConcurrentEdit:
    return ConcurrentEdit(
        f"{rel}: made by another program while transflow was working; nothing was "
        "written there, run the command again"
    )


def _has_files(folder: str | int) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except OSError:
        return False


@dataclass
class Transaction:
    """Stage many file writes, then replace them all (or none, on error)."""

    staged: list[_Staged] = field(default_factory=list)
    removals: list[tuple[Path, str]] = field(default_factory=list)
    # the workspace: no write may leave it through a symbolic link (None: a caller that
    # knows no workspace, such as a test; links are then followed)
    root: Path | None = None
    # folders already checked to stay inside ``root`` (and made), with the (path, st_dev,
    # st_ino) their ``lstat`` and their parents' (up to ``root``) gave then: a caller that
    # writes thousands of files may share one such memo for a whole command (export does)
    folders: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    # folders made by this command (:class:`NewFolders`): a write below one goes into its
    # staging folder. ``places_new``: this transaction places them at its commit (and
    # discards them at its rollback); the command's own, not a worker's, which only writes
    new: NewFolders | None = None
    places_new: bool = False

    def _real_target(self, target: Path, rel: str) -> Path:
        """Where a write to ``target`` lands. A link (the file itself, or a folder on the
        way) is followed only while it stays inside the workspace; one leading out of it
        is refused, naming the link (issue 13, case 4). Inside, the link is kept and its
        target written (K5), as editors do."""
        real = target.resolve() if target.is_symlink() else target
        if self.root is None:
            return real
        resolved = Path(os.path.realpath(target))
        root = Path(os.path.realpath(self.root))
        if resolved == root or root in resolved.parents:
            return real
        raise InputError(
            link_on_the_way(self.root, target) or rel,
            "is a symbolic link leading out of the workspace; transflow neither reads nor "
            "writes through it (replace the link by the file or folder itself)",
        )

    def _folder_checked(self, target: str, rel: str) -> bool:
        """Whether ``target``'s folder was already checked by :meth:`_real_target` (and
        made) in this command; if not, checks it now. A target that is not a link lands
        where its folder's real path says, so one check per folder is the check of every
        file in it (only a link as the file itself needs the full check each time).
        A checked folder is still the same directory, and still no link, when one
        ``lstat`` says so: a folder replaced meanwhile (by a link out of the workspace, by
        another folder) is checked again."""
        folder = _folder(target)
        known = self.folders.get(folder)
        if known is not None:
            if _same_folders(known):
                return True
            del self.folders[folder]
        self._real_target(Path(folder), rel)  # raises naming the link out
        return False

    def write(
        self,
        target: Path | str,
        data: bytes,
        rel: str,
        expect: FileIdentity | None = None,
        on_link: Callable[[], object] | None = None,
    ) -> bool:
        """Stage ``data`` for ``target`` unless the file already holds exactly these bytes.
        Returns True when a write was staged.

        One ``lstat`` of the target says whether it is a link (then it is resolved and
        checked in full), absent (nothing to compare), a folder, or a file of another
        size (changed, not read); folders are checked and made once per memo
        (:attr:`folders`). ``on_link``: called first when the target is a symbolic link,
        for a caller's stricter rule (an export's link stays inside ``exports/``): it
        raises to refuse the link (so the caller needs no ``lstat`` of its own)."""
        text = os.fspath(target)
        if self.new:
            done = self.new.write(text, data, rel)
            if done is not None:
                return done
        try:
            st: os.stat_result | None = os.lstat(text)
        except FileNotFoundError:
            st = None
        except OSError:  # ENOTDIR, EACCES…: the full path below says what it is
            return self._write_checked(Path(text), data, rel, expect)
        if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            if on_link is not None and stat.S_ISLNK(st.st_mode):
                on_link()
            return self._write_checked(Path(text), data, rel, expect)  # a link, a fifo…
        made = self._folder_checked(text, rel)
        if st is not None:
            if stat.S_ISDIR(st.st_mode):
                raise InputError(rel, "is a folder where transflow writes a file; move it away")
            if st.st_size == len(data) and _read_target(text, rel) == data:
                return False
        return self._stage(text, data, rel, expect, st, made, remember=True)

    def _write_checked(
        self, target: Path, data: bytes, rel: str, expect: FileIdentity | None
    ) -> bool:
        """:meth:`write` through the full check: the target is a link or not a file."""
        real = self._real_target(target, rel)
        try:
            if real.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            raise InputError(
                rel, "is a folder where transflow writes a file; move it away"
            ) from None
        except OSError as exc:
            raise InputError(rel, f"cannot be read: {exc.strerror}") from None
        try:
            st: os.stat_result | None = os.stat(real)
        except OSError:
            st = None
        return self._stage(str(real), data, rel, expect, st, False, remember=False)

    def _stage(
        self,
        real: str,
        data: bytes,
        rel: str,
        expect: FileIdentity | None,
        st: os.stat_result | None,
        made: bool,
        remember: bool,
    ) -> bool:
        """Write ``data`` beside ``real`` under a temporary name (``st``: the target's
        stat, None when it does not exist; ``made``: its folder is known to exist;
        ``remember``: its folder was checked, note it in :attr:`folders`)."""
        folder, name = _folder(real), os.path.basename(real)
        # never longer than a file name may be, whatever the target's name (a source's
        # name of 240 characters gives a catalog of 243)
        base = f"{folder}/.{name[:120]}{TEMP_MARK}{_pid()}-{len(self.staged)}"
        if expect is None:
            # nothing read, so the swap is a plain replace and the temporary file is always
            # ours: no digests in its name, and clean_temp_files removes it whole or partial
            temp = base
            partial = temp
            digest = b""  # never compared: only a file we read is checked after its swap
        else:
            digest = hashlib.sha256(data).digest()
            # the name carries short digests of what we write and of what we read, so that
            # a file left by a killed run can be told apart: ours (removed) or a
            # translator's save displaced by the swap (kept beside its target, see
            # clean_temp_files); written under a "being written" name first: a run killed
            # mid-write leaves a partial file that clean_temp_files removes, never
            # mistakes for a displaced save
            temp = f"{base}-{digest[:6].hex()}-{expect.digest[:12]}"
            partial = temp + _PARTIAL
        try:
            if not made:
                os.makedirs(folder, exist_ok=True)
            # a fresh file, never through a link planted at the (predictable) name
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            try:
                fd = os.open(partial, flags, 0o644)
            except FileNotFoundError:  # the folder went away since it was made
                os.makedirs(folder, exist_ok=True)
                fd = os.open(partial, flags, 0o644)
            except FileExistsError:
                # left by a killed run whose pid this process now has. Only transflow ever
                # writes under this name (a save displaced by a swap lands at a name with
                # digests and without the "being written" suffix), so it is removed
                os.unlink(partial)
                fd = os.open(partial, flags, 0o644)
            if remember and not made:
                self._remember(Path(folder))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                if st is not None:
                    os.fchmod(fd, stat.S_IMODE(st.st_mode))
            finally:
                os.close(fd)
            if partial != temp:
                os.rename(partial, temp)
        except OSError as exc:
            with contextlib.suppress(OSError):
                _unlink(partial)
                _unlink(temp)
            raise write_failed(rel, exc.errno) from None
        self.staged.append(_Staged(real, temp, rel, expect, digest))
        return True

    def _remember(self, folder: Path) -> None:
        """Note ``folder`` (just checked and made) in :attr:`folders`; a folder that is
        itself a link (inside the workspace) is not noted: it is checked at every write."""
        chain = []
        here = folder
        while True:  # the folder and each parent up to the workspace: a parent replaced
            try:  # by a link to wherever the folder was moved is seen too
                st = os.lstat(here)
            except OSError:
                return
            if not stat.S_ISDIR(st.st_mode):
                return
            chain.append((str(here), st.st_dev, st.st_ino))
            if self.root is None or here.parent == here or here.parent == self.root:
                break
            here = here.parent
        self.folders[str(folder)] = tuple(chain)

    def remove(self, target: Path, rel: str) -> None:
        self.removals.append((target, rel))

    def commit(self) -> None:
        """Make the staged files durable, check every target is still what we read, then
        replace them. One filesystem sync for all files, not an fsync per file. The new
        folders (:attr:`new`, when :attr:`places_new`) are placed first: one made by
        another program meanwhile stops the command before anything is replaced."""
        new = self.new if self.places_new and self.new else None
        folders = [_folder(self.staged[0].temp)] if self.staged else []
        folders += new.filled() if new else []
        if folders:
            try:
                _sync_each(folders)
            except OSError as exc:
                rel = self.staged[0].rel if self.staged else new.rel_of(folders[0])  # type: ignore[union-attr]
                self.rollback()
                raise write_failed(rel, exc.errno) from None
        # the early check trusts an unchanged stat only where nothing becomes visible
        # before the exchanges have checked in full what they displace: with folders to
        # place first, it reads every file we read (as the plain replace does)
        self._check_unchanged(by_stat=new is None)
        if new:
            try:
                new.check()
                new.place()
            except BaseException:
                self.rollback()
                raise
        # exchanging names protects files we read; new files and exports are replaced
        # (see _swap_in), so without one there is nothing to probe for
        exchange = any(s.expect is not None for s in self.staged)
        if exchange and _exchange_supported(self.staged):
            dirs = self._swap_in()  # (each exchange checks the file it displaces in full)
        else:
            self._check_unchanged(by_stat=False)
            dirs = self._replace_all()
        for target, _rel in self.removals:
            target.unlink(missing_ok=True)
            dirs.add(str(target.parent))
        for d in dirs:
            _fsync_dir(d)
        self.staged.clear()
        self.removals.clear()

    def _check_unchanged(self, by_stat: bool) -> None:
        """Stop (everything rolled back) if a file we read changed since (:func:`_changed`)."""
        for s in self.staged:
            if s.expect is not None and _changed(s.target, s.expect, by_stat):
                self.rollback()
                raise _concurrent(s.rel)

    def _replace_all(self) -> set[str]:
        """Where the kernel cannot exchange two names: ``os.replace`` after the identity
        check above (a save landing between that check and the replace is not seen).
        Thousands of files (a big export's) are replaced by one thread per core, each
        taking its share in order: a rename waits on the filesystem, not on Python, and
        renames run side by side (twice as fast on two cores). The first error is raised
        once every thread has stopped."""
        staged = self.staged
        n = _rename_threads(len(staged))
        if n < 2:
            return _replace(staged)
        import threading

        shares = [staged[k * len(staged) // n : (k + 1) * len(staged) // n] for k in range(n)]
        done: list[set[str] | BaseException] = [set() for _ in range(n)]

        def replace_share(k: int) -> None:
            try:
                done[k] = _replace(shares[k])
            except BaseException as exc:  # raised below, in the committing thread
                done[k] = exc

        threads = [threading.Thread(target=replace_share, args=(k,)) for k in range(1, n)]
        for thread in threads:
            thread.start()
        try:
            replace_share(0)
        finally:
            for thread in threads:
                thread.join()
        folders: set[str] = set()
        for result in done:
            if isinstance(result, BaseException):
                raise result
            folders |= result
        return folders

    def _swap_in(self) -> set[str]:
        """Race-free replace: each staged file is *exchanged* with its target in one atomic
        step (``renameat2(RENAME_EXCHANGE)``), which leaves the file it displaced at the
        temporary name, so we can look at exactly what we replaced. If that is not the
        file we read (an editor saved in the meantime), every exchange is undone — the
        translator's save goes back in place untouched — and the command stops. A new
        file we did not read (an export) is simply replaced, once every exchange is
        checked: a command stopped here leaves nothing of its own in place.
        There is no moment at which a save can be overwritten unseen: the save is either
        displaced into our hands (and restored) or lands after us (and wins)."""
        done: list[_Staged] = []
        unread: list[_Staged] = []  # nothing read, nothing to protect: replaced last
        for s in self.staged:
            if s.expect is None:
                unread.append(s)
                continue
            _before_swap(s.target)
            if _renameat2(s.temp, s.target, _RENAME_EXCHANGE) != 0:
                self._undo(done, s.rel, error=_errno())
            done.append(s)
            if FileIdentity.current(s.temp) != s.expect:
                self._undo(done, s.rel)
        for s in unread:
            _before_swap(s.target)
            os.replace(s.temp, s.target)
        for s in done:
            _unlink(s.temp)  # the old file we read and replaced
        return {_folder(s.target) for s in self.staged}

    def _undo(self, done: list[_Staged], rel: str, error: int = 0) -> None:
        """Put every file back as it was, keep anything we did not write, then stop."""
        kept: list[str] = []
        for s in reversed(done):
            if _renameat2(s.temp, s.target, _RENAME_EXCHANGE) != 0:
                # cannot swap back (the editor renamed the target away?): what we displaced
                # is kept beside the target, never removed with our temporary files
                aside = _conflict_name(Path(s.target))
                os.replace(s.temp, aside)
                kept.append(str(aside))
                continue
            if not _same_bytes(s.temp, s.data_digest):
                # yet another save landed on the target meanwhile: keep it beside it
                aside = _conflict_name(Path(s.target))
                os.replace(s.temp, aside)
                kept.append(str(aside))
        self.rollback()
        if error:
            raise write_failed(rel, error)
        extra = f"; also kept {', '.join(kept)}" if kept else ""
        raise _concurrent(rel, extra)

    def rollback(self) -> None:
        for s in self.staged:
            _unlink(s.temp)
        self.staged.clear()
        self.removals.clear()
        if self.places_new and self.new:
            self.new.discard()

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.rollback()
        else:
            self.commit()


def _changed(target: str, expect: FileIdentity, by_stat: bool) -> bool:
    """Whether ``target`` is no longer the file we read. ``by_stat``: a file whose size
    and modification time are those we read counts as unchanged without being read
    again (the early check, before anything is replaced, for the common case: a save
    since we read it). Where names cannot be exchanged, the files whose stat is
    unchanged are then read in full before the replace; where they can, each exchange
    checks the file it displaces in full (:meth:`Transaction._swap_in`) before anything
    else of the command is in place (it is used only when no folder is to be placed)."""
    if by_stat:
        try:
            st = os.stat(target)
        except FileNotFoundError:
            return True
        if st.st_size == expect.size and st.st_mtime_ns == expect.mtime_ns:
            return False
    return FileIdentity.current(target) != expect


def _sync_each(folders: list[str]) -> None:
    """:func:`_sync` once for each filesystem holding one of ``folders``."""
    done: set[int] = set()
    for folder in folders:
        device = os.stat(folder).st_dev
        if device not in done:
            _sync(folder)
            done.add(device)


def _sync(folder: str) -> None:
    """Flush every dirty page of the filesystem holding ``folder`` (``syncfs``), so the
    staged files are on disk before any rename makes them visible."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if _libc_syncfs(fd) != 0:
            err = _errno()
            raise OSError(err, os.strerror(err))
    finally:
        os.close(fd)


def _libc_syncfs(fd: int) -> int:
    global _SYNCFS
    if _SYNCFS is None:
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _SYNCFS = libc.syncfs
        except (OSError, AttributeError):  # not Linux: fall back to fsync of this fd
            _SYNCFS = lambda fd: (os.fsync(fd), 0)[1]  # type: ignore[func-returns-value]  # noqa: E731  # fsync's None is deliberately discarded
    return _SYNCFS(fd)


_SYNCFS: Callable[[int], int] | None = None


def _fsync_dir(path: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clean_temp_files(folder: Path, kept: list[Path] | None = None) -> int:
    """Remove temporary files an interrupted run left behind (never a catalog).

    A run killed in the instant between swapping a catalog in and checking what it
    displaced leaves the displaced file at the temporary name. Its digest tells what it
    is: what the run wrote or the file it had read (removed), or anything else — a
    translator's save that landed in that instant — which is kept beside its target as
    ``<name>.conflict-<pid>`` and added to ``kept``."""
    removed = 0
    # the folder's own staging folder, beside it (:class:`NewFolders`), then what is in it
    found = list(folder.parent.glob(f".{folder.name}{TEMP_MARK}*{_NEW}"))
    if folder.is_dir() and _stays_inside(folder):
        found += _marked(folder)
    for path in found:
        fields = path.name.rsplit(TEMP_MARK, 1)[-1].split("-")
        pid = fields[0]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        if path.name.endswith(_NEW) and _is_folder(path):  # a staging folder, whole
            import shutil

            shutil.rmtree(path, ignore_errors=True)
            removed += 1
            continue
        if not os.path.lexists(path):  # in a staging folder removed above
            continue
        known = [f for f in fields[2:] if len(f) == 12]
        whole = not path.name.endswith(_PARTIAL) and not path.name.startswith(".probe-")
        if known and whole and not _digest_starts(path, known):
            original = path.name[1:].rsplit(TEMP_MARK, 1)[0]
            aside = _conflict_name(path.with_name(original))
            os.replace(path, aside)
            if kept is not None:
                kept.append(aside)
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed


_PARTIAL = "-w"  # the suffix of a temporary file still being written


def _marked(folder: Path) -> Iterator[Path]:
    """What ``folder.rglob(f"*{TEMP_MARK}*")`` finds (files and folders; links to folders
    named, not followed), each folder's before what is below it, without matching a
    pattern against every name: a no-op export's look through 30,000 exports takes 24 ms
    instead of 55."""
    for top, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            if TEMP_MARK in name:
                yield Path(top, name)


def _stays_inside(folder: Path) -> bool:
    """``folder`` is no link, or one leading inside its parent's folder (the workspace):
    what is found through a link out of it is none of ours to remove."""
    if not folder.is_symlink():
        return True
    real, parent = os.path.realpath(folder), os.path.realpath(folder.parent)
    return real.startswith(parent + os.sep)


def _is_folder(path: Path) -> bool:
    """A folder, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _digest_starts(path: Path, prefixes: list[str]) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12] in prefixes
    except OSError:
        return True  # gone or unreadable: nothing to keep


def _conflict_name(target: Path) -> Path:
    """Beside ``target``, a name no command takes for a catalog or a temporary file."""
    return target.with_name(f"{target.name}.conflict-{os.getpid()}-{time.time_ns() % 10**6}")


def _alive(pid: int) -> bool:
    """True while ``pid`` runs. A zombie (a killed process its new parent has not reaped
    yet, as the workers of a killed run can be for a while) is not alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (not Linux): trust kill()
    return stat_line.rsplit(")", 1)[-1].split()[:1] != ["Z"]


_HELD_LOCKS: set[int] = set()  # descriptors of the workspace locks this process holds


def forget_lock_in_child() -> None:
    """In a forked child: close the inherited lock descriptors, so that the lock is
    released when the parent ends, whatever happens to the child."""
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


@dataclass
class LockInfo:
    """What taking the lock found: the pid of a run that ended without releasing it
    (killed), whose leftovers this run cleans up."""

    taken_over_from: int | None = None

    @property
    def notice(self) -> str | None:
        if self.taken_over_from is None:
            return None
        return (
            f"took over the workspace lock from pid {self.taken_over_from}, which ended "
            "without releasing it (killed?); its temporary files are removed"
        )


@contextlib.contextmanager
def workspace_lock(state_dir: Path, timeout: float = 10.0) -> Iterator[LockInfo]:
    """Hold the workspace's write lock (an flock, released by the kernel if we die; forked
    workers let go of it at once, see :func:`forget_lock_in_child`). The lock file holds
    the holder's pid while it is held and is emptied on release, so a pid found in it
    when the lock is free is that of a run that was killed."""
    if state_dir.exists() and not state_dir.is_dir():
        raise SystemFailure(
            f"{state_dir.name}: is a file, but transflow keeps its lock and caches in a "
            "folder of that name; move the file away and run the command again"
        )
    path = state_dir / "lock"
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise write_failed(f"{state_dir.name}/lock", exc.errno) from None
    info = LockInfo()
    acquired = False
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _locked(fd, path) from None
                time.sleep(0.05)
        _HELD_LOCKS.add(fd)
        acquired = True
        previous = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if previous.isdigit() and int(previous) != os.getpid() and not _alive(int(previous)):
            info.taken_over_from = int(previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield info
    finally:
        if acquired:  # released (also after an error): no pid left behind
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
        _HELD_LOCKS.discard(fd)
        os.close(fd)


def _locked(fd: int, path: Path) -> WorkspaceLocked:
    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
    if holder.isdigit() and not _alive(int(holder)):
        others = _processes_holding(path)
        who = f"process(es) {', '.join(map(str, others))}" if others else "another process"
        return WorkspaceLocked(
            f"workspace locked by {who}, left running by pid {holder}, which has ended; "
            "stop them (kill PID) and run the command again"
        )
    return WorkspaceLocked(
        f"workspace locked by pid {holder} (another transflow command is running); "
        "try again when it has finished"
    )


def _processes_holding(path: Path) -> list[int]:
    """Pids of the processes with ``path`` open (Linux ``/proc``; empty elsewhere)."""
    try:
        st = path.stat()
    except OSError:
        return []
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                with contextlib.suppress(OSError):
                    other = fd.stat()
                    if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                        found.append(int(proc.name))
                        break
    return sorted(p for p in found if p != os.getpid())


__all__ = [
    "CatalogSyntaxError",
    "FileIdentity",
    "Transaction",
    "clean_temp_files",
    "forget_lock_in_child",
    "load",
    "load_optional",
    "serialize",
    "workspace_lock",
]

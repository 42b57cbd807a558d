"""A cache of facts about files, keyed by what ``stat`` says, stored in ``.transflow/``.

It lets ``status`` and a no-op ``extract`` skip files that have not changed. It is never
wrong: the key is (size, mtime_ns, ctime_ns, inode), so even a same-size rewrite whose
mtime was set back is seen (the ctime moves), and an entry is trusted only when the file
was last modified well before the entry was recorded (a "racily clean" file, modified in
the same clock tick as our read, is always read again, as git does for its index).
"Before the entry was recorded" means before the command that recorded it started: a
file rewritten in the same coarse tick after a long command read it (a run of minutes on
a filesystem with 1- or 2-second timestamps) is not mistaken for the one it read.
Files the command itself wrote are keyed with :func:`written_key` instead: stat'ed
right after the write, they are ours, and need no race check.
Deleting the cache is always safe.
"""

from __future__ import annotations

import contextlib
import json
import json.scanner
import os
import sqlite3
import stat
import time
import weakref
from collections.abc import Iterable
from pathlib import Path

VERSION = 4  # 1: one JSON object, {"version", "entries"}; 2: a JSON array a line;
# 3: SQLite, an entry a row; 4: export's entries one per article (not per document)
RACY_NS = 2_000_000_000  # file timestamps can be this coarse on some filesystems


def stat_key(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return key_of(st)


def key_of(st: os.stat_result) -> list[int]:
    """The cache key of a file from its stat (or lstat, when the caller has one already)."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def written_key(path: Path | str) -> str | None:
    """The stat key of a file the command writes (an export, a catalog), as one string:
    compared like a stat key, but exempt from the race check (see the module docstring)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return written_key_of(st)


def written_key_of(st: os.stat_result) -> str:
    """:func:`written_key` from a stat (or lstat, when the caller has one already)."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


class FileCache:
    """``{name: [stat key, recorded_at, value]}`` kept in SQLite, one entry a row.

    An entry is one line of compact JSON, ``[name, stat key, recorded_at, value]``
    (ASCII: JSON's escapes), read by its name when it is asked for and decoded then: a
    command holds the entries it is working on, never the whole cache (status, export and
    extract at 30,000 catalogs used to hold a line for each: memory grew with the
    workspace). :meth:`prefetch` reads the entries an article will ask for in one query.

    What is put is buffered and written a few thousand entries at a time, each batch in a
    transaction of its own: the memory held stays bounded, and another command writing
    the same cache waits for one batch, not for a whole run. A batch written by a run
    that is then killed is as true as any other entry (each one is checked against the
    stat of the files it names before it is trusted), so nothing needs rolling back.
    A connection is never carried across a fork (SQLite forbids it): it is closed before
    any fork, and each process opens its own when it reads. A cache that cannot be read,
    written or even opened is no cache: it is never needed, so it is never fatal."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / f"{name}.sqlite"
        self.dirty = False  # entries put since the last save
        # entries count as recorded when the command started: before it read anything
        self.started = time.time_ns()
        self._db: sqlite3.Connection | None = None
        self._pid = 0  # the process self._db belongs to
        self._tried = False  # an open of the file for reading tried in this process
        self._ready = False  # the table is there, in this version (for reading)
        self._buffer: dict[str, str] = {}  # entries put, not yet written
        self._near: dict[str, str] = {}  # the entries of the last prefetch
        self._asked: frozenset[str] = frozenset()  # the names it asked for
        self._owner = os.getpid()  # the process that writes (a forked worker only reads)
        self._failed = False  # a write failed: no more are tried in this run
        _OPEN.add(self)

    # reading

    def get(self, name: str, key: object) -> object | None:
        """The value recorded for ``name`` if ``key`` is unchanged and was not racy."""
        return value_of(self.line(name), key)

    def line(self, name: str) -> str | None:
        """The entry recorded for ``name`` as its line (not decoded, nothing checked)."""
        line = self._buffer.get(name)
        if line is None:
            line = self._near.get(name)
        if line is None and name not in self._asked:
            line = self._read_one(name)
        return line

    def prefetch(self, names: Iterable[str]) -> None:
        """Read the entries of ``names`` at once (an article's: its source, its
        catalogs, its exports), for the :meth:`line` and :meth:`get` calls that follow;
        what was prefetched before is let go of."""
        wanted = [n for n in names if n not in self._buffer]
        self._near, self._asked = {}, frozenset()
        db = self._reader()
        if db is None or not wanted:
            return
        try:
            for at in range(0, len(wanted), _IN_MAX):
                part = wanted[at : at + _IN_MAX]
                query = _SELECT_IN.format(",".join("?" * len(part)))
                self._near.update(db.execute(query, part).fetchall())
        except sqlite3.Error:
            self._near = {}
            self._lost()
            return
        self._asked = frozenset(wanted)

    def has(self, name: str) -> bool:
        """Whether an entry is recorded for ``name`` (damaged or not)."""
        return self.line(name) is not None

    def entry(self, name: str) -> list | None:
        """``[stat key, recorded_at, value]`` as recorded for ``name`` (no check made)."""
        line = self.line(name)
        entry = None if line is None else _entry(line)
        return None if entry is None else entry[1:]

    def _read_one(self, name: str) -> str | None:
        db = self._reader()
        if db is None:
            return None
        try:
            row = db.execute(_SELECT, (name,)).fetchone()
        except sqlite3.Error:
            self._lost()
            return None
        return None if row is None else row[0]

    def _reader(self) -> sqlite3.Connection | None:
        """This process's connection when the cache can be read, else None (no file, another
        version, damage); opened once per process, and again after a fork closed it."""
        if self._pid != os.getpid():
            self._forget()
        if self._db is None and not self._tried:
            self._tried = True
            if plain_files(self.path):
                try:
                    db = self._connect()
                    self._ready = _ready(db)
                except sqlite3.Error:
                    self._ready = False
        return self._db if self._ready else None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=_BUSY_S, isolation_level=None)
        self._db, self._pid = db, os.getpid()
        # the operating system caches the file: SQLite's own cache would only add to the
        # memory held (the lookups are by name, a page or two each)
        db.execute("PRAGMA cache_size = -256")
        # a commit need not reach the disk at once (a cache lost to a power cut is rebuilt,
        # never wrong): set on every connection, as it holds for that connection only (a
        # command writing to a cache made by an earlier one synced each batch to disk)
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    def _lost(self) -> None:
        """The file turned out unreadable: no more reads from it in this run."""
        self._ready = False

    # writing

    def put(self, name: str, key: object, value: object) -> None:
        if key is None:
            return
        self._keep(name, ENCODE([name, key, self.started, value]))

    def put_encoded(self, name: str, key: str, value: str) -> None:
        """:meth:`put` of a key and a value given as their JSON by :data:`ENCODE` (``key``
        not ``null``), spliced in: the row is the same text, without decoding them to
        encode them again. What is given is not checked: text that is no JSON would make
        a damaged row, which reads as no entry."""
        self._keep(name, f"[{ENCODE(name)},{key},{self.started},{value}]")

    def _keep(self, name: str, row: str) -> None:
        self._buffer[name] = row
        self.dirty = True
        if len(self._buffer) >= _BATCH:
            self._write()

    def save(self) -> None:
        """Write what is buffered (the rest was written as it came), and let go of the
        connection (the command is done with the cache; it is opened again if not)."""
        self._write()
        self.dirty = False
        self.close()

    def close(self) -> None:
        """Let go of the connection (it is opened again when needed); what is buffered stays
        buffered until :meth:`save`."""
        if self._db is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._forget()

    def _forget(self) -> None:
        """No connection, and none tried, in this process (after a fork: the parent's is
        never used, nor closed, here)."""
        self._db, self._pid, self._tried, self._ready = None, os.getpid(), False, False
        self._near, self._asked = {}, frozenset()

    def _write(self) -> None:
        if not self._buffer:
            return
        if self._failed or self._owner != os.getpid():
            self._buffer.clear()
            return
        try:
            db = self._writer()
            with contextlib.closing(db.cursor()) as cursor:
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    cursor.executemany(_INSERT, self._buffer.items())
                    cursor.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        cursor.execute("ROLLBACK")
                    raise
        except (sqlite3.Error, OSError):
            self._failed = True  # (another command holds the file, a full disk…)
        self._buffer.clear()

    def _writer(self) -> sqlite3.Connection:
        """This process's connection to a file it can write entries to: made, or made
        again when it is of another version or damaged."""
        db = self._reader()
        if db is not None:
            return db
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # the cache of an earlier transflow
            self.path.with_suffix(".json").unlink(missing_ok=True)
        try:
            if not plain_files(self.path):
                raise sqlite3.DatabaseError("not a regular file")
            db = self._connect()
            _make(db)
        except sqlite3.DatabaseError as error:  # not a database (or a link…): start again
            if isinstance(error, sqlite3.OperationalError):
                raise  # (locked by another command, read-only…: no damage, nothing removed)
            self.close()
            for companion in companions(self.path):
                companion.unlink(missing_ok=True)
            db = self._connect()
            _make(db)
        self._tried = self._ready = True
        return db


def value_of(line: str | None, key: object) -> object | None:
    """The value of an entry's line if ``key`` is the one recorded and was not racy."""
    if line is None or key is None:
        return None
    entry = _entry(line)
    if entry is None or entry[1] != key:
        return None
    if not isinstance(entry[2], int) or not settled(key, entry[2]):
        return None
    return entry[3]


_BATCH = 2048  # entries buffered before they are written (~0.5 MiB at most)
_BUSY_S = 5.0  # how long a write waits for another command's batch
_IN_MAX = 500  # names in one prefetch query (SQLite allows 999 in older builds)
_SELECT = "SELECT line FROM entries WHERE name = ?"
_SELECT_IN = "SELECT name, line FROM entries WHERE name IN ({})"
_INSERT = "INSERT OR REPLACE INTO entries (name, line) VALUES (?, ?)"
_OPEN: weakref.WeakSet[FileCache] = weakref.WeakSet()


def _ready(db: sqlite3.Connection) -> bool:
    """Whether the database holds this version's table of entries."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version != VERSION:
        return False
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'")
    return row.fetchone() is not None


def _make(db: sqlite3.Connection) -> None:
    """The table of entries, in this version (any other version's dropped)."""
    # readers never wait for a writer, nor a writer for readers (a status run while an
    # export writes); synchronous = NORMAL: see FileCache._connect
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("BEGIN IMMEDIATE")
    try:
        if not _ready(db):
            db.execute("DROP TABLE IF EXISTS entries")
            db.execute(
                "CREATE TABLE entries (name TEXT PRIMARY KEY, line TEXT NOT NULL) WITHOUT ROWID"
            )
            db.execute(f"PRAGMA user_version = {VERSION}")
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def companions(path: Path) -> tuple[Path, ...]:
    """The database and the files SQLite keeps beside it."""
    return tuple(Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal"))


def plain_files(path: Path) -> bool:
    """Whether the database is a regular file and what lies beside it is one or nothing:
    never a link SQLite would follow out of the workspace (a hostile archive's)."""
    for n, companion in enumerate(companions(path)):
        try:
            st = os.lstat(companion)
        except FileNotFoundError:
            if n == 0:
                return False
            continue
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode):
            return False
    return True


def _close_all() -> None:
    """Before a fork: no connection open (SQLite's rule); each reopens when next needed."""
    for cache in list(_OPEN):
        cache.close()


os.register_at_fork(before=_close_all)


# an entry's line: ``[name, stat key, recorded_at, value]`` (ASCII: names are escaped)
ENCODE = json.JSONEncoder(separators=(",", ":")).encode
_SCAN = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # (typeshed)
_NAME_AT = len('["')


def _entry(line: str) -> list | None:
    """A line decoded: ``[name, stat key, recorded_at, value]``, or None when it is not
    one (damaged)."""
    try:
        entry, end = _SCAN(line, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(line) or type(entry) is not list or len(entry) != 4:
        return None
    return entry


def settled(key: object, recorded_at: int) -> bool:
    """True when every stat key inside ``key`` was modified well before ``recorded_at``."""
    if not isinstance(key, list):
        return True
    limit = recorded_at - RACY_NS  # settled: both times strictly before it
    if _is_stat_key(key):
        return key[1] < limit and key[2] < limit
    for k in key:  # a key of parts (export's, extract's): the stat keys among them
        if type(k) is not list:
            continue
        if len(k) == 4 and type(k[0]) is type(k[1]) is type(k[2]) is type(k[3]) is int:
            if k[1] >= limit or k[2] >= limit:
                return False
            continue
        if not settled(k, recorded_at):
            return False
    return True


def _is_stat_key(key: list) -> bool:
    return len(key) == 4 and all(type(x) is int for x in key)

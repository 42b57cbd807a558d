"""A translation memory kept on disk (SQLite), so ``extract`` neither rebuilds it nor holds it.

:class:`.tm.Memory` is built from every catalog of a language: reading them is the costly
part of an extract after edits, and the ten memories of a big workspace took a hundred
MiB. :func:`save` writes a built memory, exactly as it is (its entry numbers, postings
and origins), to one SQLite file; :class:`DiskMemory` answers the same lookups from that
file, reading only the few rows a lookup needs, so the memory held stays flat whatever
the size of the workspace. The lookup is the one of :class:`.tm.Memory`, step by step
(same candidates in the same order, same tie-breaking): the tests compare the two.

The file is a cache: written to a temporary name and renamed (a killed run leaves the
old file or none), stamped with a version and with what it was built from (the caller's
``signature``: the stat of every file read), and rebuilt whenever anything differs or it
cannot be read. A lookup that finds the file damaged after all falls back to the memory
built again from the catalogs (``rebuild``).

The file also keeps what each catalog gave the memory (its translated pairs, in order):
a memory gone stale (any extract that writes a catalog, any translator's save) is built
again from the catalogs that changed, read, and the pairs kept of those that did not
(:func:`catalog_pairs`), which is the memory a build from every catalog makes. The pairs
of the catalogs extract itself writes are kept too, beside the memories
(:class:`WrittenPairs`, with the stat each file had just after the write), so that the
next build reads only the catalogs that someone else saved since.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

from transflow.catalog.tm import (
    _ITEM,
    _MAX_POSTING,
    Match,
    Memory,
    _words,
    best_match,
    may_reach,
    pick_saved,
)
from transflow.workspace.statcache import companions, plain_files

_IN_MAX = 500  # rels in one query (SQLite allows 999 parameters in older builds)


def _rows_of(con: sqlite3.Connection, select: str, rels: list[str]) -> Iterator[tuple]:
    """The rows of ``select``, which ends in ``rel IN``, for the paths ``rels``, asked
    for :data:`_IN_MAX` at a time."""
    for at in range(0, len(rels), _IN_MAX):
        part = rels[at : at + _IN_MAX]
        yield from con.execute(f"{select} ({','.join('?' * len(part))})", part)


VERSION = f"transflow-tm-4|{sys.byteorder}|{array('I').itemsize}|{_MAX_POSTING}"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries (n INTEGER PRIMARY KEY, hash INTEGER NOT NULL, msgid TEXT NOT NULL,
                      msgstr TEXT NOT NULL, origin INTEGER NOT NULL);
CREATE TABLE origins (o INTEGER PRIMARY KEY, origin TEXT NOT NULL);
CREATE TABLE words (word TEXT PRIMARY KEY, posting BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE lengths (k INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE catalogs (rel TEXT PRIMARY KEY, pairs TEXT NOT NULL) WITHOUT ROWID;
"""

# the postings last read, kept by each saved memory a process opens (least recently used
# dropped first): the lookups of an extract ask for few distinct words (92 % of the
# words of the 4,700 lookups of an extract after edits at 1,000x10 had been asked for
# already), and a posting read again costs the SQL and its pages; bounded, so the memory
# held stays flat whatever the size of the workspace: 1 MiB a language (a worker opens
# ten). With a quarter of that, reading postings again was 18 % of the lookups' time
# (0.45 s of 2.5 s for 6,640 lookups at 1,000x10; 0.13 s with 1 MiB)
_CACHE_BYTES = 1 << 20
_CACHED_WORD = 100  # what a cached word costs besides its posting (its key, its slot)
_LONG = 0xFFFF  # the length saved for a msgid this long or longer (always a candidate)


def _hash(msgid: str) -> int:
    """The key of the index of exact matches (an integer: smaller than the text itself;
    two msgids with the same hash are told apart by comparing them)."""
    return zlib.crc32(msgid.encode("utf-8", "surrogatepass"))


def _connect(path: Path, writable: bool = False) -> sqlite3.Connection:
    if writable:
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    # immutable: the file is never changed in place (it is replaced by a rename), so
    # SQLite need not lock it or look for a journal on every read
    uri = f"file:{_quote(path)}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def _quote(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.resolve()))


def stored_signature(path: Path) -> tuple[object, int, int] | None:
    """(signature, time it was recorded, number of entries) of the memory saved at
    ``path``, or None when there is none, or it is of another version, or damaged."""
    try:
        if not _whole(path):
            return None
        con = _connect(path)
        try:
            rows = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
        if rows.get("version") != VERSION:
            return None
        return json.loads(rows["signature"]), int(rows["recorded_at"]), int(rows["entries"])
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def _whole(path: Path) -> bool:
    """Whether the file is as long as its SQLite header says (a truncated copy is not)."""
    with open(path, "rb") as f:
        header = f.read(100)
        size = os.fstat(f.fileno()).st_size
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(header[28:32], "big")
    return pages > 0 and size == page * pages


def pairs_text(pairs: list[str]) -> str:
    """A catalog's translated pairs (msgid, msgstr, msgid, …) as the file keeps them."""
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":"))


def catalog_pairs(path: Path, rels: list[str]) -> dict[str, str]:
    """What the memory saved at ``path`` keeps of the catalogs ``rels`` (their paths from
    the workspace root): each one's pairs as :func:`pairs_text` wrote them, by its path;
    nothing when the file cannot be read (a cache: check :func:`stored_signature` first).
    Asked for a batch at a time, so a build holds only a batch's."""
    found: dict[str, str] = {}
    if not rels:
        return found
    try:
        con = _connect(path)
        try:
            for rel, pairs in _rows_of(con, "SELECT rel, pairs FROM catalogs WHERE rel IN", rels):
                if type(rel) is str and type(pairs) is str:
                    found[rel] = pairs
        finally:
            con.close()
    except sqlite3.Error:
        return {}
    return found


# the pairs of the catalogs extract wrote, one file for every language
# (``.transflow/tm/_written.sqlite``): rel, the written key of the file once the writes
# were done and it was found to be the file extract staged (:func:`.statcache.written_key`;
# until then the mark of the run that wrote the row, "~" and digits: never used), its
# pairs (:func:`pairs_text`)
_WRITTEN_VERSION = 4  # (4: rows under the run's mark until keyed, not under "")
_WRITTEN_SCHEMA = (
    # (a rowid table: rows of kilobytes are written in half the time of a WITHOUT ROWID's)
    "CREATE TABLE written (rel TEXT PRIMARY KEY, key TEXT NOT NULL, pairs TEXT NOT NULL)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)
_WRITTEN_BATCH = 1 << 19  # characters of pairs recorded at once (1–2 MiB held at most)


class WrittenPairs:
    """Records in the file at ``path`` the pairs of the catalogs extract writes: each
    catalog's as it is staged (:meth:`add`, under no key, so never used yet; written a
    batch at a time, so no pairs are held), then, once every write is done, the key of
    each file found to be the one staged (:meth:`settle`). ``stamp``: what the pairs
    depend on besides the file (transflow's version): a file of another stamp or version
    is started afresh, and so is one that is damaged, or a link (never followed). A
    cache: any other error stops the recording, never the command (the catalogs not
    recorded are read by the next build).

    Several processes may add to the file at once (the workers of an extract): the
    parent makes it ready first (:meth:`prepare`), then each worker records through its
    own :meth:`joined` writer, which never starts the file afresh (another may be writing
    to it) and stops recording at its first error; a worker's last rows are written by
    :meth:`flush` (extract calls it as the worker stops). Rows are written under the
    mark of the run (its writers share it), and :meth:`settle` keys only the rows of
    that mark: a row a worker failed to write leaves the one of an earlier run, which
    is not keyed again (its pairs are not those of the file now), nor is a row a killed
    run left."""

    def __init__(self, path: Path, stamp: str, joined: bool = False, mark: str = "") -> None:
        self._path = path
        self._stamp = stamp
        self._mark = mark or f"~{os.getpid()}-{time.time_ns()}"
        self._rows: list[tuple[str, str]] = []
        self._size = 0
        self._ready = joined
        self._joined = joined
        self._failed = False

    def prepare(self) -> bool:
        """Make the file ready for :meth:`joined` writers (before they start); whether it
        is (else nothing can be recorded)."""
        self._write(None, [])
        return not self._failed

    def joined(self) -> WrittenPairs:
        """A writer for another process, adding to the file this one made ready
        (:meth:`prepare`)."""
        other = WrittenPairs(self._path, self._stamp, joined=True, mark=self._mark)
        other._failed = self._failed or not self._ready
        return other

    def add(self, rel: str, pairs: str) -> None:
        """``pairs`` (:func:`pairs_text`) of the catalog at ``rel`` (from the root), staged."""
        if self._failed:
            return
        self._rows.append((rel, pairs))
        self._size += len(pairs)
        if self._size >= _WRITTEN_BATCH:
            self.flush()

    def settle(self, keys: list[tuple[str, str]]) -> None:
        """The writes are done: ``keys``, (written key, rel) of each catalog recorded that
        is still the file staged."""
        self.flush()
        self._write(
            "UPDATE written SET key = ? WHERE rel = ? AND key = ?",
            [(key, rel, self._mark) for key, rel in keys],
        )

    def flush(self) -> None:
        """Write the rows added since the last batch."""
        if self._rows:
            self._write(
                "INSERT OR REPLACE INTO written VALUES (?, ?, ?)",
                [(rel, self._mark, pairs) for rel, pairs in self._rows],
            )
            self._rows, self._size = [], 0

    def _write(self, statement: str | None, rows: list[tuple[str, ...]]) -> None:
        if self._failed:
            return
        try:
            try:
                self._write_once(statement, rows)
            except sqlite3.DatabaseError as exc:
                if self._joined or exc.sqlite_errorcode & 0xFF not in _DAMAGED:
                    raise  # (busy, full, read-only; or another process writes: left as it is)
                _remove(self._path)  # damaged: started afresh
                self._ready = False
                self._write_once(statement, rows)
        except (sqlite3.Error, OSError):
            self._failed = True
            self._rows, self._size = [], 0

    def _write_once(self, statement: str | None, rows: list[tuple[str, ...]]) -> None:
        if not self._ready:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            if not plain_files(self._path):
                _remove(self._path)  # none yet, a link, a folder: never written through
        elif self._joined and not plain_files(self._path):
            raise OSError(f"{self._path}: not the file made ready")  # (never followed)
        con = sqlite3.connect(self._path, timeout=5.0, isolation_level=None)
        try:
            con.execute("PRAGMA cache_size = -256")  # (the system caches the file)
            # a commit need not reach the disk at once: a record lost to a power cut is
            # read again, never wrong (its key is checked). (A setting of the connection,
            # unlike WAL: before, only the first one had it, and each later batch was synced)
            con.execute("PRAGMA synchronous = NORMAL")
            if not self._ready:
                self._prepare(con)
                self._ready = True
            if statement is not None:
                con.execute("BEGIN IMMEDIATE")
                con.executemany(statement, rows)
                con.execute("COMMIT")
        finally:
            con.close()

    def _prepare(self, con: sqlite3.Connection) -> None:
        """The file as this version writes it: started afresh if it is not."""
        # readers never wait for the writer (and a commit need not reach the disk at once:
        # _write_once)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("BEGIN IMMEDIATE")
        (version,) = con.execute("PRAGMA user_version").fetchone()
        try:
            mark = con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        except sqlite3.OperationalError:  # (no such table: a file of another kind)
            mark = None
        if version != _WRITTEN_VERSION or mark is None or mark[0] != self._stamp:
            for table in ("written", "meta"):
                con.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _WRITTEN_SCHEMA:  # (executescript would commit first)
                con.execute(statement)
            con.execute("INSERT INTO meta VALUES ('stamp', ?)", (self._stamp,))
            con.execute(f"PRAGMA user_version = {_WRITTEN_VERSION}")
        con.execute("COMMIT")


_DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})  # (primary codes)


def _remove(path: Path) -> None:
    """The file and what SQLite keeps beside it (a link removed, never followed)."""
    for name in companions(path):
        if name.is_dir() and not name.is_symlink():
            shutil.rmtree(name)
        else:
            name.unlink(missing_ok=True)


def written_pairs(path: Path, stamp: str, rels: list[str]) -> dict[str, tuple[str, str]]:
    """What :class:`WrittenPairs` recorded of the catalogs ``rels`` (paths from the
    workspace root) and keyed: {rel: (written key, pairs)}; nothing when the file is
    missing, a link, of another version or stamp, or damaged (a cache)."""
    if not rels or not plain_files(path):
        return {}
    found: dict[str, tuple[str, str]] = {}
    try:
        con = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        try:
            con.execute("PRAGMA cache_size = -256")
            (version,) = con.execute("PRAGMA user_version").fetchone()
            if version != _WRITTEN_VERSION:
                return {}
            mark = con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
            if mark is None or mark[0] != stamp:
                return {}
            select = "SELECT rel, key, pairs FROM written WHERE key NOT LIKE '~%' AND rel IN"
            for rel, key, pairs in _rows_of(con, select, rels):
                if type(rel) is str and type(key) is str and type(pairs) is str:
                    found[rel] = (key, pairs)
        finally:
            con.close()
    except sqlite3.Error:
        return {}
    return found


def save(
    memory: Memory,
    path: Path,
    signature: object,
    recorded_at: int,
    catalogs: dict[str, str] | None = None,
) -> None:
    """Write ``memory`` to ``path`` atomically (a temporary file renamed over it), with
    ``catalogs``: the pairs each catalog gave it (:func:`pairs_text`, by its path)."""
    with Saving(path) as saving:
        for rel, pairs in (catalogs or {}).items():
            saving.catalog(rel, pairs)
        saving.finish(memory, signature, recorded_at)


class Saving:
    """A memory saved at ``path`` as it is built: each catalog's pairs are written to the
    temporary file as the build reads them (:meth:`catalog`), so none is held (a
    newsroom's language keeps 18 MiB of them); :meth:`finish` writes the memory and puts
    the file in place (a rename: a killed run leaves the old file or none). Leaving the
    ``with`` block without finishing removes the temporary file. A cache: a catalog that
    cannot be written stops the saving, not the build (:meth:`finish` then raises)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for left in path.parent.glob(f".{path.name}.*.tmp"):  # what a killed run left
            left.unlink(missing_ok=True)
        self._path = path
        self._tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self._con: sqlite3.Connection | None = None
        self._saved = False
        try:
            con = self._con = _connect(self._tmp, writable=True)
            con.execute("PRAGMA journal_mode=OFF")  # a temporary file: no journal needed
            con.execute("PRAGMA synchronous=OFF")  # a cache: a crash loses nothing
            con.executescript(_SCHEMA)
            con.execute("BEGIN")
        except BaseException:
            self.discard()
            raise

    def catalog(self, rel: str, pairs: str) -> None:
        """The pairs (:func:`pairs_text`) a catalog gave the memory."""
        if self._con is None:
            return  # (stopped: finish raises)
        try:
            self._con.execute("INSERT INTO catalogs VALUES (?, ?)", (rel, pairs))
        except sqlite3.Error:
            self.discard()

    def finish(self, memory: Memory, signature: object, recorded_at: int) -> None:
        """Write ``memory`` (built from the catalogs given) and put the file in place."""
        con = self._con
        if con is None:
            raise sqlite3.OperationalError(f"{self._path}: not saved (a catalog failed)")
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("version", VERSION),
                ("signature", json.dumps(signature, separators=(",", ":"))),
                ("recorded_at", str(recorded_at)),
                ("entries", str(len(memory))),
            ],
        )
        origin_of = memory._origin_of
        con.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
            (
                (n, _hash(msgid), msgid, msgstr, origin_of[n])
                for n, (msgid, msgstr) in enumerate(zip(memory._ids, memory._msgstrs, strict=True))
            ),
        )
        con.executemany("INSERT INTO origins VALUES (?, ?)", enumerate(memory._origins))
        # a word in more entries than a lookup counts is saved without its entries
        con.executemany(
            "INSERT INTO words VALUES (?, ?)",
            ((w, p.tobytes() if len(p) <= _MAX_POSTING else b"") for w, p in memory._index.items()),
        )
        # each msgid's length (array "H", by entry number): a candidate too long or too
        # short to score the threshold is not read from the file (tm.may_reach)
        lengths = array("H", (min(len(msgid), _LONG) for msgid in memory._ids))
        con.execute("INSERT INTO lengths VALUES (0, ?)", (lengths.tobytes(),))
        con.execute("CREATE INDEX entries_hash ON entries (hash)")
        con.execute("COMMIT")
        con.close()
        self._con = None
        os.replace(self._tmp, self._path)
        self._saved = True

    def discard(self) -> None:
        """Remove the temporary file (nothing once the memory is saved)."""
        if self._con is not None:
            with contextlib.suppress(sqlite3.Error):
                self._con.close()
            self._con = None
        if not self._saved:
            with contextlib.suppress(OSError):  # (a cache: never the command's failure)
                self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> Saving:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


class DiskMemory:
    """The lookups of a :class:`.tm.Memory` saved with :func:`save`, read from its file.

    The file is opened on first use in each process (a forked worker opens its own).
    ``rebuild`` builds the same memory from the catalogs: used if the file turns out
    damaged while in use."""

    def __init__(self, path: Path, size: int, rebuild: Callable[[], Memory]) -> None:
        self._path = path
        self._size = size
        self._rebuild = rebuild
        self._con: sqlite3.Connection | None = None
        self._pid = 0
        self._origins: list[str] = []
        self._lengths = array("H")
        self._postings: dict[str, bytes] = {}
        self._cached = 0
        self._fallback: Memory | None = None

    def __len__(self) -> int:
        return self._size

    def _open(self) -> sqlite3.Connection:
        con = self._con
        if con is None or self._pid != os.getpid():
            con = self._con = _connect(self._path)
            # the operating system caches the file: SQLite's own cache (2 MiB a file by
            # default, ten files a process) would only add to the memory held
            con.execute("PRAGMA cache_size = -64")
            self._pid = os.getpid()
            self._origins = [o for (o,) in con.execute("SELECT origin FROM origins ORDER BY o")]
            lengths = array("H")
            for (data,) in con.execute("SELECT data FROM lengths WHERE k = 0"):
                lengths.frombytes(data)
            if len(lengths) != self._size:
                raise sqlite3.DatabaseError(f"{self._path}: {len(lengths)} lengths saved")
            self._lengths = lengths
        return con

    def close(self) -> None:
        if self._con is not None and self._pid == os.getpid():
            self._con.close()
        self._con = None

    def lookup(self, msgid: str, exclude_origin: str | None = None) -> Match | None:
        """:meth:`.tm.Memory.lookup`, from the file."""
        if self._fallback is not None:
            return self._fallback.lookup(msgid, exclude_origin)
        try:
            return self._lookup(msgid, exclude_origin)
        except sqlite3.Error:
            self.close()
            self._fallback = self._rebuild()
            return self._fallback.lookup(msgid, exclude_origin)

    def _lookup(self, msgid: str, exclude_origin: str | None) -> Match | None:
        if not self._size:
            return None
        con = self._open()
        origins = self._origins
        for found, text, o in con.execute(
            "SELECT msgid, msgstr, origin FROM entries WHERE hash = ? ORDER BY n", (_hash(msgid),)
        ):
            if found == msgid:
                if origins[o] != exclude_origin:
                    return Match(msgid, text, 100.0, origins[o])
                break
        words = _words(msgid)
        if not words:
            return None
        candidates = self._candidates(con, words, len(msgid))
        found = best_match(
            msgid, [c[0] for c in candidates], lambda k: origins[candidates[k][2]], exclude_origin
        )
        if found is None:
            return None
        k, score = found
        cand, n, o = candidates[k]
        (text,) = con.execute("SELECT msgstr FROM entries WHERE n = ?", (n,)).fetchone()
        return Match(cand, text, score, origins[o])

    def _candidates(
        self, con: sqlite3.Connection, words: tuple[str, ...], length: int
    ) -> list[tuple[str, int, int]]:
        """(msgid, entry number, origin number) of the entries :func:`.tm.pick_candidates`
        picks, in its order (a crowded word was saved with no entries: Memory skips it),
        less those whose length rules out a close match to a msgid of ``length``
        (:func:`.tm.may_reach`: two thirds of them, each a page read from the file)."""
        cache = self._postings
        postings: dict[str, bytes] = {}
        missing = []
        for w in words:
            p = cache.pop(w, None)
            if p is None:
                missing.append(w)
            else:
                postings[w] = cache[w] = p  # (the most recently used last)
        for start in range(0, len(missing), 500):  # (SQLite limits the parameters of a query)
            part = missing[start : start + 500]
            marks = ",".join("?" * len(part))
            for w, p in con.execute(
                f"SELECT word, posting FROM words WHERE word IN ({marks})", part
            ):
                postings[w] = cache[w] = p
                self._cached += len(p) + _CACHED_WORD
        while self._cached > _CACHE_BYTES:
            self._cached -= len(cache.pop(next(iter(cache)))) + _CACHED_WORD
        found = [p for w in words if (p := postings.get(w))]
        if any(len(p) % _ITEM for p in found):
            raise sqlite3.DatabaseError(f"{self._path}: a posting of part of an entry")
        chosen = pick_saved(found, len(words))
        lengths = self._lengths
        if chosen and max(chosen) >= len(lengths):
            raise sqlite3.DatabaseError(f"{self._path}: an entry beyond the memory")
        chosen = [n for n in chosen if lengths[n] == _LONG or may_reach(length, lengths[n])]
        if not chosen:
            return []
        marks = ",".join("?" * len(chosen))
        rows = {
            n: (msgid, n, o)
            for n, msgid, o in con.execute(
                f"SELECT n, msgid, origin FROM entries WHERE n IN ({marks})", chosen
            )
        }
        if len(rows) != len(chosen):
            raise sqlite3.DatabaseError(f"{self._path}: an entry missing")
        return [rows[i] for i in chosen]

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
import json.decoder
import json.scanner
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

VERSION = 2  # 1: one JSON object, {"version", "entries"}
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
    """``{name: [stat key, recorded_at, value]}`` persisted as JSON, one entry a line.

    Each line is kept as it was read, as text, and decoded only when its entry is
    asked for: a command that asks for a few entries of a big cache decodes a few
    (an export of one article), and one that asks for them all holds one string per
    entry, never all of them decoded at once (status and export at 30,000 catalogs:
    tens of MiB of small lists). An entry put is encoded at once, and the file is
    written back line by line. A line that cannot be read is no entry: the cache is
    never needed, so it is never fatal."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / f"{name}.json"
        # name -> its line of the file, as text (see _lines)
        self.data: dict[str, str] = {}
        self.dirty = False
        # entries count as recorded when the command started: before it read anything
        self.started = time.time_ns()
        with (
            contextlib.suppress(OSError, ValueError),
            open(self.path, encoding="utf-8") as lines,  # universal newlines, as read_text
        ):
            self.data = _lines(lines)

    def get(self, name: str, key: object) -> object | None:
        """The value recorded for ``name`` if ``key`` is unchanged and was not racy."""
        line = self.data.get(name)
        if line is None or key is None:
            return None
        entry = _entry(line)
        if entry is None or entry[1] != key:
            return None
        if not isinstance(entry[2], int) or not _settled(key, entry[2]):
            return None
        return entry[3]

    def entry(self, name: str) -> list | None:
        """``[stat key, recorded_at, value]`` as recorded for ``name`` (no check made)."""
        entry = _entry(self.data[name]) if name in self.data else None
        return None if entry is None else entry[1:]

    def put(self, name: str, key: object, value: object) -> None:
        if key is None:
            return
        self.data[name] = _ENCODE([name, key, self.started, value])
        self.dirty = True

    def pending(self, name: str, key_head: list, value: object) -> Pending:
        """The entry :meth:`put` would make for ``name`` with the key ``[*key_head, last]``,
        encoded but for ``last``, which a write gives (its :func:`written_key`, known once
        the file is in place): :meth:`put_pending` completes it. Encoded where the value
        is made (in a worker), it crosses to the parent as two strings."""
        if type(key_head) is not list or not key_head:
            raise ValueError("a pending entry's key head is a list of one part or more")
        head = _ENCODE([name, key_head])  # '["name",[k1,…,kn]]': the last part goes in
        return Pending(name, head[:-2], f"],{self.started},{_ENCODE(value)}]")

    def put_pending(self, pending: Pending, last: object) -> None:
        """:meth:`put` of ``pending``'s entry, the last part of its key now known."""
        self.put_line(pending.name, pending.line(last))

    def put_line(self, name: str, line: str) -> None:
        """:meth:`put` of an entry encoded elsewhere (:meth:`Pending.line`)."""
        self.data[name] = line
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # line by line: no copy of the whole file in memory (11 MB for an export of
            # 30,000 catalogs), once joined, once more encoded
            with open(tmp, "w", encoding="ascii", newline="\n") as out:
                out.write(_HEADER)
                for line in self.data.values():
                    out.write("\n")
                    out.write(line)
                out.write("\n")
            os.replace(tmp, self.path)
        except (OSError, ValueError):  # the cache is never needed: never fatal either
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        self.dirty = False


@dataclass(frozen=True, slots=True)
class Pending:
    """An entry of :meth:`FileCache.pending`: its line but for the last part of its key."""

    name: str
    before: str
    after: str

    def line(self, last: object) -> str:
        """The entry's line, with ``last`` as the last part of its key."""
        return f"{self.before},{_ENCODE(last)}{self.after}"

    def __reduce__(self) -> tuple[object, tuple[str, str, str]]:
        return Pending, (self.name, self.before, self.after)


# the file: a first line naming the version, then one JSON array a line,
# ``[name, stat key, recorded_at, value]`` (ASCII: names are escaped)
_HEADER = json.dumps({"version": VERSION})
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode
_SCAN = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # (typeshed)
_NAME_AT = len('["')


def _lines(lines: Iterable[str]) -> dict[str, str]:
    """Each entry's line by its name (the name alone decoded), from the file's lines (with
    or without their ``\\n``); none at all when the first line is not this version's header
    (another version's cache, or no cache). Read a line at a time: the whole file is never
    in memory beside its lines (at 30,000 catalogs, the peak of a warm status was three
    copies of a 9 MB file: its bytes, its text and its lines)."""
    each = iter(lines)
    if next(each, "").rstrip("\n") != _HEADER:
        return {}
    data: dict[str, str] = {}
    scan = json.decoder.scanstring  # type: ignore[attr-defined]
    for line in each:
        if line.endswith("\n"):
            line = line[:-1]
        # what put writes is ASCII (JSON's escapes): any other line is damage, and the
        # file is written back in ASCII
        if line.startswith('["') and line.isascii():
            with contextlib.suppress(ValueError):
                name, _end = scan(line, _NAME_AT)
                data[name] = line
    return data


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


def _settled(key: object, recorded_at: int) -> bool:
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
        if not _settled(k, recorded_at):
            return False
    return True


def _is_stat_key(key: list) -> bool:
    return len(key) == 4 and all(type(x) is int for x in key)

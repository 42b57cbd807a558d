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
import os
import time
from pathlib import Path

VERSION = 1
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
    """``{name: [stat key, recorded_at_ns, value]}`` persisted as JSON."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / f"{name}.json"
        self.data: dict[str, list] = {}
        self.dirty = False
        # entries count as recorded when the command started: before it read anything
        self.started = time.time_ns()
        with contextlib.suppress(OSError, ValueError):
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raw = {}
            entries = raw.get("entries")
            if raw.get("version") == VERSION and isinstance(entries, dict):
                # a damaged or foreign cache (valid JSON of another shape) is discarded:
                # the cache is never needed, so it is never fatal
                self.data = {
                    k: v for k, v in entries.items() if isinstance(v, list) and len(v) == 3
                }

    def get(self, name: str, key: object) -> object | None:
        """The value recorded for ``name`` if ``key`` is unchanged and was not racy."""
        entry = self.data.get(name)
        if entry is None or key is None or entry[0] != key:
            return None
        if not isinstance(entry[1], int) or not _settled(key, entry[1]):
            return None
        return entry[2]

    def put(self, name: str, key: object, value: object) -> None:
        if key is None:
            return
        self.data[name] = [key, self.started, value]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            # compact: status records thousands of entries (less to encode and to write)
            text = json.dumps({"version": VERSION, "entries": self.data}, separators=(",", ":"))
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        self.dirty = False


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

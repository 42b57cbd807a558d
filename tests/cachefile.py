"""The stat cache's file as the tests see it: its rows, read and changed behind the
back of :class:`transflow.workspace.statcache.FileCache` (damage, hand edits)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def rows(path: Path) -> dict[str, str]:
    """Each entry's line by its name, as the file holds them."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT name, line FROM entries ORDER BY name"))


def set_lines(path: Path, lines: dict[str, str]) -> None:
    """Write these lines in place of (or beside) the entries of the same names."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.executemany("INSERT OR REPLACE INTO entries (name, line) VALUES (?, ?)", lines.items())


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in every line that holds it; how many lines changed."""
    changed = {n: line.replace(old, new) for n, line in rows(path).items() if old in line}
    set_lines(path, changed)
    return len(changed)

"""The floor of writing the exports at all: one new file per article × language.

``python benchmarks/write_floor.py WORKSPACE OUT`` writes, for every source of
``WORKSPACE/sources`` and every language folder of ``WORKSPACE/locales`` (but
``templates``), ``OUT/<language>/<article>.md`` holding the source's own bytes (about
the size of its export), the way transflow writes a file it must not leave half
written: a new temporary file (``O_CREAT | O_EXCL``), one ``write``, ``close``, a
``rename`` onto its name, and one filesystem sync for all of them at the end. Nothing is
read but the sources and nothing translated: it is what creating the files costs on this
machine (mostly kernel time), the part of ``export --to md`` no code of ours can remove.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path


def syncfs(folder: Path) -> None:
    """Flush the filesystem holding ``folder``, as transflow's store does (``syncfs``)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        ctypes.CDLL(None, use_errno=True).syncfs(fd)
    finally:
        os.close(fd)


def main(argv: list[str]) -> int:
    workspace, out = Path(argv[0]), Path(argv[1])
    sources = workspace / "sources"
    languages = sorted(
        p.name for p in (workspace / "locales").iterdir() if p.is_dir() and p.name != "templates"
    )
    texts = {
        p.relative_to(sources).with_suffix(".md").as_posix(): p.read_bytes()
        for p in sorted(sources.rglob("*.txt"))
    }
    made: set[str] = set()
    for language in languages:
        for rel, data in texts.items():
            target = f"{out}/{language}/{rel}"
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            temp = f"{folder}/.{os.path.basename(target)}.tmp"
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
            os.rename(temp, target)
    syncfs(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

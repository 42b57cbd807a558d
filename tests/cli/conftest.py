from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transflow.cli.app import app_for

ARTICLE = """Riverton opens new library

RIVERTON, March 14, 2026 — The city of Riverton opened its new central library on
Saturday. The building cost 12.5 million euros and holds 80,000 books.

“This is a place for everyone,” said Mayor Ana Ruiz. “We built it together.”

About Riverton: Riverton is a city of 45,000 people.
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru", "de"]\n')
    (root / "sources" / "library.txt").write_text(ARTICLE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    return root


def run(root: Path, *args: str):
    argv = ["-w", str(root), *args]
    return CliRunner().invoke(app_for(argv), argv)  # (what main() runs for argv)


def tree(root: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime of every file: 'nothing changed' means this is equal."""
    return {
        p.relative_to(root).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".transflow" not in p.parts
    }


def msgfmt_check(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU msgfmt not installed")
    proc = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr

"""Helpers for the catalog tests: fixture paths and the GNU gettext oracles."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gettext_oracle import require_msgcat

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"

MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")


def msgfmt_accepts(data: bytes, tmp_path: Path, name: str = "x.po") -> bool:
    """True if ``msgfmt --check`` accepts the bytes (skips the test without gettext)."""
    if MSGFMT is None:
        pytest.skip("GNU msgfmt is not installed")
    src = tmp_path / name
    src.write_bytes(data)
    proc = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", "--", str(src)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return proc.returncode == 0


def msgcat(data: bytes) -> bytes:
    """What ``msgcat`` (default options) writes for the bytes (skips without gettext, or
    with a gettext other than the one the writer matches: the goldens judge there)."""
    proc = subprocess.run(
        [require_msgcat(), "-"], input=data, capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return proc.stdout


@pytest.fixture(name="msgfmt_accepts")
def _msgfmt_accepts_fixture(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``msgfmt_accepts(data, name="x.po") -> bool``."""

    def run(data: bytes, name: str = "x.po") -> bool:
        return msgfmt_accepts(data, tmp_path, name)

    return run


@pytest.fixture(name="msgcat")
def _msgcat_fixture():  # type: ignore[no-untyped-def]
    """``msgcat(data) -> bytes``."""
    return msgcat

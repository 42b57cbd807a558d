"""GNU gettext as the judge of our PO writer, at the version the writer matches.

The writer (:mod:`transflow.catalog.powrite`) matches ``msgcat`` of gettext
:data:`~transflow.catalog.powrite.GETTEXT_VERSION` byte for byte; another gettext release may
wrap differently, and that would not be our bug. So tests that compare our output with the
installed ``msgcat`` ask :func:`require_msgcat` first: it skips them, saying why, when
``msgcat`` is missing or another version. The goldens in ``tests/catalog/golden/`` (written
by that version, see ``make_goldens.py`` there) judge the writer on every machine.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess

import pytest

from transflow.catalog.powrite import GETTEXT_VERSION


@functools.cache
def installed_version(tool: str = "msgcat") -> str | None:
    """``"0.21"`` for ``msgcat (GNU gettext-tools) 0.21``; None when the tool is missing."""
    path = shutil.which(tool)
    if path is None:
        return None
    proc = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    m = re.search(r"\)\s+([0-9][0-9.]*)", proc.stdout.split("\n", 1)[0])
    return m.group(1) if m else "unknown"


def msgcat_mismatch() -> str | None:
    """Why the installed msgcat cannot judge our writer (None: it can)."""
    version = installed_version("msgcat")
    if version is None:
        return "GNU msgcat is not installed (the goldens in tests/catalog/golden judge instead)"
    if version != GETTEXT_VERSION:
        return (
            f"msgcat {version} is installed; the PO writer matches gettext {GETTEXT_VERSION} "
            "(transflow.catalog.powrite.GETTEXT_VERSION), whose output the goldens in "
            "tests/catalog/golden hold"
        )
    return None


def require_msgcat() -> str:
    """The path of ``msgcat`` when it is the version the writer matches; skips otherwise."""
    reason = msgcat_mismatch()
    if reason is not None:
        pytest.skip(reason)
    path = shutil.which("msgcat")
    assert path is not None
    return path

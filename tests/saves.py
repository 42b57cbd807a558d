"""A translator's save the commit must not miss, as the store tests make it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transflow.core.errors import ConcurrentEdit
from transflow.workspace import store


def commit_after_a_save_keeping_size_and_time(tx: store.Transaction, a: Path) -> None:
    """Read ``a`` and stage its merge in ``tx`` (after whatever ``tx`` holds); then save
    ``a`` with the same size and put back the time we read: the commit stops, naming
    ``a``, and the save is kept."""
    a.write_bytes(b"msgstr A")
    identity = store.FileIdentity.of_bytes(a, a.read_bytes())
    st = a.stat()
    tx.write(a, b"merged", a.name, identity)
    a.write_bytes(b"msgstr B")
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(ConcurrentEdit, match=rf"{a.name}: changed on disk"):
        tx.commit()
    assert a.read_bytes() == b"msgstr B"

"""Content digests used to tell whether a catalog is up to date with its source."""

from __future__ import annotations

import hashlib


def source_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()[:16]

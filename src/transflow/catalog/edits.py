"""Catalogs edited in place by an import (XLIFF, review document): each opened once per
article and language, and the changed ones written together, identity-checked against a
save made meanwhile, with the header's ``PO-Revision-Date`` touched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.catalog.entries import Catalog, Entry, format_header, parse_header
from transflow.core.errors import InputError
from transflow.workspace import store

if TYPE_CHECKING:
    from transflow.workspace.paths import Workspace


@dataclass
class CatalogEdit:
    """A catalog being edited: as read (``catalog``, ``identity``) and its entries now."""

    path: Path
    rel: str
    catalog: Catalog
    identity: store.FileIdentity
    entries: list[Entry]

    @property
    def changed(self) -> bool:
        return tuple(self.entries) != self.catalog.entries


def open_catalog(
    ws: Workspace, language: str, slug: str, shown: str, line: int | None = None
) -> tuple[Path, str, Catalog, store.FileIdentity]:
    """The catalog of ``slug`` in ``language`` to edit; an import file (``shown``, at
    ``line``) for an article never extracted is refused."""
    path = ws.catalog_path(language, slug)
    rel = ws.rel(path)
    if not path.exists():
        raise InputError(shown, f"{rel} does not exist (run 'transflow extract' first)", line)
    catalog, identity = store.load(path, rel)
    return path, rel, catalog, identity


def write_changed(edits: Sequence[CatalogEdit], stamp: str) -> list[bool]:
    """Write every edit in one transaction (all or nothing); whether each was written."""
    written: list[bool] = []
    with store.Transaction() as tx:
        for e in edits:
            new = replace(
                e.catalog, header=touch(e.catalog.header, stamp), entries=tuple(e.entries)
            )
            written.append(tx.write(e.path, store.serialize(new), e.rel, e.identity))
    return written


def touch(header: Entry | None, stamp: str) -> Entry | None:
    """The header with ``PO-Revision-Date`` set to ``stamp``."""
    if header is None:
        return None
    fields = [(k, stamp if k == "PO-Revision-Date" else v) for k, v in parse_header(header.msgstr)]
    return replace(header, msgstr=format_header(fields))


def short(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters for a message."""
    return text if len(text) <= width else text[: width - 1] + "…"

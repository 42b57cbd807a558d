"""The Python scripting API for catalogs: polib objects, read strictly, written msgcat-exact.

Scripts that read or edit catalogs get the objects they know from polib
(:class:`polib.POFile`, :class:`polib.POEntry`), but neither polib's reader nor its writer
touches the file:

- :func:`load` reads with transflow's strict reader (:mod:`transflow.catalog.poparse`), so a
  malformed file raises :class:`~transflow.core.errors.CatalogSyntaxError` (an
  :class:`~transflow.core.errors.InputError`) naming ``file:line``, exactly as the commands
  report it; what it accepts (BOM, CRLF, legacy charsets, ``#|``, ``#~|``) is read without loss;
- :func:`save` writes through the msgcat-exact writer (:mod:`transflow.catalog.powrite`) and
  the workspace's atomic store (:class:`transflow.workspace.store.Transaction`): a script's
  edit changes only the lines it edited, and a file a translator saved after :func:`load`
  is never overwritten (:class:`~transflow.core.errors.ConcurrentEdit`).

::

    from transflow.catalog import pofile

    po = pofile.load("locales/de/city-bike-share-expansion.po")
    for entry in po.untranslated_entries():
        ...
    pofile.save(po, "locales/de/city-bike-share-expansion.po")
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polib

from transflow.catalog.entries import Catalog, Entry, parse_header
from transflow.catalog.poparse import parse_po
from transflow.catalog.powrite import serialize_po
from transflow.workspace.store import MAX_CATALOG_BYTES, FileIdentity, Transaction, read_bytes

__all__ = ["from_catalog", "load", "save", "to_catalog"]

# what load() read, kept on the POFile so that save() can keep what polib has no place for
# (the header's extracted comments and references, its msgstr as written) and can tell
# whether the file changed on disk meanwhile
_READ = "_transflow_read"
_CHARSET = re.compile(r"Content-Type:[^\n]*?charset=([^\s;]+)")


class _Read:
    __slots__ = ("header", "identity", "metadata", "path")

    def __init__(
        self, path: Path | None, identity: FileIdentity | None, header: Entry | None
    ) -> None:
        self.path = path
        self.identity = identity
        self.header = header
        self.metadata = dict(parse_header(header.msgstr)) if header else {}


def _occurrence(reference: str) -> tuple[str, str]:
    name, sep, line = reference.rpartition(":")
    if sep and line.isdigit() and name:
        return (name, line)
    return (reference, "")


def _entry(e: Entry) -> polib.POEntry:
    poe = polib.POEntry(
        msgid=e.msgid,
        msgstr=e.msgstr if e.msgid_plural is None else "",
        msgctxt=e.msgctxt,
        obsolete=e.obsolete,
        tcomment="\n".join(e.translator_comments),
        comment="\n".join(e.extracted_comments),
        occurrences=[_occurrence(r) for r in e.references],
        flags=list(e.flags),
        previous_msgctxt=e.previous_msgctxt,
        previous_msgid=e.previous_msgid,
        previous_msgid_plural=e.previous_msgid_plural,
        linenum=e.lineno,
        encoding="utf-8",
    )
    if e.msgid_plural is not None:
        poe.msgid_plural = e.msgid_plural
        poe.msgstr_plural = dict(enumerate(e.msgstr_plural))
    return poe


def from_catalog(catalog: Catalog) -> polib.POFile:
    """A :class:`polib.POFile` holding the catalog's entries (file order, obsolete ones
    included), its header as ``metadata`` (field order kept) and the header's translator
    comments as ``header``. Always UTF-8: the writer writes nothing else."""
    po = polib.POFile(encoding="utf-8", wrapwidth=79)
    if catalog.header is not None:
        po.header = "\n".join(catalog.header.translator_comments)
        po.metadata = dict(parse_header(catalog.header.msgstr))
        po.metadata_is_fuzzy = catalog.header.fuzzy
    for e in catalog.entries:
        po.append(_entry(e))
    setattr(po, _READ, _Read(None, None, catalog.header))
    return po


def load(path: str | os.PathLike[str]) -> polib.POFile:
    """Read a PO/POT file strictly and return it as a polib object.

    Raises :class:`~transflow.core.errors.CatalogSyntaxError` with ``file:line`` for a file
    ``msgfmt --check`` would reject, :class:`~transflow.core.errors.InputError` for one that
    cannot be read (or is over the 64 MiB limit of every command)."""
    p = Path(path)
    data = read_bytes(p, str(path), MAX_CATALOG_BYTES)
    catalog = parse_po(data, str(path))
    po = from_catalog(catalog)
    po.fpath = str(path)
    setattr(po, _READ, _Read(p, FileIdentity.of_bytes(p, data), catalog.header))
    return po


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def _reference(occurrence: tuple[str, str]) -> str:
    name, line = occurrence
    return f"{name}:{line}" if line else name


def _from_entry(poe: polib.POEntry) -> Entry:
    plural = poe.msgid_plural if poe.msgid_plural else None
    forms: tuple[str, ...] = ()
    if plural is not None:
        forms = tuple(v for _, v in sorted(poe.msgstr_plural.items(), key=lambda kv: int(kv[0])))
    return Entry(
        msgid=poe.msgid,
        msgstr="" if plural is not None else poe.msgstr,
        msgctxt=poe.msgctxt,
        msgid_plural=plural,
        msgstr_plural=forms,
        translator_comments=_lines(poe.tcomment),
        extracted_comments=_lines(poe.comment),
        references=tuple(_reference(o) for o in poe.occurrences),
        flags=tuple(poe.flags),
        previous_msgctxt=poe.previous_msgctxt,
        previous_msgid=poe.previous_msgid,
        previous_msgid_plural=poe.previous_msgid_plural,
        obsolete=bool(poe.obsolete),
    )


def _header(po: polib.POFile) -> Entry | None:
    read: _Read | None = getattr(po, _READ, None)
    old = read.header if read is not None else None
    metadata = {str(k): str(v) for k, v in po.metadata.items()}
    if not metadata and not po.header and old is None:
        return None
    if old is not None and metadata == read.metadata:  # type: ignore[union-attr]
        msgstr = old.msgstr  # unchanged: as it was written
    else:
        msgstr = "".join(f"{k}: {v}\n" for k, v in metadata.items())
    # polib's own reader sets metadata_is_fuzzy to the header's flag list, scripts to a bool
    fuzzy: object = po.metadata_is_fuzzy
    others = tuple(f for f in (old.flags if old else ()) if f != "fuzzy")
    if isinstance(fuzzy, list):
        others = tuple(f for f in fuzzy if f != "fuzzy")
        fuzzy = "fuzzy" in fuzzy
    flags = ("fuzzy", *others) if fuzzy else others
    return Entry(
        msgid="",
        msgstr=msgstr,
        translator_comments=_lines(po.header),
        extracted_comments=old.extracted_comments if old else (),
        references=old.references if old else (),
        flags=flags,
    )


def to_catalog(po: polib.POFile) -> Catalog:
    """The polib object as transflow's :class:`~transflow.catalog.entries.Catalog`. A legacy
    ``charset=`` in ``Content-Type`` is kept as the catalog's charset, so the writer
    declares UTF-8 (what it writes) instead."""
    header = _header(po)
    charset = "UTF-8"
    m = _CHARSET.search(header.msgstr) if header is not None else None
    if m:
        charset = m.group(1)
    return Catalog(header=header, entries=tuple(_from_entry(e) for e in po), charset=charset)


def save(po: polib.POFile, path: str | os.PathLike[str] | None = None) -> bool:
    """Write ``po`` to ``path`` (default: where :func:`load` read it) exactly as GNU
    ``msgcat`` would, through an atomic staged write. Returns False when the file already
    holds exactly these bytes (nothing is written, the mtime stays).

    Saving to the file :func:`load` read raises :class:`~transflow.core.errors.ConcurrentEdit`
    (and changes nothing) if the file changed on disk since."""
    read: _Read | None = getattr(po, _READ, None)
    if path is None:
        if read is None or read.path is None:
            raise ValueError("save() needs a path for a catalog that load() did not read")
        target = read.path
    else:
        target = Path(path)
    expect = None
    if (
        read is not None
        and read.path is not None
        and os.path.realpath(read.path) == os.path.realpath(target)
    ):
        expect = read.identity
    data = serialize_po(to_catalog(po))
    with Transaction() as tx:
        written = tx.write(target, data, str(target), expect=expect)
    if written:
        setattr(po, _READ, _Read(target, FileIdentity.of_bytes(target, data), _header(po)))
    return written

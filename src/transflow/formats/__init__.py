"""Readers and writers, registered by format.

A reader turns a source file into a :class:`~transflow.core.model.Document`; a writer turns a
translated Document into an output file. Adding a format is one new module that
decorates its functions with :func:`register_reader` / :func:`register_writer` and is
listed in ``_BUILTIN`` below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from transflow.core.errors import UnsupportedFormat

if TYPE_CHECKING:
    from transflow.core.model import Document
    from transflow.core.records import LanguageInfo, SourceFile


@dataclass(frozen=True, slots=True)
class ExportContext:
    """Everything a writer may use beside the translated document."""

    source: SourceFile
    source_document: Document  # the untranslated document, as read
    language: LanguageInfo
    source_language: str
    date_display: str  # the source's date formatted for the target locale, or ""
    description: str  # "Translated from sources/a.md (en), 42 of 42 units (100 %)"
    reference_docx: Path | None = None
    # the built-in DOCX press-release template ([export] in transflow.toml)
    organisation: str = ""  # the letterhead's organisation name (translated if it is)
    logo: Path | None = None  # a picture for the letterhead, inside the workspace
    paper: str = ""  # "A4" or "Letter": overrides the paper size of the target locale
    fonts: tuple[tuple[str, str], ...] = ()  # w:rFonts slot -> family, for this language
    template_strings: tuple[tuple[str, str], ...] = ()  # the template's msgid -> msgstr
    # a reference_docx's header and footer paragraphs: source markup -> translated markup
    letterhead: tuple[tuple[str, str], ...] = ()
    revision_date: str = ""  # ISO date the catalog was last revised (PO-Revision-Date)
    # the source's bytes as the reader read them (a DOCX writer merges into them): the
    # source is read once per export; empty when the caller did not keep them
    source_data: bytes = b""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A writer's output: the file's bytes and the files that go beside it (pictures a
    Markdown export links to), as ``(path relative to the output's folder, bytes)``."""

    data: bytes
    assets: tuple[tuple[str, bytes], ...] = ()
    warnings: tuple[str, ...] = ()  # what the writer could not keep, for the publisher
    # the output depends on files other than the source, its catalogs and the settings
    # (a picture linked from a DOCX source, looked for beside it): never replayed from
    # the export cache, which does not watch them
    external: bool = False


class Reader(Protocol):
    """Parse a source's bytes (read once, by the spec's ``load``) into a Document."""

    def __call__(self, data: bytes, source: SourceFile) -> Document: ...


class Loader(Protocol):
    """Read a source's bytes safely (size limit, regular file…), or raise InputError."""

    def __call__(self, source: SourceFile) -> bytes: ...


class Writer(Protocol):
    def __call__(self, document: Document, out: Path, context: ExportContext) -> Rendered: ...


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """A registered reader: ``load`` reads a source's bytes with the format's limits,
    ``parse`` turns bytes into a Document. Callers that need the bytes too (extract
    digests them) read once with ``load`` and hand the bytes to :meth:`read`."""

    name: str
    extensions: tuple[str, ...]
    parse: Reader
    load: Loader

    def read(self, source: SourceFile, data: bytes | None = None) -> Document:
        return self.parse(self.load(source) if data is None else data, source)


READERS: dict[str, ReaderSpec] = {}
WRITERS: dict[str, Writer] = {}

# Modules that register the built-in formats; imported lazily so that `status` never pays
# for python-docx or markdown-it.
_BUILTIN = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".docx": "docx"}
_WRITER_MODULES = {"md": "markdown_write", "docx": "docx"}


def register_reader(
    name: str, extensions: tuple[str, ...], load: Loader | None = None
) -> Callable[[Reader], Reader]:
    """Register ``fn(data, source) -> Document`` for ``extensions``; ``load`` reads the
    bytes (default: :func:`read_limited`)."""

    def deco(fn: Reader) -> Reader:
        spec = ReaderSpec(name, extensions, fn, load or read_limited)
        READERS[name] = spec
        return fn

    return deco


def register_writer(name: str) -> Callable[[Writer], Writer]:
    """Register ``fn(document, out, context) -> Rendered``: the file's bytes and its
    assets; the caller writes them atomically beside ``out``."""

    def deco(fn: Writer) -> Writer:
        WRITERS[name] = fn
        return fn

    return deco


def source_extensions() -> tuple[str, ...]:
    return tuple(_BUILTIN)


def reader_for(path: Path) -> ReaderSpec:
    ext = path.suffix.lower()
    module = _BUILTIN.get(ext)
    if module is None:
        raise UnsupportedFormat(str(path), f"no reader for '{ext or path.name}' files")
    importlib.import_module(f"{__name__}.{module}")
    for spec in READERS.values():
        if ext in spec.extensions:
            return spec
    raise UnsupportedFormat(str(path), f"no reader for '{ext}' files")  # pragma: no cover


def check_writer(fmt: str) -> None:
    """Refuses a format no writer writes (what :func:`writer_for` refuses, without
    importing the writer)."""
    if fmt not in _WRITER_MODULES:
        raise UnsupportedFormat(None, f"no writer for format '{fmt}'")


def writer_for(fmt: str) -> Writer:
    check_writer(fmt)
    importlib.import_module(f"{__name__}.{_WRITER_MODULES[fmt]}")
    return WRITERS[fmt]


MAX_SOURCE_BYTES = 10 * 1024 * 1024


def read_limited(source: SourceFile, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """A source's bytes, refused (InputError) when unreadable or larger than ``limit``."""
    from transflow.core.errors import InputError

    try:
        size = source.path.stat().st_size
        if size > limit:
            raise InputError(
                source.rel, f"is too large ({size} bytes; sources are limited to {limit})"
            )
        data = source.path.read_bytes()
    except OSError as exc:
        raise InputError(source.rel, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:  # grew while we looked
        raise InputError(source.rel, f"is too large (sources are limited to {limit} bytes)")
    return data


def read_source(source: SourceFile, data: bytes | None = None) -> Document:
    """A source as a Document; ``data``: its bytes, already read with the reader's
    ``load`` (so a caller that also digests them reads the file once)."""
    return reader_for(source.path).read(source, data)


__all__ = [
    "MAX_SOURCE_BYTES",
    "ExportContext",
    "Loader",
    "Reader",
    "ReaderSpec",
    "Rendered",
    "Writer",
    "read_limited",
    "read_source",
    "reader_for",
    "register_reader",
    "register_writer",
    "source_extensions",
    "writer_for",
]

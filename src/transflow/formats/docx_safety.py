"""Checks a DOCX file must pass before any XML parser or python-docx sees it.

Everything here works on the raw bytes and the zip's central directory, so a hostile file
is refused cheaply: a link, folder or FIFO named ``*.docx``, a legacy ``.doc`` or encrypted
Word file (OLE compound file), a file that is not a zip or is truncated or corrupt, a zip
bomb (declared sizes, compression ratio, entry count), and any part that declares a DTD or
entities (OOXML parts never do; python-docx silently drops the text after an entity).

This module must not import python-docx.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

from transflow.core.errors import InputError

MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
MAX_FILE_SIZE = MAX_TOTAL_UNCOMPRESSED
MAX_RATIO = 100
MAX_ENTRIES = 1000
# Below this size an entry cannot inflate into anything harmful, whatever its ratio
# (a 40 KB styles.xml of repeated boilerplate may well compress 120:1).
RATIO_FLOOR = 256 * 1024
# What one XML part may cost: python-docx and the reader hold every element in memory
# (about 40 bytes of XML per paragraph cost 2.5 KB and 0.14 ms; an 8.5 MB file of 600,000
# paragraphs took 108-144 s and 2.9 GB). A 500-page report has about 10 MB of XML and
# 10,000 paragraphs.
MAX_XML_PART = 32 * 1024 * 1024
MAX_PARAGRAPHS = 50_000
_W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DTD_MESSAGE = "DTD or entity declarations are not allowed in DOCX parts"
# Binary payloads that no XML parser reads; everything else is scanned for a DTD.
_BINARY_EXTENSIONS = frozenset(
    str.split(
        "png jpg jpeg jpe jfif gif bmp dib tif tiff emf wmf emz wmz ico webp wdp hdp "
        "bin odttf ttf otf fntdata mp3 mp4 wav avi mov wmv"
    )
)
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")


def invalid(rel: str, reason: str) -> InputError:
    return InputError(rel, f"not a valid DOCX: {reason}")


def read_checked(path: Path, rel: str) -> bytes:
    """Return the bytes of a DOCX file that passed every check, or raise InputError.

    The caller parses these bytes (never the path again), so the file checked is the file
    read even if someone swaps it meanwhile.
    """
    data = read_regular_file(path, rel)
    check_docx(data, rel)
    return data


def check_docx(data: bytes, rel: str) -> None:
    """Raise InputError unless ``data`` (a DOCX file's bytes) passes every check."""
    if not data:
        raise invalid(rel, "empty file")
    if data.startswith(OLE_MAGIC):
        raise InputError(rel, "legacy .doc or password-protected Word file; save as .docx")
    if not data.startswith(b"PK"):
        raise invalid(rel, "not a zip archive")
    try:
        check_zip(data, rel)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise invalid(rel, _reason(exc)) from None
    except (ValueError, OSError, KeyError, MemoryError) as exc:
        raise invalid(rel, _reason(exc)) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, zipfile.BadZipFile) and "Bad CRC" in text:
        return "corrupt archive (" + text + ")"
    if text == "File is not a zip file":
        return "not a zip archive, or a truncated one"
    return text


def read_regular_file(path: Path, rel: str) -> bytes:
    """A regular file's bytes (no link, device or FIFO; at most the DOCX size limit)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise InputError(rel, "file not found") from None
    except OSError as exc:
        raise InputError(rel, f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError(rel, "is a symbolic link; DOCX sources must be regular files")
    if stat.S_ISDIR(st.st_mode):
        raise InputError(rel, "is a directory, not a DOCX file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(rel, "is not a regular file (FIFO, socket or device)")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(rel, f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise InputError(rel, "is not a regular file")
        if st.st_size > MAX_FILE_SIZE:
            raise invalid(rel, f"file larger than {MAX_FILE_SIZE // (1024 * 1024)} MB")
        return fh.read(MAX_FILE_SIZE + 1)


def check_zip(data: bytes, rel: str) -> None:
    """Central-directory limits first, then read every entry (CRC) and scan for DTDs."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise invalid(rel, f"too many zip entries ({len(infos)} > {MAX_ENTRIES})")
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise invalid(
                rel,
                f"declared uncompressed size {total / 1e6:.0f} MB exceeds "
                f"{MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB (zip bomb?)",
            )
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise invalid(
                    rel,
                    f"entry {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}:1"
                    f" (limit {MAX_RATIO}:1; zip bomb?)",
                )
        if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
            raise invalid(rel, f"archive expands {total // max(packed, 1)}:1 (zip bomb?)")
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            raise invalid(rel, "missing [Content_Types].xml")
        for info in infos:
            if info.is_dir():
                continue
            if info.file_size > MAX_XML_PART:
                with zf.open(info) as fh:
                    head = fh.read(4096)
                if _looks_like_xml(head):
                    raise invalid(
                        rel,
                        f"part {info.filename} is {info.file_size / 1e6:.0f} MB of XML "
                        f"(the limit is {MAX_XML_PART // (1024 * 1024)} MB per part)",
                    )
            payload = zf.read(info)  # verifies the CRC
            if not _is_binary(info.filename) and has_dtd(payload):
                raise InputError(rel, f"{DTD_MESSAGE} ({info.filename})")
            if info.file_size <= MAX_XML_PART:
                _check_xml(payload, info.filename, rel)


def _check_xml(payload: bytes, name: str, rel: str) -> None:
    """Parse a part as lxml (and so python-docx) would, whatever its name and encoding
    (UTF-16, UTF-32, UTF-7…: a byte scan cannot see them all): a DTD anywhere is refused,
    and so is a part with more paragraphs than :data:`MAX_PARAGRAPHS`. A part that is not
    XML (a picture) or is malformed is left to the reader, which names it."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(payload, parser)
    except (etree.XMLSyntaxError, ValueError):
        return
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None or info.doctype:
        raise InputError(rel, f"{DTD_MESSAGE} ({name})")
    for paragraphs, _ in enumerate(root.iter(_W_P), 1):
        if paragraphs > MAX_PARAGRAPHS:
            raise invalid(
                rel,
                f"part {name} has more than {MAX_PARAGRAPHS:,} paragraphs "
                "(the limit per part; split the document)",
            )


def _looks_like_xml(head: bytes) -> bool:
    """Whether the first bytes of a part could start an XML document in any encoding
    libxml2 reads (pictures, fonts and embedded binaries never do)."""
    from lxml import etree

    try:
        etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False).feed(head)
        return True
    except etree.XMLSyntaxError:
        pass
    for enc in ("utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        try:
            text = head[: len(head) // 4 * 4].decode(enc, errors="strict")
        except UnicodeDecodeError:
            continue
        if text.lstrip("\ufeff \t\r\n").startswith("<"):
            return True
    return False


def _is_binary(name: str) -> bool:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    return ext in _BINARY_EXTENSIONS


def has_dtd(payload: bytes) -> bool:
    """True when an XML payload (UTF-8 or UTF-16, any case) declares a DTD or entity."""
    candidates = [payload]
    head = payload[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        for enc in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                candidates.append(payload.decode(enc).encode("utf-8"))
            except UnicodeDecodeError:
                continue
    for blob in candidates:
        upper = blob.upper()
        if any(marker in upper for marker in _FORBIDDEN):
            return True
    return False


def find_malformed_part(data: bytes) -> str | None:
    """Name the first XML part that does not parse (used to explain a parser error)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(zf.read(info), parser)
                except etree.XMLSyntaxError:
                    return info.filename
    return None


STRICT_MESSAGE = "Strict Open XML is not supported; save as Word Document (.docx)"
_STRICT_MARK = b"http://purl.oclc.org/ooxml/"


def refuse_strict(data: bytes, rel: str) -> None:
    """Refuse an ISO 29500 Strict document (its parts use ``purl.oclc.org`` namespaces,
    which neither python-docx nor transflow read) with a message saying what to do."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for name in ("_rels/.rels", "word/document.xml"):
            if name in names and _STRICT_MARK in zf.read(name)[:4096]:
                raise InputError(rel, STRICT_MESSAGE)

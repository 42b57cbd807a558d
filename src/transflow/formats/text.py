"""Plain-text sources.

Two shapes are read, decided per file:

* one paragraph per line (blank lines optional), as word processors export text;
* hard-wrapped paragraphs separated by blank lines, whose lines are joined with single
  spaces.

A file is hard-wrapped when it has blank-line-separated paragraphs, no line longer than
:data:`WRAP_LIMIT` characters, and at least one paragraph of several lines. The first paragraph is the title.

UTF-8 (with or without BOM) is expected. A file that is not UTF-8 but reads cleanly as
Windows-1252 (the encoding of old Western word processors) is decoded as such; anything
else is refused with the line of the first bad byte, never turned into mojibake.
"""

from __future__ import annotations

from transflow.core.errors import InputError
from transflow.core.inline import escape
from transflow.core.model import Block, BlockKind, Document
from transflow.core.records import SourceFile
from transflow.formats import register_reader

WRAP_LIMIT = 100
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def decode_text(data: bytes, rel: str) -> str:
    """Decode a text source: UTF-8 (BOM stripped), else clean Windows-1252, else refuse."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise InputError(rel, "UTF-16 is not supported; save the file as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if _looks_cp1252(data):
            text = data.decode("cp1252")
        else:
            raise InputError(
                rel,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02X}) and not Windows-1252 text; "
                "save it as UTF-8",
                line=line,
            ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(rel, "contains NUL bytes; is it a binary file?", line=line)
    return text


def _looks_cp1252(data: bytes) -> bool:
    high = [b for b in data if b >= 0x80]
    if any(b in _CP1252_UNDEFINED for b in high):
        return False
    text = data.decode("cp1252")
    letters = [c for c in text if c.isalpha()]
    non_ascii = sum(1 for c in letters if ord(c) > 0x7F)
    # Western text has a few accented letters among many ASCII ones; another 8-bit
    # encoding (Cyrillic CP1251, Greek…) read as CP1252 is almost all "accented" letters.
    return bool(letters) and non_ascii <= 0.3 * len(letters)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text in either shape (see the module docstring)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line.strip())
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    wrapped = (
        len(groups) > 1
        and max((len(x) for x in lines), default=0) <= WRAP_LIMIT
        and any(len(g) > 1 for g in groups)
    )
    if wrapped:
        return [" ".join(g) for g in groups]
    return [line for g in groups for line in g]


@register_reader("text", (".txt",))
def read_text(data: bytes, source: SourceFile) -> Document:
    paragraphs = split_paragraphs(decode_text(data, source.rel))
    blocks = tuple(
        Block(
            kind=BlockKind.TITLE if i == 0 else BlockKind.PARAGRAPH,
            text=" ".join(escape(p).split()),
            key=f"p:{i}",
        )
        for i, p in enumerate(paragraphs)
    )
    return Document(path=source.rel, slug=source.slug, format="text", blocks=blocks)

"""Bytes of a PO file to text: BOM, legacy charsets declared in the header, and every
way the bytes can contradict the header (msgfmt's checks, with a line number)."""

from __future__ import annotations

import codecs
import re

from transflow.core.errors import CatalogSyntaxError

_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_CHARSET_RE = re.compile(rb"Content-Type:[^\"\n\r]*?charset=([!#-\[\]-~]*)", re.IGNORECASE)
_BINARY_RE = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BAD_CODECS = {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "utf-7", "undefined"}
_MOJIBAKE_RE = re.compile(r"[\x80-\x9f]|[ÃÐÑÂ][\x80-\xbf\xa0-\xbf]")
_MULTIBYTE = {"utf-8", "euc_jp", "euc_kr", "gb2312", "gbk", "gb18030", "big5", "big5hkscs"}
_MULTIBYTE |= {"shift_jis", "cp932", "cp949", "cp950", "euc_jis_2004", "johab", "iso2022_jp"}


def _err(path: str, line: int, message: str) -> CatalogSyntaxError:
    return CatalogSyntaxError(path, message, line=line)


def _line_of_offset(data: bytes, offset: int) -> int:
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode_po(data: bytes, path: str) -> tuple[str, str, bool]:
    """Return (text, declared charset, had_bom)."""
    _refuse_binary(data, path)
    had_bom = data.startswith(b"\xef\xbb\xbf")
    if had_bom:
        data = data[3:]
    if b"\0" in data:
        nul = data.index(b"\0")
        before = data[:nul].rsplit(b"\n", 1)[-1]
        if before.count(b'"') % 2 == 0:
            raise _err(path, _line_of_offset(data, nul), "not a text PO file (NUL byte)")
    charset, codec = _declared_charset(data, path)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start)
        if codec == "utf-8":
            raise _err(path, line, "invalid UTF-8 (header says UTF-8)") from None
        raise _err(path, line, f"invalid {charset} byte sequence") from None
    if codec not in _MULTIBYTE and not data.isascii():
        _refuse_mojibake(data, text, charset, path)
    return text, charset, had_bom


def _refuse_binary(data: bytes, path: str) -> None:
    """Empty, a binary .mo catalog, UTF-16 or binary data: not a PO file we read."""
    if not data or data.isspace():  # (ASCII whitespace only: what bytes.strip() strips)
        raise _err(path, 1, "empty file")
    if data[:4] in _MO_MAGIC:
        raise _err(path, 1, "not a text PO file (binary .mo catalog)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (
        len(data) >= 4 and (data[1:8:2] == b"\0" * len(data[1:8:2]) or data[0:8:2].count(0) >= 2)
    ):
        raise _err(path, 1, "UTF-16 is not supported; save as UTF-8")
    if len(_BINARY_RE.findall(data, 0, 4096)) > 4:
        raise _err(path, 1, "not a text PO file (binary data)")


def _declared_charset(data: bytes, path: str) -> tuple[str, str]:
    """(the charset the header declares, the Python codec to decode with); UTF-8 if none."""
    m = _CHARSET_RE.search(data)
    if not m:
        return "UTF-8", "utf-8"
    declared = m.group(1).decode("ascii", "replace")
    line = _line_of_offset(data, m.start())
    if declared.upper() in ("CHARSET", ""):
        declared = "UTF-8"
    try:
        info = codecs.lookup(declared)
    except (LookupError, ValueError):
        info = None
    if info is None or not info._is_text_encoding or info.name in _BAD_CODECS:
        raise _err(path, line, f"unknown charset '{declared}' in the header")
    codec = info.name
    if codec.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        raise _err(path, line, "UTF-16 is not supported; save as UTF-8")
    if codec in ("utf-8-sig", "utf_8"):
        codec = "utf-8"
    return declared, codec


def _refuse_mojibake(data: bytes, text: str, charset: str, path: str) -> None:
    """A single-byte charset declared for what is in fact UTF-8 text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        bad = _MOJIBAKE_RE.search(text)
    else:
        bad = re.search(r"[^\x00-\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + text.count("\r", 0, bad.start()) + 1
        line -= text.count("\r\n", 0, bad.start())
        raise _err(path, line, f"text is UTF-8 but the header says {charset} (mojibake)")

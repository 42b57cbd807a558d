"""A lean PO reader for the jobs that need a catalog's counts or its translations, not its
entries: cold ``status``, the translation memory of ``extract``.

:func:`scan_po` reads the plain catalogs transflow and msgcat write (comments, ``#, fuzzy``,
``#| msgid`` previous text, single-line or wrapped ``msgid``/``msgstr`` strings with the
escapes ``\\n \\t \\" \\\\``) and, for these, makes every check the strict reader
(:mod:`.poparse`) makes: the same decoding (:func:`.podecode.decode_po`), entry structure,
duplicates, the header and its Plural-Forms, the ``\\n`` at both ends. At the first thing
outside that subset (a context, plural forms, an obsolete entry, a flag other than fuzzy,
another escape, a control character, a stray line…) it hands the bytes to the strict
reader, so a catalog is refused exactly when the strict reader refuses it, with its
message (differential tests over every fixture in ``tests/catalog/test_scan.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from transflow.catalog.entries import Catalog
from transflow.catalog.podecode import decode_po
from transflow.catalog.poformat import plural_problem
from transflow.catalog.poparse import parse_po

__all__ = ["Item", "Summary", "scan_plain", "scan_po", "summary_of"]


class Item(NamedTuple):
    """One live entry as the lean jobs see it."""

    msgid: str
    msgstr: str  # "" for a plural entry
    msgctxt: str | None
    plural: bool
    translated: bool  # Entry.is_translated
    fuzzy: bool
    previous: bool  # has a previous msgid (#| msgid)


@dataclass(frozen=True, slots=True)
class Summary:
    header: str  # the header's msgstr
    live: tuple[Item, ...]
    obsolete: int


def summary_of(catalog: Catalog) -> Summary:
    """The summary of a catalog the strict reader read."""
    live = tuple(
        Item(
            e.msgid,
            e.msgstr if e.msgid_plural is None else "",
            e.msgctxt,
            e.msgid_plural is not None,
            e.is_translated,
            e.fuzzy,
            e.previous_msgid is not None,
        )
        for e in catalog.entries
        if not e.obsolete
    )
    header = catalog.header.msgstr if catalog.header else ""
    return Summary(header, live, len(catalog.entries) - len(live))


# a string's body: plain characters and the simple escapes (the loop unrolled: fast in re)
_S = r'[^"\\\x00-\x1f]*(?:\\[nt"\\][^"\\\x00-\x1f]*)*'
# one entry as msgcat writes it (blank lines after it): comments, then "#, fuzzy", then the
# previous msgid, then msgid and msgstr, each a string and its continuation lines
_ENTRY = re.compile(
    rf"""(?:\#[ .:][^\n]*\n)*
    (?P<fuzzy>\#,\ fuzzy\n)?
    (?P<previous>\#\|\ msgid\ "{_S}"\n(?:\#\|\ "{_S}"\n)*)?
    msgid\ (?P<msgid>"{_S}"\n(?:"{_S}"\n)*)
    msgstr\ (?P<msgstr>"{_S}"\n(?:"{_S}"\n)*)
    \n*""",
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPE = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


class _Unusual(Exception):
    """Outside the subset this reader checks: the strict reader decides."""


def scan_po(data: bytes, path: str) -> Summary:
    """The summary of PO/POT bytes; raises what :func:`.poparse.parse_po` raises."""
    summary = scan_plain(data, path)
    return summary if summary is not None else summary_of(parse_po(data, path))


def scan_plain(data: bytes, path: str) -> Summary | None:
    """The summary of a plain catalog (one the strict reader accepts, and that has only
    entries without context or plural forms, none obsolete, no flag but fuzzy), or None
    when the catalog is anything else: then the strict reader must read it (and may
    refuse it). Raises what the strict reader raises for bytes it cannot decode."""
    text, _charset, _bom = decode_po(data, path)  # the strict reader's decoding and checks
    try:
        return _scan(text)
    except _Unusual:
        return None


def _text(block: str) -> str:
    """The value of a string and its continuation lines (``"a"\\n"b"\\n`` -> ``ab``): a
    quote followed by a line end is always a closing quote."""
    body = block[1:-2].replace('"\n"', "")
    return _ESCAPE.sub(lambda m: _UNESCAPE[m.group(1)], body) if "\\" in body else body


def _scan(text: str) -> Summary:
    if "\r" in text or "#-#-#-#-#" in text or "\ufffe" in text or "\uffff" in text:
        raise _Unusual
    if not text.endswith("\n"):
        text += "\n"
    pos = len(text) - len(text.lstrip("\n"))
    live: list[Item] = []
    seen: set[str] = set()
    header: str | None = None
    match = _ENTRY.match
    while pos < len(text):
        m = match(text, pos)
        if m is None:
            raise _Unusual
        pos = m.end()
        fuzzy_line, previous, mid, mstr = m.group("fuzzy", "previous", "msgid", "msgstr")
        msgid = _text(mid)
        msgstr = _text(mstr)
        if msgid in seen:
            raise _Unusual  # duplicate: the strict reader names both lines
        seen.add(msgid)
        if msgid == "":
            if header is not None or live or not msgstr.strip():
                raise _Unusual
            header = msgstr
            continue
        fuzzy = fuzzy_line is not None
        translated = not fuzzy and msgstr != ""
        if translated and (
            (msgid[:1] == "\n") != (msgstr[:1] == "\n")
            or (msgid[-1:] == "\n") != (msgstr[-1:] == "\n")
        ):
            raise _Unusual
        live.append(Item(msgid, msgstr, None, False, translated, fuzzy, previous is not None))
    if header is None or plural_problem(header):
        raise _Unusual
    return Summary(header, tuple(live), 0)

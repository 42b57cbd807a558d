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

__all__ = ["Item", "Summary", "scan_po", "summary_of"]


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


# one whole line: keyword (or none), one quoted string of plain characters and simple escapes
_LINE = re.compile(r'(msgid |msgstr |#\| msgid |#\| |)"((?:[^"\\\x00-\x1f]|\\[nt"\\])*)"')
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPE = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_COMMENT_OK = ("# ", "#.", "#:")


class _Unusual(Exception):
    """Outside the subset this reader checks: the strict reader decides."""


def scan_po(data: bytes, path: str) -> Summary:
    """The summary of PO/POT bytes; raises what :func:`.poparse.parse_po` raises."""
    text, _charset, _bom = decode_po(data, path)  # the strict reader's decoding and checks
    try:
        return _scan(text)
    except _Unusual:
        return summary_of(parse_po(data, path))


def _text(body: str) -> str:
    return _ESCAPE.sub(lambda m: _UNESCAPE[m.group(1)], body) if "\\" in body else body


def _scan(text: str) -> Summary:
    if "\r" in text or "#-#-#-#-#" in text or "\ufffe" in text or "\uffff" in text:
        raise _Unusual
    live: list[Item] = []
    seen: set[str] = set()
    header: str | None = None
    # the entry being read: state 0 = comments only, 1 = in msgid, 2 = in msgstr
    state = 0
    fuzzy = previous = in_previous = False
    mid: list[str] = []
    mstr: list[str] = []

    def finish() -> None:
        nonlocal header
        msgid = _text("".join(mid))
        msgstr = _text("".join(mstr))
        if msgid in seen:
            raise _Unusual  # duplicate: the strict reader names both lines
        seen.add(msgid)
        if msgid == "":
            if header is not None or live or not msgstr.strip():
                raise _Unusual
            header = msgstr
            return
        translated = not fuzzy and msgstr != ""
        if translated and (
            (msgid[:1] == "\n") != (msgstr[:1] == "\n")
            or (msgid[-1:] == "\n") != (msgstr[-1:] == "\n")
        ):
            raise _Unusual
        live.append(Item(msgid, msgstr, None, False, translated, fuzzy, previous))

    for line in text.split("\n"):
        if not line:
            continue
        if line[0] == "#":
            if state == 1:
                raise _Unusual
            if state == 2:
                finish()
                state = 0
                fuzzy = previous = False
            if not line.startswith("#|"):
                in_previous = False
                if line.startswith(_COMMENT_OK):
                    continue
                if line == "#, fuzzy":
                    fuzzy = True
                    continue
                raise _Unusual  # other flags, #~ obsolete entries, other comment forms
        m = _LINE.fullmatch(line)
        if m is None:
            raise _Unusual
        kw, body = m.groups()
        if kw == "#| msgid ":
            if previous:
                raise _Unusual
            previous = in_previous = True
        elif kw == "#| ":
            if not in_previous:
                raise _Unusual
        elif kw == "msgid ":
            if state == 1:
                raise _Unusual
            if state == 2:
                finish()
                fuzzy = previous = False
            state = 1
            mid = [body]
            mstr = []
            in_previous = False
        elif kw == "msgstr ":
            if state != 1:
                raise _Unusual
            state = 2
            mstr = [body]
        elif state == 1:  # a continuation line
            mid.append(body)
        elif state == 2:
            mstr.append(body)
        else:
            raise _Unusual
    if state != 2:
        raise _Unusual
    finish()
    if header is None or plural_problem(header):
        raise _Unusual
    return Summary(header, tuple(live), 0)

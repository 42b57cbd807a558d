"""The catalog data model: what a PO file holds, as frozen values.

Only the :mod:`transflow.catalog` package knows PO syntax; everything else sees these.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True, init=False)
class Entry:
    """One PO entry, live or obsolete (``#~``).

    Comments are stored without their marker and without the one space after it:
    ``#  two spaces`` is ``" two spaces"``; ``#, fuzzy, c-format`` is ``("fuzzy", "c-format")``;
    ``#: a.txt b.txt:3`` is ``("a.txt", "b.txt:3")``.
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    # line of the ``msgid`` keyword in the file it was read from (1-based); not part of equality
    lineno: int = field(default=0, compare=False)

    def __init__(
        self,
        msgid: str,
        msgstr: str = "",
        msgctxt: str | None = None,
        msgid_plural: str | None = None,
        msgstr_plural: tuple[str, ...] = (),
        translator_comments: tuple[str, ...] = (),
        extracted_comments: tuple[str, ...] = (),
        references: tuple[str, ...] = (),
        flags: tuple[str, ...] = (),
        previous_msgctxt: str | None = None,
        previous_msgid: str | None = None,
        previous_msgid_plural: str | None = None,
        obsolete: bool = False,
        lineno: int = 0,
    ) -> None:
        # the __init__ dataclass would write, with each slot set through its descriptor
        # instead of object.__setattr__ (a third of the cost: the parser and the merge make
        # an Entry for each unit of every catalog they read; tests/catalog/test_entries.py
        # checks the fields, their order and defaults against the declarations above)
        _msgid(self, msgid)
        _msgstr(self, msgstr)
        _msgctxt(self, msgctxt)
        _msgid_plural(self, msgid_plural)
        _msgstr_plural(self, msgstr_plural)
        _translator_comments(self, translator_comments)
        _extracted_comments(self, extracted_comments)
        _references(self, references)
        _flags(self, flags)
        _previous_msgctxt(self, previous_msgctxt)
        _previous_msgid(self, previous_msgid)
        _previous_msgid_plural(self, previous_msgid_plural)
        _obsolete(self, obsolete)
        _lineno(self, lineno)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_translated(self) -> bool:
        """Translated and usable: not fuzzy, not obsolete, every form filled."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return self.msgstr != ""

    @property
    def has_translation(self) -> bool:
        if self.msgid_plural is not None:
            return any(self.msgstr_plural)
        return self.msgstr != ""


# the setters of Entry's slots (their member descriptors' __set__), one name each
(
    _msgid,
    _msgstr,
    _msgctxt,
    _msgid_plural,
    _msgstr_plural,
    _translator_comments,
    _extracted_comments,
    _references,
    _flags,
    _previous_msgctxt,
    _previous_msgid,
    _previous_msgid_plural,
    _obsolete,
    _lineno,
) = (vars(Entry)[f.name].__set__ for f in fields(Entry))


@dataclass(frozen=True, slots=True)
class Catalog:
    """A whole PO/POT file. ``header`` is the entry whose msgid is empty (None if absent)."""

    header: Entry | None
    entries: tuple[Entry, ...]
    charset: str = "UTF-8"
    had_bom: bool = False

    @property
    def live(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if not e.obsolete)

    @property
    def obsolete(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.obsolete)

    def header_fields(self) -> list[tuple[str, str]]:
        return parse_header(self.header.msgstr if self.header else "")


def parse_header(msgstr: str) -> list[tuple[str, str]]:
    """``"Language: ru\\nX: y\\n"`` -> ``[("Language", "ru"), ("X", "y")]`` (order kept)."""
    fields: list[tuple[str, str]] = []
    for line in msgstr.split("\n"):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if sep:
            fields.append((name.strip(), value.strip()))
    return fields


def format_header(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{k}: {v}\n" for k, v in fields)

"""The catalog data model: what a PO file holds, as frozen values.

Only the :mod:`transflow.catalog` package knows PO syntax; everything else sees these.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
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

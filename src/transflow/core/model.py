"""The document model, which crosses module seams: small, frozen, slotted dataclasses
with no I/O.

A source is read into a :class:`Document` made of :class:`Block` s. Each block's
``text`` uses transflow's inline markup (see :mod:`transflow.core.inline`). Segmentation
turns blocks into :class:`Unit` s, which become catalog entries. What commands report
(checks' :class:`~transflow.core.records.Issue` s, catalogs'
:class:`~transflow.core.records.Stats`) and the files and languages they work on are in
:mod:`transflow.core.records`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block is structurally, whatever the source format."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"  # a block quotation (Markdown ``>``, Word "Quote" style)
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    META = "meta"  # a translatable metadata field (front matter title/summary, DOCX core title)
    HEADER = "header"  # DOCX page header paragraph
    FOOTER = "footer"  # DOCX page footer paragraph
    IMAGE_ALT = "image_alt"
    NOTE = "note"  # a footnote or endnote paragraph (attr ``note`` = footnote|endnote, ``id``)
    RAW = "raw"  # kept verbatim, never translated: code blocks, raw HTML, rules, images-only


TRANSLATABLE_KINDS = frozenset(k for k in BlockKind if k is not BlockKind.RAW)


class Role(StrEnum):
    """What a unit is in a press release: the extracted comment translators see."""

    HEADLINE = "headline"
    LABEL = "label"  # "FOR IMMEDIATE RELEASE", "PRESS RELEASE", "EMBARGOED UNTIL …"
    SUBHEADLINE = "subheadline"
    DATELINE = "dateline"
    LEAD = "lead"
    BODY = "body"
    QUOTE = "quote"
    HEADING = "heading"
    LIST_ITEM = "list item"
    TABLE_CELL = "table cell"
    BOILERPLATE = "boilerplate"
    CONTACT = "contact"
    METADATA = "metadata"
    HEADER = "page header"
    FOOTER = "page footer"
    IMAGE_ALT = "image description"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"
    TEXT_BOX = "text box"
    CAPTION = "caption"


class CodeKind(StrEnum):
    """What a placeholder (``{name}`` in the markup) stands for."""

    FIELD = "field"  # a Word field (PAGE, DATE, REF…): ``text`` is its displayed result
    PICTURE = "picture"  # an inline picture: ``text`` its description, ``ref`` its media part
    NOTE = "note"  # a footnote or endnote reference: ``ref`` is the note's block key
    OBJECT = "object"  # anything else that sits between words (a symbol, a chart…)


@dataclass(frozen=True, slots=True)
class Code:
    """What one placeholder of a block stands for, for writers that cannot keep the
    original element (a Word field written to Markdown shows ``text``)."""

    name: str  # the placeholder's name, unique in its block: "PAGE", "picture1"
    kind: CodeKind
    text: str = ""  # what a reader sees in its place (a field's result), plain text
    ref: str = ""  # a locator: a picture's media part ("word/media/image1.png"), a note key


@dataclass(frozen=True, slots=True)
class TableCell:
    """Where a table cell block sits and the shape a writer needs to rebuild its table.

    ``table`` counts the document's tables from 0; ``row`` and ``col`` are grid positions
    (row 0 is the first row, a cell after a ``colspan=2`` cell is two columns on).
    ``rows``/``cols``/``aligns`` are the whole table's size and column alignments when the
    reader knows them (Markdown: empty cells have no block), else 0 and ``()``.
    ``merged`` is a DOCX cell continuing a vertical merge. ``outer`` is the cell the table
    is nested in (DOCX tables in table cells), None for a top-level table.
    """

    table: int
    row: int
    col: int
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    align: str = ""  # "left" | "center" | "right" | "" (not set)
    merged: bool = False
    rows: int = 0
    cols: int = 0
    aligns: tuple[str, ...] = ()
    outer: TableCell | None = None

    @property
    def depth(self) -> int:
        """How deep the cell's table is nested: 1 for a top-level table."""
        return 1 if self.outer is None else self.outer.depth + 1

    def at(self, depth: int) -> TableCell:
        """The cell (this one or one it is nested in) of the table at ``depth``."""
        cell = self
        while cell.depth > depth and cell.outer is not None:
            cell = cell.outer
        return cell


@dataclass(frozen=True, slots=True)
class ListItem:
    """A list item paragraph (its depth is the block's ``level``, 1 at the top): numbered
    or bulleted, the number its list starts at, and whether it is a later paragraph of
    the same item (``continued``, a Markdown item with several paragraphs)."""

    ordered: bool
    start: int = 1
    continued: bool = False


@dataclass(frozen=True, slots=True)
class InQuote:
    """A Markdown block quote a block sits in: ``quote`` counts the document's block
    quotes from 1."""

    quote: int


@dataclass(frozen=True, slots=True)
class InList:
    """A Markdown list item a block sits in: ``list`` counts the document's lists from 1,
    ``item`` is the item's index in its list (from 0), ``bullet`` its marker (``-``,
    ``*``, ``+``; ``.`` or ``)`` after the number of an ordered list, whose first number
    is ``start``) and ``tight`` says the list has no blank lines between items."""

    list: int
    item: int
    bullet: str
    tight: bool = True
    start: int | None = None  # None: a bulleted list


Container = InQuote | InList


@dataclass(frozen=True, slots=True)
class Note:
    """Which footnote or endnote a ``NOTE`` block is a paragraph of: ``kind`` is
    ``"footnote"`` or ``"endnote"``, ``label`` the note's id (DOCX ``w:id``) or its label
    as written (Markdown ``[^label]``)."""

    kind: str
    label: str


@dataclass(frozen=True, slots=True)
class Block:
    """One translatable block of a document.

    ``text`` is inline markup (``**bold**``, ``*italic*``, ``[text](url)``, ``<u>…</u>``);
    ``codes`` says what each placeholder in it stands for. ``key`` is an opaque locator
    the format's writer uses to put the translation back (the index path of a DOCX
    paragraph); writers compare keys, they never parse them. ``level`` is a heading level,
    list depth or quote depth.

    What else a reader knows and a writer may need is typed: ``cell`` is where a
    ``TABLE_CELL`` block sits in its table (:class:`TableCell`); ``item`` what a
    ``LIST_ITEM`` is (:class:`ListItem`); ``nest`` the Markdown quotes and list items the
    block sits in, outermost first (empty when the reader does not say); ``note`` which
    footnote or endnote a ``NOTE`` block belongs to (:class:`Note`); ``field`` the
    metadata field a ``META`` block (or a title taken from front matter) is (``"title"``,
    ``"summary"``…); ``style`` the Word paragraph style it had (UI name); ``tail`` raw
    Markdown written after its text (``<br>`` tags that ended it); ``picture``, for an
    ``IMAGE_ALT`` block, the name of the picture code whose description it is.
    """

    kind: BlockKind
    text: str
    level: int = 0
    role: Role | None = None  # only when the format says it (a Subtitle style); else roles.py
    key: str = ""
    codes: tuple[Code, ...] = ()
    cell: TableCell | None = None
    item: ListItem | None = None
    nest: tuple[Container, ...] = ()
    note: Note | None = None
    field: str = ""
    style: str = ""
    tail: str = ""
    picture: str = ""

    def code(self, name: str) -> Code | None:
        for c in self.codes:
            if c.name == name:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Document:
    """A source article: where it came from, its blocks in reading order, and its metadata.

    ``path`` is the workspace-relative POSIX path (``sources/a.md``); ``slug`` is that path
    below ``sources/`` without extension. ``meta`` holds untranslated data fields such as
    ``date`` (ISO ``YYYY-MM-DD``) that exports format for the target locale.
    ``unextracted`` names visible text the reader saw but could not extract (a chart's
    labels, an embedded object): such a document is never called complete.
    ``notices`` are things the reader decided that the editor should hear about (the
    source had unresolved tracked changes, reviewer comments were left out).
    """

    path: str
    slug: str
    format: str
    blocks: tuple[Block, ...]
    meta: tuple[tuple[str, str], ...] = ()
    unextracted: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    def meta_value(self, name: str, default: str = "") -> str:
        for k, v in self.meta:
            if k == name:
                return v
        return default

    @property
    def title(self) -> str:
        for b in self.blocks:
            if b.kind is BlockKind.TITLE:
                return b.text
        return self.blocks[0].text if self.blocks else ""


@dataclass(frozen=True, slots=True)
class Unit:
    """One translatable unit (a sentence, or a whole block in paragraph mode)."""

    text: str
    role: Role
    block_index: int


# moved to transflow.core.records (what ``status`` needs without the document model);
# still found here, for code written against transflow 0.2.0
_MOVED = frozenset({"Issue", "LanguageInfo", "Severity", "SourceFile", "State", "Stats"})


def __getattr__(name: str) -> object:
    if name in _MOVED:
        from transflow.core import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The data that crosses module seams: small, frozen, slotted dataclasses with no I/O.

A source is read into a :class:`Document` made of :class:`Block` s. Each block's
``text`` uses transflow's inline markup (see :mod:`transflow.inline`). Segmentation
turns blocks into :class:`Unit` s, which become catalog entries. Checks report
:class:`Issue` s and statistics are :class:`Stats`.
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
    RAW = "raw"  # kept verbatim, never translated: code blocks, raw HTML, rules, images-only


TRANSLATABLE_KINDS = frozenset(k for k in BlockKind if k is not BlockKind.RAW)


class Role(StrEnum):
    """What a unit is in a press release: the extracted comment translators see."""

    HEADLINE = "headline"
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


@dataclass(frozen=True, slots=True)
class Block:
    """One translatable block of a document.

    ``text`` is inline markup (``**bold**``, ``*italic*``, ``[text](url)``, ``<u>…</u>``).
    ``key`` is an opaque locator the format's writer uses to put the translation back
    (e.g. the index path of a DOCX paragraph); ``level`` is a heading level or list depth.
    ``attrs`` carries reader-specific facts a writer may need (``("ordered", "1")``).
    """

    kind: BlockKind
    text: str
    level: int = 0
    role: Role | None = None  # only when the format says it (a Subtitle style); else roles.py
    key: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str = "") -> str:
        for k, v in self.attrs:
            if k == name:
                return v
        return default


@dataclass(frozen=True, slots=True)
class Document:
    """A source article: where it came from, its blocks in reading order, and its metadata.

    ``path`` is the workspace-relative POSIX path (``sources/a.md``); ``slug`` is that path
    below ``sources/`` without extension. ``meta`` holds untranslated data fields such as
    ``date`` (ISO ``YYYY-MM-DD``) that exports format for the target locale.
    """

    path: str
    slug: str
    format: str
    blocks: tuple[Block, ...]
    meta: tuple[tuple[str, str], ...] = ()

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


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding of a quality check on one catalog entry."""

    article: str
    language: str
    check: str
    severity: Severity
    msgid: str
    msgstr: str
    message: str
    location: str  # "locales/ru/a.po:42"
    fuzzy: bool = False


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts for one catalog (one article in one language)."""

    article: str
    language: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: int = 0
    translated_words: int = 0
    changed: int = 0  # fuzzy entries that carry previous source text (#| msgid)
    state: str = "missing"
    errors: int = 0
    warnings: int = 0

    @property
    def percent(self) -> float:
        if not self.total:
            return 0.0 if self.state in ("missing", "stale") else 100.0
        return round(self.translated * 100.0 / self.total, 1)

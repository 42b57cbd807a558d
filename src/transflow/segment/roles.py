"""Press-release roles: what each block and unit is (headline, lead, quote, contact…).

Readers only say what a block is structurally (title, heading, paragraph…); these rules
add what it is in a press release. The role becomes the extracted comment (``#.``) that
translators and reviewers see.

Press-release furniture: a label ("FOR IMMEDIATE RELEASE", "PRESS RELEASE", "MEDIA
ADVISORY", "EMBARGOED UNTIL …") is a ``label``, never the lead; a bold dateline that
opens a paragraph ("**RIVERTON, March 14, 2026 —** The City…") is its own unit
(:func:`transflow.segment.sentences.block_units` splits it off) with the role ``dateline``, the
sentence after it the lead; end marks (``###``, "– ENDS –", "-30-") are not units at all
(:func:`transflow.segment.sentences.is_noise`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transflow.core.inline import plain
from transflow.core.model import Block, BlockKind, Role

_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][A-ZÀ-Ý .'\-]{1,40},?\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})"
    r"\s*[-–—:]"
)
# a label, whole (several may share a line: "PRESS RELEASE | FOR IMMEDIATE RELEASE")
_LABEL = re.compile(
    r"(?:for\s+immediate\s+release|immediate\s+release|(?:press|news|media)\s+release"
    r"|(?:press|news|media)\s+(?:advisory|alert|statement|notice)|(?:strictly\s+)?embargoed"
    r"|(?:(?:strictly\s+)?embargoed|(?:under\s+)?embargo|not\s+for\s+(?:publication|release"
    r"|broadcast))\s*(?::|\s(?:until|till|before)\b).{0,80}"
    r"|for\s+release\s*(?::|\s(?:on|at|after|until|before)\b).{0,80})\s*[.:!]?",
    re.IGNORECASE,
)
_LABEL_SEPARATOR = re.compile(r"\s*[|/–—]\s*|\s+-\s+")
_CONTACT_HEADING = re.compile(r"\b(contact|press|media enquiries|media inquiries)\b", re.I)
_ABOUT = re.compile(r"^\s*about\b", re.I)
# starts only where a run of address characters starts, and takes the run whole: a 100 KB
# word is scanned once (before: once per character, quadratic; issue 13, case 7)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.-]+")
# a phone number's digits (whether there is one: a "+" before it changes nothing)
_PHONE = re.compile(r"\d[\d ()./-]{6,}\d")
_OPEN_Q = '“«„"‘'
_CLOSE_Q = '”»“"’'
# the characters that open or close a quotation: all the depth count of unit_roles looks at
_QUOTE_MARK = re.compile(f"[{re.escape(_OPEN_Q + _CLOSE_Q)}]")
_OPEN_MARK = re.compile(f"[{re.escape(_OPEN_Q)}]")
_QUOTATION = re.compile(r"[“«„\"]([^”»“\"]*)")  # a quotation's opening mark and its words

_KIND_ROLE = {
    BlockKind.TITLE: Role.HEADLINE,
    BlockKind.HEADING: Role.HEADING,
    BlockKind.QUOTE: Role.QUOTE,
    BlockKind.LIST_ITEM: Role.LIST_ITEM,
    BlockKind.TABLE_CELL: Role.TABLE_CELL,
    BlockKind.HEADER: Role.HEADER,
    BlockKind.FOOTER: Role.FOOTER,
    BlockKind.IMAGE_ALT: Role.IMAGE_ALT,
    BlockKind.META: Role.METADATA,
    BlockKind.NOTE: Role.FOOTNOTE,
}


def is_label(text: str) -> bool:
    """True for a press-release label (plain text): "FOR IMMEDIATE RELEASE", "PRESS
    RELEASE", "NEWS RELEASE", "MEDIA ADVISORY", "EMBARGOED UNTIL 00:01 GMT, 14 March"…"""
    text = text.strip()
    if not text or len(text) > 100:
        return False
    return all(_LABEL.fullmatch(part) for part in _LABEL_SEPARATOR.split(text) if part)


def is_dateline(text: str) -> bool:
    """True when ``text`` (plain) is a dateline and nothing more: "RIVERTON, March 14,
    2026 —"."""
    m = _DATELINE.match(text)
    return m is not None and len(text) - m.end() < 3


@dataclass(slots=True)
class _Reading:
    """What :func:`block_roles` has seen so far of a release."""

    section: Role | None = None  # BOILERPLATE or CONTACT once such a heading was seen
    seen_lead: bool = False
    after_title: bool = False
    title_label: bool = False  # the title block was a label: the headline is still to come


def block_roles(blocks: tuple[Block, ...]) -> list[Role]:
    """One role per block."""
    roles: list[Role] = []
    seen = _Reading()
    for block in blocks:
        role = _block_role(block, plain(block.text), seen)
        if block.kind is not BlockKind.TITLE and block.kind is not BlockKind.META:
            seen.after_title = seen.after_title and role in (
                Role.SUBHEADLINE,
                Role.LABEL,
                Role.HEADLINE,
            )
        roles.append(role)
    return roles


def _block_role(block: Block, text: str, seen: _Reading) -> Role:
    role = _KIND_ROLE.get(block.kind, Role.BODY)
    kind = block.kind
    if block.role is not None and block.role is not role:
        seen.seen_lead = seen.seen_lead or block.role is Role.LEAD
        return block.role  # the format said what it is (e.g. a Word "Subtitle")
    if (
        kind in (BlockKind.TITLE, BlockKind.HEADING, BlockKind.PARAGRAPH)
        and not seen.seen_lead
        and is_label(text)
    ):
        seen.title_label = seen.title_label or kind is BlockKind.TITLE
        return Role.LABEL
    if seen.title_label and kind is BlockKind.PARAGRAPH and _headline_like(text):
        seen.title_label, seen.after_title = False, True
        return Role.HEADLINE  # a plain-text release that opens with its label
    if kind is BlockKind.TITLE:
        seen.after_title = True
    elif kind is BlockKind.META:
        if block.field.endswith(("summary", "description", "subtitle")):
            return Role.SUBHEADLINE
    elif kind is BlockKind.HEADING:
        return _heading_role(block, text, role, seen)
    elif kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL):
        return _body_role(block, text, role, seen)
    return role


def _heading_role(block: Block, text: str, role: Role, seen: _Reading) -> Role:
    """A heading opens (or closes) the boilerplate or contact section, or is a subheadline."""
    if _ABOUT.match(text):
        seen.section = Role.BOILERPLATE
    elif _CONTACT_HEADING.search(text) and len(text) < 60:
        seen.section = Role.CONTACT
    elif seen.after_title and not seen.seen_lead and block.level <= 2:
        return Role.SUBHEADLINE
    else:
        seen.section = None
    return role


def _body_role(block: Block, text: str, role: Role, seen: _Reading) -> Role:
    """A paragraph, list item or table cell: in its section, or lead, dateline, boilerplate
    or contact by its text."""
    if seen.section is not None:
        return seen.section
    paragraph = block.kind is BlockKind.PARAGRAPH
    if paragraph and _ABOUT.match(text) and seen.seen_lead:
        seen.section = Role.BOILERPLATE if len(text) < 80 else None
        return Role.BOILERPLATE
    if paragraph and _looks_like_contact(text) and seen.seen_lead:
        return Role.CONTACT
    if paragraph and not seen.seen_lead:
        role = Role.DATELINE if is_dateline(text) else Role.LEAD
        seen.seen_lead = role is Role.LEAD
    return role


def _headline_like(text: str) -> bool:
    return 0 < len(text) <= 150 and not text.rstrip().endswith((".", "!", "?", "…"))


def _looks_like_contact(text: str) -> bool:
    """An e-mail address, or a phone number in a paragraph under 200 characters; and under
    120 characters, or a contact word. (Cheap tests first: most paragraphs are neither.)"""
    if not ("@" in text and _EMAIL.search(text)) and not (len(text) < 200 and _PHONE.search(text)):
        return False
    return len(text) < 120 or _CONTACT_HEADING.search(text) is not None


def unit_roles(blocks: tuple[Block, ...], units: list[tuple[int, str]]) -> list[Role]:
    """One role per unit: its block's role, ``dateline`` for a dateline split off the
    start of a paragraph, or ``quote`` for a sentence inside a quotation in a lead or body
    paragraph."""
    by_block = block_roles(blocks)
    out: list[Role] = []
    inside = False
    last_block = -1
    for index, text in units:
        first = index != last_block
        if first:
            inside = False
            last_block = index
        role = by_block[index]
        visible = plain(text)
        if first and role in (Role.LEAD, Role.BODY) and is_dateline(visible):
            out.append(Role.DATELINE)
            continue
        starts_inside = inside
        has_quote = starts_inside or _OPEN_MARK.search(text) is not None
        inside = _quote_depth(visible, 1 if inside else 0) > 0
        if role is Role.BODY and has_quote and _quoted_share(visible, starts_inside):
            role = Role.QUOTE
        out.append(role)
    return out


def _quote_depth(text: str, depth: int) -> int:
    """How deep in quotations the end of ``text`` is, from ``depth`` at its start."""
    for ch in _QUOTE_MARK.findall(text):  # the other characters change nothing
        if ch in _OPEN_Q and not (ch in _CLOSE_Q and depth):
            depth += 1
        elif ch in _CLOSE_Q and depth:
            depth -= 1
    return depth


def _quoted_share(text: str, starts_inside: bool) -> bool:
    """True when a real quotation (not a quoted title of a few words) is in the unit
    (``text``: its plain text)."""
    if starts_inside:
        return True
    m = _QUOTATION.search(text)
    return m is not None and len(m.group(1).split()) >= 6

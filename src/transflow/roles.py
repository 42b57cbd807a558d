"""Press-release roles: what each block and unit is (headline, lead, quote, contact…).

Readers only say what a block is structurally (title, heading, paragraph…); these rules
add what it is in a press release. The role becomes the extracted comment (``#.``) that
translators and reviewers see.
"""

from __future__ import annotations

import re

from .inline import plain
from .model import Block, BlockKind, Role

_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][A-ZÀ-Ý .'\-]{1,40},?\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})"
    r"\s*[-–—:]"
)
_CONTACT_HEADING = re.compile(r"\b(contact|press|media enquiries|media inquiries)\b", re.I)
_ABOUT = re.compile(r"^\s*about\b", re.I)
# starts only where a run of address characters starts, and takes the run whole: a 100 KB
# word is scanned once (before: once per character, quadratic; issue 13, case 7)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{6,}\d")
_OPEN_Q = '“«„"‘'
_CLOSE_Q = '”»“"’'

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


def block_roles(blocks: tuple[Block, ...]) -> list[Role]:
    """One role per block."""
    roles: list[Role] = []
    section: Role | None = None  # BOILERPLATE or CONTACT once such a heading was seen
    seen_lead = False
    after_title = False
    for block in blocks:
        text = plain(block.text)
        role = _KIND_ROLE.get(block.kind, Role.BODY)
        if block.role is not None and block.role is not role:
            role = block.role  # the format said what it is (e.g. a Word "Subtitle")
            seen_lead = seen_lead or role is Role.LEAD
        elif block.kind is BlockKind.TITLE:
            after_title = True
        elif block.kind is BlockKind.META:
            if block.key.endswith(("summary", "description", "subtitle")):
                role = Role.SUBHEADLINE
        elif block.kind is BlockKind.HEADING:
            if _ABOUT.match(text):
                section = Role.BOILERPLATE
            elif _CONTACT_HEADING.search(text) and len(text) < 60:
                section = Role.CONTACT
            elif after_title and not seen_lead and block.level <= 2:
                role = Role.SUBHEADLINE
            else:
                section = None
        elif block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL):
            if section is not None:
                role = section
            elif block.kind is BlockKind.PARAGRAPH and _ABOUT.match(text) and seen_lead:
                role = Role.BOILERPLATE
                section = Role.BOILERPLATE if len(text) < 80 else None
            elif block.kind is BlockKind.PARAGRAPH and _looks_like_contact(text) and seen_lead:
                role = Role.CONTACT
            elif block.kind is BlockKind.PARAGRAPH and not seen_lead:
                m = _DATELINE.match(text)
                role = Role.DATELINE if m and len(text) - m.end() < 3 else Role.LEAD
                seen_lead = role is Role.LEAD
        if block.kind is not BlockKind.TITLE and block.kind is not BlockKind.META:
            after_title = after_title and role is Role.SUBHEADLINE
        roles.append(role)
    return roles


def _looks_like_contact(text: str) -> bool:
    return bool(_EMAIL.search(text) or (_PHONE.search(text) and len(text) < 200)) and bool(
        _CONTACT_HEADING.search(text) or len(text) < 120
    )


def unit_roles(blocks: tuple[Block, ...], units: list[tuple[int, str]]) -> list[Role]:
    """One role per unit: its block's role, or ``quote`` for a sentence inside a quotation
    in a lead or body paragraph."""
    by_block = block_roles(blocks)
    out: list[Role] = []
    inside = False
    last_block = -1
    for index, text in units:
        if index != last_block:
            inside = False
            last_block = index
        role = by_block[index]
        starts_inside = inside
        depth = 1 if inside else 0
        for ch in plain(text):
            if ch in _OPEN_Q and not (ch in _CLOSE_Q and depth):
                depth += 1
            elif ch in _CLOSE_Q and depth:
                depth -= 1
        has_quote = starts_inside or any(c in _OPEN_Q for c in text)
        inside = depth > 0
        if role is Role.BODY and has_quote and _quoted_share(text, starts_inside):
            role = Role.QUOTE
        out.append(role)
    return out


def _quoted_share(text: str, starts_inside: bool) -> bool:
    """True when a real quotation (not a quoted title of a few words) is in the unit."""
    t = plain(text)
    if starts_inside:
        return True
    m = re.search(r"[“«„\"]([^”»“\"]*)", t)
    return bool(m) and len(m.group(1).split()) >= 6
